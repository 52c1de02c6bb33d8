import { randomUUID } from 'node:crypto';
import { ApiProperty } from '@nestjs/swagger';
import { EnumField, Field, NullableField } from '../common/http/api-fields';
import { restorableUntil } from '../common/restore-period';
import { OPERATOR_STATUSES, OperatorEntity, Role, ROLES } from './operator.entity';
import { normaliseEmail, OperatorsRepository } from './operators.repository';

export const OPERATOR_VIEW_STATUSES = [...OPERATOR_STATUSES, 'deleted'] as const;
export type OperatorViewStatus = (typeof OPERATOR_VIEW_STATUSES)[number];

export class OperatorView {
  @Field() id!: string;
  @Field() email!: string;
  @Field() firstName!: string;
  @Field() lastName!: string;
  @EnumField(ROLES) role!: Role;
  @EnumField(
    OPERATOR_VIEW_STATUSES,
    'invited: has not chosen a password yet; deleted: cannot sign in, restorable until restorableUntil.',
  )
  status!: OperatorViewStatus;
  @NullableField(Date, 'Set while the operator is deleted: after this they are purged.')
  restorableUntil!: Date | null;
  @ApiProperty({ type: [String], description: 'Empty for provider admins, who see every tenant.' })
  tenantIds!: string[];
}

export function operatorView(o: OperatorEntity, tenantIds: string[]): OperatorView {
  return {
    id: o.id,
    email: o.email,
    firstName: o.firstName,
    lastName: o.lastName,
    role: o.role,
    status: o.deletedAt ? 'deleted' : o.status,
    restorableUntil: o.deletedAt ? restorableUntil(o.deletedAt) : null,
    tenantIds: o.role === 'provider_admin' ? [] : tenantIds,
  };
}

/** How responses name a person: first and last name. */
export function fullName(o: Pick<OperatorEntity, 'firstName' | 'lastName'>): string {
  return `${o.firstName} ${o.lastName}`.trim();
}

/** Operators as the API shows them, each with the tenants assigned to them: one read for all. */
export async function operatorViews(
  operators: OperatorEntity[],
  repository: OperatorsRepository,
): Promise<OperatorView[]> {
  const tenants = await repository.tenantIdsByOperator(operators.map((o) => o.id));
  return operators.map((o) => operatorView(o, tenants.get(o.id) ?? []));
}

/** A person who has been invited and has not chosen a password yet. */
export function newOperator(
  input: { email: string; firstName: string; lastName: string; role: Role },
  now: Date,
): OperatorEntity {
  return {
    id: randomUUID(),
    email: normaliseEmail(input.email),
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    role: input.role,
    status: 'invited',
    passwordHash: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}
