import { SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { SandboxTenant } from '../state/types';
import { badRequest } from './graph-errors';

export interface GraphContext {
  store: SandboxStore;
  tenant: SandboxTenant;
  clientId: string;
  req: SandboxRequest;
  /** `https://host:port`, the origin every absolute link points at. */
  origin: string;
  version: 'v1.0' | 'beta';
}

export interface GraphRoute {
  method: string;
  /** Path after the version segment; `:name` captures a segment, `*name` the rest. */
  template: string;
  /** The app roles of which the token must carry at least one. */
  permissions: string[];
  /** Resource units charged (Graph's identity costs; `$select` takes one off). */
  cost: (req: SandboxRequest) => number;
  handle: (ctx: GraphContext) => SandboxResponse | Promise<SandboxResponse>;
}

/** Identity's read cost: the base, −1 with `$select`, +1 with `$expand`, −1 with `$top` under 20. */
export const READ_COST = (base: number) => (req: SandboxRequest) => {
  const top = Number(req.query.get('$top') ?? NaN);
  const modifiers =
    (req.query.has('$select') ? -1 : 0) + (req.query.has('$expand') ? 1 : 0) + (top < 20 ? -1 : 0);
  return Math.max(1, base + modifiers);
};
export const WRITE_COST = () => 1;

/**
 * One entity as the tenant's `entityShape` says: itself, or wrapped in `value` as some of
 * Microsoft's documented examples show it (the connector must read both).
 */
export function singleEntity(ctx: GraphContext, entity: object): object {
  return ctx.tenant.settings.entityShape === 'value' ? { value: [entity] } : entity;
}

/** The request's JSON object body; Graph answers 400 to anything else. */
export function jsonBody(ctx: GraphContext): Record<string, unknown> {
  try {
    const parsed = JSON.parse(ctx.req.rawBody || '{}');
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw badRequest('The request body is not valid JSON.', 'BadRequest');
}
