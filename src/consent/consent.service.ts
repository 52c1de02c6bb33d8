import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { Caller } from '../access/caller';
import { AdminSignIn } from '../microsoft/admin-sign-in';
import { answeringFailures } from '../failures/as-domain-error';
import { TenantsRepository } from '../tenants/tenants.repository';
import { ConsentLinks } from './consent-links';
import { ConsentRequestsRepository } from './consent-requests.repository';

/**
 * "Connect Microsoft 365": the link for the customer's administrator. It starts with their
 * sign-in at Microsoft, which proves who they are and which tenant they administer; the admin
 * consent follows (see ConsentCallback).
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly requests: ConsentRequestsRepository,
    private readonly tenants: TenantsRepository,
    private readonly links: ConsentLinks,
    private readonly signIn: AdminSignIn,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async start(tenantId: string, caller: Caller): Promise<{ consentUrl: string; expiresAt: Date }> {
    if (!this.config.microsoft.clientId)
      throw new DomainError(
        'MICROSOFT_NOT_CONFIGURED',
        'No Microsoft app registration is configured (MICROSOFT_CLIENT_ID).',
      );
    const tenant = await this.tenants.require(tenantId);
    const now = this.clock.now();
    const request = {
      id: randomUUID(),
      tenantId,
      operatorId: caller.operatorId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.security.consentStateTtlMinutes * 60_000),
      signedInAt: null,
      usedAt: null,
      microsoftTenantId: null,
      signerObjectId: null,
      signerUsername: null,
      signerRoles: null,
    };
    await this.requests.insert(request);
    const proofs = this.links.proofs(request.id);
    const consentUrl = await answeringFailures(() =>
      this.signIn.signInUrl({
        tenant: tenant.microsoftTenantId ?? 'organizations',
        redirectUri: this.links.redirectUri,
        state: this.links.state(request, 'sign-in'),
        nonce: proofs.nonce,
        codeChallenge: proofs.codeChallenge,
      }),
    );
    if (tenant.consentState !== 'granted') {
      await this.tenants.update(tenantId, {
        consentState: 'pending',
        consentMessage:
          'Waiting for a Global Administrator of the Microsoft 365 tenant to sign in and grant consent.',
        consentUpdatedAt: now,
      });
    }
    await this.audit.record(
      tenantId,
      'consent.started',
      `"Connect Microsoft 365" started: the link to Microsoft's sign-in works for ${this.config.security.consentStateTtlMinutes} minutes.`,
    );
    return { consentUrl, expiresAt: request.expiresAt };
  }
}
