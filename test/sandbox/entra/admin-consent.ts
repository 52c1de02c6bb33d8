import { redirect, SandboxRequest, SandboxResponse } from '../http';
import { SandboxStore } from '../state/store';
import { aadErrorPage } from './aad-errors';
import { errorRedirect, redirectTarget } from './redirects';
import { ROLE_TEMPLATES } from '../state/types';

const AMBIGUOUS_TENANTS = new Set(['organizations', 'common']);

/**
 * `/{tenant}/v2.0/adminconsent` and the legacy `/{tenant}/adminconsent`. The person is the one
 * signed in to the browser session: one without an administrator role gets Entra's "admin
 * approval required" page. What they click is the tenant's `consentOutcome` setting (or a
 * queued `nextConsent`, which also names the tenant for `organizations`).
 */
export function adminConsent(
  store: SandboxStore,
  req: SandboxRequest,
  v2: boolean,
): SandboxResponse {
  const checked = redirectTarget(store, req);
  if (!('app' in checked)) return checked;
  const { app, redirectUri } = checked;
  const clientId = app.clientId;
  const scope = req.query.get('scope');
  const state = req.query.get('state');
  if (v2 && !scope) {
    return errorRedirect(
      redirectUri,
      state,
      {
        error: 'invalid_request',
        code: 90014,
        description: "The required field 'scope' is missing.",
      },
      { adminConsent: true },
    );
  }

  const pending = store.nextConsent;
  const pathTenant = req.params.tenant.toLowerCase();
  const tenantKey = AMBIGUOUS_TENANTS.has(pathTenant)
    ? (pending?.tenantId ?? store.session?.tenantId)
    : pathTenant;
  const tenant = tenantKey ? store.findTenant(tenantKey) : undefined;
  if (!tenant) {
    return aadErrorPage(400, 90002, `Tenant '${req.params.tenant}' not found.`);
  }
  store.nextConsent = null;
  const outcome =
    pending?.outcome ?? sessionOutcome(store, tenant.id) ?? tenant.settings.consentOutcome;

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
      {
        error: 'access_denied',
        code: 65004,
        description: 'User declined to consent to access the app.',
        subcode: 'cancel',
      },
      { adminConsent: true },
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

const CONSENTING_ROLES: string[] = [
  ROLE_TEMPLATES.globalAdministrator,
  ROLE_TEMPLATES.privilegedRoleAdministrator,
];

/** A signed-in person of this tenant without a role that may grant Graph app permissions. */
function sessionOutcome(store: SandboxStore, tenantId: string): 'non_admin' | undefined {
  const account =
    store.session?.tenantId === tenantId
      ? store.tenants.get(tenantId)?.accounts.get(store.session.accountId)
      : undefined;
  if (account && !account.roles.some((r) => CONSENTING_ROLES.includes(r))) return 'non_admin';
  return undefined;
}
