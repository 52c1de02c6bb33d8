import { SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { SandboxTenant } from '../state/types';
import { graphError } from './graph-errors';

/** The Teams APIs Graph fronts, throttled by Teams' own limits instead of identity's units. */
export const isTeamsPath = (template: string) => template.startsWith('/admin/teams');

/**
 * Teams' documented limits per app and tenant, "other" Teams APIs: 30 requests per second for
 * GETs and 30 for the rest, as token buckets (Microsoft names the algorithm, not its burst).
 * Null when the request may go; Teams' 429 with a whole-second Retry-After otherwise.
 */
export function spendTeamsRequest(
  store: SandboxStore,
  req: SandboxRequest,
  clientId: string,
  tenant: SandboxTenant,
): SandboxResponse | null {
  const lane = req.method === 'GET' ? 'read' : 'write';
  const perSecond = tenant.settings.teamsRequestsPerSecond[lane];
  const key = `${clientId}/${tenant.id}/${lane}`;
  const now = Date.now();
  const bucket = store.teamsBuckets.get(key) ?? { tokens: perSecond, at: now };
  bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  bucket.at = now;
  store.teamsBuckets.set(key, bucket);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return null;
  }
  const waitSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  return graphError(req, 429, 'TooManyRequests', 'Too many requests, please retry later.', {
    'retry-after': String(waitSeconds),
  });
}
