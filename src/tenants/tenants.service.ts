import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { DomainError } from '../common/errors/domain-error';
import type { FieldProblem } from '../common/errors/field-problems';
import { outboundUrlProblem } from '../common/net/outbound-address';
import { Clock } from '../common/clock/clock';
import { DomainEvents } from '../common/events/domain-events';
import { KeyRing } from '../common/crypto/key-ring';
import { UnitOfWork } from '../database/unit-of-work';
import { Caller } from '../access/caller';
import { AuditLog, changesBetween } from '../audit/audit-log';
import { TenantOperatorsService } from '../access/tenant-operators.service';
import { classify } from '../failures/classify';
import { PbxAccount } from '../pbx/pbx-directory';
import { CreateTenantDto, UpdateTenantDto, UpdateTenantSettingsDto } from './tenant.dto';
import { pbxAccountOf } from './pbx-account';
import { PbxChecks } from './pbx-checks';
import { deleted } from './tenant-deletion';
import { TenantEntity } from './tenant.entity';
import { newTenant } from './new-tenant';
import { TenantsRepository } from './tenants.repository';
import { tenantView, TenantView } from './tenant.view';

/** A tenant's stored fields by the names the API gives them, for the audit log. */
const API_NAMES: Record<string, string> = {
  pbxApiUrl: 'pbx.apiUrl',
  pbxAccountId: 'pbx.accountId',
  pbxClientId: 'pbx.clientId',
  pbxClientSecretEncrypted: 'pbx.clientSecret',
  removalThresholdCount: 'removalThreshold.users',
  removalThresholdPercent: 'removalThreshold.percent',
};

@Injectable()
export class TenantsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tenants: TenantsRepository,
    private readonly operators: TenantOperatorsService,
    private readonly keyRing: KeyRing,
    private readonly pbxChecks: PbxChecks,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  /** The PBX secret goes to this address: only where the provider's rules allow. */
  private async refuseUnsafePbxUrl(apiUrl: string): Promise<void> {
    const problem = await outboundUrlProblem(apiUrl, this.config.security.pbx);
    if (problem)
      throw new DomainError('VALIDATION_FAILED', problem, [
        { field: 'pbx.apiUrl', code: 'PBX_URL_NOT_ALLOWED', message: problem },
      ] satisfies FieldProblem[]);
  }

  /** Creates the tenant and invites its admin in one transaction: both or neither. */
  async create(input: CreateTenantDto) {
    await this.refuseUnsafePbxUrl(input.pbx.apiUrl);
    const created = await this.unitOfWork.run(async (manager) => {
      const tenant = newTenant(
        {
          name: input.name,
          connectorSeats: input.connectorSeats,
          pbxAccountId: input.pbx.accountId,
          pbxApiUrl: input.pbx.apiUrl,
          pbxClientId: input.pbx.clientId,
          pbxClientSecretEncrypted: this.keyRing.encrypt(input.pbx.clientSecret),
        },
        this.clock.now(),
      );
      await this.tenants.insert(tenant, manager);
      const { operator, invitationExpiresAt } = await this.operators.add(
        tenant,
        input.admin,
        'tenant_admin',
        manager,
      );
      const invitation = {
        operatorId: operator.id,
        email: operator.email,
        expiresAt: invitationExpiresAt,
      };
      return { tenant: tenantView(tenant), invitation };
    });
    await this.audit.record(
      created.tenant.id,
      'tenant.created',
      `Tenant "${input.name}" created with ${input.connectorSeats} connector seats; ${created.invitation.email} is its admin.`,
    );
    return created;
  }

  async list(
    caller: Caller,
    { microsoftTenantId, deleted }: { microsoftTenantId?: string; deleted?: boolean },
  ): Promise<TenantView[]> {
    const ids = caller.role === 'provider_admin' ? null : [...caller.tenantIds];
    // Only the provider's admins see deleted tenants: to the others they are gone.
    if (deleted && ids !== null) return [];
    return (
      await this.tenants.list(ids, { microsoftTenantId: microsoftTenantId?.toLowerCase(), deleted })
    ).map(tenantView);
  }

  async get(id: string): Promise<TenantView> {
    return tenantView(await this.tenants.require(id));
  }

  /** Name, seats and the PBX connection; a new PBX connection is saved only once the PBX takes it. */
  async update(id: string, input: UpdateTenantDto): Promise<TenantView> {
    const tenant = await this.tenants.require(id);
    if (tenant.deletedAt) throw deleted(tenant);
    const changes: Partial<TenantEntity> = { updatedAt: this.clock.now() };
    if (input.name !== undefined) changes.name = input.name;
    if (input.connectorSeats !== undefined) changes.connectorSeats = input.connectorSeats;
    const pbx = definedFields(input.pbx ?? {});
    if (Object.keys(pbx).length > 0) {
      if (pbx.apiUrl !== undefined) await this.refuseUnsafePbxUrl(pbx.apiUrl);
      const account: PbxAccount = { ...pbxAccountOf(tenant, this.keyRing), ...pbx };
      await this.refuseUntakenPbxAccount(account);
      changes.pbxApiUrl = account.apiUrl;
      changes.pbxAccountId = account.accountId;
      changes.pbxClientId = account.clientId;
      changes.pbxClientSecretEncrypted = this.keyRing.encrypt(account.clientSecret);
    }
    await this.tenants.update(id, changes);
    await this.recordChanges(tenant, changes, 'tenant.updated', 'Tenant details changed');
    return this.get(id);
  }

  private async recordChanges(
    before: TenantEntity,
    changes: Partial<TenantEntity>,
    action: 'tenant.updated' | 'tenant.settingsChanged',
    what: string,
  ): Promise<void> {
    const changed = Object.fromEntries(
      Object.entries(changesBetween(before, changes, ['pbxClientSecretEncrypted'])).map(
        ([field, change]) => [API_NAMES[field] ?? field, change],
      ),
    );
    if (Object.keys(changed).length === 0) return;
    await this.audit.record(before.id, action, `${what}: ${Object.keys(changed).join(', ')}.`, {
      changes: changed,
    });
  }

  /** The PBX must sign the connector in and show its users: otherwise nothing is saved. */
  private async refuseUntakenPbxAccount(account: PbxAccount): Promise<void> {
    const { checks, error } = await this.pbxChecks.run(account);
    if (!error) return;
    throw new DomainError(
      classify(error).code,
      `The PBX did not take the new connection, so nothing was saved: ${error.message}`,
      { checks },
    );
  }

  async updateSettings(id: string, input: UpdateTenantSettingsDto): Promise<TenantView> {
    const tenant = await this.tenants.require(id);
    const changes: Partial<TenantEntity> = { updatedAt: this.clock.now() };
    if (input.syncMode !== undefined) changes.syncMode = input.syncMode;
    if (input.syncEnabled !== undefined) changes.syncEnabled = input.syncEnabled;
    if (input.scheduleMinutes !== undefined) changes.scheduleMinutes = input.scheduleMinutes;
    if (input.voiceRoutingPolicy !== undefined)
      changes.voiceRoutingPolicy = input.voiceRoutingPolicy.trim();
    if (input.removalThreshold) {
      changes.removalThresholdCount = input.removalThreshold.users;
      changes.removalThresholdPercent = input.removalThreshold.percent;
    }
    await this.tenants.update(id, changes);
    await this.recordChanges(tenant, changes, 'tenant.settingsChanged', 'Settings changed');
    await this.events.emit('tenant.settingsChanged', { tenantId: id });
    return this.get(id);
  }
}

function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
