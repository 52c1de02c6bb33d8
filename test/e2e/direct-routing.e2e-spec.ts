import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptInvitation,
  newTenantBody,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

type Auth = Record<string, string>;

describe("a tenant's voice routing script for Teams PowerShell", () => {
  let db: IsolatedDatabase;
  let smtp: SmtpSink;
  let t: TestHttpApp;
  let provider: Auth;
  let tenantId: string;
  const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));

  beforeAll(async () => {
    [db, smtp] = await Promise.all([isolatedDatabase(), startSmtpSink()]);
    t = await startHttpApp({
      ...db.env,
      SMTP_URL: smtp.url,
      MAIL_OUTBOX_DIR: outbox,
      SBC_BASE_DOMAIN: 'customers.pbx.example',
    });
    provider = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    tenantId = (
      await t
        .http()
        .post('/api/v1/tenants')
        .set(provider)
        .send(newTenantBody('ada@fabrikam.example', 'Fabrikam Åland'))
        .expect(201)
    ).body.tenant.id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await db?.drop();
  });

  const script = () => t.http().get(`/api/v1/tenants/${tenantId}/direct-routing/voice-routing.ps1`);

  it('asks for the voice routing policy name first, then answers a script naming the tenant’s SBC address', async () => {
    const unnamed = await script().set(provider).expect(409);
    expect(unnamed.body.error.code).toBe('VOICE_ROUTING_POLICY_REQUIRED');
    await t
      .http()
      .patch(`/api/v1/tenants/${tenantId}/settings`)
      .set(provider)
      .send({ voiceRoutingPolicy: 'PBX-Direct-Routing' })
      .expect(200);

    const res = await script()
      .set(provider)
      .buffer(true)
      .parse((r, done) => {
        let body = '';
        r.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        r.on('end', () => done(null, body));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="voice-routing.ps1"');
    const text = res.body as string;
    expect(text.startsWith('\ufeff# Direct Routing for Fabrikam Åland')).toBe(true);
    const label = `fabrikam-aland-${tenantId.replace(/-/g, '').slice(0, 8)}`;
    expect(text).toContain(`$gateway = '${label}.customers.pbx.example'`);
    expect(text).toContain("$policy = 'PBX-Direct-Routing'");
  });

  it("is for the tenant's admins: a member is refused", async () => {
    const signIn = (email: string) =>
      acceptInvitation(t, smtp, email, 'a long enough password for everyone');
    const ada = await signIn('ada@fabrikam.example');
    await script().set(ada).expect(200);
    await t
      .http()
      .post(`/api/v1/tenants/${tenantId}/operators`)
      .set(ada)
      .send({ email: 'mo@fabrikam.example', firstName: 'Mo', lastName: 'Member', role: 'member' })
      .expect(201);
    const mo = await signIn('mo@fabrikam.example');
    expect((await script().set(mo).expect(403)).body.error.code).toBe('FORBIDDEN');
  });

  it('says the provider has not set up Direct Routing when the SBC base domain is not configured', async () => {
    const plain = await startHttpApp({ ...db.env, MAIL_OUTBOX_DIR: outbox });
    try {
      const res = await plain
        .http()
        .get(`/api/v1/tenants/${tenantId}/direct-routing/voice-routing.ps1`)
        .set(provider)
        .expect(409);
      expect(res.body.error).toMatchObject({
        code: 'DIRECT_ROUTING_NOT_CONFIGURED',
        message: expect.stringContaining('SBC_BASE_DOMAIN'),
      });
    } finally {
      await plain.close();
    }
  });
});
