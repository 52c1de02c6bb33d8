import { createHash } from 'node:crypto';
import { decodeJwt, signJwt, verifySignature } from '../jwt';
import { json, SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { AppRegistration, GRAPH_RESOURCE, SandboxTenant } from '../state/types';
import { aadError } from './aad-errors';

const TENANT_INDEPENDENT = new Set(['common', 'organizations', 'consumers']);
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** `POST /{tenant}/oauth2/v2.0/token`: the client credentials grant, with a secret or a certificate. */
export function issueToken(store: SandboxStore, req: SandboxRequest): SandboxResponse {
  const form = new URLSearchParams(req.rawBody);
  const basic = parseBasicAuth(req.headers.authorization);
  const clientId = form.get('client_id') ?? basic?.clientId ?? '';
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
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    return aadError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'.`,
    );
  }
  const scopeError = checkScope(form.get('scope'));
  if (scopeError) return scopeError;

  const app = store.apps.get(clientId);
  const consent = app ? tenant.consents.get(app.clientId) : undefined;
  if (!app || !consent || consent.state !== 'granted' || store.now() < consent.usableFrom) {
    return withLog(
      aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.domains[0]}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      ),
      tenant,
      clientId,
    );
  }
  const credentialError = checkCredential(app, form, basic?.secret, req.params.tenant);
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
      roles: consent.roles,
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

function checkCredential(
  app: AppRegistration,
  form: URLSearchParams,
  basicSecret: string | undefined,
  pathTenant: string,
): SandboxResponse | null {
  const secret = form.get('client_secret') ?? basicSecret;
  if (secret !== undefined && secret !== null) {
    const match = app.secrets.find((s) => s.value === secret);
    if (!match) {
      return aadError(
        401,
        'invalid_client',
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" +
          app.clientId +
          "'.",
      );
    }
    if (match.expiresAt !== undefined && match.expiresAt < Date.now()) {
      return aadError(
        401,
        'invalid_client',
        7000222,
        `The provided client secret keys for app '${app.clientId}' are expired.`,
      );
    }
    return null;
  }
  const assertion = form.get('client_assertion');
  if (assertion && form.get('client_assertion_type') === ASSERTION_TYPE) {
    return checkAssertion(app, assertion, pathTenant);
  }
  return aadError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}

function checkAssertion(
  app: AppRegistration,
  assertion: string,
  pathTenant: string,
): SandboxResponse | null {
  const failure = (why: string) =>
    aadError(401, 'invalid_client', 700027, `Client assertion failed signature validation. ${why}`);
  const jwt = decodeJwt(assertion);
  if (!jwt) return failure('The assertion is not a JWT.');
  const thumbprint = jwt.header['x5t#S256'] ?? jwt.header.x5t;
  const certificate = app.certificates.find(
    (c) => c.x5tS256 === thumbprint || c.x5t === thumbprint,
  );
  if (!certificate)
    return failure(
      `No certificate with thumbprint '${String(thumbprint)}' is registered for the app.`,
    );
  if (!verifySignature(jwt, certificate.publicKeyPem))
    return failure('The signature does not match.');
  const { aud, iss, sub, exp } = jwt.payload;
  const now = Date.now() / 1000;
  if (iss !== app.clientId || sub !== app.clientId)
    return failure('iss and sub must be the client id.');
  if (typeof exp !== 'number' || exp < now) return failure('The assertion has expired.');
  if (
    typeof aud !== 'string' ||
    !aud.toLowerCase().endsWith(`/${pathTenant.toLowerCase()}/oauth2/v2.0/token`)
  ) {
    return failure(`The audience '${String(aud)}' is not the token endpoint.`);
  }
  return null;
}

function parseBasicAuth(
  header: string | undefined,
): { clientId: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const [clientId, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  return { clientId: decodeURIComponent(clientId), secret: decodeURIComponent(secret ?? '') };
}

function withLog(
  answer: SandboxResponse,
  tenant: SandboxTenant,
  clientId: string,
): SandboxResponse {
  return { ...answer, log: { tenantId: tenant.id, clientId } };
}

export function deterministicGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
