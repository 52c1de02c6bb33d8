import { Injectable } from '@nestjs/common';
import { ReinvitedOperator } from './tenant-operators.service';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { UnitOfWork } from '../database/unit-of-work';
import type { FieldProblem } from '../common/errors/field-problems';
import { DomainError } from '../common/errors/domain-error';
import { SessionsService } from './sessions.service';
import { InvitationsService } from './invitations.service';
import { OperatorEntity, Role } from './operator.entity';
import {
  fullName,
  newOperator,
  operatorView as view,
  OperatorView,
  operatorViews,
} from './operator.view';
import { normaliseEmail, OperatorsRepository } from './operators.repository';
import { deleted } from './deleted-operator';

export interface InviteOperator {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  tenantIds: string[];
}

/** Who did something, as responses name them. */
export interface OperatorName {
  id: string;
  email: string;
  name: string;
}

/** Inviting, listing, changing and deactivating operators (provider admins, any tenant). */
@Injectable()
export class OperatorsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly operators: OperatorsRepository,
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
  ) {}

  async invite(
    input: InviteOperator,
  ): Promise<{ operator: OperatorView; invitation: { expiresAt: Date } }> {
    return this.unitOfWork.run(async (manager) => {
      const tenantIds = await this.existingTenants(input.role, input.tenantIds, manager);
      const existing = await this.operators.findByEmail(input.email, manager);
      if (existing?.deletedAt) throw deleted(existing);
      if (existing) {
        throw new DomainError(
          'OPERATOR_EXISTS',
          `An operator with the e-mail address ${normaliseEmail(input.email)} exists already.`,
        );
      }
      const operator = newOperator(input, this.clock.now());
      await this.operators.insert(operator, manager);
      await this.operators.assign(operator.id, tenantIds, operator.createdAt, manager);
      const invitation = await this.invitations.invite(operator, 'Teams Connector', manager);
      return { operator: view(operator, tenantIds), invitation };
    });
  }

  /** Operators by id, for responses that name who did something: e-mail and name. */
  async named(ids: (string | null)[]): Promise<Map<string, OperatorName>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const found = await Promise.all(wanted.map((id) => this.operators.findById(id)));
    return new Map(
      found.flatMap((o) => (o ? [[o.id, { id: o.id, email: o.email, name: fullName(o) }]] : [])),
    );
  }

  async list(): Promise<OperatorView[]> {
    return operatorViews(await this.operators.list(), this.operators);
  }

  async update(id: string, changes: { role?: Role; tenantIds?: string[] }): Promise<OperatorView> {
    return this.unitOfWork.run(async (manager) => {
      const operator = await this.live(id);
      const role = changes.role ?? operator.role;
      if (role !== 'provider_admin') await this.keepAProviderAdmin(operator, manager);
      const now = this.clock.now();
      await this.operators.update(id, { role, updatedAt: now }, manager);
      if (changes.tenantIds)
        await this.operators.replaceAssignments(
          id,
          await this.existingTenants(role, changes.tenantIds, manager),
          now,
          manager,
        );
      return view({ ...operator, role }, changes.tenantIds ?? (await this.operators.tenantIds(id)));
    });
  }

  /** A new invitation for someone who has not chosen a password yet. */
  async reinvite(id: string): Promise<ReinvitedOperator> {
    const operator = await this.live(id);
    const { expiresAt } = await this.invitations.reissue(operator, 'Teams Connector');
    return { operator: view(operator, await this.operators.tenantIds(id)), expiresAt };
  }

  async deactivate(id: string, by: string): Promise<void> {
    if (id === by) throw new DomainError('VALIDATION_FAILED', 'You cannot deactivate yourself.');
    await this.keepAProviderAdmin(await this.live(id));
    await this.operators.update(id, { status: 'deactivated', updatedAt: this.clock.now() });
    await this.sessions.revokeAll(id);
  }

  /**
   * The provider keeps at least one active admin: the last one is neither demoted, deactivated
   * nor deleted.
   */
  async keepAProviderAdmin(operator: OperatorEntity, manager?: EntityManager) {
    if (operator.role !== 'provider_admin' || operator.status !== 'active') return;
    if ((await this.operators.activeProviderAdmins(manager)) <= 1)
      throw new DomainError(
        'LAST_PROVIDER_ADMIN',
        `${operator.email} is the provider's last active administrator: make someone else one first.`,
      );
  }

  /** A deactivated account signs in again (or, never having chosen a password, is invited again). */
  async reactivate(id: string): Promise<OperatorView> {
    const operator = await this.live(id);
    if (operator.status !== 'deactivated')
      throw new DomainError('OPERATOR_NOT_DEACTIVATED', `${operator.email} is not deactivated.`);
    const status = operator.passwordHash ? 'active' : 'invited';
    await this.operators.update(id, { status, updatedAt: this.clock.now() });
    return view({ ...operator, status }, await this.operators.tenantIds(id));
  }

  async require(id: string): Promise<OperatorEntity> {
    const operator = await this.operators.findById(id);
    if (!operator) throw new DomainError('OPERATOR_NOT_FOUND', 'No such operator.');
    return operator;
  }

  /** An operator who is not deleted: a deleted one takes no change but their restore. */
  private async live(id: string): Promise<OperatorEntity> {
    const operator = await this.require(id);
    if (operator.deletedAt) throw deleted(operator);
    return operator;
  }

  private async existingTenants(
    role: Role,
    tenantIds: string[],
    manager: EntityManager,
  ): Promise<string[]> {
    if (role === 'provider_admin') return [];
    const unique = [...new Set(tenantIds)];
    const found = await this.operators.existingTenantIds(unique, manager);
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        'Some tenants do not exist.',
        missing.map((id): FieldProblem => ({
          field: 'tenantIds',
          code: 'TENANT_NOT_FOUND',
          message: `No tenant has the id ${id}.`,
        })),
      );
    return unique;
  }
}
