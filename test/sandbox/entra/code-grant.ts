import { createHash, randomBytes } from 'node:crypto';
import { signJwt } from '../jwt';
import { json, SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import {
  AppRegistration,
  AuthorizationCode,
  ROLE_TEMPLATES,
  SandboxTenant,
  SignInAccount,
} from '../state/types';
import { aadError } from './aad-errors';
import { checkClientCredential, clientIdOf } from './client-auth';
import { deterministicGuid, withLog } from './entra-ids';

const TENANT_INDEPENDENT = new Set(['common', 'organizations']);
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const LIFETIME_SECONDS = 3599;

const invalidGrant = (code: number, description: string) =>
  aadError(400, 'invalid_grant', code, description);

/**
 * The authorization code grant: a code from `/authorize`, the same `redirect_uri`, the PKCE
 * `code_verifier` and the client's credential give an ID token (`tid`, `oid`, `wids`,
 * `preferred_username`, `nonce`), an access token and `client_info`, as MSAL expects them.
 */
export function redeemAuthorizationCode(
  store: SandboxStore,
  req: SandboxRequest,
  form: URLSearchParams,
  origin: string,
): SandboxResponse {
  const clientId = clientIdOf(form, req.headers.authorization);
  const app = store.apps.get(clientId);
  if (!app) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${req.params.tenant}'.`,
    );
  }
  const pathTenant = req.params.tenant.toLowerCase();
  const namedTenant = TENANT_INDEPENDENT.has(pathTenant) ? null : store.findTenant(pathTenant);
  if (!TENANT_INDEPENDENT.has(pathTenant) && !namedTenant) {
    return aadError(400, 'invalid_request', 90002, `Tenant '${req.params.tenant}' not found.`);
  }
  const credentialError = checkClientCredential(
    app,
    form,
    req.headers.authorization,
    req.params.tenant,
  );
  if (credentialError) return credentialError;

  const grant = store.authorizationCodes.get(form.get('code') ?? '');
  const refusal = grant
    ? checkGrant(store, grant, form, clientId, namedTenant)
    : invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
  if (refusal) return refusal;
  grant!.redeemed = true;

  const tenant = store.tenants.get(grant!.tenantId)!;
  const account = tenant.accounts.get(grant!.accountId)!;
  return withLog(tokenResponse(store, origin, app, tenant, account, grant!), tenant, clientId);
}

function checkGrant(
  store: SandboxStore,
  grant: AuthorizationCode,
  form: URLSearchParams,
  clientId: string,
  namedTenant: SandboxTenant | null | undefined,
): SandboxResponse | null {
  if (grant.redeemed) {
    return invalidGrant(
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  }
  if (store.now() > grant.expiresAt) {
    return invalidGrant(
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    );
  }
  if (grant.clientId !== clientId) {
    return invalidGrant(70000, "The provided value for the 'code' parameter is not valid.");
  }
  if (namedTenant && namedTenant.id !== grant.tenantId) {
    return invalidGrant(
      700005,
      'Provided Authorization Code is intended to use against other tenant, thus rejected.',
    );
  }
  if (form.get('redirect_uri') !== grant.redirectUri) {
    return invalidGrant(
      500112,
      'The reply address does not match the reply address provided when requesting Authorization code.',
    );
  }
  if (grant.codeChallenge !== null && !pkceMatches(grant, form.get('code_verifier'))) {
    return invalidGrant(
      50148,
      'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
    );
  }
  return null;
}

function pkceMatches(grant: AuthorizationCode, verifier: string | null): boolean {
  if (!verifier) return false;
  const derived =
    grant.codeChallengeMethod === 'S256'
      ? createHash('sha256').update(verifier).digest('base64url')
      : verifier;
  return derived === grant.codeChallenge;
}

function tokenResponse(
  store: SandboxStore,
  origin: string,
  app: AppRegistration,
  tenant: SandboxTenant,
  account: SignInAccount,
  grant: AuthorizationCode,
): SandboxResponse {
  const now = Math.floor(store.now() / 1000);
  const sign = (claims: Record<string, unknown>) =>
    signJwt(claims, store.signingKey.privateKey, store.signingKey.kid);
  const resourceScopes = grant.scopes.filter((s) => !OIDC_SCOPES.has(s));
  const delegated = resourceScopes.length > 0 ? resourceScopes : ['User.Read'];
  const accessToken = sign({
    aud: GRAPH_APP_ID,
    iss: `https://sts.windows.net/${tenant.id}/`,
    iat: now,
    nbf: now,
    exp: now + LIFETIME_SECONDS,
    appid: app.clientId,
    idtyp: 'user',
    oid: account.id,
    scp: delegated.join(' '),
    tid: tenant.id,
    upn: account.userPrincipalName,
    ver: '1.0',
  });
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: [...delegated, ...grant.scopes.filter((s) => OIDC_SCOPES.has(s))].join(' '),
    expires_in: LIFETIME_SECONDS,
    ext_expires_in: LIFETIME_SECONDS,
    access_token: accessToken,
    client_info: Buffer.from(JSON.stringify({ uid: account.id, utid: tenant.id })).toString(
      'base64url',
    ),
  };
  if (grant.scopes.includes('offline_access'))
    body.refresh_token = randomBytes(64).toString('base64url');
  if (grant.scopes.includes('openid'))
    body.id_token = sign(idTokenClaims(origin, app, tenant, account, grant, now));
  return json(200, body);
}

function idTokenClaims(
  origin: string,
  app: AppRegistration,
  tenant: SandboxTenant,
  account: SignInAccount,
  grant: AuthorizationCode,
  now: number,
): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    aud: app.clientId,
    iss: `${origin}/${tenant.id}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + LIFETIME_SECONDS,
    name: account.displayName,
    oid: account.id,
    preferred_username: account.userPrincipalName,
    // A pairwise subject: the same person has another `sub` in every app.
    sub: deterministicGuid(`${account.id}/${app.clientId}`).replace(/-/g, ''),
    tid: tenant.id,
    ver: '2.0',
  };
  if (grant.nonce !== null) claims.nonce = grant.nonce;
  if (app.groupMembershipClaims !== 'None') claims.wids = [...account.roles, ROLE_TEMPLATES.user];
  return claims;
}
