import { redirect, SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { AppRegistration } from '../state/types';
import { aadErrorPage } from './aad-errors';

/**
 * Entra's error redirect: `error`, an AADSTS description with trace lines, `error_uri` and the
 * `state`; the admin consent endpoint adds `admin_consent=True` and never the `tenant`.
 */
export function errorRedirect(
  redirectUri: string,
  state: string | null,
  failure: { error: string; code: number; description: string; subcode?: string },
  options: { adminConsent?: boolean } = {},
): SandboxResponse {
  const target = new URL(redirectUri);
  target.searchParams.set('error', failure.error);
  target.searchParams.set(
    'error_description',
    `AADSTS${failure.code}: ${failure.description}\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\nCorrelation ID: 00000000-0000-0000-0000-000000000000\r\nTimestamp: ${new Date().toISOString()}`,
  );
  target.searchParams.set(
    'error_uri',
    `https://login.microsoftonline.com/error?code=${failure.code}`,
  );
  if (failure.subcode) target.searchParams.set('error_subcode', failure.subcode);
  if (options.adminConsent) target.searchParams.set('admin_consent', 'True');
  if (state !== null) target.searchParams.set('state', state);
  return redirect(target.toString());
}

/**
 * The app a browser request names, and where Entra may send the answer. An unknown client or an
 * unregistered redirect URI gets Entra's error page instead: it never redirects to them.
 */
export function redirectTarget(
  store: SandboxStore,
  req: SandboxRequest,
): { app: AppRegistration; redirectUri: string } | SandboxResponse {
  const clientId = req.query.get('client_id') ?? '';
  const redirectUri = req.query.get('redirect_uri') ?? '';
  const app = store.apps.get(clientId);
  if (!app) {
    return aadErrorPage(
      400,
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${req.params.tenant}'.`,
    );
  }
  if (!app.redirectUris.includes(redirectUri)) {
    return aadErrorPage(
      400,
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
    );
  }
  return { app, redirectUri };
}
