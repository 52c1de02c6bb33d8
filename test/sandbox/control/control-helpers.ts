import { json, SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { SandboxTenant } from '../state/types';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function body<T = Record<string, unknown>>(req: SandboxRequest): T {
  if (!req.rawBody) return {} as T;
  try {
    return JSON.parse(req.rawBody) as T;
  } catch {
    throw new ControlError(400, 'The body is not valid JSON.');
  }
}

export function tenantOf(store: SandboxStore, tenantId: string): SandboxTenant {
  const tenant = store.findTenant(tenantId);
  if (!tenant) throw new ControlError(404, `No sandbox tenant '${tenantId}'.`);
  return tenant;
}

export const ok = (value: unknown = { ok: true }): SandboxResponse => json(200, value);
