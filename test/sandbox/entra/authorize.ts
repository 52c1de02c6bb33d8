import { randomBytes, randomUUID } from 'node:crypto';
import { redirect, SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { SignInChoice } from '../state/types';
import { aadErrorPage } from './aad-errors';
import { errorRedirect, redirectTarget } from './redirects';

const TENANT_INDEPENDENT = new Set(['organizations', 'common']);
const CODE_LIFETIME_MS = 10 * 60_000;
const PROMPTS = new Set(['login', 'none', 'consent', 'select_account']);

/**
 * `GET /{tenant}/oauth2/v2.0/authorize`: the authorization code flow with PKCE. Nobody types a
 * password here: the control API's `nextSignIn` (or else the browser session) says who signs in
 * and whether they go on or cancel. MSAL's extra parameters (`client_info`, `claims`, `x-client-*`)
 * are accepted and ignored.
 */
export function authorize(store: SandboxStore, req: SandboxRequest): SandboxResponse {
  const q = req.query;
  const checked = redirectTarget(store, req);
  if (!('app' in checked)) return checked;
  const { redirectUri } = checked;
  const clientId = checked.app.clientId;
  const state = q.get('state');
  const fail = (error: string, code: number, description: string, subcode?: string) =>
    errorRedirect(redirectUri, state, { error, code, description, subcode });

  const responseType = q.get('response_type');
  if (responseType !== 'code') {
    return fail(
      'unsupported_response_type',
      700054,
      `response_type '${responseType ?? ''}' is not enabled for the application.`,
    );
  }
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0) {
    return fail(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  }
  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : null);
  if (method !== null && method !== 'S256' && method !== 'plain') {
    return fail('invalid_request', 501491, `Invalid code_challenge_method '${method}'.`);
  }
  if (challenge !== null && !/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) {
    return fail('invalid_request', 501491, 'Invalid size of Code_Challenge parameter.');
  }
  const prompt = q.get('prompt');
  if (prompt !== null && !PROMPTS.has(prompt)) {
    return fail('invalid_request', 90023, `Invalid prompt value '${prompt}'.`);
  }

  const choice = whoSignsIn(store, prompt);
  if (!choice) {
    return prompt === 'none'
      ? fail('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.')
      : aadErrorPage(
          200,
          50058,
          'Nobody is signed in to the sandbox: choose an account with POST /__sandbox/sign-in/next.',
        );
  }
  const tenant = store.tenants.get(choice.tenantId);
  const account = tenant?.accounts.get(choice.accountId);
  if (!tenant || !account) {
    return aadErrorPage(400, 90002, `Tenant '${choice.tenantId}' not found.`);
  }
  const pathTenant = req.params.tenant.toLowerCase();
  if (!TENANT_INDEPENDENT.has(pathTenant) && store.findTenant(pathTenant)?.id !== tenant.id) {
    return fail(
      'access_denied',
      50020,
      `User account '${account.userPrincipalName}' from identity provider 'https://sts.windows.net/${tenant.id}/' does not exist in tenant '${req.params.tenant}' and cannot access the application '${clientId}' in that tenant.`,
    );
  }
  store.session = { ...choice, outcome: 'approve' };
  if (choice.outcome === 'cancel') {
    return fail('access_denied', 65004, 'User declined to consent to access the app.', 'cancel');
  }

  const code = randomBytes(48).toString('base64url');
  store.authorizationCodes.set(code, {
    clientId,
    redirectUri,
    tenantId: tenant.id,
    accountId: account.id,
    scopes,
    nonce: q.get('nonce'),
    codeChallenge: challenge,
    codeChallengeMethod: method === 'plain' ? 'plain' : 'S256',
    expiresAt: store.now() + CODE_LIFETIME_MS,
    redeemed: false,
  });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  if (state !== null) target.searchParams.set('state', state);
  target.searchParams.set('session_state', randomUUID());
  return { ...redirect(target.toString()), log: { tenantId: tenant.id, clientId } };
}

/** The queued choice (used once), else the session unless the app asks for a fresh sign-in. */
function whoSignsIn(store: SandboxStore, prompt: string | null): SignInChoice | null {
  const queued = store.nextSignIn;
  store.nextSignIn = null;
  if (queued) return queued;
  return prompt === 'login' ? null : store.session;
}
