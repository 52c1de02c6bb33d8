import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainEvents } from '../common/events/domain-events';
import { MCOEV_PLAN_ID } from '../microsoft/directory-records';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { grantedRoles, TokenProvider } from '../microsoft/token-provider';
import { linkedMicrosoftTenant } from '../tenants/microsoft-tenant';
import { TenantsRepository } from '../tenants/tenants.repository';
import { REQUIRED_APP_PERMISSIONS } from './required-permissions';

export interface Check {
  name: string;
  ok: boolean;
  message: string;
}

/** "Verify connection": token, every permission by name, then the reads the connector relies on. */
@Injectable()
export class ConnectionCheckService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tokens: TokenProvider,
    private readonly directory: MicrosoftDirectory,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async verify(tenantId: string): Promise<{ status: 'ok' | 'failed'; checks: Check[] }> {
    const tenant = await this.tenants.require(tenantId);
    const tid = linkedMicrosoftTenant(tenant);
    const checks: Check[] = [];
    let revoked = false;
    const run = async (name: string, probe: () => Promise<string>) => {
      try {
        checks.push({ name, ok: true, message: await probe() });
      } catch (error) {
        const e =
          error instanceof MicrosoftError ? error : new MicrosoftError('permanent', String(error));
        revoked ||= e.kind === 'auth_revoked';
        checks.push({ name, ok: false, message: e.message });
      }
    };

    let token: string | null = null;
    await run('token', async () => {
      token = await this.tokens.appToken(tid);
      return `The connector gets an app-only token for Microsoft 365 tenant ${tid}.`;
    });
    if (token) {
      const roles = grantedRoles(token);
      for (const permission of REQUIRED_APP_PERMISSIONS) {
        const ok = roles.includes(permission);
        checks.push({
          name: `permission:${permission}`,
          ok,
          message: ok
            ? `${permission} is granted.`
            : `${permission} is not granted: add it to the consent and ask the Global Administrator to consent again.`,
        });
      }
      await run(
        'organization',
        async () =>
          `Organization "${(await this.directory.organization(tid)).displayName}" is readable.`,
      );
      await run(
        'users',
        async () =>
          `Users are readable${(await this.directory.sampleUser(tid)) ? '' : ' (the directory has none yet)'}.`,
      );
      await run('subscribedSkus', async () => {
        const skus = await this.directory.subscribedSkus(tid);
        const phone = skus.filter((s) =>
          s.servicePlans.some((p) => p.servicePlanId === MCOEV_PLAN_ID),
        );
        return `${skus.length} subscribed SKUs, ${phone.length} with Teams Phone (MCOEV).`;
      });
    } else {
      for (const name of ['organization', 'users', 'subscribedSkus'])
        checks.push({ name, ok: false, message: 'Not checked: no token.' });
    }

    const ok = checks.every((c) => c.ok);
    const now = this.clock.now();
    if (revoked) {
      await this.tenants.update(tenantId, {
        consentState: 'revoked',
        consentMessage:
          'Consent was revoked or the app was removed in Microsoft 365; a Global Administrator must grant consent again.',
        consentUpdatedAt: now,
      });
      await this.events.emit('tenant.consentRevoked', { tenantId });
    } else if (ok) {
      await this.tenants.update(tenantId, {
        consentState: 'granted',
        consentMessage: `Connection verified at ${now.toISOString()}.`,
        consentUpdatedAt: now,
      });
    }
    return { status: ok ? 'ok' : 'failed', checks };
  }
}
