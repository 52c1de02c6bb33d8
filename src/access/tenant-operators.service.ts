import { deleted } from './deleted-operator';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { Field, NullableField, ObjectField } from '../common/http/api-fields';
import { DomainError } from '../common/errors/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { Caller, canManageTenant } from './caller';
import { InvitationsService } from './invitations.service';
import { OperatorEntity } from './operator.entity';
import { newOperator, operatorView, OperatorView, operatorViews } from './operator.view';
import { normaliseEmail, OperatorsRepository } from './operators.repository';
import { SessionsService } from './sessions.service';

/** The roles a tenant's own admins hand out; provider admins are made by provider admins only. */
export const TENANT_ROLES = ['tenant_admin', 'member'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
const ROLE_NAMES: Record<TenantRole, string> = {
  tenant_admin: 'an admin',
  member: 'a read-only member',
};

export interface TenantPerson {
  email: string;
  firstName: string;
  lastName: string;
}

export class AddedOperator {
  @ObjectField(() => OperatorView) operator!: OperatorView;
  @NullableField(
    Date,
    "When the invitation e-mail's link expires; null when they have signed in before.",
  )
  invitationExpiresAt!: Date | null;
  @Field('false: the person had an account already, and keeps the role they have.')
  created!: boolean;
}

export class ReinvitedOperator {
  @ObjectField(() => OperatorView) operator!: OperatorView;
  @Field('When the new link expires; the one sent before no longer works.') expiresAt!: Date;
}

export class RemovedOperator {
  @ObjectField(() => OperatorView) operator!: OperatorView;
  @Field('true: this was their last tenant, so they can no longer sign in.') deactivated!: boolean;
}

/**
 * A tenant's admins and members, managed by that tenant's admins (or a provider admin): invite,
 * change role, remove. A role is the person's across all their tenants, so it is changed only by
 * someone who manages every tenant the person has.
 */
@Injectable()
export class TenantOperatorsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly operators: OperatorsRepository,
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
  ) {}

  async list(tenantId: string): Promise<OperatorView[]> {
    return operatorViews(await this.operators.ofTenant(tenantId), this.operators);
  }

  /**
   * A new person gets an invitation; someone known gets the tenant added (and a fresh invitation
   * while they have not accepted the first one).
   */
  async add(
    tenant: { id: string; name: string },
    person: TenantPerson,
    role: TenantRole,
    manager?: EntityManager,
  ): Promise<AddedOperator> {
    if (!manager) return this.unitOfWork.run((tx) => this.add(tenant, person, role, tx));
    const existing = await this.operators.findByEmail(person.email, manager);
    if (existing?.role === 'provider_admin')
      throw new DomainError(
        'OPERATOR_EXISTS',
        `${normaliseEmail(person.email)} is a provider administrator, who sees every tenant already.`,
      );
    if (existing?.deletedAt) throw deleted(existing);
    if (existing?.status === 'deactivated')
      throw new DomainError(
        'OPERATOR_DEACTIVATED',
        `${existing.email} has a deactivated account: a provider admin can reactivate it, or name someone else.`,
      );
    // One person has one role: a tenant never gets an "admin" who can only read, nor the reverse.
    if (existing && existing.role !== role)
      throw new DomainError(
        'OPERATOR_ROLE_CONFLICT',
        `${existing.email} is ${ROLE_NAMES[existing.role]} of other tenants, and one person has one role: add them as ${ROLE_NAMES[existing.role]}, or name someone else.`,
      );
    const operator = existing ?? newOperator({ ...person, role }, this.clock.now());
    if (!existing) await this.operators.insert(operator, manager);
    await this.operators.assign(operator.id, [tenant.id], this.clock.now(), manager);
    const invitation =
      operator.status === 'invited'
        ? await this.invitations.invite(operator, tenant.name, manager)
        : null;
    return {
      operator: operatorView(operator, await this.operators.tenantIds(operator.id, manager)),
      invitationExpiresAt: invitation?.expiresAt ?? null,
      created: !existing,
    };
  }

  async changeRole(
    caller: Caller,
    tenantId: string,
    operatorId: string,
    role: TenantRole,
  ): Promise<OperatorView> {
    return this.unitOfWork.run(async (manager) => {
      const { operator, tenantIds } = await this.assigned(caller, tenantId, operatorId, manager);
      const others = tenantIds.filter((id) => !canManageTenant(caller, id));
      if (others.length)
        throw new DomainError(
          'OPERATOR_SHARED',
          `${operator.email} also has access to tenants you do not manage, so their role is changed by your provider.`,
        );
      await this.operators.update(operatorId, { role, updatedAt: this.clock.now() }, manager);
      return operatorView({ ...operator, role }, tenantIds);
    });
  }

  /** A new invitation for someone of this tenant who has not chosen a password yet. */
  async reinvite(
    caller: Caller,
    tenant: { id: string; name: string },
    operatorId: string,
  ): Promise<ReinvitedOperator> {
    const { operator, tenantIds } = await this.unitOfWork.run((manager) =>
      this.assigned(caller, tenant.id, operatorId, manager),
    );
    const { expiresAt } = await this.invitations.reissue(operator, tenant.name);
    return { operator: operatorView(operator, tenantIds), expiresAt };
  }

  /** Removes the person's access to this tenant; with no tenant left, they are deactivated. */
  async remove(caller: Caller, tenantId: string, operatorId: string): Promise<RemovedOperator> {
    const result = await this.unitOfWork.run(async (manager) => {
      const { operator, tenantIds } = await this.assigned(caller, tenantId, operatorId, manager);
      await this.operators.unassign(operatorId, tenantId, manager);
      const left = tenantIds.filter((id) => id !== tenantId);
      const deactivated = left.length === 0;
      if (deactivated)
        await this.operators.update(
          operatorId,
          { status: 'deactivated', updatedAt: this.clock.now() },
          manager,
        );
      const status: OperatorEntity['status'] = deactivated ? 'deactivated' : operator.status;
      return { operator: operatorView({ ...operator, status }, left), deactivated };
    });
    if (result.deactivated) await this.sessions.revokeAll(operatorId);
    return result;
  }

  private async assigned(
    caller: Caller,
    tenantId: string,
    operatorId: string,
    manager: EntityManager,
  ): Promise<{ operator: OperatorEntity; tenantIds: string[] }> {
    if (operatorId === caller.operatorId)
      throw new DomainError(
        'VALIDATION_FAILED',
        'You cannot change your own access; ask another admin of this tenant.',
      );
    const operator = await this.operators.findById(operatorId);
    const tenantIds = operator ? await this.operators.tenantIds(operatorId, manager) : [];
    if (!operator || !tenantIds.includes(tenantId))
      throw new DomainError('OPERATOR_NOT_FOUND', 'No such admin or member in this tenant.');
    if (operator.deletedAt) throw deleted(operator);
    return { operator, tenantIds };
  }
}
