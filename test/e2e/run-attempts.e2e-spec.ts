import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { JOB_CATALOGUE } from '../../src/common/queue/job-catalogue';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { SKU_E5, standardSkus } from '../sandbox/seed/licensing';
import {
  createSandboxTenant,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from '../support/http-app';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import {
  registerTestApp,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

const ATTEMPTS = 3;
const D = 'attempts.example';

describe('a run whose job keeps crashing', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  let t: TestHttpApp;

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
    await registerTestApp(sandbox.client);
    t = await startHttpApp(
      {
        ...db.env,
        ...sandboxEnv(sandbox.origin),
        MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
      },
      // BullMQ's own retries, made quick: the run's attempts follow the catalogue.
      {
        ...JOB_CATALOGUE,
        'sync.run': { ...JOB_CATALOGUE['sync.run'], attempts: ATTEMPTS, backoffMs: 50 },
      },
    );
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    await db?.drop();
  });

  it(`ends failed with its last error once its ${ATTEMPTS} attempts are used up, and is not queued again`, async () => {
    const c = sandbox.client;
    const ms = (await c.createTenant({ domain: D })).id;
    await c.grantConsent(ms, TEST_APP.clientId);
    await c.setSkus(ms, standardSkus(5, 0));
    await c.setPolicies(ms, [
      { policyType: 'OnlineVoiceRoutingPolicy', name: 'PBX-Direct-Routing', policyId: 'vrp-a' },
    ]);
    await c.addUsers(ms, [
      {
        userPrincipalName: `u@${D}`,
        mail: `u@${D}`,
        assignedLicenses: [{ skuId: SKU_E5, disabledPlans: [] }],
      },
    ]);
    await c.createPbxAccount({ id: 'acct-a', clientId: 'pbx-a', clientSecret: 'pbx-secret' });
    const auth = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    const tenantId = await createSandboxTenant(t, auth, {
      name: 'Attempts',
      connectorSeats: 5,
      sandboxOrigin: sandbox.origin,
      pbxAccountId: 'acct-a',
      pbxClientId: 'pbx-a',
      pbxClientSecret: 'pbx-secret',
      adminEmail: `admin@${D}`,
    });
    await t.app.get(TenantsRepository).update(tenantId, {
      consentState: 'granted',
      microsoftTenantId: ms,
      voiceRoutingPolicy: 'PBX-Direct-Routing',
    });
    // A fault no classifier knows: every planning attempt crashes where it records the users.
    await t.app.get(DataSource).query('DROP TABLE tenant_users');

    const { runId } = (
      await t
        .http()
        .post(`/api/v1/tenants/${tenantId}/sync`)
        .set(auth)
        .send({ kind: 'full' })
        .expect(202)
    ).body;
    let run: { state: string; error: { code: string; message: string } | null } | undefined;
    for (let i = 0; i < 200 && run?.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await t.http().get(`/api/v1/runs/${runId}`).set(auth).expect(200)).body;
    }
    expect(run).toMatchObject({ state: 'failed', error: { code: 'RUN_ATTEMPTS_EXHAUSTED' } });
    expect(run!.error!.message).toMatch(/tenant_users/);
    const crashes = t.logs.filter((line) => line.includes('run attempt crashed'));
    expect(crashes).toHaveLength(ATTEMPTS);

    // Nothing comes back for it: the next request starts a new run.
    await new Promise((r) => setTimeout(r, 500));
    expect(t.logs.filter((line) => line.includes('run attempt crashed'))).toHaveLength(ATTEMPTS);
    const next = await t
      .http()
      .post(`/api/v1/tenants/${tenantId}/sync`)
      .set(auth)
      .send({ kind: 'full' })
      .expect(202);
    expect(next.body).toMatchObject({ created: true });
    expect(next.body.runId).not.toBe(runId);
  });
});
