import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import {
  invitationToken,
  newTenantBody,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

/** Guessing passwords or invitation links gets slower with every failure, in every API process. */
describe('sign-in and invitation throttling', () => {
  let db: IsolatedDatabase;
  let smtp: SmtpSink;
  let a: TestHttpApp;
  let b: TestHttpApp;
  let proxied: TestHttpApp;
  let redis: Redis;
  const prefix = `tc-throttle-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    [db, smtp] = await Promise.all([isolatedDatabase(), startSmtpSink()]);
    // Two API processes on one database and one Redis, as behind a load balancer.
    const shared = {
      ...db.env,
      SMTP_URL: smtp.url,
      QUEUE_PREFIX: prefix,
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    };
    a = await startHttpApp(shared);
    b = await startHttpApp(shared);
    proxied = await startHttpApp({ ...shared, TRUST_PROXY: 'loopback' });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxied?.close();
    await redis?.quit();
    await smtp?.close();
    await db?.drop();
  });
  // Each test starts with no attempts remembered: all its requests come from one address.
  afterEach(async () => {
    a.clock.offsetMs = 0;
    b.clock.offsetMs = 0;
    const keys = await redis.keys(`${prefix}:attempts:*`);
    if (keys.length) await redis.del(...keys);
  });
  const later = (ms: number) => {
    a.clock.offsetMs += ms;
    b.clock.offsetMs += ms;
  };

  const signIn = (app: TestHttpApp, email: string, password: string) =>
    app.http().post('/api/v1/auth/login').send({ email, password });

  it('answers 429 with growing waits after five wrong passwords, refuses the right one meanwhile, and forgets on success', async () => {
    const { email, password } = PROVIDER_ADMIN;
    for (let i = 0; i < 6; i++)
      expect((await signIn(i % 2 ? a : b, email, 'wrong-password-1')).status).toBe(401);

    // Five were free; the sixth started a wait of a second, which the other process knows too.
    const waiting = await signIn(b, email, password);
    expect([waiting.status, waiting.body.error.code, waiting.headers['retry-after']]).toEqual([
      429,
      'RATE_LIMITED',
      '1',
    ]);
    later(1_100);
    expect((await signIn(a, email, 'wrong-password-1')).status).toBe(401);
    expect((await signIn(a, email, password)).headers['retry-after']).toBe('2');
    later(2_100);
    expect((await signIn(a, email, 'wrong-password-1')).status).toBe(401);
    expect((await signIn(b, email, password)).headers['retry-after']).toBe('4');

    later(4_100);
    expect((await signIn(b, email, password)).status).toBe(200);
    // A success starts the account afresh: five free failures again.
    for (let i = 0; i < 5; i++)
      expect((await signIn(a, email, 'wrong-password-1')).status).toBe(401);
    expect((await signIn(a, email, password)).status).toBe(200);
  });

  it('slows a client address that tries many accounts, whichever account it names next', async () => {
    for (let i = 0; i < 21; i++)
      expect((await signIn(a, `nobody${i}@guess.example`, 'wrong-password-1')).status).toBe(401);
    const refused = await signIn(b, PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    later(60_000);
    expect((await signIn(b, PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)).status).toBe(200);
  });

  it('counts guessed invitation links against the address, before hashing any password', async () => {
    const token = await a.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
    await a
      .http()
      .post('/api/v1/tenants')
      .set({ authorization: `Bearer ${token}` })
      .send(newTenantBody('ivy@throttle.example', 'Throttle Ltd'))
      .expect(201);
    const link = invitationToken((await smtp.next('ivy@throttle.example')).text ?? '');
    const accept = (app: TestHttpApp, t: string) =>
      app
        .http()
        .post(`/api/v1/invitations/${t}/accept`)
        .send({ password: 'a-long-enough-password' });

    // A wrong link is answered at once: the password of a guess is never hashed.
    const started = Date.now();
    for (let i = 0; i < 21; i++) expect((await accept(a, `guess-${i}`)).status).toBe(404);
    expect(Date.now() - started).toBeLessThan(2_000);
    const refused = await accept(b, link);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    later(60_000);
    expect((await accept(b, link)).status).toBe(200);
  });

  it("behind a trusted proxy, counts each client's forwarded address apart", async () => {
    const from = (ip: string, i: number) =>
      proxied
        .http()
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', ip)
        .send({ email: `guess${i}@guess.example`, password: 'wrong-password-1' });
    for (let i = 0; i < 21; i++) expect((await from('203.0.113.7', i)).status).toBe(401);
    expect((await from('203.0.113.7', 99)).status).toBe(429);
    const other = await proxied
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.4')
      .send(PROVIDER_ADMIN);
    expect(other.status).toBe(200);
  });
});
