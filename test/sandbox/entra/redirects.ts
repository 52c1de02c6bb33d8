import { redirect, SandboxResponse } from '../http';

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
