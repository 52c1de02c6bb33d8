import { signJwt } from '../jwt';
import { json, SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { ConsentGrant, GRAPH_RESOURCE, SandboxTenant } from '../state/types';
import { aadError } from './aad-errors';
import { checkClientCredential, clientIdOf } from './client-auth';
import { deterministicGuid, withLog } from './entra-ids';
import { redeemAuthorizationCode } from './code-grant';

const TENANT_INDEPENDENT = new Set(['common', 'organizations', 'consumers']);
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * `POST /{tenant}/oauth2/v2.0/token`: the client credentials grant (app-only Graph tokens) and
 * the authorization code grant (an administrator's sign-in), with a secret or a certificate.
 */
export function issueToken(
  store: SandboxStore,
  req: SandboxRequest,
  origin: string,
): SandboxResponse {
  const form = new URLSearchParams(req.rawBody);
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return redeemAuthorizationCode(store, req, form, origin);
  if (grantType !== 'client_credentials') {
    return aadError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'.`,
    );
  }
  return clientCredentials(store, req, form);
}

function clientCredentials(
  store: SandboxStore,
  req: SandboxRequest,
  form: URLSearchParams,
): SandboxResponse {
  const clientId = clientIdOf(form, req.headers.authorization);
  const pathTenant = req.params.tenant.toLowerCase();
  if (TENANT_INDEPENDENT.has(pathTenant)) {
    return aadError(
      400,
      'invalid_request',
      9001023,
      'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
    );
  }
  const tenant = store.findTenant(pathTenant);
  if (!tenant)
    return aadError(400, 'invalid_request', 90002, `Tenant '${req.params.tenant}' not found.`);
  const scopeError = checkScope(form.get('scope'));
  if (scopeError) return scopeError;

  const app = store.apps.get(clientId);
  const consent = app ? tenant.consents.get(app.clientId) : undefined;
  if (!app || !consent || consent.state !== 'granted') {
    return withLog(notConsented(700016, clientId, tenant), tenant, clientId);
  }
  if (store.now() < consent.usableFrom) {
    const refusal = notConsented(tenant.settings.propagationRefusal, clientId, tenant);
    return withLog(refusal, tenant, clientId);
  }
  const credentialError = checkClientCredential(
    app,
    form,
    req.headers.authorization,
    req.params.tenant,
  );
  if (credentialError) return withLog(credentialError, tenant, clientId);

  const issuedAt = Math.floor(Date.now() / 1000);
  const lifetime = tenant.settings.tokenLifetimeSeconds;
  const servicePrincipalId = deterministicGuid(`${tenant.id}/${app.clientId}`);
  const accessToken = signJwt(
    {
      aud: GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${tenant.id}/`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + lifetime,
      appid: app.clientId,
      appidacr: form.has('client_assertion') ? '2' : '1',
      idtyp: 'app',
      oid: servicePrincipalId,
      sub: servicePrincipalId,
      roles: rolesInToken(store, tenant, consent),
      tid: tenant.id,
      ver: '1.0',
    },
    store.signingKey.privateKey,
    store.signingKey.kid,
  );
  return withLog(
    json(200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    }),
    tenant,
    clientId,
  );
}

/** Right after consent a token may still come without the roles just granted. */
function rolesInToken(store: SandboxStore, tenant: SandboxTenant, consent: ConsentGrant): string[] {
  const rolesFrom = consent.usableFrom + tenant.settings.rolesPropagationDelayMs;
  return store.now() < rolesFrom ? [] : consent.roles;
}

/** What Entra answers while the app is not (yet) consented in the tenant; all three are seen. */
function notConsented(
  code: 700016 | 7000229 | 65001,
  clientId: string,
  tenant: SandboxTenant,
): SandboxResponse {
  switch (code) {
    case 7000229:
      return aadError(
        400,
        'invalid_client',
        7000229,
        `The client application ${clientId} is missing service principal in the tenant ${tenant.id}.`,
      );
    case 65001:
      return aadError(
        400,
        'invalid_grant',
        65001,
        `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`,
      );
    default:
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.domains[0]}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
  }
}

function checkScope(scope: string | null): SandboxResponse | null {
  const resources = (scope ?? '').split(' ').filter((s) => s && !OIDC_SCOPES.has(s));
  if (resources.length > 1) {
    return aadError(
      400,
      'invalid_scope',
      700022,
      'The provided value for the input parameter scope is not valid because it contains more than one resource.',
    );
  }
  if (
    resources.length === 0 ||
    !/^https:\/\/graph\.microsoft\.com\/?\.default$/i.test(resources[0])
  ) {
    return aadError(
      400,
      'invalid_scope',
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope ?? ''} is not valid.`,
    );
  }
  return null;
}
