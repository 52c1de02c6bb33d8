import { newTenantBody, PROVIDER_ADMIN, startHttpApp, TestHttpApp } from '../support/http-app';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import { sandboxEnv, startTestSandbox, TestSandbox } from '../support/test-sandbox';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

interface Answer {
  status: number;
  body: { error?: { code: string; message: string; details?: unknown } };
  headers: Record<string, string>;
  text: string;
}

/** Every bad input gets a precise 4xx in the error shape, nothing half-applied, never a 500. */
describe('precise answers to bad input', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  let auth: { authorization: string };
  let tenantId: string;

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
    t = await startHttpApp({ ...db.env, ...sandboxEnv(sandbox.origin) });
    auth = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    tenantId = (
      await t
        .http()
        .post('/api/v1/tenants')
        .set(auth)
        .send(newTenantBody('ada@precise.example', 'Precise Ltd'))
        .expect(201)
    ).body.tenant.id;
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    await db?.drop();
  });

  const tenantCount = async () =>
    (await t.http().get('/api/v1/tenants').set(auth).expect(200)).body.length as number;
  const settings = async () =>
    (await t.http().get(`/api/v1/tenants/${tenantId}`).set(auth).expect(200)).body.settings;
  /** The answer is the error shape with this status and code, in JSON. */
  const expectError = (res: Answer, status: number, code: string) => {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(typeof res.body.error?.message).toBe('string');
  };
  const postTenant = (body: string, type = 'application/json') =>
    t.http().post('/api/v1/tenants').set(auth).set('content-type', type).send(body);

  it('refuses JSON nested deeper than any request before validation walks it', async () => {
    const before = await tenantCount();
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    expectError(await postTenant(deep), 400, 'BODY_TOO_DEEP');
    expect(await tenantCount()).toBe(before);
  });

  it("maps the body parser's refusals: too large, unsupported charset, not JSON", async () => {
    const big = await postTenant(JSON.stringify({ name: 'x'.repeat(200_000) }));
    expectError(big, 413, 'PAYLOAD_TOO_LARGE');
    expectError(
      await postTenant('{}', 'application/json; charset=latin-7'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    for (const broken of ['{"name": ', 'null', '"text"'])
      expectError(await postTenant(broken), 400, 'BODY_NOT_JSON');
  });

  it('refuses null for every setting, listing the fields, and changes nothing', async () => {
    const before = await settings();
    for (const field of [
      'syncMode',
      'syncEnabled',
      'scheduleMinutes',
      'voiceRoutingPolicy',
      'removalThreshold',
    ]) {
      const res = await t
        .http()
        .patch(`/api/v1/tenants/${tenantId}/settings`)
        .set(auth)
        .send({ syncMode: 'manual', [field]: null });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error?.details).toEqual([
        { field, code: expect.stringMatching(/^FIELD_/), message: expect.any(String) },
      ]);
    }
    expect(await settings()).toEqual(before);
  });

  it('refuses a tenant whose pbx or admin is missing, null or an array', async () => {
    const before = await tenantCount();
    for (const part of ['pbx', 'admin'] as const)
      for (const value of [undefined, null, [], [{}], 'text']) {
        const body: Record<string, unknown> = { ...newTenantBody(`${part}@precise.example`, 'P') };
        if (value === undefined) delete body[part];
        else body[part] = value;
        const res = await t.http().post('/api/v1/tenants').set(auth).send(body);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.error?.details).toEqual([
          {
            field: part,
            code: value === undefined ? 'FIELD_REQUIRED' : 'FIELD_TYPE',
            message: expect.any(String),
          },
        ]);
      }
    expect(await tenantCount()).toBe(before);
  });

  it('lists validation problems by field and code, never as parser sentences', async () => {
    const res = await t
      .http()
      .post('/api/v1/tenants')
      .set(auth)
      .send({
        name: 7,
        connectorSeats: 1e300,
        pbx: newTenantBody('x@y.example').pbx,
        admin: { firstName: 'A', lastName: 'B', email: 'nope' },
        extra: true,
      });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error?.details).toEqual([
      { field: 'admin.email', code: 'FIELD_FORMAT', message: expect.any(String) },
      { field: 'connectorSeats', code: 'FIELD_RANGE', message: expect.any(String) },
      { field: 'extra', code: 'FIELD_NOT_ALLOWED', message: expect.any(String) },
      { field: 'name', code: 'FIELD_TYPE', message: expect.any(String) },
    ]);
  });

  it('refuses pages past any end, and repeated query parameters', async () => {
    for (const path of ['runs', 'failures', 'users', 'sync/preview/users', 'mappings']) {
      const res = await t
        .http()
        .get(`/api/v1/tenants/${tenantId}/${path}?page=99999999999999999999`)
        .set(auth);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error?.details).toEqual([
        { field: 'page', code: 'FIELD_RANGE', message: expect.any(String) },
      ]);
    }
    const twice = await t.http().get(`/api/v1/tenants/${tenantId}/runs?page=1&page=2`).set(auth);
    expectError(twice, 400, 'VALIDATION_FAILED');
    expect(await t.http().get('/api/v1/fleet?page=1000000').set(auth).expect(200)).toBeTruthy();
  });

  it('answers the consent callback with a repeated state by its code, as a page or as JSON', async () => {
    const page = await t.http().get('/api/v1/consent/callback?state=a&state=b');
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('data-error-code="CONSENT_CALLBACK_INVALID"');
    const json = await t
      .http()
      .get('/api/v1/consent/callback?state=a&state=b')
      .set('accept', 'application/json');
    expectError(json, 400, 'CONSENT_CALLBACK_INVALID');
  });

  it('answers an unknown tenant 404 TENANT_NOT_FOUND on every tenant route', async () => {
    const reads = [
      '',
      '/status',
      '/runs',
      '/failures',
      '/users',
      '/mappings',
      '/mappings.csv',
      '/mappings/template.csv',
      '/operators',
      '/voice-routing-policies',
      '/sync/preview',
      '/sync/preview/users',
    ];
    for (const path of reads)
      expectError(
        await t.http().get(`/api/v1/tenants/${UNKNOWN}${path}`).set(auth),
        404,
        'TENANT_NOT_FOUND',
      );
    const mapping = await t
      .http()
      .post(`/api/v1/tenants/${UNKNOWN}/mappings`)
      .set(auth)
      .send({ pbxUserId: 'p1', teamsUser: UNKNOWN });
    expectError(mapping, 404, 'TENANT_NOT_FOUND');
    const invite = await t
      .http()
      .post(`/api/v1/tenants/${UNKNOWN}/operators`)
      .set(auth)
      .send({ firstName: 'A', lastName: 'B', email: 'a@b.example', role: 'member' });
    expectError(invite, 404, 'TENANT_NOT_FOUND');
  });

  it('answers a wrong method 405 with Allow, and an unknown address 404', async () => {
    const put = await t.http().put(`/api/v1/tenants/${tenantId}/runs`).set(auth).send({});
    expectError(put, 405, 'METHOD_NOT_ALLOWED');
    expect(put.headers.allow).toBe('GET, HEAD');
    expectError(await t.http().get('/api/v1/no-such-thing').set(auth), 404, 'ROUTE_NOT_FOUND');
  });

  it('never reads a body sent with another content type: no sync starts from text/plain', async () => {
    const runs = async () =>
      (await t.http().get(`/api/v1/tenants/${tenantId}/runs`).set(auth).expect(200)).body.total;
    const before = await runs();
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await t
        .http()
        .post(`/api/v1/tenants/${tenantId}/sync`)
        .set(auth)
        .set('content-type', type)
        .send('{"kind":"incremental"}');
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await runs()).toBe(before);
    const csvAsJson = await t
      .http()
      .post(`/api/v1/tenants/${tenantId}/mappings/import`)
      .set(auth)
      .send({ file: 'a,b' });
    expectError(csvAsJson, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers errors on CSV routes in JSON, with a JSON content type', async () => {
    for (const path of [
      'mappings/template.csv',
      'mappings.csv?page=x',
      'mappings/template.csv?all=maybe',
    ]) {
      const res = await t.http().get(`/api/v1/tenants/${tenantId}/${path}`).set(auth);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectError(res, res.status, res.body.error?.code ?? 'none');
    }
  });
});
