import { redirect, SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { aadErrorPage } from './aad-errors';

const AMBIGUOUS_TENANTS = new Set(['organizations', 'common']);

/**
 * `/{tenant}/v2.0/adminconsent` and the legacy `/{tenant}/adminconsent`. No person signs in here:
 * the tenant's `consentOutcome` setting (or a queued `nextConsent`) stands for what the Global
 * Administrator would click.
 */
export function adminConsent(
  store: SandboxStore,
  req: SandboxRequest,
  v2: boolean,
): SandboxResponse {
  const clientId = req.query.get('client_id') ?? '';
  const redirectUri = req.query.get('redirect_uri') ?? '';
  const scope = req.query.get('scope');
  const state = req.query.get('state');
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
  if (v2 && !scope) {
    return errorRedirect(
      redirectUri,
      state,
      'invalid_request',
      90014,
      "The required field 'scope' is missing.",
    );
  }

  const pending = store.nextConsent;
  const pathTenant = req.params.tenant.toLowerCase();
  const tenantKey = AMBIGUOUS_TENANTS.has(pathTenant)
    ? (pending?.tenantId ?? store.signedInTenantId)
    : pathTenant;
  const tenant = tenantKey ? store.findTenant(tenantKey) : undefined;
  if (!tenant) {
    return aadErrorPage(400, 90002, `Tenant '${req.params.tenant}' not found.`);
  }
  store.nextConsent = null;
  const outcome = pending?.outcome ?? tenant.settings.consentOutcome;

  if (outcome === 'non_admin') {
    return aadErrorPage(
      403,
      90094,
      'Admin consent is required for the permissions requested by this application.',
    );
  }
  if (outcome === 'cancel') {
    return errorRedirect(
      redirectUri,
      state,
      'access_denied',
      65004,
      'User declined to consent to access the app.',
    );
  }

  const now = store.now();
  tenant.consents.set(app.clientId, {
    state: 'granted',
    roles: tenant.settings.grantRoles ?? [...app.requiredRoles],
    grantedAt: now,
    usableFrom: now + tenant.settings.propagationDelayMs,
  });
  const target = new URL(redirectUri);
  target.searchParams.set('admin_consent', 'True');
  target.searchParams.set('tenant', tenant.id);
  if (v2 && scope) target.searchParams.set('scope', scope);
  if (state !== null) target.searchParams.set('state', state);
  return { ...redirect(target.toString()), log: { tenantId: tenant.id, clientId } };
}

function errorRedirect(
  redirectUri: string,
  state: string | null,
  error: string,
  code: number,
  description: string,
): SandboxResponse {
  // Entra's error redirect carries no `tenant` and still says admin_consent=True.
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  target.searchParams.set(
    'error_description',
    `AADSTS${code}: ${description}\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\nCorrelation ID: 00000000-0000-0000-0000-000000000000\r\nTimestamp: ${new Date().toISOString()}`,
  );
  target.searchParams.set('error_uri', `https://login.microsoftonline.com/error?code=${code}`);
  target.searchParams.set('admin_consent', 'True');
  if (state !== null) target.searchParams.set('state', state);
  return redirect(target.toString());
}
