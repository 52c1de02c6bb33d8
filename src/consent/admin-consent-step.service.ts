import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { DomainError } from '../common/errors/domain-error';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { TenantEntity } from '../tenants/tenant.entity';
import { TenantsRepository } from '../tenants/tenants.repository';
import { alreadyLinked, ConsentOutcome, notAnAdministrator } from './consent-outcome';
import { ConsentRecords } from './consent-records.service';
import { ConsentRequestEntity } from './consent-request.entity';
import { consentingRole, ROLE_READ_PERMISSIONS } from './consenting-roles';
import { GrantCheck, GrantConfirmation } from './grant-confirmation.service';

/**
 * The admin consent came back for a request whose administrator Microsoft signed in. The
 * Microsoft 365 tenant is the one of their ID token; the redirect's `tenant` parameter, which
 * anyone can type, may only agree with it. The grant must then be in force, and the signer must
 * hold a consenting role (from the ID token's `wids`, else from Graph), before anything is linked.
 */
@Injectable()
export class AdminConsentStep {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly confirmation: GrantConfirmation,
    private readonly directory: MicrosoftDirectory,
    private readonly records: ConsentRecords,
    private readonly config: AppConfig,
  ) {}

  async complete(
    request: ConsentRequestEntity,
    tenant: TenantEntity,
    query: Record<string, string>,
  ): Promise<ConsentOutcome> {
    const tid = request.microsoftTenantId!;
    const signer = { objectId: request.signerObjectId!, username: request.signerUsername ?? '' };
    if (query.admin_consent?.toLowerCase() !== 'true')
      throw new DomainError(
        'CONSENT_CALLBACK_INVALID',
        'The response from Microsoft is not an admin consent.',
      );
    if (query.tenant && query.tenant.toLowerCase() !== tid) {
      await this.records.refuse(
        tenant,
        'MICROSOFT_TENANT_MISMATCH',
        `The consent came back for Microsoft 365 tenant ${query.tenant}, but ${signer.username} signed in to ${tid}. Nothing was changed.`,
      );
    }
    const holder = await this.tenants.findByMicrosoftTenant(tid);
    if (holder && holder.id !== tenant.id)
      await this.records.refuse(tenant, 'MICROSOFT_TENANT_ALREADY_LINKED', alreadyLinked(tid));

    const timeoutMs = this.config.security.consentPropagationTimeoutMs;
    const grant = await this.confirmation.check(tid, timeoutMs);
    if (!grant.ok) {
      const message = notInForce(grant, tid, timeoutMs);
      await this.records.note(tenant, message);
      return { kind: 'page', ok: false, title: 'The connection could not be confirmed', message };
    }
    const role = await this.consentingRoleOf(request, tenant, grant.roles);
    const message = `Consent granted for Microsoft 365 tenant ${tid} by ${signer.username} (${role}).`;
    await this.records.link(tenant, tid, signer, message);
    return {
      kind: 'page',
      ok: true,
      title: 'Microsoft 365 is connected',
      message: `${message} You can close this page and verify the connection.`,
    };
  }

  /** The signer's consenting role; refuses when they hold none or it cannot be known. */
  private async consentingRoleOf(
    request: ConsentRequestEntity,
    tenant: TenantEntity,
    appRoles: string[],
  ): Promise<string> {
    const tid = request.microsoftTenantId!;
    const who = request.signerUsername ?? request.signerObjectId!;
    let roles: string[];
    if (request.signerRoles !== null) {
      roles = JSON.parse(request.signerRoles) as string[];
    } else if (!appRoles.some((r) => ROLE_READ_PERMISSIONS.includes(r))) {
      return this.records.refuse(
        tenant,
        'CONSENT_ADMIN_ROLE_UNKNOWN',
        `Microsoft did not say which directory roles ${who} holds, and the connector may not read them. The provider must set "groupMembershipClaims": "DirectoryRole" in the app registration's manifest (or grant RoleManagement.Read.Directory). Nothing was changed.`,
      );
    } else {
      try {
        roles = await this.directory.directoryRoles(tid, request.signerObjectId!);
      } catch (error) {
        if (!(error instanceof MicrosoftError)) throw error;
        return this.records.refuse(
          tenant,
          'CONSENT_ADMIN_ROLE_UNKNOWN',
          `The directory roles of ${who} could not be read (${error.message}). Nothing was changed; try again in a few minutes.`,
        );
      }
    }
    const role = consentingRole(roles);
    if (role) return role;
    return this.records.refuse(tenant, 'CONSENT_ADMIN_ROLE_REQUIRED', notAnAdministrator(who, tid));
  }
}

/** Why the grant is not in force, in words an administrator can act on. */
function notInForce(
  grant: Exclude<GrantCheck, { ok: true }>,
  tid: string,
  waitedMs: number,
): string {
  const waited = `${Math.round(waitedMs / 1000)} s`;
  if (grant.error && grant.error.kind !== 'auth_revoked' && grant.error.kind !== 'transient')
    return `${grant.error.message} Nothing was changed.`;
  if (grant.error)
    return `Microsoft has not finished granting the consent for Microsoft 365 tenant ${tid} after ${waited} (${grant.error.message}); it is still propagating. Nothing was changed yet: use "Connect Microsoft 365" again in a few minutes.`;
  return `Microsoft's tokens for Microsoft 365 tenant ${tid} still lack ${grant.missing.join(', ')} after ${waited}; the consent is still propagating. Nothing was changed yet: use "Connect Microsoft 365" again in a few minutes. If this persists, the app registration does not list these permissions.`;
}
