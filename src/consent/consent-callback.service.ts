import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/app-logger';
import { AdminSignIn, SignedInAdmin } from '../microsoft/admin-sign-in';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { TenantEntity } from '../tenants/tenant.entity';
import { deleted } from '../tenants/tenant-deletion';
import { TenantsRepository } from '../tenants/tenants.repository';
import { AdminConsentStep } from './admin-consent-step.service';
import { describeConsentRefusal } from './consent-errors';
import { ConsentLinks } from './consent-links';
import { ConsentRequestEntity } from './consent-request.entity';
import { ConsentRequestsRepository } from './consent-requests.repository';
import { ConsentRecords } from './consent-records.service';
import { consentingRole } from './consenting-roles';
import { alreadyLinked, ConsentOutcome, notAnAdministrator } from './consent-outcome';

/**
 * Where Microsoft sends the administrator back, twice: after signing in (a code, redeemed here for
 * the ID token that names their tenant and roles) and after the admin consent (AdminConsentStep).
 * The `state` says which; nothing a browser can type decides the Microsoft 365 tenant.
 */
@Injectable()
export class ConsentCallback {
  constructor(
    private readonly links: ConsentLinks,
    private readonly requests: ConsentRequestsRepository,
    private readonly tenants: TenantsRepository,
    private readonly signIn: AdminSignIn,
    private readonly consentStep: AdminConsentStep,
    private readonly records: ConsentRecords,
    private readonly logger: AppLogger,
  ) {}

  async handle(query: Record<string, string>): Promise<ConsentOutcome> {
    const { request, step } = await this.links.redeem(query.state);
    const tenant = await this.tenants.require(request.tenantId);
    if (tenant.deletedAt) throw deleted(tenant);
    if (query.error) return this.refused(tenant, query.error, query.error_description);
    return step === 'sign-in'
      ? this.signedIn(request, tenant, query)
      : this.consentStep.complete(request, tenant, query);
  }

  /** Microsoft said no (the administrator cancelled, or could not sign in or consent). */
  private async refused(
    tenant: TenantEntity,
    error: string,
    description: string | undefined,
  ): Promise<ConsentOutcome> {
    const message = describeConsentRefusal(error, description);
    await this.records.note(tenant, message);
    this.logger.warn({ tenantId: tenant.id, error }, 'Microsoft refused the sign-in or consent');
    return { kind: 'page', ok: false, title: 'Consent was not granted', message };
  }

  private async signedIn(
    request: ConsentRequestEntity,
    tenant: TenantEntity,
    query: Record<string, string>,
  ): Promise<ConsentOutcome> {
    if (!query.code)
      throw new DomainError('CONSENT_CALLBACK_INVALID', 'The sign-in response carries no code.');
    const proofs = this.links.proofs(request.id);
    let admin: SignedInAdmin;
    try {
      admin = await this.signIn.redeem({
        code: query.code,
        codeVerifier: proofs.codeVerifier,
        nonce: proofs.nonce,
        redirectUri: this.links.redirectUri,
      });
    } catch (error) {
      if (!(error instanceof MicrosoftError)) throw error;
      const message = `Microsoft could not confirm who signed in: ${error.message} Start "Connect Microsoft 365" again.`;
      await this.records.note(tenant, message);
      return { kind: 'page', ok: false, title: 'The sign-in could not be confirmed', message };
    }
    await this.checkSigner(tenant, admin);
    await this.requests.recordSigner(request.id, admin);
    this.logger.info(
      { tenantId: tenant.id, microsoftTenantId: admin.microsoftTenantId },
      'administrator signed in for consent',
    );
    const consentState = this.links.state(request, 'consent');
    return {
      kind: 'redirect',
      url: this.links.adminConsentUrl(admin.microsoftTenantId, consentState),
    };
  }

  /** Refuses, before any consent, a signer of the wrong tenant or without a consenting role. */
  private async checkSigner(tenant: TenantEntity, admin: SignedInAdmin): Promise<void> {
    const tid = admin.microsoftTenantId;
    if (tenant.microsoftTenantId && tenant.microsoftTenantId !== tid) {
      await this.records.refuse(
        tenant,
        'MICROSOFT_TENANT_MISMATCH',
        `This tenant is connected to Microsoft 365 tenant ${tenant.microsoftTenantId}, but ${admin.username} signed in to ${tid}. Sign in with an administrator of ${tenant.microsoftTenantId}.`,
      );
    }
    const holder = await this.tenants.findByMicrosoftTenant(tid);
    if (holder && holder.id !== tenant.id) {
      await this.records.refuse(tenant, 'MICROSOFT_TENANT_ALREADY_LINKED', alreadyLinked(tid));
    }
    if (admin.directoryRoles !== null && !consentingRole(admin.directoryRoles)) {
      await this.records.refuse(
        tenant,
        'CONSENT_ADMIN_ROLE_REQUIRED',
        notAnAdministrator(admin.username, tid),
      );
    }
  }
}
