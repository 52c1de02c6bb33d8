import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from './operator.entity';

/** The signed-in operator, as every service method that acts for someone receives it. */
export interface Caller {
  operatorId: string;
  sessionId: string;
  /** When the session behind this call ends. */
  expiresAt: Date;
  email: string;
  /** First and last name, as responses name people. */
  name: string;
  role: Role;
  /** Tenants assigned to this operator; provider admins see every tenant regardless. */
  tenantIds: ReadonlySet<string>;
}

export function canSeeTenant(caller: Caller, tenantId: string): boolean {
  return caller.role === 'provider_admin' || caller.tenantIds.has(tenantId);
}

export function canManageTenant(caller: Caller, tenantId: string): boolean {
  return canSeeTenant(caller, tenantId) && caller.role !== 'member';
}

export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<{ caller: Caller }>().caller;
});
