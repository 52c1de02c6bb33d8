import { Injectable } from '@nestjs/common';
import { Caller } from '../access/caller';
import { OperatorView } from '../access/operator.view';
import {
  AddedOperator,
  ReinvitedOperator,
  RemovedOperator,
  TenantOperatorsService,
  TenantPerson,
  TenantRole,
} from '../access/tenant-operators.service';
import { AuditLog } from '../audit/audit-log';
import { TenantsRepository } from './tenants.repository';

const ROLE_NAMES: Record<TenantRole, string> = { tenant_admin: 'an admin', member: 'a member' };

/** A tenant's admins and members, each change written to the tenant's audit log. */
@Injectable()
export class TenantPeople {
  constructor(
    private readonly operators: TenantOperatorsService,
    private readonly tenants: TenantsRepository,
    private readonly audit: AuditLog,
  ) {}

  list(tenantId: string): Promise<OperatorView[]> {
    return this.operators.list(tenantId);
  }

  async add(tenantId: string, person: TenantPerson, role: TenantRole): Promise<AddedOperator> {
    const tenant = await this.tenants.require(tenantId);
    const added = await this.operators.add(tenant, person, role);
    await this.audit.record(
      tenantId,
      'operator.added',
      `${added.operator.email} was given access as ${ROLE_NAMES[role]}${added.invitationExpiresAt ? ', and invited by e-mail' : ''}.`,
    );
    return added;
  }

  async changeRole(
    caller: Caller,
    tenantId: string,
    operatorId: string,
    role: TenantRole,
  ): Promise<OperatorView> {
    const changed = await this.operators.changeRole(caller, tenantId, operatorId, role);
    await this.audit.record(
      tenantId,
      'operator.changed',
      `${changed.email} is now ${ROLE_NAMES[role]}.`,
    );
    return changed;
  }

  async reinvite(caller: Caller, tenantId: string, operatorId: string): Promise<ReinvitedOperator> {
    const tenant = await this.tenants.require(tenantId);
    const reinvited = await this.operators.reinvite(caller, tenant, operatorId);
    await this.audit.record(
      tenantId,
      'operator.reinvited',
      `${reinvited.operator.email} was sent a new invitation; the link sent before no longer works.`,
    );
    return reinvited;
  }

  async remove(caller: Caller, tenantId: string, operatorId: string): Promise<RemovedOperator> {
    const removed = await this.operators.remove(caller, tenantId, operatorId);
    await this.audit.record(
      tenantId,
      'operator.removed',
      `${removed.operator.email} no longer has access${removed.deactivated ? ', and was deactivated (no tenant left)' : ''}.`,
    );
    return removed;
  }
}
