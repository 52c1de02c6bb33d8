import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptInvitation,
  invitationToken,
  newTenantBody,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { OperatorDeletion } from '../../src/access/operator-deletion';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

type Auth = Record<string, string>;
type OperatorRow = {
  id: string;
  email: string;
  status: string;
  tenantIds: string[];
  restorableUntil: string | null;
};

describe('browser sessions and a tenant admin managing their own admins and members', () => {
  let t: TestHttpApp;
  let smtp: SmtpSink;
  let db: IsolatedDatabase;
  let provider: Auth;
  let tenantA: string;
  let tenantB: string;

  /** Accepts the invitation the person was mailed and signs them in with a bearer token. */
  const acceptAndSignIn = (email: string): Promise<Auth> =>
    acceptInvitation(t, smtp, email, `${email}-long-password`);

  /** Signs in as a browser does: the session cookie and the CSRF token. */
  async function browserSignIn(email: string, password: string) {
    const res = await t.http().post('/api/v1/auth/session').send({ email, password }).expect(200);
    const setCookie = String(res.headers['set-cookie']);
    return { setCookie, cookie: setCookie.split(';')[0], csrfToken: res.body.csrfToken as string };
  }

  beforeAll(async () => {
    [smtp, db] = await Promise.all([startSmtpSink(), isolatedDatabase()]);
    t = await startHttpApp({
      ...db.env,
      SMTP_URL: smtp.url,
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    });
    provider = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    const create = (email: string, name: string) =>
      t.http().post('/api/v1/tenants').set(provider).send(newTenantBody(email, name)).expect(201);
    tenantA = (await create('ada@a.example', 'Tenant A')).body.tenant.id;
    tenantB = (await create('bob@b.example', 'Tenant B')).body.tenant.id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await db?.drop();
  });

  describe('a browser session', () => {
    it('is an HttpOnly, SameSite=Strict cookie, and answers who is signed in with a CSRF token', async () => {
      const session = await browserSignIn(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
      expect(session.setCookie).toMatch(
        /^tc_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Expires=/,
      );
      // The tests reach the service over plain HTTP; behind HTTPS the cookie is Secure (unit-tested).
      expect(session.setCookie).not.toMatch(/Secure/);
      const me = await t.http().get('/api/v1/auth/me').set('cookie', session.cookie).expect(200);
      expect(me.body).toMatchObject({
        email: PROVIDER_ADMIN.email,
        role: 'provider_admin',
        csrfToken: session.csrfToken,
      });
    });

    it('refuses a state-changing request without the CSRF token, or with another session’s', async () => {
      const session = await browserSignIn(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
      const other = await browserSignIn(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
      const change = () =>
        t.http().patch(`/api/v1/tenants/${tenantA}/settings`).set('cookie', session.cookie);
      for (const headers of [{}, { 'x-csrf-token': other.csrfToken }, { 'x-csrf-token': '' }]) {
        const res = await change().set(headers).send({ scheduleMinutes: 30 }).expect(403);
        expect(res.body.error.code).toBe('CSRF_TOKEN_INVALID');
      }
      const tenant = await t.http().get(`/api/v1/tenants/${tenantA}`).set(provider).expect(200);
      expect(tenant.body.settings.scheduleMinutes).not.toBe(30);
      await change()
        .set('x-csrf-token', session.csrfToken)
        .send({ scheduleMinutes: 30 })
        .expect(200);
      // A bearer token is not sent by a browser on its own, so API clients need no CSRF token.
      await t
        .http()
        .patch(`/api/v1/tenants/${tenantA}/settings`)
        .set(provider)
        .send({ scheduleMinutes: 15 })
        .expect(200);
    });

    it('ends on sign-out: the cookie is cleared and no longer signs anyone in', async () => {
      const session = await browserSignIn(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
      const out = await t
        .http()
        .delete('/api/v1/auth/session')
        .set('cookie', session.cookie)
        .set('x-csrf-token', session.csrfToken)
        .expect(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^tc_session=; .*Expires=Thu, 01 Jan 1970/);
      const me = await t.http().get('/api/v1/auth/me').set('cookie', session.cookie).expect(401);
      expect(me.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a wrong password with the same answer as an unknown address', async () => {
      for (const email of [PROVIDER_ADMIN.email, 'nobody@provider.example']) {
        const res = await t
          .http()
          .post('/api/v1/auth/session')
          .send({ email, password: 'not-the-password' })
          .expect(401);
        expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    });
  });

  describe("a tenant's admins and members", () => {
    let ada: Auth;
    let member: Auth;
    let memberId: string;

    beforeAll(async () => {
      ada = await acceptAndSignIn('ada@a.example');
    });

    it('a tenant admin invites a member by e-mail, who signs in and sees the tenant', async () => {
      const res = await t
        .http()
        .post(`/api/v1/tenants/${tenantA}/operators`)
        .set(ada)
        .send({ email: 'Mo@A.example', firstName: 'Mo', lastName: 'Member', role: 'member' })
        .expect(201);
      expect(res.body).toMatchObject({
        operator: {
          email: 'mo@a.example',
          role: 'member',
          status: 'invited',
          tenantIds: [tenantA],
        },
        created: true,
      });
      memberId = res.body.operator.id;
      member = await acceptAndSignIn('mo@a.example');
      const list = await t
        .http()
        .get(`/api/v1/tenants/${tenantA}/operators`)
        .set(member)
        .expect(200);
      expect(
        list.body.map((o: { email: string; role: string; status: string }) => [
          o.email,
          o.role,
          o.status,
        ]),
      ).toEqual([
        ['ada@a.example', 'tenant_admin', 'active'],
        ['mo@a.example', 'member', 'active'],
      ]);
    });

    it('sends a new invitation on request: the old link stops working, the new one signs in', async () => {
      await t
        .http()
        .post(`/api/v1/tenants/${tenantA}/operators`)
        .set(ada)
        .send({ email: 'ivy@a.example', firstName: 'Ivy', lastName: 'Late', role: 'member' })
        .expect(201);
      const first = invitationToken((await smtp.next('ivy@a.example')).text ?? '');
      const people = await t.http().get(`/api/v1/tenants/${tenantA}/operators`).set(ada);
      const ivy = people.body.find((o: { email: string }) => o.email === 'ivy@a.example');
      const reinvite = () =>
        t.http().post(`/api/v1/tenants/${tenantA}/operators/${ivy.id}/invitation`);
      await reinvite().set(member).expect(403);
      const again = await reinvite().set(ada).expect(200);
      expect(again.body).toMatchObject({
        operator: { email: 'ivy@a.example', status: 'invited' },
        expiresAt: expect.any(String),
      });
      const old = await t
        .http()
        .post(`/api/v1/invitations/${first}/accept`)
        .send({ password: 'ivy-long-password-1' })
        .expect(404);
      expect(old.body.error.code).toBe('INVITATION_NOT_FOUND');
      await acceptAndSignIn('ivy@a.example');
      expect((await reinvite().set(ada).expect(409)).body.error.code).toBe('OPERATOR_NOT_INVITED');
      const audit = await t.http().get(`/api/v1/tenants/${tenantA}/audit?action=operator`).set(ada);
      expect(audit.body.items[0]).toMatchObject({
        action: 'operator.reinvited',
        summary: expect.stringContaining('ivy@a.example was sent a new invitation'),
      });
    });

    it('a member may not invite, change roles or remove anyone', async () => {
      await t
        .http()
        .post(`/api/v1/tenants/${tenantA}/operators`)
        .set(member)
        .send({ email: 'x@a.example', firstName: 'X', lastName: 'Y', role: 'member' })
        .expect(403);
      const adaId = (await t.http().get('/api/v1/auth/me').set(ada).expect(200)).body.id;
      await t
        .http()
        .delete(`/api/v1/tenants/${tenantA}/operators/${adaId}`)
        .set(member)
        .expect(403);
    });

    it('refuses roles a tenant admin cannot give, and provider admins as people to add', async () => {
      const bad = await t
        .http()
        .post(`/api/v1/tenants/${tenantA}/operators`)
        .set(ada)
        .send({ email: 'p@a.example', firstName: 'P', lastName: 'Q', role: 'provider_admin' })
        .expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      const provider_ = await t
        .http()
        .post(`/api/v1/tenants/${tenantA}/operators`)
        .set(ada)
        .send({ email: PROVIDER_ADMIN.email, firstName: 'P', lastName: 'A', role: 'member' })
        .expect(409);
      expect(provider_.body.error.code).toBe('OPERATOR_EXISTS');
    });

    it('knows one person by one address: case and compatibility forms fold, look-alikes are refused', async () => {
      const invite = (email: string) =>
        t
          .http()
          .post(`/api/v1/tenants/${tenantA}/operators`)
          .set(ada)
          .send({ email, firstName: 'P', lastName: 'A', role: 'member' });
      // The provider admin's address in capitals is still the provider admin.
      expect((await invite(PROVIDER_ADMIN.email.toUpperCase())).body.error.code).toBe(
        'OPERATOR_EXISTS',
      );
      for (const email of [
        PROVIDER_ADMIN.email.replace('@', '\u200b@'),
        PROVIDER_ADMIN.email.replace(/^./, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
      ]) {
        const res = await invite(email);
        expect([email, res.status, res.body.error.details]).toEqual([
          email,
          400,
          [expect.objectContaining({ field: 'email', code: 'FIELD_FORMAT' })],
        ]);
      }
    });

    it('a tenant admin makes a member an admin, but not themselves anything', async () => {
      const res = await t
        .http()
        .patch(`/api/v1/tenants/${tenantA}/operators/${memberId}`)
        .set(ada)
        .send({ role: 'tenant_admin' })
        .expect(200);
      expect(res.body).toMatchObject({ id: memberId, role: 'tenant_admin' });
      await t
        .http()
        .post(`/api/v1/tenants/${tenantA}/operators`)
        .set(member)
        .send({ email: 'zed@a.example', firstName: 'Zed', lastName: 'Z', role: 'member' })
        .expect(201);
      const adaId = (await t.http().get('/api/v1/auth/me').set(ada).expect(200)).body.id;
      const self = await t
        .http()
        .patch(`/api/v1/tenants/${tenantA}/operators/${adaId}`)
        .set(ada)
        .send({ role: 'member' })
        .expect(400);
      expect(self.body.error.message).toMatch(/own access/);
    });

    it('leaves the role of someone who also has a tenant the admin does not manage to the provider', async () => {
      const addToB = (role: string) =>
        t
          .http()
          .post(`/api/v1/tenants/${tenantB}/operators`)
          .set(provider)
          .send({ email: 'zed@a.example', firstName: 'Zed', lastName: 'Z', role });
      // One person, one role: a member of A is not made B's admin in silence.
      const conflict = await addToB('tenant_admin').expect(409);
      expect(conflict.body.error).toMatchObject({
        code: 'OPERATOR_ROLE_CONFLICT',
        message: expect.stringContaining('zed@a.example is a read-only member of other tenants'),
      });
      await addToB('member').expect(201);
      const zed = (
        await t.http().get(`/api/v1/tenants/${tenantA}/operators`).set(ada).expect(200)
      ).body.find((o: { email: string }) => o.email === 'zed@a.example');
      // Known already: they get tenant B beside tenant A.
      expect(zed).toMatchObject({ role: 'member' });
      expect([...zed.tenantIds].sort()).toEqual([tenantA, tenantB].sort());
      const shared = await t
        .http()
        .patch(`/api/v1/tenants/${tenantA}/operators/${zed.id}`)
        .set(ada)
        .send({ role: 'tenant_admin' })
        .expect(403);
      expect(shared.body.error.code).toBe('OPERATOR_SHARED');
      await t
        .http()
        .patch(`/api/v1/tenants/${tenantA}/operators/${zed.id}`)
        .set(provider)
        .send({ role: 'tenant_admin' })
        .expect(200);
      // Removing them from A leaves them B: still active.
      const removed = await t
        .http()
        .delete(`/api/v1/tenants/${tenantA}/operators/${zed.id}`)
        .set(ada)
        .expect(200);
      expect(removed.body).toMatchObject({
        deactivated: false,
        operator: { tenantIds: [tenantB] },
      });
    });

    it('removing someone from their only tenant deactivates them and ends their sessions', async () => {
      const res = await t
        .http()
        .delete(`/api/v1/tenants/${tenantA}/operators/${memberId}`)
        .set(ada)
        .expect(200);
      expect(res.body).toMatchObject({ deactivated: true, operator: { status: 'deactivated' } });
      await t.http().get('/api/v1/auth/me').set(member).expect(401);
      const again = await t
        .http()
        .delete(`/api/v1/tenants/${tenantA}/operators/${memberId}`)
        .set(ada)
        .expect(404);
      expect(again.body.error.code).toBe('OPERATOR_NOT_FOUND');

      // Named the admin of a new tenant while deactivated: a clear answer, and no tenant without one.
      const before = (await t.http().get('/api/v1/tenants').set(provider).expect(200)).body.length;
      const refused = await t
        .http()
        .post('/api/v1/tenants')
        .set(provider)
        .send(newTenantBody('mo@a.example', 'Tenant M'))
        .expect(409);
      expect(refused.body.error).toMatchObject({
        code: 'OPERATOR_DEACTIVATED',
        message: expect.stringContaining('a provider admin can reactivate it'),
      });
      expect((await t.http().get('/api/v1/tenants').set(provider).expect(200)).body).toHaveLength(
        before,
      );
      // Reactivated, they can sign in again.
      const back = await t
        .http()
        .post(`/api/v1/operators/${memberId}/reactivate`)
        .set(provider)
        .expect(200);
      expect(back.body).toMatchObject({ status: 'active', tenantIds: [] });
      await t.login('mo@a.example', 'mo@a.example-long-password');
      await t.http().post(`/api/v1/operators/${memberId}/reactivate`).set(provider).expect(409);
    });

    it("does not let a tenant admin see or change another tenant's people", async () => {
      const res = await t.http().get(`/api/v1/tenants/${tenantB}/operators`).set(ada).expect(404);
      expect(res.body.error.code).toBe('TENANT_NOT_FOUND');
    });
  });

  it("keeps the provider's last active admin: not demoted or deactivated until another is active", async () => {
    const operators = async () =>
      (await t.http().get('/api/v1/operators').set(provider).expect(200)).body as {
        id: string;
        email: string;
      }[];
    const self = (await operators()).find((o) => o.email === PROVIDER_ADMIN.email)!;
    const demote = () =>
      t
        .http()
        .patch(`/api/v1/operators/${self.id}`)
        .set(provider)
        .send({ role: 'tenant_admin', tenantIds: [tenantA] });
    const refused = await demote().expect(409);
    expect(refused.body.error.code).toBe('LAST_PROVIDER_ADMIN');

    // A second provider admin, invited only, does not count; once they are active, they do.
    await t
      .http()
      .post('/api/v1/operators')
      .set(provider)
      .send({
        email: 'second@provider.example',
        firstName: 'Sam',
        lastName: 'Second',
        role: 'provider_admin',
        tenantIds: [],
      })
      .expect(201);
    expect((await demote().expect(409)).body.error.code).toBe('LAST_PROVIDER_ADMIN');
    const second = await acceptAndSignIn('second@provider.example');
    const secondId = (await operators()).find((o) => o.email === 'second@provider.example')!.id;
    const last = await t.http().post(`/api/v1/operators/${self.id}/deactivate`).set(second);
    expect(last.status).toBeLessThan(300);
    const deactivateSelf = await t
      .http()
      .post(`/api/v1/operators/${secondId}/deactivate`)
      .set(second)
      .expect(400);
    expect(deactivateSelf.body.error.message).toBe('You cannot deactivate yourself.');
    const deleteSelf = await t
      .http()
      .delete(`/api/v1/operators/${secondId}`)
      .set(second)
      .expect(400);
    expect(deleteSelf.body.error.message).toBe('You cannot delete yourself.');
    await t.http().post(`/api/v1/operators/${self.id}/reactivate`).set(second).expect(200);
  });

  it('deletes an operator: signed out and unable to sign in, restorable for 30 days with role and tenants, purged after', async () => {
    const DAY = 86_400_000;
    // Sessions last hours, not the days the clock moves; and the test before ended this one's.
    const signIn = async () =>
      (provider = {
        authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
      });
    await signIn();
    await t
      .http()
      .post(`/api/v1/tenants/${tenantB}/operators`)
      .set(provider)
      .send({ email: 'dora@b.example', firstName: 'Dora', lastName: 'Deleted', role: 'member' })
      .expect(201);
    const dora = await acceptAndSignIn('dora@b.example');
    const doraPassword = 'dora@b.example-long-password';
    const find = async () =>
      (
        (await t.http().get('/api/v1/operators').set(provider).expect(200)).body as OperatorRow[]
      ).find((o) => o.email === 'dora@b.example');
    const id = (await find())!.id;

    await t.http().delete(`/api/v1/operators/${id}`).set(provider).expect(204);
    await t.http().get('/api/v1/auth/me').set(dora).expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'dora@b.example', password: doraPassword })
      .expect(401);
    const listed = (await find())!;
    expect(listed).toMatchObject({ status: 'deleted', tenantIds: [tenantB] });
    expect(Date.parse(listed.restorableUntil!) - Date.now()).toBeGreaterThan(29 * DAY);

    // Deleted, they take no change but their restore, and their address is not given again.
    const refusals = [
      t.http().post(`/api/v1/operators/${id}/reactivate`).set(provider),
      t.http().post(`/api/v1/operators/${id}/deactivate`).set(provider),
      t.http().delete(`/api/v1/operators/${id}`).set(provider),
      t
        .http()
        .patch(`/api/v1/operators/${id}`)
        .set(provider)
        .send({ tenantIds: [tenantA] }),
      t
        .http()
        .post(`/api/v1/operators`)
        .set(provider)
        .send({
          email: 'DORA@b.example',
          firstName: 'Dora',
          lastName: 'Again',
          role: 'member',
          tenantIds: [tenantA],
        }),
      t.http().post(`/api/v1/tenants/${tenantA}/operators`).set(provider).send({
        email: 'dora@b.example',
        firstName: 'Dora',
        lastName: 'Again',
        role: 'member',
      }),
    ];
    for (const refused of refusals) {
      const res = await refused.expect(409);
      expect(res.body.error).toMatchObject({
        code: 'OPERATOR_DELETED',
        message: expect.stringMatching(/a provider admin can restore them until \d{4}-\d{2}-\d{2}/),
      });
    }

    t.clock.offsetMs = 29 * DAY;
    try {
      await signIn();
      const restored = await t
        .http()
        .post(`/api/v1/operators/${id}/restore`)
        .set(provider)
        .expect(200);
      expect(restored.body).toMatchObject({
        status: 'active',
        tenantIds: [tenantB],
        restorableUntil: null,
      });
      await t.login('dora@b.example', doraPassword);
      const again = await t
        .http()
        .post(`/api/v1/operators/${id}/restore`)
        .set(provider)
        .expect(409);
      expect(again.body.error.code).toBe('OPERATOR_NOT_DELETED');

      // Deleted again and left: past 30 days they cannot be restored, and the purge removes them.
      await t.http().delete(`/api/v1/operators/${id}`).set(provider).expect(204);
      t.clock.offsetMs = 60 * DAY;
      await signIn();
      const late = await t.http().post(`/api/v1/operators/${id}/restore`).set(provider).expect(410);
      expect(late.body.error.code).toBe('RESTORE_PERIOD_OVER');
      await t.app.get(OperatorDeletion).purge();
      expect(await find()).toBeUndefined();
      await t.http().post(`/api/v1/operators/${id}/restore`).set(provider).expect(404);
      // The address is free: the person can be invited afresh.
      await t
        .http()
        .post(`/api/v1/tenants/${tenantB}/operators`)
        .set(provider)
        .send({ email: 'dora@b.example', firstName: 'Dora', lastName: 'New', role: 'member' })
        .expect(201);
    } finally {
      t.clock.offsetMs = 0;
    }
  });
});
