import { Router, SandboxRequest, SandboxResponse } from '../http';
import { decodeJwt, verifySignature } from '../jwt';
import { SandboxStore } from '../state/store';
import { GRAPH_RESOURCE, SandboxTenant } from '../state/types';
import { GraphContext, GraphRoute } from './graph-context';
import { GraphFailure, graphError } from './graph-errors';
import { runBatch } from './batch';
import { isTeamsPath, spendTeamsRequest } from './teams-throttle';

const THROTTLE_WINDOW_MS = 10_000;

interface Caller {
  tenant: SandboxTenant;
  clientId: string;
  roles: string[];
}

/**
 * Microsoft Graph: version routing, bearer-token and app-role checks, and the two throttles the
 * connector meets: identity's resource units, and Teams' requests per second.
 */
export class GraphApi {
  private readonly router = new Router<GraphRoute>();

  constructor(
    private readonly store: SandboxStore,
    private readonly origin: string,
    routes: GraphRoute[],
  ) {
    for (const route of routes) this.router.add(route.method, route.template, route);
  }

  async handle(req: SandboxRequest): Promise<SandboxResponse> {
    const versioned = /^\/(v1\.0|beta)(\/.*)?$/i.exec(req.path);
    if (!versioned) {
      const segment = req.path.split('/')[1] ?? '';
      return graphError(req, 400, 'BadRequest', `Invalid version: ${segment}`);
    }
    const version = versioned[1].toLowerCase() === 'beta' ? 'beta' : 'v1.0';
    const rest = versioned[2] ?? '/';
    if (req.method === 'POST' && rest === '/$batch') {
      const caller = this.authenticate(req);
      if (!('tenant' in caller)) return caller;
      const order = caller.tenant.settings.batchResponseOrder;
      const answer = await runBatch(this.store, req, version, order, (sub) => this.handle(sub));
      return { ...answer, log: { tenantId: caller.tenant.id, clientId: caller.clientId } };
    }
    const match = this.router.match(req.method, rest);
    if (!match) {
      if (this.router.hasPath(rest)) {
        return graphError(
          req,
          405,
          'Request_BadRequest',
          `The HTTP method '${req.method}' is not allowed.`,
        );
      }
      const segment = rest.split('/')[1] ?? '';
      return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
    }
    const caller = this.authenticate(req);
    if (!('tenant' in caller)) return caller;
    const log = { tenantId: caller.tenant.id, clientId: caller.clientId };
    const route = match.handler;
    if (!route.permissions.some((role) => caller.roles.includes(role))) {
      return {
        ...graphError(
          req,
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        ),
        log,
      };
    }
    // Teams APIs count requests per second; identity counts resource units per 10 s.
    const teams = isTeamsPath(route.template);
    const cost = teams ? null : route.cost(req);
    const throttled =
      cost === null
        ? spendTeamsRequest(this.store, req, caller.clientId, caller.tenant)
        : this.spend(req, caller, cost);
    if (throttled) return { ...throttled, log };

    req.params = match.params;
    const ctx: GraphContext = {
      store: this.store,
      tenant: caller.tenant,
      clientId: caller.clientId,
      req,
      origin: this.origin,
      version,
    };
    try {
      const answer = await route.handle(ctx);
      const units: Record<string, string> =
        cost === null ? {} : { 'x-ms-resource-unit': String(cost) };
      const headers = { ...units, ...(answer.headers ?? {}) };
      return { ...answer, headers, log: { ...log, ...(answer.log ?? {}) } };
    } catch (error) {
      if (error instanceof GraphFailure) {
        return { ...graphError(req, error.status, error.code, error.message, error.headers), log };
      }
      throw error;
    }
  }

  private authenticate(req: SandboxRequest): Caller | SandboxResponse {
    const unauthorized = (message: string) =>
      graphError(req, 401, 'InvalidAuthenticationToken', message);
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return unauthorized('Access token is empty.');
    const jwt = decodeJwt(header.slice(7));
    if (!jwt || !verifySignature(jwt, this.store.signingKey.publicKey)) {
      return unauthorized('Access token validation failure. Invalid signature.');
    }
    const { aud, exp, tid, appid, roles } = jwt.payload;
    if (aud !== GRAPH_RESOURCE)
      return unauthorized('Access token validation failure. Invalid audience.');
    if (typeof exp !== 'number' || exp * 1000 < Date.now()) {
      return unauthorized('Lifetime validation failed, the token is expired.');
    }
    const tenant = this.store.tenants.get(String(tid));
    const consent = tenant?.consents.get(String(appid));
    if (!tenant || consent?.state !== 'granted') {
      // Consent withdrawn (service principal removed): Graph no longer honours the app's tokens.
      return unauthorized(
        'Access token validation failure. The service principal is not present in the tenant.',
      );
    }
    return {
      tenant,
      clientId: String(appid),
      roles: Array.isArray(roles) ? roles.map(String) : [],
    };
  }

  private spend(req: SandboxRequest, caller: Caller, cost: number): SandboxResponse | null {
    const key = `${caller.clientId}/${caller.tenant.id}`;
    const now = Date.now();
    let window = this.store.throttleWindows.get(key);
    if (!window || now - window.startedAt >= THROTTLE_WINDOW_MS) {
      window = { startedAt: now, used: 0 };
      this.store.throttleWindows.set(key, window);
    }
    if (window.used + cost > caller.tenant.settings.throttleBudget) {
      const retryAfter = Math.max(
        1,
        Math.ceil((window.startedAt + THROTTLE_WINDOW_MS - now) / 1000),
      );
      return graphError(req, 429, 'TooManyRequests', 'Too many requests.', {
        'retry-after': String(retryAfter),
        'x-ms-throttle-scope': `Tenant_Application/ReadWrite/${caller.clientId}/${caller.tenant.id}`,
        'x-ms-throttle-information': 'ResourceUnitLimitExceeded',
      });
    }
    window.used += cost;
    return null;
  }
}
