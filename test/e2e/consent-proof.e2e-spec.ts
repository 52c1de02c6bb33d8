import { CONNECTOR_APP_ROLES } from '../sandbox/demo-seed';
import { ROLE_TEMPLATES } from '../sandbox/state/types';
import { walkConsent } from '../support/consent-journey';
import {
  invitationToken,
  newTenantBody,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import {
  registerTestApp,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

/**
 * Consent links a Microsoft 365 tenant only on Microsoft's proof of who consented: the tenant of
 * the signed-in administrator's ID token, and a role that may grant Graph app permissions.
 */
describe('consent proves who consented', () => {
  let sandbox: TestSandbox;
  let smtp: SmtpSink;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  let providerToken: string;
  let victim: string;
  let attacker: string;

  beforeAll(async () => {
    [sandbox, smtp, db] = await Promise.all([
      startTestSandbox(),
      startSmtpSink(),
      isolatedDatabase(),
    ]);
    t = await startHttpApp({ ...db.env, SMTP_URL: smtp.url, ...sandboxEnv(sandbox.origin) });
    providerToken = await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
  });
  beforeEach(async () => {
    await sandbox.client.reset();
    await registerTestApp(sandbox.client);
    victim = (await sandbox.client.createTenant({ domain: 'victim.example' })).id;
    attacker = (await sandbox.client.createTenant({ domain: 'attacker.example' })).id;
    // B's administrator consented earlier, but B's callback never completed (as while a grant
    // propagates): Microsoft already issues tokens for B.
    await sandbox.client.grantConsent(victim, TEST_APP.clientId);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([sandbox?.close(), smtp?.close()]);
    await db?.drop();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  /** A service tenant and the bearer token of its own customer admin. */
  async function customer(name: string, email: string) {
    const res = await t
      .http()
      .post('/api/v1/tenants')
      .set(auth(providerToken))
      .send(newTenantBody(email, name))
      .expect(201);
    const token = invitationToken((await smtp.next(email)).text ?? '');
    const password = 'a-long-enough-password';
    await t.http().post(`/api/v1/invitations/${token}/accept`).send({ password }).expect(200);
    return { id: res.body.tenant.id as string, bearer: await t.login(email, password) };
  }

  const startConsent = async (who: { id: string; bearer: string }) =>
    (await t.http().post(`/api/v1/tenants/${who.id}/consent`).set(auth(who.bearer)).expect(200))
      .body.consentUrl as string;

  /** Nothing links B's Microsoft 365 tenant, and A's tenant stays unconnected. */
  async function expectNothingLinked(tenantA: string) {
    const holders = await t
      .http()
      .get(`/api/v1/tenants?microsoftTenantId=${victim}`)
      .set(auth(providerToken))
      .expect(200);
    expect(holders.body).toEqual([]);
    const a = await t.http().get(`/api/v1/tenants/${tenantA}`).set(auth(providerToken));
    expect(a.body.consent).toMatchObject({ microsoftTenantId: null, grantedBy: null });
    expect(a.body.consent.state).not.toBe('granted');
  }

  it("refuses A's admin who signs in as themselves and changes the consent redirect to B's tenant", async () => {
    const a = await customer('Customer A', 'ann@a.example');
    await sandbox.client.nextSignIn({ tenantId: attacker });
    const journey = await walkConsent(t, await startConsent(a), {
      tamper: (callback) => callback.searchParams.set('tenant', victim),
    });
    expect(journey.status).toBe(409);
    expect(journey.text).toContain('MICROSOFT_TENANT_MISMATCH');
    expect(journey.text).toContain(`signed in to ${attacker}. Nothing was changed.`);
    await expectNothingLinked(a.id);
  });

  it("refuses A's admin who types B's tenant into a redirect, skipping the sign-in", async () => {
    const a = await customer('Customer A2', 'abe@a.example');
    const state = new URL(await startConsent(a)).searchParams.get('state')!;
    const forged = await t
      .http()
      .get(`/api/v1/consent/callback?admin_consent=True&tenant=${victim}&state=${state}`)
      .expect(400);
    expect(forged.text).toContain('CONSENT_CALLBACK_INVALID');
    // The same state can no longer start a sign-in either.
    const again = await t.http().get(`/api/v1/consent/callback?code=x&state=${state}`).expect(409);
    expect(again.text).toContain('CONSENT_STATE_USED');

    // A state made for another tenant is not this service's.
    const [body, mac] = state.split('.');
    const fields = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown[];
    fields[1] = '00000000-0000-4000-8000-000000000000';
    const moved = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`;
    const other = await t.http().get(`/api/v1/consent/callback?code=x&state=${moved}`).expect(400);
    expect(other.text).toContain('CONSENT_STATE_INVALID');
    await expectNothingLinked(a.id);
  });

  it.each([
    ['an ordinary user of B', []],
    ['a Teams Administrator of B', [ROLE_TEMPLATES.teamsAdministrator]],
  ])('refuses %s before any consent, and links nothing', async (_, roles) => {
    const a = await customer(`Customer A ${roles.length}`, `al${roles.length}@a.example`);
    await sandbox.client.nextSignIn({
      tenantId: victim,
      userPrincipalName: 'pat@victim.example',
      roles,
    });
    const journey = await walkConsent(t, await startConsent(a));
    expect(journey.status).toBe(403);
    expect(journey.text).toContain('CONSENT_ADMIN_ROLE_REQUIRED');
    expect(journey.text).toContain(
      'pat@victim.example is not a Global Administrator or Privileged Role Administrator',
    );
    expect(journey.adminConsentUrl).toBeNull();
    await expectNothingLinked(a.id);
    const page = await t.http().get(`/api/v1/tenants/${a.id}`).set(auth(a.bearer));
    expect(page.body.consent.message).toContain('ask one of them to use "Connect Microsoft 365"');
  });

  it("then B's own Global Administrator connects B to B's tenant, and is recorded", async () => {
    const a = await customer('Customer A3', 'ada@a.example');
    await sandbox.client.nextSignIn({ tenantId: attacker });
    await walkConsent(t, await startConsent(a), {
      tamper: (callback) => callback.searchParams.set('tenant', victim),
    });

    const b = await customer('Customer B', 'bea@b.example');
    const { accountId } = await sandbox.client.nextSignIn({
      tenantId: victim,
      userPrincipalName: 'bea@victim.example',
    });
    const journey = await walkConsent(t, await startConsent(b));
    expect(journey.status).toBe(200);
    expect(journey.text).toContain('by bea@victim.example (Global Administrator)');
    const tenant = await t.http().get(`/api/v1/tenants/${b.id}`).set(auth(b.bearer)).expect(200);
    expect(tenant.body.consent).toMatchObject({
      state: 'granted',
      microsoftTenantId: victim,
      grantedBy: { objectId: accountId, username: 'bea@victim.example', at: expect.any(String) },
    });
  });

  it('accepts a Privileged Role Administrator', async () => {
    const b = await customer('Customer B2', 'bob@b.example');
    await sandbox.client.nextSignIn({
      tenantId: victim,
      userPrincipalName: 'pra@victim.example',
      roles: [ROLE_TEMPLATES.privilegedRoleAdministrator],
    });
    const journey = await walkConsent(t, await startConsent(b));
    expect(journey.text).toContain('(Privileged Role Administrator)');
  });

  describe('when the app registration sends no directory-role claims', () => {
    const registerWithoutWids = (requiredRoles: string[]) =>
      sandbox.client.registerApp({
        clientId: TEST_APP.clientId,
        secrets: [{ value: TEST_APP.clientSecret }],
        redirectUris: [TEST_APP.redirectUri],
        requiredRoles,
        groupMembershipClaims: 'None',
      });

    it("reads the signer's roles from Graph: a non-admin's forged consent is refused, B's admin connects", async () => {
      await registerWithoutWids([...CONNECTOR_APP_ROLES, 'RoleManagement.Read.Directory']);
      await sandbox.client.grantConsent(victim, TEST_APP.clientId);
      const a = await customer('Customer A4', 'amy@a.example');
      await sandbox.client.nextSignIn({
        tenantId: victim,
        userPrincipalName: 'pat@victim.example',
        roles: [],
      });
      const journey = await walkConsent(t, await startConsent(a));
      // Microsoft itself stops a non-admin at the consent page...
      expect(journey.status).toBe(403);
      expect(journey.text).toContain('AADSTS90094');
      // ...and the redirect they then type is refused on Graph's word.
      const state = journey.adminConsentUrl!.searchParams.get('state');
      const forged = await t
        .http()
        .get(`/api/v1/consent/callback?admin_consent=True&tenant=${victim}&state=${state}`)
        .expect(403);
      expect(forged.text).toContain('CONSENT_ADMIN_ROLE_REQUIRED');
      await expectNothingLinked(a.id);

      const b = await customer('Customer B3', 'ben@b.example');
      await sandbox.client.nextSignIn({
        tenantId: victim,
        userPrincipalName: 'ben@victim.example',
      });
      const connected = await walkConsent(t, await startConsent(b));
      expect(connected.status).toBe(200);
      expect(connected.text).toContain('by ben@victim.example (Global Administrator)');
    });

    it('refuses to link when it may not read roles either, and says what the provider must set', async () => {
      await registerWithoutWids(CONNECTOR_APP_ROLES);
      await sandbox.client.grantConsent(victim, TEST_APP.clientId);
      const b = await customer('Customer B4', 'bo@b.example');
      await sandbox.client.nextSignIn({ tenantId: victim });
      const journey = await walkConsent(t, await startConsent(b));
      expect(journey.status).toBe(409);
      expect(journey.text).toContain('CONSENT_ADMIN_ROLE_UNKNOWN');
      expect(journey.text).toContain('groupMembershipClaims');
      await expectNothingLinked(b.id);
    });
  });
});
