import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import { ensureCertificate } from '../../sandbox/certificate';
import { decodeJwt } from '../../sandbox/jwt';
import { certificateThumbprints } from '../../sandbox/control/system.control';
import { CONNECTOR_APP_ROLES } from '../../sandbox/demo-seed';
import {
  consentedTenant,
  registerTestApp,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../../support/test-sandbox';

const GRAPH_SCOPE = ['https://graph.microsoft.com/.default'];

describe('sandbox Entra, through the real msal-node', () => {
  let env: TestSandbox;
  let tenantId: string;

  beforeEach(async () => {
    env = await startTestSandbox();
    tenantId = await consentedTenant(env.client);
  });
  afterEach(() => env.close());

  const msal = (credential: {
    clientSecret?: string;
    clientCertificate?: { thumbprintSha256: string; privateKey: string };
  }) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: TEST_APP.clientId,
        authority: `${env.origin}/${tenantId}`,
        knownAuthorities: [new URL(env.origin).host],
        ...credential,
      },
    });

  it('issues a token for a client secret and serves the second request from the cache', async () => {
    const cca = msal({ clientSecret: TEST_APP.clientSecret });
    const first = await cca.acquireTokenByClientCredential({ scopes: GRAPH_SCOPE });
    const second = await cca.acquireTokenByClientCredential({ scopes: GRAPH_SCOPE });

    expect(first?.fromCache).toBe(false);
    expect(second?.fromCache).toBe(true);
    expect(second?.accessToken).toBe(first?.accessToken);
    const claims = decodeJwt(first!.accessToken)!.payload;
    expect(claims).toMatchObject({
      tid: tenantId,
      appid: TEST_APP.clientId,
      aud: 'https://graph.microsoft.com',
      idtyp: 'app',
    });
    expect(claims.roles).toEqual(CONNECTOR_APP_ROLES);
    const tokenCalls = await env.client.requests({ path: '/oauth2/v2.0/token$' });
    expect(tokenCalls).toHaveLength(1);
  });

  it('issues a token for a certificate (signed client assertion)', async () => {
    const files = ensureCertificate(
      mkdtempSync(join(tmpdir(), 'app-cert-')),
      'app',
      'teams-connector-test',
    );
    await env.client.registerApp({
      clientId: TEST_APP.clientId,
      certificatePems: [files.cert],
      redirectUris: [TEST_APP.redirectUri],
      requiredRoles: CONNECTOR_APP_ROLES,
    });
    const cca = msal({
      clientCertificate: {
        thumbprintSha256: certificateThumbprints(files.cert).sha256Hex,
        privateKey: files.key,
      },
    });

    const result = await cca.acquireTokenByClientCredential({ scopes: GRAPH_SCOPE });

    expect(decodeJwt(result!.accessToken)!.payload).toMatchObject({ tid: tenantId, appidacr: '2' });
  });

  it('refuses an assertion signed by a certificate the app does not have', async () => {
    const registered = ensureCertificate(
      mkdtempSync(join(tmpdir(), 'app-cert-')),
      'app',
      'registered',
    );
    const stranger = ensureCertificate(mkdtempSync(join(tmpdir(), 'app-cert-')), 'app', 'stranger');
    await env.client.registerApp({
      clientId: TEST_APP.clientId,
      certificatePems: [registered.cert],
      requiredRoles: CONNECTOR_APP_ROLES,
    });
    const cca = msal({
      clientCertificate: {
        thumbprintSha256: certificateThumbprints(registered.cert).sha256Hex,
        privateKey: stranger.key,
      },
    });

    await expect(cca.acquireTokenByClientCredential({ scopes: GRAPH_SCOPE })).rejects.toMatchObject(
      { errorCode: 'invalid_client', errorNo: 700027 },
    );
  });

  it('answers a wrong client secret with invalid_client (AADSTS7000215)', async () => {
    const error = await msal({ clientSecret: 'not-the-secret' })
      .acquireTokenByClientCredential({ scopes: GRAPH_SCOPE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ errorCode: 'invalid_client', errorNo: 7000215 });
  });

  it('answers unauthorized_client (AADSTS700016) before consent and after it is revoked', async () => {
    const fresh = await env.client.createTenant({ domain: 'northwind.example' });
    const before = new ConfidentialClientApplication({
      auth: {
        clientId: TEST_APP.clientId,
        clientSecret: TEST_APP.clientSecret,
        authority: `${env.origin}/${fresh.id}`,
        knownAuthorities: [new URL(env.origin).host],
      },
    });
    await expect(
      before.acquireTokenByClientCredential({ scopes: GRAPH_SCOPE }),
    ).rejects.toMatchObject({ errorCode: 'unauthorized_client', errorNo: 700016 });

    await env.client.revokeConsent(tenantId, TEST_APP.clientId);
    const after = msal({ clientSecret: TEST_APP.clientSecret });
    await expect(
      after.acquireTokenByClientCredential({ scopes: GRAPH_SCOPE }),
    ).rejects.toMatchObject({ errorCode: 'unauthorized_client', errorNo: 700016 });
  });

  it('refuses client credentials on /common and more than one resource in scope', async () => {
    const post = (tenant: string, scope: string) =>
      fetch(`${env.origin}/${tenant}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: TEST_APP.clientId,
          client_secret: TEST_APP.clientSecret,
          grant_type: 'client_credentials',
          scope,
        }),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as {
          error: string;
          error_codes: number[];
          error_description: string;
        },
      }));

    const common = await post('common', GRAPH_SCOPE[0]);
    expect(common).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_codes: [9001023] },
    });
    const twoResources = await post(
      tenantId,
      `${GRAPH_SCOPE[0]} https://outlook.office.com/.default`,
    );
    expect(twoResources).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope', error_codes: [700022] },
    });
    expect(twoResources.body.error_description).toMatch(
      /^AADSTS700022: .*\r\nTrace ID: .*\r\nCorrelation ID: /s,
    );
  });
});

