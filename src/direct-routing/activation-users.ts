import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DirectorySetup, SetupUser } from '../microsoft/directory-setup';

/** The local part of the activation user's address, in the tenant's SBC subdomain. */
export const ACTIVATION_USER = 'teams-activation';

/** A strong password nobody ever needs: Microsoft requires one; it is never stored or logged. */
function throwawayPassword(): string {
  return `Aa1!${randomBytes(24).toString('base64url')}`;
}

/**
 * The temporary user that activates a tenant's SBC subdomain for Teams: found by its name before
 * it is created, so that a run that died after creating it does not make a second.
 */
@Injectable()
export class ActivationUsers {
  constructor(private readonly setup: DirectorySetup) {}

  /** The user with this name, created (disabled, in the tenant's country) when there is none. */
  async findOrCreate(tid: string, upn: string): Promise<SetupUser> {
    const existing = await this.setup.userByPrincipalName(tid, upn);
    if (existing) return existing;
    const user = {
      userPrincipalName: upn,
      displayName: 'Teams activation (temporary, Direct Routing setup)',
      usageLocation: await this.setup.countryCode(tid),
      password: throwawayPassword(),
    };
    try {
      return await this.setup.createUser(tid, user);
    } catch (error) {
      // Created by an attempt whose answer was lost: it is there now.
      const found = await this.setup.userByPrincipalName(tid, upn);
      if (found) return found;
      throw error;
    }
  }

  /** Gives the user this SKU's licence, unless it holds it already. */
  async license(tid: string, user: SetupUser, skuId: string): Promise<void> {
    if (user.licensedSkuIds.includes(skuId)) return;
    await this.setup.assignLicences(tid, user.id, { add: [skuId], remove: [] });
  }

  /** Takes back the licence setup gave, then deletes the user; a user already gone is fine. */
  async remove(tid: string, upn: string, skuId: string | null): Promise<void> {
    const user = await this.setup.userByPrincipalName(tid, upn);
    if (!user) return;
    const licences = user.licensedSkuIds.filter((id) => id === skuId);
    if (licences.length)
      await this.setup.assignLicences(tid, user.id, { add: [], remove: licences });
    await this.setup.deleteUser(tid, user.id);
  }
}
