import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-codes';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/app-logger';
import { AuditLog } from '../audit/audit-log';
import { TenantEntity } from '../tenants/tenant.entity';
import { TenantsRepository } from '../tenants/tenants.repository';
import { alreadyLinked } from './consent-outcome';

/** Who acts on Microsoft's side of the consent, for the audit log. */
const AT_MICROSOFT = { actor: 'Microsoft 365 sign-in and consent' };

/**
 * What a consent attempt leaves on the tenant, and in its audit log: a note, a refusal, or the
 * link and who made it.
 */
@Injectable()
export class ConsentRecords {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
    private readonly events: DomainEvents,
    private readonly audit: AuditLog,
  ) {}

  /** Records what happened; a working connection stays as it was. */
  async note(tenant: TenantEntity, message: string): Promise<void> {
    await this.tenants.update(tenant.id, {
      consentState: tenant.consentState === 'pending' ? 'none' : tenant.consentState,
      consentMessage: message,
      consentUpdatedAt: this.clock.now(),
    });
    await this.audit.record(tenant.id, 'consent.refused', message, { by: AT_MICROSOFT });
  }

  /** Notes the refusal on the tenant, then answers with it. Nothing is linked. */
  async refuse(tenant: TenantEntity, code: ErrorCode, message: string): Promise<never> {
    await this.note(tenant, message);
    this.logger.warn({ tenantId: tenant.id, code }, 'admin consent refused');
    throw new DomainError(code, message);
  }

  /** Links the Microsoft 365 tenant and records who consented; refused when another holds it. */
  async link(
    tenant: TenantEntity,
    microsoftTenantId: string,
    signer: { objectId: string; username: string },
    message: string,
  ): Promise<void> {
    const now = this.clock.now();
    const linked = await this.tenants.linkMicrosoftTenant(tenant.id, microsoftTenantId, {
      consentState: 'granted',
      consentMessage: message,
      consentUpdatedAt: now,
      consentedByObjectId: signer.objectId,
      consentedByUsername: signer.username,
      consentedAt: now,
      connectionVerifiedAt: null,
    });
    if (!linked)
      await this.refuse(
        tenant,
        'MICROSOFT_TENANT_ALREADY_LINKED',
        alreadyLinked(microsoftTenantId),
      );
    this.logger.info({ tenantId: tenant.id, microsoftTenantId }, 'admin consent granted');
    await this.audit.record(tenant.id, 'consent.granted', message, {
      by: { actor: `${signer.username} (Microsoft 365 administrator)` },
    });
    await this.events.emit('tenant.consentGranted', { tenantId: tenant.id });
  }
}
