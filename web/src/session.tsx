import { createContext, useContext } from 'react';
import type { Schemas } from './api';

export type Me = Schemas['MeView'];

export const SessionContext = createContext<Me | null>(null);

/** The signed-in operator; pages render only inside a session. */
export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside a session');
  return me;
}

/** Whether the signed-in operator may change this tenant (members see it read-only). */
export function useCanManage(tenantId: string): boolean {
  const me = useMe();
  if (me.role === 'provider_admin') return true;
  return me.role === 'tenant_admin' && me.tenantIds.includes(tenantId);
}
