import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SKU_E5, standardSkus } from '../sandbox/seed/licensing';
import {
  createSandboxTenant,
  grantConsentOverHttp,
  PROVIDER_ADMIN,
  startHttpApp,
  TestHttpApp,
} from './http-app';
import { isolatedDatabase } from './test-database';
import { registerTestApp, sandboxEnv, startTestSandbox, TestSandbox } from './test-sandbox';

export const POLICY = {
  policyType: 'OnlineVoiceRoutingPolicy',
  name: 'PBX-Direct-Routing',
  policyId: 'vrp-1',
};
const E5 = [{ skuId: SKU_E5, disabledPlans: [] }];
export const WRITES = 'assignNumber|unassignNumber|userAssignments';
const END_STATES = ['succeeded', 'partially_failed', 'failed', 'cancelled'];

export interface RunView {
  id: string;
  kind: string;
  trigger: string;
  state: string;
  counts: Record<string, unknown> & { succeeded: number; failed: number };
  progress: { total: number; done: number };
  startedAt: string | null;
  error: { code: string; message: string } | null;
}

/** One sandbox, one database and one app (API and workers) shared by a test file's tenants. */
export interface SyncWorld {
  sandbox: TestSandbox;
  t: TestHttpApp;
  auth: { authorization: string };
  close(): Promise<void>;
}

export async function startSyncWorld(env: Record<string, string> = {}): Promise<SyncWorld> {
  const [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
  await registerTestApp(sandbox.client);
  const t = await startHttpApp({
    ...db.env,
    ...sandboxEnv(sandbox.origin),
    MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    ...env,
  });
  const auth = {
    authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
  };
  return {
    sandbox,
    t,
    auth,
    close: async () => {
      await t.close();
      await sandbox.close();
      await db.drop();
    },
  };
}

let tenantsMade = 0;

/**
 * A customer of its own in a shared world: a Microsoft 365 tenant with Teams Phone licences and
 * the voice routing policy, a PBX account, and the service tenant over HTTP. Each has its own
 * domain and numbers, so a test that uses one can run alone (`-t`) or after any other.
 */
export async function givenTenant(
  world: SyncWorld,
  options: { pairs?: number; syncEnabled?: boolean; pbxClientSecret?: string } = {},
) {
  const { sandbox, t, auth } = world;
  const c = sandbox.client;
  const n = ++tenantsMade;
  const domain = `t${n}.example`;
  const account = `acct-${n}`;
  const number = (i: number) => `+1425${200 + n}${String(i).padStart(4, '0')}`;
  const ms = (await c.createTenant({ domain })).id;
  await c.setSkus(ms, standardSkus(100, 10));
  await c.setPolicies(ms, [POLICY]);
  await c.createPbxAccount({ id: account, clientId: `pbx-${n}`, clientSecret: 'pbx-secret' });
  const teamsIds: string[] = [];
  const api = () => t.http();

  const tenant = {
    ms,
    domain,
    account,
    number,
    teamsIds,
    tenantId: '',
    /** A PBX user and, unless `pbxOnly`, the Teams user with the same address. */
    addPair: async (i: number, pbxOnly = false) => {
      if (!pbxOnly)
        teamsIds[i] = (
          await c.addUsers(ms, [
            { userPrincipalName: `u${i}@${domain}`, mail: `u${i}@${domain}`, assignedLicenses: E5 },
          ])
        ).ids[0];
      await c.addPbxUsers(account, [
        {
          id: `p${i}`,
          email: `u${i}@${domain}`,
          directNumber: number(i),
          firstName: `P${i}`,
          lastName: 'Test',
          extension: String(100 + i),
          status: 'active',
        },
      ]);
    },
    addTeamsUser: async (i: number) => {
      teamsIds[i] = (
        await c.addUsers(ms, [
          { userPrincipalName: `u${i}@${domain}`, mail: `u${i}@${domain}`, assignedLicenses: E5 },
        ])
      ).ids[0];
    },
    teamsUser: async (id: string) => (await c.teamsState(ms)).users.find((u) => u.id === id)!,
    consent: () => grantConsentOverHttp(t, auth, tenant.tenantId, c, ms),
    settings: (changes: object) =>
      api()
        .patch(`/api/v1/tenants/${tenant.tenantId}/settings`)
        .set(auth)
        .send(changes)
        .expect(200),
    startSync: async (kind: 'full' | 'incremental') =>
      (
        await api()
          .post(`/api/v1/tenants/${tenant.tenantId}/sync`)
          .set(auth)
          .send({ kind })
          .expect(202)
      ).body.runId as string,
    runs: async () =>
      (await api().get(`/api/v1/tenants/${tenant.tenantId}/runs`).set(auth).expect(200)).body as {
        total: number;
        items: RunView[];
      },
    /** Waits for the run to reach one of `until` (by default, any end state). */
    run: async (runId: string, until = END_STATES): Promise<RunView> => {
      for (let i = 0; i < 300; i++) {
        const res = await api().get(`/api/v1/runs/${runId}`).set(auth).expect(200);
        if (until.includes(res.body.state)) return res.body;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`run ${runId} did not reach ${until.join('/')}`);
    },
  };

  for (let i = 0; i < (options.pairs ?? 0); i++) await tenant.addPair(i);
  tenant.tenantId = await createSandboxTenant(t, auth, {
    name: `Tenant ${n}`,
    connectorSeats: 50,
    sandboxOrigin: sandbox.origin,
    pbxAccountId: account,
    pbxClientId: `pbx-${n}`,
    pbxClientSecret: options.pbxClientSecret ?? 'pbx-secret',
    adminEmail: `admin@${domain}`,
  });
  await tenant.settings({
    voiceRoutingPolicy: POLICY.name,
    syncEnabled: options.syncEnabled ?? false,
    scheduleMinutes: 60,
  });
  return tenant;
}

export type GivenTenant = Awaited<ReturnType<typeof givenTenant>>;

/** A tenant consented through the real flow, whose first full run has put `pairs` users in Teams. */
export async function givenSyncedTenant(world: SyncWorld, pairs: number) {
  const tenant = await givenTenant(world, { pairs, syncEnabled: true });
  await tenant.consent();
  const [first] = (await tenant.runs()).items;
  const done = await tenant.run(first.id);
  if (done.state !== 'succeeded') throw new Error(`the first run ended ${done.state}`);
  return tenant;
}

/** Microsoft's request log from here on: what the service read and wrote after `since`. */
export async function requestLog(world: SyncWorld) {
  const c = world.sandbox.client;
  const since = (await c.requests()).at(-1)?.seq ?? 0;
  return {
    all: () => c.requests({ since }),
    writes: async () =>
      (await c.requests({ since, path: WRITES })).filter((r) => r.method === 'POST'),
  };
}
