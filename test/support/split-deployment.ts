import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { SKU_E5, standardSkus } from '../sandbox/seed/licensing';
import { createSandboxTenant, PROVIDER_ADMIN, startHttpApp, TestHttpApp } from './http-app';
import { freePort, ServiceProcess, startService } from './service-process';
import { IsolatedDatabase } from './test-database';
import { registerTestApp, sandboxEnv, TEST_APP, TestSandbox } from './test-sandbox';

export const ACTIVE = ['queued', 'planning', 'applying'];
export type RunView = {
  state: string;
  progress: { done: number };
  counts: { succeeded: number; unchanged: number; failed: number; notAttempted: number };
};

/**
 * A tenant with `users` matched users (consent as the callback records it; the consent flow has
 * tests of its own), an API in this process and worker processes started on demand, all on one
 * database and one Redis.
 */
export async function splitDeployment(
  sandbox: TestSandbox,
  db: IsolatedDatabase,
  users: number,
  options: { redisUrl?: string; env?: Record<string, string> } = {},
) {
  const c = sandbox.client;
  const domain = `t${randomBytes(3).toString('hex')}.example`;
  const number = (i: number) => `+1206555${String(i).padStart(4, '0')}`;
  await registerTestApp(c);
  // Crash recovery over thousands of users, not Teams' pace: both sides allow 1,000 a second.
  const ms = (
    await c.createTenant({
      domain,
      settings: { teamsRequestsPerSecond: { read: 1000, write: 1000 } },
    })
  ).id;
  await c.grantConsent(ms, TEST_APP.clientId);
  await c.setSkus(ms, standardSkus(users + 10, 0));
  await c.setPolicies(ms, [
    { policyType: 'OnlineVoiceRoutingPolicy', name: 'PBX-Direct-Routing', policyId: 'vrp-res' },
  ]);
  const people = Array.from({ length: users }, (_, i) => `user${i}@${domain}`);
  await c.addUsers(
    ms,
    people.map((mail) => ({
      userPrincipalName: mail,
      mail,
      assignedLicenses: [{ skuId: SKU_E5, disabledPlans: [] }],
    })),
  );
  const account = `acct-${domain}`;
  await c.createPbxAccount({ id: account, clientId: `pbx-${domain}`, clientSecret: 'pbx-secret' });
  await c.addPbxUsers(
    account,
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
  const env = {
    ...db.env,
    ...sandboxEnv(sandbox.origin),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    QUEUE_PREFIX: `tc-res-${randomBytes(4).toString('hex')}`,
    TEAMS_REQUESTS_PER_SECOND: '1000',
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    PUBLIC_URL: new URL(TEST_APP.redirectUri).origin,
    MICROSOFT_CLIENT_ID: TEST_APP.clientId,
    MICROSOFT_CLIENT_SECRET: TEST_APP.clientSecret,
    MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    QUEUE_LOCK_SECONDS: '3',
    ...options.env,
  };
  const api: TestHttpApp = await startHttpApp({ ...env, ROLE: 'api' });
  const auth = {
    authorization: `Bearer ${await api.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
  };
  const tenantId = await createSandboxTenant(api, auth, {
    name: domain,
    connectorSeats: users,
    sandboxOrigin: sandbox.origin,
    pbxAccountId: account,
    pbxClientId: `pbx-${domain}`,
    pbxClientSecret: 'pbx-secret',
    adminEmail: `admin@${domain}`,
  });
  await api.app.get(TenantsRepository).update(tenantId, {
    consentState: 'granted',
    microsoftTenantId: ms,
    voiceRoutingPolicy: 'PBX-Direct-Routing',
  });

  const workers: (ServiceProcess & { metricsUrl: string })[] = [];
  let runId = '';
  const status = async (): Promise<RunView> =>
    (await api.http().get(`/api/v1/runs/${runId}`).set(auth).expect(200)).body;
  return {
    api,
    auth,
    tenantId,
    microsoftTenantId: ms,
    number,
    workers,
    startWorker: async () => {
      const metricsPort = String(await freePort());
      const worker = await startService({ ...env, ROLE: 'worker', METRICS_PORT: metricsPort });
      workers.push({ ...worker, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` });
    },
    startRun: async () => {
      runId = (
        await api
          .http()
          .post(`/api/v1/tenants/${tenantId}/sync`)
          .set(auth)
          .send({ kind: 'full' })
          .expect(202)
      ).body.runId;
    },
    status,
    waitUntil: async (done: (run: RunView) => boolean): Promise<RunView> => {
      for (let i = 0; i < 1200; i++) {
        const run = await status();
        if (done(run)) return run;
        await new Promise((r) => setTimeout(r, 100));
      }
      const output = workers.map((w) => w.output().slice(-3000)).join('\n---\n');
      throw new Error(`run ${runId} is stuck: ${JSON.stringify(await status())}\n${output}`);
    },
    /** How often Teams accepted an assignment of each number. */
    assignmentsPerNumber: async () => {
      const accepted = (await c.requests({ path: 'numberAssignments/assignNumber$' })).filter(
        (r) => r.status === 202 && r.tenantId === ms,
      );
      const perNumber = new Map<string, number>();
      for (const r of accepted) {
        const n = (r.body as { telephoneNumber: string }).telephoneNumber;
        perNumber.set(n, (perNumber.get(n) ?? 0) + 1);
      }
      return perNumber;
    },
    assignedInTeams: async () =>
      (await c.teamsState(ms)).numbers.filter((n) => n.assignmentStatus === 'userAssigned').length,
    close: async () => {
      for (const worker of workers) await worker.stop('SIGKILL');
      await api.close();
    },
  };
}

export type SplitDeployment = Awaited<ReturnType<typeof splitDeployment>>;
