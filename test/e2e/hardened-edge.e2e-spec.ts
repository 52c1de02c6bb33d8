import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_CSP } from '../../src/common/text/html-page';
import { randomUUID } from 'node:crypto';
import { newTenantBody, PROVIDER_ADMIN, startHttpApp, TestHttpApp } from '../support/http-app';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

/** What the edge promises whatever arrives: security headers on every answer, closable endpoints, safe PBX addresses. */
describe('the hardened edge: security headers, closed endpoints, PBX addresses', () => {
  let db: IsolatedDatabase;
  let plain: TestHttpApp;
  let secure: TestHttpApp;
  let closed: TestHttpApp;

  beforeAll(async () => {
    db = await isolatedDatabase();
    // A built dashboard of its own, so that this holds without `npm run build`.
    const web = mkdtempSync(join(tmpdir(), 'tc-web-'));
    writeFileSync(join(web, 'index.html'), '<!DOCTYPE html><title>Dashboard</title>');
    plain = await startHttpApp({ ...db.env, WEB_DIR: web });
    secure = await startHttpApp({
      ...db.env,
      WEB_DIR: web,
      PUBLIC_URL: 'https://connector.example',
    });
    closed = await startHttpApp({
      ...db.env,
      METRICS_TOKEN: 'scrape-token-7f3a',
      API_DOCS: 'off',
      PBX_ALLOWED_HOSTS: '*.pbx.example,8.8.8.8',
      PBX_ALLOW_PRIVATE_ADDRESSES: 'false',
    });
  });
  afterAll(async () => {
    await plain?.close();
    await secure?.close();
    await closed?.close();
    await db?.drop();
  });

  const everyAnswer = (t: TestHttpApp) => [
    t.http().post('/api/v1/auth/login').send(PROVIDER_ADMIN),
    t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: PROVIDER_ADMIN.email, password: 'wrong-password-1' }),
    t.http().get('/api/v1/tenants'),
    t.http().get('/api/v1/no-such-route'),
    t.http().get('/health/ready'),
    t.http().get('/invitations/accept'),
    t.http().get('/tenants').set('accept', 'text/html'),
    t.http().get('/api/docs/'),
  ];

  it('forbids framing and sniffing, sends no referrer and names no framework, on every answer', async () => {
    for (const [i, res] of (await Promise.all(everyAnswer(plain))).entries()) {
      const where = `answer ${i}: ${res.status} ${res.headers['content-type']}`;
      expect({ where, csp: res.headers['content-security-policy'] }).toEqual({
        where,
        csp: expect.stringContaining("frame-ancestors 'none'"),
      });
      expect({ where, nosniff: res.headers['x-content-type-options'] }).toEqual({
        where,
        nosniff: 'nosniff',
      });
      expect({ where, referrer: res.headers['referrer-policy'] }).toEqual({
        where,
        referrer: 'no-referrer',
      });
      expect({ where, poweredBy: res.headers['x-powered-by'] }).toEqual({
        where,
        poweredBy: undefined,
      });
      expect({ where, hsts: res.headers['strict-transport-security'] }).toEqual({
        where,
        hsts: undefined,
      });
    }
  });

  it('lets no cache keep an API answer, a sign-in above all', async () => {
    const [login, refused, list, missing] = await Promise.all(everyAnswer(plain));
    for (const res of [login, refused, list, missing])
      expect(res.headers['cache-control']).toBe('no-store');
    expect(login.body.accessToken).toEqual(expect.any(String));
  });

  it("runs only the dashboard's own scripts and styles; server pages allow theirs by hash", async () => {
    const dashboard = await plain.http().get('/tenants').set('accept', 'text/html').expect(200);
    expect(dashboard.text).toContain('<title>Dashboard</title>');
    const csp = dashboard.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const invitation = await plain.http().get('/invitations/accept').expect(200);
    expect(invitation.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(PAGE_CSP).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
  });

  it('asks browsers to keep to HTTPS when the service is served over it', async () => {
    for (const res of await Promise.all(everyAnswer(secure)))
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('closes metrics behind a token and the API documentation by configuration', async () => {
    await plain.http().get('/metrics').expect(200);
    await plain.http().get('/api/docs/openapi.json').expect(200);

    for (const authorization of [undefined, 'Bearer wrong', 'scrape-token-7f3a']) {
      const req = closed.http().get('/metrics');
      const res = await (authorization ? req.set('authorization', authorization) : req);
      expect([res.status, res.body.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const scraped = await closed
      .http()
      .get('/metrics')
      .set('authorization', 'Bearer scrape-token-7f3a');
    expect(scraped.status).toBe(200);
    expect(scraped.text).toMatch(/^teams_connector_/m);
    for (const path of ['/api/docs', '/api/docs/openapi.json'])
      expect((await closed.http().get(path)).status).toBe(404);
  });

  it("refuses a PBX address outside the provider's rules before anything is stored", async () => {
    const auth = {
      authorization: `Bearer ${await closed.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    const count = async () => (await closed.http().get('/api/v1/tenants').set(auth)).body.length;
    const before = await count();
    for (const apiUrl of [
      'https://127.0.0.1/pbx',
      'https://169.254.169.254/latest',
      'http://8.8.8.8/pbx',
      'https://evil.example/pbx',
      'https://[::1]/pbx',
    ]) {
      const body = {
        ...newTenantBody(`x@${randomUUID()}.example`, 'Refused'),
        pbx: { ...newTenantBody('a@b.example').pbx, apiUrl },
      };
      const res = await closed.http().post('/api/v1/tenants').set(auth).send(body);
      expect({ apiUrl, status: res.status, details: res.body.error?.details }).toEqual({
        apiUrl,
        status: 400,
        details: [
          { field: 'pbx.apiUrl', code: 'PBX_URL_NOT_ALLOWED', message: expect.any(String) },
        ],
      });
    }
    expect(await count()).toBe(before);
    // An allowed public address is taken (the PBX is checked when the tenant is used).
    const ok = {
      ...newTenantBody('ok@allowed.example', 'Allowed'),
      pbx: { ...newTenantBody('a@b.example').pbx, apiUrl: 'https://8.8.8.8/pbx' },
    };
    await closed.http().post('/api/v1/tenants').set(auth).send(ok).expect(201);
  });
});
