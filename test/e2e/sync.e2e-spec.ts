import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RunReaper } from '../../src/sync/run-reaper';
import { SyncSchedules } from '../../src/sync/sync-schedules';
import { RunItemEntity, SyncRunEntity } from '../../src/sync/sync.entities';
import { SKU_E5, standardSkus } from '../sandbox/seed/licensing';
import {
  createSandboxTenant,
  grantConsentOverHttp,
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

const D = 'contoso.example';
const E5 = [{ skuId: SKU_E5, disabledPlans: [] }];
const POLICY = {
  policyType: 'OnlineVoiceRoutingPolicy',
  name: 'PBX-Direct-Routing',
  policyId: 'vrp-1',
};
const number = (i: number) => `+1425300${String(i).padStart(4, '0')}`;
const WRITES = 'assignNumber|unassignNumber|userAssignments';

describe('sync runs against the sandbox', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  let auth: { authorization: string };
  let tenantId: string;
  let ms: string;
  const teamsIds: string[] = [];
  let stormRunId: string;

  const api = () => t.http();
  const teamsUser = async (id: string) =>
    (await sandbox.client.teamsState(ms)).users.find((u) => u.id === id)!;
  const addPair = async (i: number, pbxOnly = false) => {
    if (!pbxOnly)
      teamsIds[i] = (
        await sandbox.client.addUsers(ms, [
          { userPrincipalName: `u${i}@${D}`, mail: `u${i}@${D}`, assignedLicenses: E5 },
        ])
      ).ids[0];
    await sandbox.client.addPbxUsers('acct-1', [
      {
        id: `p${i}`,
        email: `u${i}@${D}`,
        directNumber: number(i),
        firstName: `P${i}`,
        lastName: 'Test',
        extension: String(100 + i),
        status: 'active',
      },
    ]);
  };
  const run = async (
    runId: string,
    until = ['succeeded', 'partially_failed', 'failed', 'cancelled'],
  ) => {
    for (let i = 0; i < 300; i++) {
      const res = await api().get(`/api/v1/runs/${runId}`).set(auth).expect(200);
      if (until.includes(res.body.state)) return res.body;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`run ${runId} did not reach ${until.join('/')}`);
  };
  const startSync = async (kind: 'full' | 'incremental') =>
    (await api().post(`/api/v1/tenants/${tenantId}/sync`).set(auth).send({ kind }).expect(202)).body
      .runId as string;
  const writesSince = async (since: number) =>
    (await sandbox.client.requests({ since, path: WRITES })).filter((r) => r.method === 'POST');
  const consent = () => grantConsentOverHttp(t, auth, tenantId, sandbox.client, ms);
  const lastSeq = async () => (await sandbox.client.requests()).at(-1)?.seq ?? 0;

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
    const c = sandbox.client;
    await registerTestApp(c);
    ms = (await c.createTenant({ domain: D })).id;
    await c.setSkus(ms, standardSkus(100, 10));
    await c.setPolicies(ms, [POLICY]);
    await c.createPbxAccount({ id: 'acct-1', clientId: 'pbx-client', clientSecret: 'pbx-secret' });
    for (let i = 0; i < 8; i++) await addPair(i);
    await addPair(10, true); // a PBX user with no Teams user yet

    t = await startHttpApp({
      ...db.env,
      ...sandboxEnv(sandbox.origin),
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    });
    auth = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    tenantId = await createSandboxTenant(t, auth, {
      name: 'Contoso',
      connectorSeats: 50,
      sandboxOrigin: sandbox.origin,
      pbxAccountId: 'acct-1',
      pbxClientId: 'pbx-client',
      pbxClientSecret: 'pbx-secret',
      adminEmail: `admin@${D}`,
    });
    await api()
      .patch(`/api/v1/tenants/${tenantId}/settings`)
      .set(auth)
      .send({ voiceRoutingPolicy: POLICY.name, syncEnabled: true, scheduleMinutes: 60 })
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    await db?.drop();
  });

  it('queues a full run on the first consent, which leaves Teams exactly as planned', async () => {
    await consent();

    const runs = (await api().get(`/api/v1/tenants/${tenantId}/runs`).set(auth).expect(200)).body;
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({ kind: 'full', trigger: 'consent' });
    const done = await run(runs.items[0].id);
    expect(done).toMatchObject({
      state: 'succeeded',
      counts: { succeeded: 8, failed: 0, planned: { assign: 8, unmatched: 1, toApply: 8 } },
      progress: { total: 8, done: 8 },
    });
    for (let i = 0; i < 8; i++) {
      const user = await teamsUser(teamsIds[i]);
      expect(user.telephoneNumbers.map((n) => n.telephoneNumber)).toEqual([number(i)]);
      expect(user.isEnterpriseVoiceEnabled).toBe(true);
      expect(user.effectivePolicyAssignments).toContainEqual(
        expect.objectContaining({
          policyType: POLICY.policyType,
          policyAssignment: expect.objectContaining({ policyId: 'vrp-1' }),
        }),
      );
    }
    const synced = (
      await api().get(`/api/v1/tenants/${tenantId}/users?state=synced`).set(auth).expect(200)
    ).body;
    expect(synced.total).toBe(8);
    // The first scheduled run comes one interval (60 minutes) later, not at once.
    const next = await t.app.get(SyncSchedules).nextRun(tenantId);
    expect(next!.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
  });

  it('writes nothing to Teams when run again', async () => {
    const since = await lastSeq();
    const done = await run(await startSync('full'));
    expect(done).toMatchObject({
      state: 'succeeded',
      counts: { planned: { unchanged: 8, toApply: 0 } },
    });
    expect(await writesSince(since)).toEqual([]);
  });

  it('an incremental run after changes on both sides reads only changes and touches only those users', async () => {
    await sandbox.client.updatePbxUser('acct-1', 'p1', { directNumber: number(91) });
    await sandbox.client.deletePbxUser('acct-1', 'p2');
    teamsIds[10] = (
      await sandbox.client.addUsers(ms, [
        { userPrincipalName: `u10@${D}`, mail: `u10@${D}`, assignedLicenses: E5 },
      ])
    ).ids[0];
    const since = await lastSeq();
    const done = await run(await startSync('incremental'));
    expect(done).toMatchObject({
      state: 'succeeded',
      counts: { succeeded: 3, planned: { toApply: 3 } },
    });

    const writes = await writesSince(since);
    const assigned = writes
      .filter((w) => w.path.endsWith('/assignNumber'))
      .map((w) => (w.body as { assignmentTargetId: string }).assignmentTargetId);
    expect(assigned.sort()).toEqual([teamsIds[1], teamsIds[10]].sort());
    expect(
      writes
        .filter((w) => w.path.endsWith('/unassignNumber'))
        .map((w) => (w.body as { telephoneNumber: string }).telephoneNumber),
    ).toEqual([number(2)]);
    const reads = await sandbox.client.requests({ since });
    expect(reads.filter((r) => r.path === '/v1.0/users')).toEqual([]);
    expect(reads.filter((r) => r.path === '/v1.0/admin/teams/userConfigurations')).toEqual([]);

    expect((await teamsUser(teamsIds[1])).telephoneNumbers.map((n) => n.telephoneNumber)).toEqual([
      number(91),
    ]);
    expect((await teamsUser(teamsIds[10])).telephoneNumbers.map((n) => n.telephoneNumber)).toEqual([
      number(10),
    ]);
    const released = await teamsUser(teamsIds[2]);
    expect(released.telephoneNumbers).toEqual([]);
    expect(
      released.effectivePolicyAssignments.filter((p) => p.policyType === POLICY.policyType),
    ).toEqual([]);
  });

  it('holds a run whose removals exceed the threshold until an admin approves it', async () => {
    await api()
      .patch(`/api/v1/tenants/${tenantId}/settings`)
      .set(auth)
      .send({ removalThreshold: { users: 1, percent: 0 } })
      .expect(200);
    await sandbox.client.deletePbxUser('acct-1', 'p3');
    await sandbox.client.deletePbxUser('acct-1', 'p4');
    const runId = await startSync('incremental');
    expect(await run(runId, ['awaiting_approval'])).toMatchObject({
      counts: { planned: { remove: 2 } },
    });
    expect(await startSync('full')).toBe(runId);
    expect((await teamsUser(teamsIds[3])).telephoneNumbers).toHaveLength(1);

    await api().post(`/api/v1/runs/${runId}/approve`).set(auth).expect(200);
    expect(await run(runId)).toMatchObject({ state: 'succeeded', counts: { succeeded: 2 } });
    expect((await teamsUser(teamsIds[3])).telephoneNumbers).toEqual([]);
    const again = await api().post(`/api/v1/runs/${runId}/approve`).set(auth).expect(409);
    expect(again.body.error.code).toBe('RUN_NOT_AWAITING_APPROVAL');
  });

  it('rides out 429 and 503 storms with no failure left for the admin', async () => {
    for (const i of [20, 21, 22, 23]) await addPair(i);
    await sandbox.client.addFault({
      path: 'assignNumber',
      status: 429,
      retryAfterSeconds: 1,
      times: 6,
    });
    await sandbox.client.addFault({ path: 'userConfigurations/', status: 503, times: 6 });
    await sandbox.client.addFault({ path: 'userAssignments/assign', status: 503, times: 4 });
    stormRunId = await startSync('incremental');
    const done = await run(stormRunId);
    expect(done).toMatchObject({ state: 'succeeded', counts: { succeeded: 4, failed: 0 } });
    const throttled = await sandbox.client.requests({ path: 'assignNumber' });
    expect(throttled.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    const open = (
      await api().get(`/api/v1/tenants/${tenantId}/failures?open=true`).set(auth).expect(200)
    ).body;
    expect(open.total).toBe(0);
  });

  it('records a failed operation with its code, ends the run partially failed, and retries the user by hand', async () => {
    await addPair(30);
    await addPair(31);
    await sandbox.client.addNumberFault(ms, {
      telephoneNumber: number(30),
      mode: 'fail',
      statusDetail: 'Number is being ported.',
    });
    const done = await run(await startSync('incremental'));
    // One user failed and the other went through: the run did its work, partly.
    expect(done).toMatchObject({ state: 'partially_failed', counts: { succeeded: 1, failed: 1 } });
    const failures = (
      await api()
        .get(`/api/v1/tenants/${tenantId}/failures?open=true&code=OPERATION_FAILED`)
        .set(auth)
        .expect(200)
    ).body;
    expect(failures.items).toEqual([
      expect.objectContaining({
        pbxUserId: 'p30',
        code: 'OPERATION_FAILED',
        open: true,
        retry: expect.objectContaining({ automatic: false }),
      }),
    ]);
    expect(failures.items[0].message).toContain('Number is being ported.');
    const csv = await api()
      .get(`/api/v1/tenants/${tenantId}/failures.csv?open=true`)
      .set(auth)
      .expect(200)
      .expect('content-type', /text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,pbxUserId,teamsUserId,change,number,code,message,action,open,retryAt,attempts,updatedAt',
    );
    expect(lines.slice(1)).toEqual([
      expect.stringContaining(`p30,${teamsIds[30]},assign,${number(30)},OPERATION_FAILED,`),
    ]);
    const failedUsers = (
      await api().get(`/api/v1/tenants/${tenantId}/users?state=failed`).set(auth).expect(200)
    ).body;
    expect(failedUsers.items).toEqual([
      expect.objectContaining({
        pbxUserId: 'p30',
        state: 'failed',
        lastError: {
          code: 'OPERATION_FAILED',
          message: 'Teams reported the number assignment as failed.',
        },
      }),
    ]);

    const retry = await api()
      .post(`/api/v1/failures/${failures.items[0].id}/retry`)
      .set(auth)
      .expect(202);
    expect(await run(retry.body.runId)).toMatchObject({
      kind: 'retry',
      state: 'succeeded',
      counts: { succeeded: 1 },
    });
    expect((await teamsUser(teamsIds[30])).telephoneNumbers.map((n) => n.telephoneNumber)).toEqual([
      number(30),
    ]);
    const after = (
      await api().get(`/api/v1/tenants/${tenantId}/failures?open=true`).set(auth).expect(200)
    ).body;
    expect(after.total).toBe(0);
  });

  it('applies the same plan again without writing, when the reaper resumes a run that went quiet', async () => {
    // The storm run, as if its worker had died long ago with every item still to do.
    const dataSource = t.app.get(DataSource);
    await dataSource
      .getRepository(RunItemEntity)
      .update({ runId: stormRunId }, { state: 'pending' });
    await dataSource
      .getRepository(SyncRunEntity)
      .update({ id: stormRunId }, { state: 'applying', doneItems: 0, heartbeatAt: new Date(0) });
    const since = await lastSeq();
    await t.app.get(RunReaper).reap();
    const done = await run(stormRunId);
    expect(done).toMatchObject({ state: 'succeeded', counts: { succeeded: 0, unchanged: 4 } });
    expect(await writesSince(since)).toEqual([]);
  });

  it('starts an incremental run when the schedule fires', async () => {
    await t.app.get(SyncSchedules).scheduled({ tenantId });
    const latest = (
      await api().get(`/api/v1/tenants/${tenantId}/runs?pageSize=1`).set(auth).expect(200)
    ).body.items[0];
    expect(latest).toMatchObject({ kind: 'incremental', trigger: 'schedule' });
    expect(await run(latest.id)).toMatchObject({ state: 'succeeded' });
  });

  it('answers bad input and unknown runs and failures precisely, with nothing started', async () => {
    const before = (await api().get(`/api/v1/tenants/${tenantId}/runs`).set(auth).expect(200)).body
      .total;
    const refusals: [string, string, number, string][] = [
      ['post', `/api/v1/tenants/${tenantId}/sync`, 400, 'VALIDATION_FAILED'],
      ['get', `/api/v1/tenants/${tenantId}/users?state=asleep`, 400, 'VALIDATION_FAILED'],
      ['get', `/api/v1/tenants/${tenantId}/failures?open=maybe`, 400, 'VALIDATION_FAILED'],
      ['get', '/api/v1/runs/not-a-run', 404, 'RUN_NOT_FOUND'],
      ['get', '/api/v1/runs/00000000-0000-4000-8000-000000000000', 404, 'RUN_NOT_FOUND'],
      [
        'post',
        '/api/v1/failures/00000000-0000-4000-8000-000000000000/retry',
        404,
        'FAILURE_NOT_FOUND',
      ],
      ['post', `/api/v1/runs/${stormRunId}/cancel`, 409, 'RUN_FINISHED'],
    ];
    for (const [method, path, status, code] of refusals) {
      const res = await api()[method as 'get'](path).set(auth).send({ kind: 'sideways' });
      expect([path, res.status, res.body.error?.code]).toEqual([path, status, code]);
    }
    const after = (await api().get(`/api/v1/tenants/${tenantId}/runs`).set(auth).expect(200)).body
      .total;
    expect(after).toBe(before);
  });

  it('stops a run when consent is revoked mid-run, and stops the schedule', async () => {
    for (let i = 40; i < 52; i++) await addPair(i);
    await sandbox.client.addFault({ path: 'assignNumber', delayMs: 400, times: 12 });
    const runId = await startSync('incremental');
    await run(runId, ['applying']);
    // One run at a time: requests while it runs, even at the same moment, answer with it.
    expect(await Promise.all([startSync('full'), startSync('incremental')])).toEqual([
      runId,
      runId,
    ]);
    await sandbox.client.revokeConsent(ms, TEST_APP.clientId);
    const done = await run(runId);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'CONSENT_REVOKED' } });
    expect(done.counts.succeeded).toBeLessThan(12);
    const tenant = (await api().get(`/api/v1/tenants/${tenantId}`).set(auth).expect(200)).body;
    expect(tenant.consent.state).toBe('revoked');
    expect(await t.app.get(SyncSchedules).nextRun(tenantId)).toBeNull();
    const refused = await api()
      .post(`/api/v1/tenants/${tenantId}/sync`)
      .set(auth)
      .send({ kind: 'incremental' })
      .expect(409);
    expect(refused.body.error.code).toBe('CONSENT_NOT_GRANTED');

    // Consent granted again: the schedule is back, and no full run is queued as for a first consent.
    const runsBefore = (await api().get(`/api/v1/tenants/${tenantId}/runs`).set(auth).expect(200))
      .body.total;
    await consent();
    expect(await t.app.get(SyncSchedules).nextRun(tenantId)).not.toBeNull();
    expect(
      (await api().get(`/api/v1/tenants/${tenantId}/runs`).set(auth).expect(200)).body.total,
    ).toBe(runsBefore);
  });
});
