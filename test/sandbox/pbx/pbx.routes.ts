import { json, Router, SandboxRequest, SandboxResponse } from '../http';
import { decodeJwt, signJwt, verifySignature } from '../jwt';
import { SandboxStore } from '../state/store';
import { PbxAccount, PbxUser } from '../state/types';
import { decodeToken, encodeToken } from '../graph/odata';
import { takePage } from '../paging';

const TOKEN_LIFETIME_SECONDS = 3600;
const MAX_PAGE_SIZE = 500;
const PBX_AUDIENCE = 'pbx-admin-api';

const pbxError = (status: number, errorCode: string, message: string) =>
  json(status, { errorCode, message });

function issueToken(store: SandboxStore, req: SandboxRequest): SandboxResponse {
  const form = new URLSearchParams(req.rawBody);
  let clientId = form.get('client_id');
  let clientSecret = form.get('client_secret');
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    [clientId, clientSecret] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: 'Only client_credentials is supported.',
    });
  }
  const account = [...store.pbxAccounts.values()].find((a) => a.clientId === clientId);
  if (!account || account.clientSecret !== clientSecret) {
    return json(401, {
      error: 'invalid_client',
      error_description: 'Client authentication failed.',
    });
  }
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt(
    {
      aud: PBX_AUDIENCE,
      sub: account.clientId,
      account: account.id,
      scope: 'users.read',
      iat: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
    },
    store.signingKey.privateKey,
    store.signingKey.kid,
  );
  return {
    ...json(200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      scope: 'users.read',
    }),
    log: { tenantId: account.id },
  };
}

function authorise(store: SandboxStore, req: SandboxRequest): PbxAccount | SandboxResponse {
  const header = req.headers.authorization;
  const jwt = header?.startsWith('Bearer ') ? decodeJwt(header.slice(7)) : null;
  if (
    !jwt ||
    !verifySignature(jwt, store.signingKey.publicKey) ||
    jwt.payload.aud !== PBX_AUDIENCE
  ) {
    return pbxError(401, 'UNAUTHORIZED', 'A valid bearer token is required.');
  }
  if (typeof jwt.payload.exp !== 'number' || jwt.payload.exp * 1000 < Date.now()) {
    return pbxError(401, 'TOKEN_EXPIRED', 'The access token has expired.');
  }
  const account = store.pbxAccounts.get(req.params.accountId);
  if (!account)
    return pbxError(404, 'ACCOUNT_NOT_FOUND', `Account '${req.params.accountId}' does not exist.`);
  if (jwt.payload.account !== account.id)
    return pbxError(403, 'FORBIDDEN', 'The token does not grant access to this account.');
  return account;
}

export function representPbxUser(user: PbxUser) {
  return { ...user };
}

/** Cursor-paged users; `modifiedSince` turns the list into a change feed that includes deletions. */
function listUsers(store: SandboxStore, req: SandboxRequest): SandboxResponse {
  const account = authorise(store, req);
  if (!('users' in account)) return account;
  const pageSize = Number(req.query.get('pageSize') ?? 100);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return pbxError(400, 'INVALID_PAGE_SIZE', `pageSize must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  const marker = req.query.get('pageMarker');
  const cursor = marker
    ? decodeToken<{ i: number; since: string | null }>(marker)
    : { i: 0, since: req.query.get('modifiedSince') };
  if (cursor.since && Number.isNaN(Date.parse(cursor.since))) {
    return pbxError(400, 'INVALID_MODIFIED_SINCE', 'modifiedSince must be an ISO 8601 timestamp.');
  }
  const since = cursor.since ? Date.parse(cursor.since) : null;
  const included = (u: PbxUser) =>
    since === null ? u.status !== 'deleted' : Date.parse(u.modifiedAt) > since;
  const users = (account.userList ??= [...account.users.values()]);
  const { page: items, next } = takePage(users, cursor.i, pageSize, (u) =>
    included(u) ? representPbxUser(u) : null,
  );
  const nextPageMarker = next === null ? null : encodeToken({ i: next, since: cursor.since });
  return { ...json(200, { items, nextPageMarker }), log: { tenantId: account.id } };
}

export function pbxRoutes(store: SandboxStore): Router {
  return new Router()
    .add('POST', '/pbx/oauth/token', (req) => issueToken(store, req))
    .add('GET', '/pbx/v1/accounts/:accountId/users', (req) => listUsers(store, req))
    .add('GET', '/pbx/v1/accounts/:accountId/users/:userId', (req) => {
      const account = authorise(store, req);
      if (!('users' in account)) return account;
      const user = account.users.get(req.params.userId);
      if (!user || user.status === 'deleted')
        return pbxError(404, 'USER_NOT_FOUND', `User '${req.params.userId}' does not exist.`);
      return json(200, representPbxUser(user));
    });
}
