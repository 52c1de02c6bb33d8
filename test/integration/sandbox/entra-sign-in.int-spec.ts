import { createPublicKey } from 'node:crypto';
import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { decodeJwt, verifySignature } from '../../sandbox/jwt';
import { CONNECTOR_APP_ROLES } from '../../sandbox/demo-seed';
import { ROLE_TEMPLATES } from '../../sandbox/state/types';
import { appToken, startTestSandbox, TEST_APP, TestSandbox } from '../../support/test-sandbox';

const GA = ROLE_TEMPLATES.globalAdministrator;

describe('sandbox sign-in (authorization code with PKCE), through the real msal-node', () => {
  let env: TestSandbox;
  let tenantId: string;
  const pkce = new CryptoProvider();

  beforeEach(async () => {
    env = await startTestSandbox();
    await registerApp('DirectoryRole');
    tenantId = (await env.client.createTenant({ domain: 'contoso.example' })).id;
  });
  afterEach(() => env.close());

  const registerApp = (groupMembershipClaims: 'None' | 'DirectoryRole') =>
    env.client.registerApp({
      clientId: TEST_APP.clientId,
      secrets: [{ value: TEST_APP.clientSecret }],
      redirectUris: [TEST_APP.redirectUri],
      requiredRoles: [...CONNECTOR_APP_ROLES, 'RoleManagement.Read.Directory'],
      groupMembershipClaims,
    });

  const msal = (tenant = 'organizations') =>
    new ConfidentialClientApplication({
      auth: {
        clientId: TEST_APP.clientId,
        clientSecret: TEST_APP.clientSecret,
        authority: `${env.origin}/${tenant}`,
        knownAuthorities: [new URL(env.origin).host],
      },
    });

  /** The browser's part: follow the authorize URL to the redirect and read its query. */
  async function signIn(cca: ConfidentialClientApplication, extra: { prompt?: string } = {}) {
    const { verifier, challenge } = await pkce.generatePkceCodes();
    const url = await cca.getAuthCodeUrl({
      scopes: ['openid', 'profile'],
      redirectUri: TEST_APP.redirectUri,
      state: 'state-42',
      nonce: 'nonce-42',
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      prompt: extra.prompt ?? 'select_account',
    });
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location');
    return {
      status: res.status,
      body: location ? '' : await res.text(),
      query: location ? new URL(location).searchParams : new URLSearchParams(),
      verifier,
    };
  }

  const redeem = (
    cca: ConfidentialClientApplication,
    code: string,
    verifier: string,
    nonce = 'nonce-42',
  ) =>
    cca.acquireTokenByCode({
      code,
      codeVerifier: verifier,
      nonce,
      redirectUri: TEST_APP.redirectUri,
      scopes: ['openid', 'profile'],
    });

  it('signs the chosen administrator in: code and state back, an ID token with tid, oid, wids, preferred_username and nonce', async () => {
    const { accountId } = await env.client.nextSignIn({
      tenantId,
      userPrincipalName: 'ada@contoso.example',
    });
    const cca = msal();
    const back = await signIn(cca);
    expect(back.status).toBe(302);
    expect(back.query.get('state')).toBe('state-42');
    const result = await redeem(cca, back.query.get('code')!, back.verifier);

    expect(result.idTokenClaims).toMatchObject({
      tid: tenantId,
      oid: accountId,
      preferred_username: 'ada@contoso.example',
      nonce: 'nonce-42',
      aud: TEST_APP.clientId,
      iss: `${env.origin}/${tenantId}/v2.0`,
      ver: '2.0',
    });
    expect((result.idTokenClaims as { wids: string[] }).wids).toEqual([GA, ROLE_TEMPLATES.user]);
    expect(result.tenantId).toBe(tenantId);
    expect(result.account?.homeAccountId).toBe(`${accountId}.${tenantId}`);
  });

  it('signs the ID token with a key published at the jwks_uri its tenant discovery names', async () => {
    await env.client.nextSignIn({ tenantId });
    const cca = msal();
    const back = await signIn(cca);
    const { idToken } = await redeem(cca, back.query.get('code')!, back.verifier);

    const discovery = (await (
      await fetch(`${env.origin}/${tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string; authorization_endpoint: string };
    expect(discovery.authorization_endpoint).toBe(
      `${env.origin}/${tenantId}/oauth2/v2.0/authorize`,
    );
    const { keys } = (await (await fetch(discovery.jwks_uri)).json()) as {
      keys: (Record<string, string> & { kid: string })[];
    };
    const jwt = decodeJwt(idToken)!;
    expect(jwt.payload.iss).toBe(discovery.issuer);
    const key = keys.find((k) => k.kid === jwt.header.kid)!;
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig' });
    const publicKey = createPublicKey({ key, format: 'jwk' });
    expect(verifySignature(jwt, publicKey)).toBe(true);
    const tampered = { ...jwt, signingInput: jwt.signingInput.replace(/\.[^.]+$/, '.e30') };
    expect(verifySignature(tampered, publicKey)).toBe(false);
  });

  it('leaves wids out unless the app registration asks for directory-role claims; Graph then answers the roles', async () => {
    await registerApp('None');
    await env.client.grantConsent(tenantId, TEST_APP.clientId);
    const { accountId } = await env.client.nextSignIn({ tenantId });
    const cca = msal();
    const back = await signIn(cca);
    const result = await redeem(cca, back.query.get('code')!, back.verifier);
    expect(result.idTokenClaims).not.toHaveProperty('wids');

    const token = await appToken(env.origin, tenantId);
    const res = await fetch(
      `${env.origin}/v1.0/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${accountId}'`)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: unknown[] }).value).toEqual([
      expect.objectContaining({
        principalId: accountId,
        roleDefinitionId: GA,
        directoryScopeId: '/',
      }),
    ]);
  });

  it('redeems a code once, only with its PKCE verifier, and MSAL refuses an ID token for another nonce', async () => {
    await env.client.nextSignIn({ tenantId });
    const cca = msal();
    const first = await signIn(cca);
    const code = first.query.get('code')!;
    await expect(redeem(cca, code, 'x'.repeat(43))).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      errorNo: 50148,
    });
    await redeem(cca, code, first.verifier);
    await expect(redeem(cca, code, first.verifier)).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      errorNo: 54005,
    });

    const second = await signIn(cca);
    await expect(
      redeem(cca, second.query.get('code')!, second.verifier, 'another-nonce'),
    ).rejects.toMatchObject({
      errorCode: 'nonce_mismatch',
    });
  });

  it('expires a code after ten minutes (AADSTS70008)', async () => {
    await env.client.nextSignIn({ tenantId });
    const cca = msal();
    const back = await signIn(cca);
    await env.client.advanceClock(11 * 60_000);
    await expect(redeem(cca, back.query.get('code')!, back.verifier)).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      errorNo: 70008,
    });
  });

  it('redirects errors with error, an AADSTS error_description, error_subcode and the state', async () => {
    await env.client.nextSignIn({ tenantId, outcome: 'cancel' });
    const cancelled = await signIn(msal());
    expect(cancelled.status).toBe(302);
    expect(cancelled.query.get('error')).toBe('access_denied');
    expect(cancelled.query.get('error_description')).toMatch(/^AADSTS65004: /);
    expect(cancelled.query.get('error_subcode')).toBe('cancel');
    expect(cancelled.query.get('state')).toBe('state-42');
    expect(cancelled.query.has('code')).toBe(false);

    const fabrikam = (await env.client.createTenant({ domain: 'fabrikam.example' })).id;
    await env.client.nextSignIn({ tenantId: fabrikam });
    const stranger = await signIn(msal(tenantId));
    expect(stranger.query.get('error')).toBe('access_denied');
    expect(stranger.query.get('error_description')).toMatch(/^AADSTS50020: /);

    await env.client.reset();
    await registerApp('DirectoryRole');
    const silent = await signIn(msal(), { prompt: 'none' });
    expect(silent.query.get('error')).toBe('login_required');
    expect(silent.query.get('error_description')).toMatch(/^AADSTS50058: /);
  });

  it('shows an error page instead of redirecting for an unknown client or redirect URI', async () => {
    const url = new URL(`${env.origin}/organizations/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({
      client_id: TEST_APP.clientId,
      response_type: 'code',
      redirect_uri: 'https://attacker.example/callback',
      scope: 'openid',
      state: 's',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('AADSTS50011');

    url.searchParams.set('redirect_uri', TEST_APP.redirectUri);
    url.searchParams.set('response_type', 'token');
    const wrongType = await fetch(url, { redirect: 'manual' });
    expect(new URL(wrongType.headers.get('location')!).searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
  });
});

describe('sandbox consent propagation', () => {
  let env: TestSandbox;
  let tenantId: string;

  beforeEach(async () => {
    env = await startTestSandbox();
    await env.client.registerApp({
      clientId: TEST_APP.clientId,
      secrets: [{ value: TEST_APP.clientSecret }],
      redirectUris: [TEST_APP.redirectUri],
      requiredRoles: CONNECTOR_APP_ROLES,
    });
    tenantId = (await env.client.createTenant({ domain: 'contoso.example' })).id;
  });
  afterEach(() => env.close());

  const token = () =>
    new ConfidentialClientApplication({
      auth: {
        clientId: TEST_APP.clientId,
        clientSecret: TEST_APP.clientSecret,
        authority: `${env.origin}/${tenantId}`,
        knownAuthorities: [new URL(env.origin).host],
      },
    }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });

  it.each([700016, 7000229, 65001] as const)(
    'refuses tokens with AADSTS%s while a fresh grant propagates',
    async (code) => {
      await env.client.updateSettings(tenantId, {
        propagationDelayMs: 60_000,
        propagationRefusal: code,
      });
      await env.client.grantConsent(tenantId, TEST_APP.clientId);
      await expect(token()).rejects.toMatchObject({ errorNo: code });
      await env.client.advanceClock(61_000);
      await expect(token()).resolves.toMatchObject({ tokenType: 'Bearer' });
    },
  );

  it('issues tokens without the new roles for a while after the first one succeeds', async () => {
    await env.client.updateSettings(tenantId, { rolesPropagationDelayMs: 60_000 });
    await env.client.grantConsent(tenantId, TEST_APP.clientId);
    expect(decodeJwt((await token())!.accessToken)!.payload.roles).toEqual([]);
    await env.client.advanceClock(61_000);
    expect(decodeJwt((await token())!.accessToken)!.payload.roles).toEqual(CONNECTOR_APP_ROLES);
  });
});
