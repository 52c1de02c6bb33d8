import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/config';
import {
  invitationToken,
  newTenantBody,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

/** "Forgot password": a single-use, short-lived link by e-mail, throttled, that reveals nothing. */
describe('password reset', () => {
  let db: IsolatedDatabase;
  let smtp: SmtpSink;
  let t: TestHttpApp;
  const ADA = { email: 'ada@reset.example', password: 'first chosen passphrase' };
  const NEW_PASSWORD = 'a second, better passphrase';

  beforeAll(async () => {
    [db, smtp] = await Promise.all([isolatedDatabase(), startSmtpSink()]);
    t = await startHttpApp({ ...db.env, SMTP_URL: smtp.url });
    const provider = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    await t
      .http()
      .post('/api/v1/tenants')
      .set(provider)
      .send(newTenantBody(ADA.email, 'Reset Ltd'))
      .expect(201);
    const token = invitationToken((await smtp.next(ADA.email)).text ?? '');
    await t
      .http()
      .post(`/api/v1/invitations/${token}/accept`)
      .send({ password: ADA.password })
      .expect(200);
    // Someone invited who never chose a password: no reset for them.
    await t
      .http()
      .post('/api/v1/tenants')
      .set(provider)
      .send(newTenantBody('ivy@reset.example', 'Invited Ltd'))
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await db?.drop();
  });
  // Each test starts with no requests remembered: they all come from one address.
  afterEach(async () => {
    t.clock.offsetMs = 0;
    const redis = t.app.get(Redis);
    const keys = await redis.keys(`${t.app.get(AppConfig).redis.queuePrefix}:attempts:*`);
    if (keys.length) await redis.del(...keys);
  });

  const ask = (email: string) => t.http().post('/api/v1/auth/password-reset').send({ email });
  const choose = (token: string, password: string) =>
    t.http().post(`/api/v1/auth/password-reset/${token}`).send({ password });
  const resetToken = async (email: string) => {
    const mail = await smtp.next(email);
    expect(mail.subject).toBe('Your new Teams Connector password');
    const match = /\/password-reset#token=([\w-]+)/.exec(mail.text ?? '');
    return match![1];
  };
  const queuedFor = async (email: string) =>
    Number(
      (
        await t.app
          .get(DataSource)
          .query(
            ...t.app
              .get(DataSource)
              .driver.escapeQueryWithParameters(
                'SELECT COUNT(*) AS n FROM outbox_emails WHERE recipient = :email',
                { email },
              ),
          )
      )[0].n,
    );

  it('sends a link that sets a new password once, and signs the account out everywhere', async () => {
    const session = await t.login(ADA.email, ADA.password);
    const asked = await ask(ADA.email).expect(202);
    expect(asked.body.message).toBe(
      `If ${ADA.email} belongs to an account, a link to choose a new password is on its way. It works once, for 30 minutes.`,
    );
    const token = await resetToken(ADA.email);
    expect((await t.http().get('/password-reset').expect(200)).text).toContain(
      'Forgot your password?',
    );

    const weak = await choose(token, 'password1234').expect(400);
    expect(weak.body.error.code).toBe('VALIDATION_FAILED');
    expect((await choose(token, NEW_PASSWORD).expect(200)).body).toEqual({ email: ADA.email });
    await t
      .http()
      .get('/api/v1/tenants')
      .set({ authorization: `Bearer ${session}` })
      .expect(401);
    await t.http().post('/api/v1/auth/login').send(ADA).expect(401);
    await t.login(ADA.email, NEW_PASSWORD);

    const again = await choose(token, 'yet another passphrase').expect(404);
    expect(again.body.error).toMatchObject({
      code: 'RESET_LINK_INVALID',
      message: expect.stringContaining('has been used'),
    });
  });

  it('says the same for an unknown or invited address, and mails them nothing', async () => {
    for (const email of ['nobody@reset.example', 'ivy@reset.example']) {
      const res = await ask(email).expect(202);
      expect(res.body.message).toBe(
        `If ${email} belongs to an account, a link to choose a new password is on its way. It works once, for 30 minutes.`,
      );
    }
    expect(await queuedFor('nobody@reset.example')).toBe(0);
    // The invitation only: no reset e-mail.
    expect(await queuedFor('ivy@reset.example')).toBe(1);
  });

  it('refuses an expired link, and an invitation link in its place', async () => {
    await ask(ADA.email).expect(202);
    const token = await resetToken(ADA.email);
    t.clock.offsetMs = 31 * 60_000;
    const expired = await choose(token, 'a third long passphrase').expect(404);
    expect(expired.body.error.message).toContain('has expired');

    const invitation = invitationToken((await smtp.next('ivy@reset.example')).text ?? '');
    const wrongKind = await choose(invitation, 'a third long passphrase').expect(404);
    expect(wrongKind.body.error.code).toBe('RESET_LINK_INVALID');
  });

  it('slows down asking for links for one address, known or not, alike', async () => {
    for (const email of ['ada@reset.example', 'ghost@reset.example']) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await ask(email)).status);
      expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
      expect(statuses).toContain(429);
    }
    const throttled = await ask('ghost@reset.example').expect(429);
    expect(throttled.headers['retry-after']).toMatch(/^\d+$/);
  });
});
