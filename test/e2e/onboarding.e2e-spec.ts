import type { ParsedMail } from 'mailparser';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIRED_APP_PERMISSIONS } from '../../src/consent/required-permissions';
import { standardSkus } from '../sandbox/seed/licensing';
import {
  invitationToken,
  newTenantBody,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { walkConsent } from '../support/consent-journey';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import {
  registerTestApp,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

const ADMIN_PASSWORD = 'ada-chooses-a-long-password';

describe('onboarding over HTTP: operators, tenants, admin consent, verification', () => {
  let sandbox: TestSandbox;
  let smtp: SmtpSink;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  let msTenant: string;
  let providerToken: string;
  const secrets: string[] = [
    PROVIDER_ADMIN.password,
    ADMIN_PASSWORD,
    TEST_APP.clientSecret,
    'pbx-secret-never-logged-9a7e',
  ];

  beforeAll(async () => {
    [sandbox, smtp, db] = await Promise.all([
      startTestSandbox(),
      startSmtpSink(),
      isolatedDatabase(),
    ]);
    await registerTestApp(sandbox.client);
    msTenant = (
      await sandbox.client.createTenant({ domain: 'contoso.example', displayName: 'Contoso Ltd' })
    ).id;
    await sandbox.client.setSkus(msTenant, standardSkus(10, 10));
    const { pbx } = newTenantBody('');
    await sandbox.client.createPbxAccount({
      id: pbx.accountId,
      clientId: pbx.clientId,
      clientSecret: pbx.clientSecret,
    });
    t = await startHttpApp({
      ...db.env,
      SMTP_URL: smtp.url,
      ...sandboxEnv(sandbox.origin),
    });
    providerToken = await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
    secrets.push(providerToken);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([sandbox?.close(), smtp?.close()]);
    await db?.drop();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  // The tenants' PBX account lives in the sandbox, which "Verify connection" also asks.
  const sandboxPbx = (body: ReturnType<typeof newTenantBody>) => ({
    ...body,
    pbx: { ...body.pbx, apiUrl: `${sandbox.origin}/pbx` },
  });

  async function createTenant(adminEmail: string, name?: string): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/tenants')
      .set(auth(providerToken))
      .send(sandboxPbx(newTenantBody(adminEmail, name)))
      .expect(201);
    return res.body.tenant.id as string;
  }

  /** Accepts the invitation the person was mailed (`mail`, when the test has taken it already). */
  async function acceptInvitation(
    email: string,
    password = ADMIN_PASSWORD,
    mail?: ParsedMail,
  ): Promise<string> {
    const token = invitationToken((mail ?? (await smtp.next(email))).text ?? '');
    secrets.push(token);
    await t.http().post(`/api/v1/invitations/${token}/accept`).send({ password }).expect(200);
    const bearer = await t.login(email, password);
    secrets.push(bearer);
    return bearer;
  }

  /**
   * Starts consent and follows it as the administrator's browser: the sandbox signs in the
   * Microsoft tenant's Global Administrator, who then approves or cancels the consent.
   */
  async function consent(
    tenantId: string,
    bearer: string,
    answer: { microsoftTenant: string; outcome?: 'approve' | 'cancel' },
  ) {
    const start = await t
      .http()
      .post(`/api/v1/tenants/${tenantId}/consent`)
      .set(auth(bearer))
      .expect(200);
    await sandbox.client.nextSignIn({ tenantId: answer.microsoftTenant });
    if (answer.outcome === 'cancel')
      await sandbox.client.nextConsent(answer.microsoftTenant, 'cancel');
    const journey = await walkConsent(t, start.body.consentUrl);
    for (const stop of [journey.signInCallback, journey.consentCallback]) {
      const query = new URL(stop ?? '/', 'http://x').searchParams;
      secrets.push(query.get('state') ?? '', query.get('code') ?? '');
    }
    return { journey, consentUrl: new URL(start.body.consentUrl) };
  }

  it('walks the whole path: tenant, invitation e-mail, password, sign-in, consent, callback, verify', async () => {
    const tenantId = await createTenant('ada@contoso.example');
    const mail = await smtp.next('ada@contoso.example');
    expect(mail.subject).toBe('Your invitation to Contoso Ltd in Teams Connector');
    expect(mail.text).toContain('ada@contoso.example');
    expect((await t.http().get('/invitations/accept').expect(200)).text).toContain(
      'Choose your password',
    );

    const adaToken = await acceptInvitation('ada@contoso.example', ADMIN_PASSWORD, mail);
    const visible = await t.http().get('/api/v1/tenants').set(auth(adaToken)).expect(200);
    expect(visible.body.map((x: { id: string }) => x.id)).toEqual([tenantId]);

    const { journey, consentUrl } = await consent(tenantId, adaToken, {
      microsoftTenant: msTenant,
    });
    // First Microsoft's sign-in, with PKCE and a nonce, so Microsoft says who consents...
    expect(`${consentUrl.origin}${consentUrl.pathname}`).toBe(
      `${sandbox.origin}/organizations/oauth2/v2.0/authorize`,
    );
    expect(consentUrl.searchParams.get('client_id')).toBe(TEST_APP.clientId);
    expect(consentUrl.searchParams.get('response_type')).toBe('code');
    expect(consentUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consentUrl.searchParams.get('nonce')).toBeTruthy();
    expect(consentUrl.searchParams.get('prompt')).toBe('select_account');
    // ...then the admin consent for exactly the tenant the ID token named.
    const adminConsent = journey.adminConsentUrl!;
    expect(`${adminConsent.origin}${adminConsent.pathname}`).toBe(
      `${sandbox.origin}/${msTenant}/v2.0/adminconsent`,
    );
    expect(adminConsent.searchParams.get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(journey.status).toBe(200);
    expect(journey.text).toContain('Microsoft 365 is connected');
    expect(journey.text).toContain('by admin@contoso.example (Global Administrator)');

    const tenant = await t
      .http()
      .get(`/api/v1/tenants/${tenantId}`)
      .set(auth(adaToken))
      .expect(200);
    expect(tenant.body.consent).toMatchObject({
      state: 'granted',
      microsoftTenantId: msTenant,
      grantedBy: { username: 'admin@contoso.example', objectId: expect.any(String) },
      verifiedAt: null,
    });
    const verify = await t
      .http()
      .post(`/api/v1/tenants/${tenantId}/connection/verify`)
      .set(auth(adaToken))
      .expect(200);
    expect(verify.body.status).toBe('ok');
    expect(verify.body.checks.map((c: { name: string }) => c.name)).toEqual([
      'token',
      ...REQUIRED_APP_PERMISSIONS.map((p) => `permission:${p}`),
      'organization',
      'users',
      'subscribedSkus',
      'pbx:signIn',
      'pbx:users',
    ]);
    expect(verify.body.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(verify.body.checks.at(-3).message).toBe(
      '3 subscribed SKUs, 2 with Teams Phone (MCOEV).',
    );
    // The step stays done for whoever opens the tenant later.
    const verified = await t.http().get(`/api/v1/tenants/${tenantId}`).set(auth(adaToken));
    expect(Date.parse(verified.body.consent.verifiedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(verified.body.consent.message).toMatch(/^Connection verified/);

    // A replayed callback, of either step, is refused and changes nothing.
    for (const stop of [journey.signInCallback!, journey.consentCallback!]) {
      const replay = await t.http().get(stop).expect(409);
      expect(replay.text).toContain('CONSENT_STATE_USED');
    }
  });

  it('refuses a forged, an expired, a missing and a repeated state', async () => {
    const fabrikam = (await sandbox.client.createTenant({ domain: 'fabrikam.example' })).id;
    const tenantId = await createTenant('bo@fabrikam.example', 'Fabrikam');
    const { journey } = await consent(tenantId, providerToken, {
      microsoftTenant: fabrikam,
      outcome: 'cancel',
    });
    const forged = journey.consentCallback!.replace(
      /state=([^&]+)/,
      (_, s: string) => `state=${s.slice(0, -3)}${s.endsWith('AAA') ? 'BBB' : 'AAA'}`,
    );
    // Refused before anything waits for Microsoft: a forged state holds no connection open.
    const started = Date.now();
    expect((await t.http().get(forged).expect(400)).text).toContain('CONSENT_STATE_INVALID');
    const forgedConsent = `/api/v1/consent/callback?admin_consent=True&tenant=${fabrikam}&state=${'x'.repeat(200)}`;
    expect((await t.http().get(forgedConsent).expect(400)).text).toContain('CONSENT_STATE_INVALID');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(
      (
        await t
          .http()
          .get('/api/v1/consent/callback?admin_consent=True&tenant=' + msTenant)
          .expect(400)
      ).text,
    ).toContain('CONSENT_STATE_MISSING');
    expect(
      (await t.http().get('/api/v1/consent/callback?state=a&state=b').expect(400)).text,
    ).toContain('CONSENT_CALLBACK_INVALID');

    const start = await t
      .http()
      .post(`/api/v1/tenants/${tenantId}/consent`)
      .set(auth(providerToken))
      .expect(200);
    await sandbox.client.nextSignIn({ tenantId: fabrikam });
    t.clock.offsetMs = 16 * 60_000;
    try {
      const late = await walkConsent(t, start.body.consentUrl);
      expect(late.status).toBe(400);
      expect(late.text).toContain('CONSENT_STATE_EXPIRED');
    } finally {
      t.clock.offsetMs = 0;
    }
  });

  it('records a cancelled consent in plain language', async () => {
    const northwind = (await sandbox.client.createTenant({ domain: 'northwind.example' })).id;
    const tenantId = await createTenant('cy@northwind.example', 'Northwind');
    const { journey } = await consent(tenantId, providerToken, {
      microsoftTenant: northwind,
      outcome: 'cancel',
    });
    expect(journey.status).toBe(200);
    expect(journey.text).toContain(
      'The administrator declined to grant the permissions (AADSTS65004)',
    );
    const tenant = await t
      .http()
      .get(`/api/v1/tenants/${tenantId}`)
      .set(auth(providerToken))
      .expect(200);
    expect(tenant.body.consent).toMatchObject({
      state: 'none',
      microsoftTenantId: null,
      message: expect.stringContaining('AADSTS65004'),
    });
  });

  it('refuses a Microsoft tenant that is already connected to another tenant, says what to do, and shows the provider who holds it', async () => {
    const linked = (await sandbox.client.createTenant({ domain: 'linked.example' })).id;
    const first = await createTenant('fred@linked.example', 'Linked Ltd');
    expect((await consent(first, providerToken, { microsoftTenant: linked })).journey.status).toBe(
      200,
    );
    const tenantId = await createTenant('dee@linked.example', 'Duplicate Corp');
    const deeToken = await acceptInvitation('dee@linked.example');
    const { journey } = await consent(tenantId, deeToken, { microsoftTenant: linked });
    expect(journey.status).toBe(409);
    expect(journey.text).toContain('MICROSOFT_TENANT_ALREADY_LINKED');
    expect(journey.text).toContain('ask your provider to disconnect it from the other account');
    // Refused at the sign-in: the administrator is never sent on to consent again.
    expect(journey.adminConsentUrl).toBeNull();
    const refused = await t.http().get(`/api/v1/tenants/${tenantId}`).set(auth(deeToken));
    expect(refused.body.consent).toMatchObject({ state: 'none', microsoftTenantId: null });
    expect(refused.body.consent.message).toContain('already connected to another customer account');

    const holder = await t
      .http()
      .get(`/api/v1/tenants?microsoftTenantId=${linked.toUpperCase()}`)
      .set(auth(providerToken))
      .expect(200);
    expect(holder.body.map((x: { id: string; name: string }) => [x.id, x.name])).toEqual([
      [first, 'Linked Ltd'],
    ]);
    // A customer admin sees only their own tenants, filtered or not.
    const own = await t
      .http()
      .get(`/api/v1/tenants?microsoftTenantId=${linked}`)
      .set(auth(deeToken))
      .expect(200);
    expect(own.body).toEqual([]);
    for (const query of [
      'microsoftTenantId=not-a-guid',
      `microsoftTenantId=${linked}&microsoftTenantId=${linked}`,
    ]) {
      const bad = await t
        .http()
        .get(`/api/v1/tenants?${query}`)
        .set(auth(providerToken))
        .expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('waits while a fresh grant propagates (tokens refused, then without the new roles), then connects', async () => {
    const slow = await sandbox.client.createTenant({
      domain: 'slow.example',
      settings: {
        propagationDelayMs: 1000,
        propagationRefusal: 7000229,
        rolesPropagationDelayMs: 1000,
      },
    });
    const tenantId = await createTenant('ed@slow.example', 'Slow Ltd');
    const { journey } = await consent(tenantId, providerToken, { microsoftTenant: slow.id });
    expect(journey.status).toBe(200);
    expect(journey.text).toContain('Microsoft 365 is connected');
  });

  it('links nothing while the tokens lack a permission, and says the consent is still propagating', async () => {
    const partial = await sandbox.client.createTenant({
      domain: 'partial.example',
      settings: {
        grantRoles: REQUIRED_APP_PERMISSIONS.filter(
          (p) => p !== 'TeamsPolicyUserAssign.ReadWrite.All',
        ),
      },
    });
    const tenantId = await createTenant('eve@partial.example', 'Partial Inc');
    const { journey } = await consent(tenantId, providerToken, { microsoftTenant: partial.id });
    expect(journey.status).toBe(200);
    expect(journey.text).toContain('The connection could not be confirmed');
    expect(journey.text).toContain('still lack TeamsPolicyUserAssign.ReadWrite.All after 4 s');
    expect(journey.text).toContain('still propagating');
    const tenant = await t.http().get(`/api/v1/tenants/${tenantId}`).set(auth(providerToken));
    expect(tenant.body.consent).toMatchObject({
      state: 'none',
      microsoftTenantId: null,
      grantedBy: null,
    });
  });

  it('verify treats missing roles right after consent as propagation, and names a missing permission later', async () => {
    const lagging = await sandbox.client.createTenant({ domain: 'lagging.example' });
    const tenantId = await createTenant('gil@lagging.example', 'Lagging Ltd');
    expect(
      (await consent(tenantId, providerToken, { microsoftTenant: lagging.id })).journey.status,
    ).toBe(200);
    // Microsoft's token issuers disagree for a while: a new grant without one role.
    await sandbox.client.grantConsent(
      lagging.id,
      TEST_APP.clientId,
      REQUIRED_APP_PERMISSIONS.filter((p) => p !== 'User.Read.All'),
    );
    const verify = () =>
      t
        .http()
        .post(`/api/v1/tenants/${tenantId}/connection/verify`)
        .set(auth(providerToken))
        .expect(200);
    const early = await verify();
    expect(early.body.status).toBe('failed');
    expect(early.body.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([
      {
        name: 'permission:User.Read.All',
        ok: false,
        message: expect.stringContaining("User.Read.All is not in Microsoft's tokens yet"),
      },
      expect.objectContaining({ name: 'users', ok: false }),
    ]);
    t.clock.offsetMs = 2 * 3600_000;
    try {
      const late = await verify();
      expect(late.body.checks.find((c: { ok: boolean }) => !c.ok).message).toContain(
        'User.Read.All is not granted',
      );
    } finally {
      t.clock.offsetMs = 0;
    }
  });

  it('detects revoked consent on the next check and marks the tenant revoked', async () => {
    const revocable = await sandbox.client.createTenant({ domain: 'revocable.example' });
    const tenantId = await createTenant('fay@revocable.example', 'Revocable Ltd');
    expect(
      (await consent(tenantId, providerToken, { microsoftTenant: revocable.id })).journey.status,
    ).toBe(200);
    const verifyNow = () =>
      t.http().post(`/api/v1/tenants/${tenantId}/connection/verify`).set(auth(providerToken));
    expect((await verifyNow().expect(200)).body.status).toBe('ok');
    await sandbox.client.revokeConsent(revocable.id, TEST_APP.clientId);

    // Well after consent, a refused token is no longer propagation.
    t.clock.offsetMs = 2 * 3600_000;
    let verify;
    try {
      verify = await verifyNow().expect(200);
    } finally {
      t.clock.offsetMs = 0;
    }
    expect(verify.body.status).toBe('failed');
    expect(verify.body.checks.find((c: { ok: boolean }) => !c.ok).message).toContain(
      'not (or no longer) consented in this Microsoft 365 tenant (AADSTS700016)',
    );
    const tenant = await t
      .http()
      .get(`/api/v1/tenants/${tenantId}`)
      .set(auth(providerToken))
      .expect(200);
    expect(tenant.body.consent).toMatchObject({ state: 'revoked', verifiedAt: null });
  });

  it('answers precisely for unknown, reused and expired invitations and wrong passwords', async () => {
    await t
      .http()
      .post('/api/v1/invitations/not-a-real-token/accept')
      .send({ password: 'long-enough-password' })
      .expect(404);
    await createTenant('gus@contoso.example', 'Invitation Tests');
    const token = invitationToken((await smtp.next('gus@contoso.example')).text ?? '');
    secrets.push(token);
    const short = await t
      .http()
      .post(`/api/v1/invitations/${token}/accept`)
      .send({ password: 'short' })
      .expect(400);
    expect(short.body.error.code).toBe('VALIDATION_FAILED');
    // Common, breached or made of the address: refused with the reason, the link still unused.
    for (const [password, why] of [
      ['password123456', /most common/],
      ['            ', /only spaces/],
      ['gus@contoso.example', /e-mail address/],
    ] as const) {
      const weak = await t
        .http()
        .post(`/api/v1/invitations/${token}/accept`)
        .send({ password })
        .expect(400);
      expect(weak.body.error.message).toMatch(why);
      expect(weak.body.error.details).toEqual([
        { field: 'password', code: 'PASSWORD_NOT_ALLOWED', message: weak.body.error.message },
      ]);
    }
    t.clock.offsetMs = 73 * 3600_000;
    try {
      expect(
        (
          await t
            .http()
            .post(`/api/v1/invitations/${token}/accept`)
            .send({ password: 'long-enough-password' })
            .expect(410)
        ).body.error.code,
      ).toBe('INVITATION_EXPIRED');
    } finally {
      t.clock.offsetMs = 0;
    }
    await t
      .http()
      .post(`/api/v1/invitations/${token}/accept`)
      .send({ password: 'long-enough-password' })
      .expect(200);
    expect(
      (
        await t
          .http()
          .post(`/api/v1/invitations/${token}/accept`)
          .send({ password: 'long-enough-password' })
          .expect(409)
      ).body.error.code,
    ).toBe('INVITATION_ALREADY_USED');
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'gus@contoso.example', password: 'not-the-password' })
      .expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('revokes sessions: on logout, and when an operator is deactivated', async () => {
    await createTenant('hal@contoso.example', 'Session Tests');
    const halToken = await acceptInvitation('hal@contoso.example');
    const me = await t.http().get('/api/v1/auth/me').set(auth(halToken)).expect(200);
    await t
      .http()
      .post(`/api/v1/operators/${me.body.id}/deactivate`)
      .set(auth(providerToken))
      .expect(204);
    await t.http().get('/api/v1/auth/me').set(auth(halToken)).expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'hal@contoso.example', password: ADMIN_PASSWORD })
      .expect(401);

    const second = await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
    secrets.push(second);
    await t.http().post('/api/v1/auth/logout').set(auth(second)).expect(204);
    await t.http().get('/api/v1/auth/me').set(auth(second)).expect(401);
  });

  it('rejects invalid input with a precise 400 and applies nothing', async () => {
    const before = (await t.http().get('/api/v1/tenants').set(auth(providerToken)).expect(200)).body
      .length;
    const res = await t
      .http()
      .post('/api/v1/tenants')
      .set(auth(providerToken))
      .send({ ...newTenantBody('not-an-email'), connectorSeats: -1, extra: 'field' })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([
      { field: 'admin.email', code: 'FIELD_FORMAT', message: expect.any(String) },
      { field: 'connectorSeats', code: 'FIELD_RANGE', message: expect.any(String) },
      { field: 'extra', code: 'FIELD_NOT_ALLOWED', message: expect.any(String) },
    ]);
    expect(
      (await t.http().get('/api/v1/tenants').set(auth(providerToken)).expect(200)).body.length,
    ).toBe(before);
    const tenantId = await createTenant('val@contoso.example', 'Validation Co');
    const bad = await t
      .http()
      .patch(`/api/v1/tenants/${tenantId}/settings`)
      .set(auth(providerToken))
      .send({ syncMode: 'sometimes', unknown: true })
      .expect(400);
    expect(bad.body.error.details).toEqual([
      { field: 'syncMode', code: 'FIELD_CHOICE', message: expect.any(String) },
      { field: 'unknown', code: 'FIELD_NOT_ALLOWED', message: expect.any(String) },
    ]);
    const ok = await t
      .http()
      .patch(`/api/v1/tenants/${tenantId}/settings`)
      .set(auth(providerToken))
      .send({
        syncMode: 'manual',
        scheduleMinutes: 30,
        removalThreshold: { users: 25, percent: 5 },
      })
      .expect(200);
    expect(ok.body.settings).toMatchObject({
      syncMode: 'manual',
      scheduleMinutes: 30,
      removalThreshold: { users: 25, percent: 5 },
    });
  });

  it('never writes a password, token, secret or consent state into a log line', async () => {
    // Its own pass through invitation, sign-in and consent, so that it holds alone too.
    const logged = (await sandbox.client.createTenant({ domain: 'logs.example' })).id;
    const tenantId = await createTenant('lou@logs.example', 'Logs Ltd');
    const bearer = await acceptInvitation('lou@logs.example');
    expect((await consent(tenantId, bearer, { microsoftTenant: logged })).journey.status).toBe(200);
    expect(t.logs.length).toBeGreaterThan(50);
    // Requests are logged by route pattern, so one-time tokens in paths stay out of the logs.
    expect(
      t.logs.some((line) => line.includes('"route":"/api/v1/invitations/:token/accept"')),
    ).toBe(true);
    const leaks = secrets
      .filter(Boolean)
      .filter((secret) => t.logs.some((line) => line.includes(secret)));
    expect(leaks).toEqual([]);
  });
});

describe('consent with a wrong client secret', () => {
  it('says the connector credential was refused, without retrying for a minute', async () => {
    const [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
    await registerTestApp(sandbox.client);
    const ms = await sandbox.client.createTenant({ domain: 'contoso.example' });
    const t = await startHttpApp({
      ...db.env,
      ...sandboxEnv(sandbox.origin),
      MICROSOFT_CLIENT_SECRET: 'wrong-secret',
      CONSENT_PROPAGATION_TIMEOUT_MS: '60000',
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    });
    try {
      const bearer = await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
      const tenantId = (
        await t
          .http()
          .post('/api/v1/tenants')
          .set({ authorization: `Bearer ${bearer}` })
          .send(newTenantBody('ada@contoso.example'))
          .expect(201)
      ).body.tenant.id;
      const start = await t
        .http()
        .post(`/api/v1/tenants/${tenantId}/consent`)
        .set({ authorization: `Bearer ${bearer}` })
        .expect(200);
      await sandbox.client.nextSignIn({ tenantId: ms.id });
      const started = Date.now();
      const page = await walkConsent(t, start.body.consentUrl);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(page.status).toBe(200);
      expect(page.text).toContain(
        'refused the connector&#39;s own client credential (AADSTS7000215)',
      );
      const tenant = await t
        .http()
        .get(`/api/v1/tenants/${tenantId}`)
        .set({ authorization: `Bearer ${bearer}` })
        .expect(200);
      expect(tenant.body.consent).toMatchObject({ state: 'none', microsoftTenantId: null });
      expect(t.logs.some((line) => line.includes('wrong-secret'))).toBe(false);
    } finally {
      await t.close();
      await sandbox.close();
      await db.drop();
    }
  });
});
