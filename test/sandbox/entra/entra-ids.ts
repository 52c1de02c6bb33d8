import { createHash } from 'node:crypto';
import { SandboxResponse } from '../http';
import { SandboxTenant } from '../state/types';

/** A stable GUID for a seed: the same service principal or subject every time. */
export function deterministicGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Tags an answer with the tenant and client it concerns, for the request log. */
export function withLog(
  answer: SandboxResponse,
  tenant: SandboxTenant,
  clientId: string,
): SandboxResponse {
  return { ...answer, log: { tenantId: tenant.id, clientId } };
}
