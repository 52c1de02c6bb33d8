import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../common/clock/clock';
import { day, purgeableBefore, restorableUntil as until } from '../common/restore-period';
import { DomainError } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { TenantEntity } from './tenant.entity';
import { TenantsRepository } from './tenants.repository';

export function restorableUntil(tenant: TenantEntity): Date | null {
  return tenant.deletedAt ? until(tenant.deletedAt) : null;
}

/**
 * Deleting a tenant: its schedules stop, runs are refused, its Microsoft 365 link is released for
 * another tenant to take, and Teams is left as it is. For RESTORE_DAYS it can be restored with its
 * settings and mappings (and its link, while nobody else took it); then a job purges it.
 */
@Injectable()
export class TenantDeletion {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  /**
   * Deletes the tenant. With `releasingNumbers`, its Microsoft 365 link stays until the run that
   * releases its numbers in Teams has ended (see releaseLink); otherwise it goes at once.
   */
  async delete(id: string, options: { releasingNumbers: boolean }): Promise<TenantEntity> {
    const tenant = await this.tenants.require(id);
    if (tenant.deletedAt) throw deleted(tenant);
    const now = this.clock.now();
    const restorable = day(until(now));
    const tid = tenant.microsoftTenantId;
    await this.tenants.update(id, {
      deletedAt: now,
      updatedAt: now,
      ...(options.releasingNumbers ? {} : this.unlinked(tenant, now)),
    });
    await this.audit.record(
      id,
      'tenant.deleted',
      options.releasingNumbers
        ? `Tenant "${tenant.name}" deleted; its numbers are being released from Teams, after which Microsoft 365 tenant ${tid} is released. It can be restored until ${restorable}.`
        : `Tenant "${tenant.name}" deleted; Teams was left as it is${tid ? `, and Microsoft 365 tenant ${tid} released for another tenant to connect` : ''}. It can be restored until ${restorable}.`,
    );
    await this.events.emit('tenant.deleted', { tenantId: id });
    return this.tenants.require(id);
  }

  /** A deleted tenant's numbers have been released (or their release ended): its link goes now. */
  async releaseLink(id: string): Promise<void> {
    const tenant = await this.tenants.require(id);
    if (!tenant.deletedAt || !tenant.microsoftTenantId) return;
    await this.tenants.update(id, this.unlinked(tenant, this.clock.now()));
    await this.audit.record(
      id,
      'tenant.linkReleased',
      `The release of the numbers has ended; Microsoft 365 tenant ${tenant.microsoftTenantId} is released for another tenant to connect.`,
      { by: { actor: 'the release run' } },
    );
  }

  private unlinked(tenant: TenantEntity, now: Date): Partial<TenantEntity> {
    const tid = tenant.microsoftTenantId;
    const restorable = day(until(tenant.deletedAt ?? now));
    return {
      microsoftTenantId: null,
      releasedMicrosoftTenantId: tid,
      consentState: 'none',
      consentMessage: `The tenant was deleted${tid ? ` and Microsoft 365 tenant ${tid} released` : ''}; a provider admin can restore it until ${restorable}.`,
      consentUpdatedAt: now,
      connectionVerifiedAt: null,
    };
  }

  async restore(id: string): Promise<TenantEntity> {
    const tenant = await this.tenants.require(id);
    if (!tenant.deletedAt)
      throw new DomainError('TENANT_NOT_DELETED', 'The tenant is not deleted.');
    const restorable = until(tenant.deletedAt);
    if (this.clock.now() > restorable)
      throw new DomainError(
        'RESTORE_PERIOD_OVER',
        `The tenant was deleted on ${day(tenant.deletedAt)}; it could be restored until ${day(restorable)} and is about to be purged.`,
      );
    const now = this.clock.now();
    // Deleted while its numbers were being released: the link is still its own.
    const tid = tenant.releasedMicrosoftTenantId ?? tenant.microsoftTenantId;
    const relinked =
      tenant.microsoftTenantId !== null ||
      (tid !== null &&
        (await this.tenants.linkMicrosoftTenant(id, tid, {
          consentState: 'granted',
          consentMessage: `Restored with its connection to Microsoft 365 tenant ${tid}: verify the connection before the next sync.`,
          consentUpdatedAt: now,
        })));
    await this.tenants.update(id, {
      deletedAt: null,
      releasedMicrosoftTenantId: null,
      updatedAt: now,
      ...(relinked
        ? {}
        : {
            consentMessage: tid
              ? `Restored, but Microsoft 365 tenant ${tid} is now connected to another tenant: connect Microsoft 365 again once it is free.`
              : 'Restored: connect Microsoft 365 to start syncing.',
            consentUpdatedAt: now,
          }),
    });
    await this.audit.record(
      id,
      'tenant.restored',
      `Tenant "${tenant.name}" restored with its settings and mappings${tid ? (relinked ? `, connected again to Microsoft 365 tenant ${tid}` : `; Microsoft 365 tenant ${tid} is connected elsewhere now`) : ''}.`,
    );
    await this.events.emit('tenant.restored', { tenantId: id });
    return this.tenants.require(id);
  }

  @JobHandler('tenants.purge')
  async purge(): Promise<void> {
    const before = purgeableBefore(this.clock.now());
    for (const tenant of await this.tenants.deletedBefore(before)) {
      await this.tenants.purge(tenant.id);
      this.logger.info(
        { tenantId: tenant.id, deletedAt: tenant.deletedAt },
        'deleted tenant purged',
      );
    }
  }
}

/** A deleted tenant takes no change but its restore. */
export function deleted(tenant: TenantEntity): DomainError {
  return new DomainError(
    'TENANT_DELETED',
    `The tenant was deleted on ${day(tenant.deletedAt!)}; a provider admin can restore it until ${day(restorableUntil(tenant)!)}.`,
  );
}
