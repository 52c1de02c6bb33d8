import { randomUUID } from 'node:crypto';
import { OperatorEntity, Role } from './operator.entity';
import { normaliseEmail } from './operators.repository';

export interface OperatorView {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  status: OperatorEntity['status'];
  tenantIds: string[];
}

export function operatorView(o: OperatorEntity, tenantIds: string[]): OperatorView {
  return {
    id: o.id,
    email: o.email,
    firstName: o.firstName,
    lastName: o.lastName,
    role: o.role,
    status: o.status,
    tenantIds: o.role === 'provider_admin' ? [] : tenantIds,
  };
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
  };
}
