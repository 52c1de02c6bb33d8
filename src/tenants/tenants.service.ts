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
import { TenantOperatorsService } from '../access/tenant-operators.service';
import { CreateTenantDto, UpdateTenantSettingsDto } from './tenant.dto';
import { TenantEntity } from './tenant.entity';
import { newTenant } from './new-tenant';
import { TenantsRepository } from './tenants.repository';
import { tenantView, TenantView } from './tenant.view';

@Injectable()
export class TenantsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tenants: TenantsRepository,
    private readonly operators: TenantOperatorsService,
    private readonly keyRing: KeyRing,
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
    return this.unitOfWork.run(async (manager) => {
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
  }

  async list(caller: Caller, microsoftTenantId?: string): Promise<TenantView[]> {
    const ids = caller.role === 'provider_admin' ? null : [...caller.tenantIds];
    return (await this.tenants.list(ids, microsoftTenantId?.toLowerCase())).map(tenantView);
  }

  async get(id: string): Promise<TenantView> {
    return tenantView(await this.tenants.require(id));
  }

  async updateSettings(id: string, input: UpdateTenantSettingsDto): Promise<TenantView> {
    await this.tenants.require(id);
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
    await this.events.emit('tenant.settingsChanged', { tenantId: id });
    return this.get(id);
  }
}
