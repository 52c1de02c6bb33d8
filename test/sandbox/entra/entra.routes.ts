import { json, Router } from '../http';
import { SandboxStore } from '../state/store';
import { adminConsent } from './admin-consent';
import { authorize } from './authorize';
import { issueToken } from './token';

/** Microsoft Entra (login.microsoftonline.com) as MSAL and a browser meet it. */
export function entraRoutes(store: SandboxStore, origin: string): Router {
  return new Router()
    .add('GET', '/:tenant/v2.0/.well-known/openid-configuration', (req) => {
      const base = `${origin}/${req.params.tenant}`;
      return json(200, {
        issuer: `${base}/v2.0`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        subject_types_supported: ['pairwise'],
        claims_supported: [
          'sub',
          'iss',
          'aud',
          'exp',
          'iat',
          'auth_time',
          'nonce',
          'preferred_username',
          'name',
          'tid',
          'ver',
          'email',
        ],
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    })
    .add('GET', '/:tenant/discovery/v2.0/keys', () => {
      const jwk = store.signingKey.publicKey.export({ format: 'jwk' });
      return json(200, { keys: [{ ...jwk, kid: store.signingKey.kid, use: 'sig', kty: 'RSA' }] });
    })
    .add('GET', '/:tenant/oauth2/v2.0/authorize', (req) => authorize(store, req))
    .add('GET', '/:tenant/v2.0/adminconsent', (req) => adminConsent(store, req, true))
    .add('GET', '/:tenant/adminconsent', (req) => adminConsent(store, req, false))
    .add('POST', '/:tenant/oauth2/v2.0/token', (req) => issueToken(store, req, origin));
}
