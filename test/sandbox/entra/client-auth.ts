import { decodeJwt, verifySignature } from '../jwt';
import { SandboxResponse } from '../http';
import { AppRegistration } from '../state/types';
import { aadError } from './aad-errors';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * A confidential client proves itself with a secret (form field or Basic header) or a certificate
 * assertion; null when it did, Entra's refusal otherwise.
 */
export function checkClientCredential(
  app: AppRegistration,
  form: URLSearchParams,
  authorization: string | undefined,
  pathTenant: string,
): SandboxResponse | null {
  return checkCredential(app, form, parseBasicAuth(authorization)?.secret, pathTenant);
}

/** The client id of the request: the form field, else the Basic header's user. */
export function clientIdOf(form: URLSearchParams, authorization: string | undefined): string {
  return form.get('client_id') ?? parseBasicAuth(authorization)?.clientId ?? '';
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
