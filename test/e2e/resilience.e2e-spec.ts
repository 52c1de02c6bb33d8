import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { SKU_E5, standardSkus } from '../sandbox/seed/licensing';
import { PROVIDER_ADMIN, startHttpApp, TestHttpApp } from '../support/http-app';
import { ServiceProcess, startService } from '../support/service-process';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import {
  registerTestApp,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

const USERS = 2_000;
const D = 'resilient.example';
const number = (i: number) => `+1206555${String(i).padStart(4, '0')}`;

describe('a worker killed in the middle of applying a run', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  const workers: ServiceProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
    env = {
      ...db.env,
      ...sandboxEnv(sandbox.origin),
      QUEUE_PREFIX: `tc-kill-${randomBytes(4).toString('hex')}`,
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      PUBLIC_URL: new URL(TEST_APP.redirectUri).origin,
      MICROSOFT_CLIENT_ID: TEST_APP.clientId,
      MICROSOFT_CLIENT_SECRET: TEST_APP.clientSecret,
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
      QUEUE_LOCK_SECONDS: '3',
    };
    t = await startHttpApp({ ...env, ROLE: 'api' });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await t?.close();
    await sandbox?.close();
    await db?.drop();
  });

  it('is resumed by another worker: the run completes and each number is assigned once', async () => {
    const c = sandbox.client;
    await registerTestApp(c);
    const ms = (await c.createTenant({ domain: D })).id;
    await c.grantConsent(ms, TEST_APP.clientId);
    await c.setSkus(ms, standardSkus(USERS + 10, 0));
    const people = Array.from({ length: USERS }, (_, i) => `user${i}@${D}`);
    await c.addUsers(
      ms,
      people.map((mail) => ({
        userPrincipalName: mail,
        mail,
        assignedLicenses: [{ skuId: SKU_E5, disabledPlans: [] }],
      })),
    );
    await c.createPbxAccount({ id: 'acct-k', clientId: 'pbx-client', clientSecret: 'pbx-secret' });
    await c.addPbxUsers(
      'acct-k',
      people.map((email, i) => ({
        id: `p${i}`,
        email,
        directNumber: number(i),
        firstName: 'P',
        lastName: String(i),
        extension: String(1000 + i),
        status: 'active' as const,
      })),
    );
    const auth = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    const tenantId = (
      await t
        .http()
        .post('/api/v1/tenants')
        .set(auth)
        .send({
          name: 'Resilient',
          connectorSeats: USERS,
          pbx: {
            accountId: 'acct-k',
            apiUrl: `${sandbox.origin}/pbx`,
            clientId: 'pbx-client',
            clientSecret: 'pbx-secret',
          },
          admin: { firstName: 'A', lastName: 'B', email: `admin@${D}` },
        })
        .expect(201)
    ).body.tenant.id;
    // Consent as the callback records it (the consent flow has tests of its own).
    await t.app
      .get(TenantsRepository)
      .update(tenantId, { consentState: 'granted', microsoftTenantId: ms });

    workers.push(await startService({ ...env, ROLE: 'worker' }));
    const runId = (
      await t
        .http()
        .post(`/api/v1/tenants/${tenantId}/sync`)
        .set(auth)
        .send({ kind: 'full' })
        .expect(202)
    ).body.runId;
    const status = async () =>
      (await t.http().get(`/api/v1/runs/${runId}`).set(auth).expect(200)).body;
    const waitUntil = async (
      done: (run: { state: string; progress: { done: number } }) => boolean,
    ) => {
      for (let i = 0; i < 1200; i++) {
        const run = await status();
        if (done(run)) return run;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`run ${runId} is stuck: ${JSON.stringify(await status())}`);
    };

    await waitUntil((run) => run.state === 'applying' && run.progress.done >= 300);
    workers[0].child.kill('SIGKILL');
    await workers[0].exited;
    const atKill = (await status()).progress.done;
    expect(atKill).toBeLessThan(USERS);

    workers.push(await startService({ ...env, ROLE: 'worker' }));
    const finished = await waitUntil(
      (run) => !['queued', 'planning', 'applying'].includes(run.state),
    );
    expect(finished).toMatchObject({ state: 'succeeded', counts: { failed: 0, notAttempted: 0 } });
    expect(finished.counts.succeeded + finished.counts.unchanged).toBe(USERS);

    const accepted = (await c.requests({ path: 'numberAssignments/assignNumber$' })).filter(
      (r) => r.status === 202,
    );
    const perNumber = new Map<string, number>();
    for (const r of accepted) {
      const n = (r.body as { telephoneNumber: string }).telephoneNumber;
      perNumber.set(n, (perNumber.get(n) ?? 0) + 1);
    }
    expect(perNumber.size).toBe(USERS);
    expect([...perNumber.entries()].filter(([, times]) => times !== 1)).toEqual([]);
    const teams = await c.teamsState(ms);
    expect(teams.numbers.filter((n) => n.assignmentStatus === 'userAssigned')).toHaveLength(USERS);
  });
});