describe('sandbox admin consent endpoint', () => {
  let env: TestSandbox;
  let tenantId: string;

  beforeEach(async () => {
    env = await startTestSandbox();
    await registerTestApp(env.client);
    tenantId = (await env.client.createTenant({ domain: 'contoso.example' })).id;
  });
  afterEach(() => env.close());

  const consentUrl = (tenant: string, clientId = TEST_APP.clientId) => {
    const url = new URL(`${env.origin}/${tenant}/v2.0/adminconsent`);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('redirect_uri', TEST_APP.redirectUri);
    url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
    url.searchParams.set('state', 'opaque-state-123');
    return url.toString();
  };

  it('redirects back with admin_consent, the tenant, the scope and the state on approval, then tokens work', async () => {
    const res = await fetch(consentUrl('organizations'), { redirect: 'manual' }).catch(() => null);
    expect(res?.status).toBe(400); // nobody has "signed in" for an ambiguous tenant yet

    await env.client.nextConsent(tenantId, 'approve');
    const approved = await fetch(consentUrl('organizations'), { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(TEST_APP.redirectUri);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      admin_consent: 'True',
      tenant: tenantId,
      scope: 'https://graph.microsoft.com/.default',
      state: 'opaque-state-123',
    });

    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: TEST_APP.clientId,
        clientSecret: TEST_APP.clientSecret,
        authority: `${env.origin}/${tenantId}`,
        knownAuthorities: [new URL(env.origin).host],
      },
    });
    await expect(
      cca.acquireTokenByClientCredential({ scopes: GRAPH_SCOPE }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('redirects with access_denied and AADSTS65004, and no tenant, when the administrator cancels', async () => {
    await env.client.updateSettings(tenantId, { consentOutcome: 'cancel' });
    const res = await fetch(consentUrl(tenantId), { redirect: 'manual' });
    const params = new URL(res.headers.get('location')!).searchParams;
    expect(res.status).toBe(302);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toMatch(/^AADSTS65004: User declined to consent/);
    expect(params.get('admin_consent')).toBe('True');
    expect(params.get('state')).toBe('opaque-state-123');
    expect(params.has('tenant')).toBe(false);
  });

  it('shows an error page, with no redirect, for an unknown client or an unregistered redirect URI', async () => {
    const unknown = await fetch(consentUrl(tenantId, '99999999-9999-4999-8999-999999999999'), {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
    expect(await unknown.text()).toContain('AADSTS700016');

    const badRedirect = new URL(consentUrl(tenantId));
    badRedirect.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const refused = await fetch(badRedirect, { redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('AADSTS50011');
  });

  it('delays the first token while a fresh grant propagates', async () => {
    await env.client.updateSettings(tenantId, { propagationDelayMs: 1500 });
    await fetch(consentUrl(tenantId), { redirect: 'manual' });
    const token = () =>
      fetch(`${env.origin}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: TEST_APP.clientId,
          client_secret: TEST_APP.clientSecret,
          grant_type: 'client_credentials',
          scope: GRAPH_SCOPE[0],
        }),
      });
    expect((await token()).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await token()).status).toBe(200);
  });
});
