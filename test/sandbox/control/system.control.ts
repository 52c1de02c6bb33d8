import { X509Certificate } from 'node:crypto';
import { Router } from '../http';
import { addUser, putPbxUser, SandboxStore, signInAccount } from '../state/store';
import {
  AppRegistration,
  ConsentOutcome,
  PbxUser,
  RequestLogEntry,
  ROLE_TEMPLATES,
  SignInChoice,
} from '../state/types';
import { assignNumber, numberRecord } from '../graph/telephony-state';
import { generatePopulation } from '../seed/population';
import { standardSkus } from '../seed/licensing';
import { body, ControlError, ok, tenantOf } from './control-helpers';

/** Requests per page of the request log: a whole large run's log is too much for one answer. */
const REQUEST_PAGE_LIMIT = 50_000;

/** Logged requests after `since` (a sequence number) whose path matches `path` (a regular expression). */
function* loggedRequests(store: SandboxStore, query: URLSearchParams) {
  const since = Number(query.get('since') ?? 0);
  const path = query.get('path');
  const pattern = path ? new RegExp(path, 'i') : null;
  for (const r of store.requestLog)
    if (r.seq > since && (!pattern || pattern.test(r.path))) yield r;
}

/** Thumbprints as JWT headers carry them: base64url of the SHA-256 / SHA-1 digest of the DER. */
export function certificateThumbprints(pem: string) {
  const cert = new X509Certificate(pem);
  const toB64 = (fingerprint: string) =>
    Buffer.from(fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
  return {
    x5tS256: toB64(cert.fingerprint256),
    x5t: toB64(cert.fingerprint),
    publicKeyPem: cert.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sha256Hex: cert.fingerprint256.replace(/:/g, ''),
  };
}

interface SignInInput {
  tenantId: string;
  /** Defaults to `admin@` the tenant's first domain. */
  userPrincipalName?: string;
  /** Directory role template ids; defaults to Global Administrator for a new account. */
  roles?: string[];
  outcome?: 'approve' | 'cancel';
}

/** Who signs in: an account of the tenant, created on first mention, with the roles given. */
function signInChoice(store: SandboxStore, input: SignInInput): SignInChoice {
  const tenant = tenantOf(store, input.tenantId);
  const upn = input.userPrincipalName ?? `admin@${tenant.domains[0]}`;
  const isNew = ![...tenant.accounts.values()].some(
    (a) => a.userPrincipalName === upn.toLowerCase(),
  );
  const roles = input.roles ?? (isNew ? [ROLE_TEMPLATES.globalAdministrator] : undefined);
  const account = signInAccount(tenant, upn, roles);
  return { tenantId: tenant.id, accountId: account.id, outcome: input.outcome ?? 'approve' };
}

function pbxAccountOf(store: SandboxStore, id: string) {
  const account = store.pbxAccounts.get(id);
  if (!account) throw new ControlError(404, `No PBX account '${id}'.`);
  return account;
}

/** System control: reset, app registrations, faults, the request log, the clock, PBX, populations. */
export function systemControlRoutes(store: SandboxStore, router: Router): void {
  router
    .add('POST', '/__sandbox/reset', () => {
      store.reset();
      return ok();
    })
    .add('POST', '/__sandbox/apps', (req) => {
      const input = body<Partial<AppRegistration> & { certificatePems?: string[] }>(req);
      if (!input.clientId) throw new ControlError(400, 'clientId is required');
      const app: AppRegistration = {
        clientId: input.clientId,
        displayName: input.displayName ?? 'Teams Connector',
        secrets: input.secrets ?? [],
        certificates: (input.certificatePems ?? []).map((pem) => {
          const { x5tS256, x5t, publicKeyPem } = certificateThumbprints(pem);
          return { x5tS256, x5t, publicKeyPem };
        }),
        redirectUris: input.redirectUris ?? [],
        requiredRoles: input.requiredRoles ?? [],
        groupMembershipClaims: input.groupMembershipClaims ?? 'None',
      };
      store.apps.set(app.clientId, app);
      return ok({ clientId: app.clientId });
    })
    .add('POST', '/__sandbox/consent/next', (req) => {
      const input = body<{ tenantId: string; outcome?: ConsentOutcome }>(req);
      store.nextConsent = { tenantId: input.tenantId, outcome: input.outcome };
      return ok();
    })
    .add('POST', '/__sandbox/sign-in/next', (req) => {
      store.nextSignIn = signInChoice(store, body<SignInInput>(req));
      return ok({ accountId: store.nextSignIn.accountId });
    })
    .add('PUT', '/__sandbox/sign-in/session', (req) => {
      store.session = signInChoice(store, body<SignInInput>(req));
      return ok({ accountId: store.session.accountId });
    })
    .add('POST', '/__sandbox/faults', (req) => {
      const input = body<{
        method?: string;
        path?: string;
        status?: number;
        retryAfterSeconds?: number;
        delayMs?: number;
        code?: string;
        times?: number;
      }>(req);
      if (!input.path) throw new ControlError(400, 'path (a regular expression) is required');
      const id = `fault-${store.faults.length + 1}`;
      store.faults.push({
        id,
        method: input.method,
        path: input.path,
        status: input.status ?? 0,
        retryAfterSeconds: input.retryAfterSeconds,
        delayMs: input.delayMs,
        code: input.code,
        remaining: input.times ?? 1,
      });
      return ok({ id });
    })
    .add('DELETE', '/__sandbox/faults', () => {
      store.faults = [];
      return ok();
    })
    .add('GET', '/__sandbox/requests', (req) => {
      const limit = Number(req.query.get('limit') ?? REQUEST_PAGE_LIMIT);
      if (!Number.isInteger(limit) || limit < 1 || limit > REQUEST_PAGE_LIMIT)
        throw new ControlError(400, `limit must be a whole number from 1 to ${REQUEST_PAGE_LIMIT}`);
      const requests: RequestLogEntry[] = [];
      for (const r of loggedRequests(store, req.query)) {
        if (requests.length === limit) break;
        requests.push(r);
      }
      return ok({ requests });
    })
    // How many requests match, without sending them: a large run logs millions.
    .add('GET', '/__sandbox/requests/count', (req) => {
      const status = req.query.get('status');
      let count = 0;
      for (const r of loggedRequests(store, req.query))
        if (status === null || r.status === Number(status)) count++;
      return ok({ count });
    })
    .add('DELETE', '/__sandbox/requests', () => {
      store.requestLog = [];
      return ok();
    })
    .add('PUT', '/__sandbox/dns', (req) => {
      const servers = body<{ servers?: unknown }>(req).servers;
      if (!Array.isArray(servers) || servers.some((s) => typeof s !== 'string'))
        throw new ControlError(400, 'servers must be a list of host:port strings');
      store.dnsServers = servers as string[];
      return ok();
    })
    .add('POST', '/__sandbox/clock/advance', (req) => {
      store.clockOffsetMs += Number(body<{ ms: number }>(req).ms ?? 0);
      return ok({ now: store.nowIso() });
    })
    .add('POST', '/__sandbox/pbx/accounts', (req) => {
      const input = body<{ id: string; name?: string; clientId: string; clientSecret: string }>(
        req,
      );
      if (!input.id || !input.clientId || !input.clientSecret)
        throw new ControlError(400, 'id, clientId and clientSecret are required');
      store.pbxAccounts.set(input.id, {
        id: input.id,
        name: input.name ?? input.id,
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        users: new Map(),
        userList: null,
      });
      return ok({ id: input.id });
    })
    .add('POST', '/__sandbox/pbx/accounts/:accountId/users', (req) => {
      const account = pbxAccountOf(store, req.params.accountId);
      const now = store.nowIso();
      for (const user of body<{
        users: (Omit<PbxUser, 'createdAt' | 'modifiedAt' | 'secureCalling'> & {
          secureCalling?: boolean;
        })[];
      }>(req).users ?? []) {
        putPbxUser(account, {
          ...user,
          status: user.status ?? 'active',
          secureCalling: user.secureCalling ?? false,
          createdAt: now,
          modifiedAt: now,
        });
      }
      return ok();
    })
    .add('PATCH', '/__sandbox/pbx/accounts/:accountId/users/:userId', (req) => {
      const user = pbxAccountOf(store, req.params.accountId).users.get(req.params.userId);
      if (!user) throw new ControlError(404, `No PBX user '${req.params.userId}'.`);
      Object.assign(user, body<Partial<PbxUser>>(req), { modifiedAt: store.nowIso() });
      return ok();
    })
    .add('DELETE', '/__sandbox/pbx/accounts/:accountId/users/:userId', (req) => {
      const user = pbxAccountOf(store, req.params.accountId).users.get(req.params.userId);
      if (!user) throw new ControlError(404, `No PBX user '${req.params.userId}'.`);
      Object.assign(user, { status: 'deleted', modifiedAt: store.nowIso() });
      return ok();
    })
    .add('POST', '/__sandbox/populations', (req) => {
      const input = body<{
        tenantId: string;
        pbxAccountId: string;
        seed?: number;
        size: number;
        overlap?: number;
      }>(req);
      const tenant = tenantOf(store, input.tenantId);
      const account = pbxAccountOf(store, input.pbxAccountId);
      const population = generatePopulation({
        seed: input.seed ?? 1,
        size: input.size,
        overlap: input.overlap,
        domain: tenant.domains[0],
        initialDomain: tenant.domains[1],
      });
      const now = store.nowIso();
      for (const user of population.microsoftUsers)
        addUser(tenant, user.props, {
          id: user.id,
          accountKind: user.accountKind,
          createdDateTime: now,
        });
      for (const [telephoneNumber, userId] of population.teamsNumbers) {
        assignNumber(tenant, numberRecord(tenant, telephoneNumber), userId, 'primary');
        tenant.users.get(userId)!.enterpriseVoiceEnabled = true;
      }
      for (const user of population.pbxUsers)
        putPbxUser(account, { ...user, createdAt: now, modifiedAt: now });
      const licensed = population.microsoftUsers.filter((u) => u.props.assignedLicenses.length > 0);
      const withPhone = licensed.filter(
        (u) => u.props.assignedLicenses[0].skuId === standardSkus(0, 0)[0].skuId,
      ).length;
      tenant.skus = standardSkus(Math.ceil(withPhone * 1.1) + 5, licensed.length - withPhone + 5);
      return ok({
        microsoftUsers: population.microsoftUsers.length,
        pbxUsers: population.pbxUsers.length,
        counts: population.counts,
      });
    });
}
