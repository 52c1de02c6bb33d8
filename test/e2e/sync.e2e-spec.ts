import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/config';
import { RunReaper } from '../../src/sync/run-reaper';
import { SyncSchedules } from '../../src/sync/sync-schedules';
import { RunItemEntity, SyncRunEntity } from '../../src/sync/sync.entities';
import {
  givenSyncedTenant,
  givenTenant,
  POLICY,
  requestLog,
  startSyncWorld,
  SyncWorld,
} from '../support/sync-fixture';
import { TEST_APP } from '../support/test-sandbox';

const numbersOf = (user: { telephoneNumbers: { telephoneNumber: string }[] }) =>
  user.telephoneNumbers.map((n) => n.telephoneNumber);

describe('sync runs against the sandbox', () => {
  let world: SyncWorld;
  const api = () => world.t.http();

  beforeAll(async () => {
    world = await startSyncWorld();
  });
  // Faults are the sandbox's, not a tenant's: none outlives the test that injected it.
  afterEach(() => world.sandbox.client.clearFaults());
  afterAll(() => world?.close());

  it('queues a full run on the first consent, which leaves Teams exactly as planned', async () => {
    const tenant = await givenTenant(world, { pairs: 8, syncEnabled: true });
    await tenant.addPair(10, true); // a PBX user with no Teams user yet
    await tenant.consent();

    const runs = await tenant.runs();
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({ kind: 'full', trigger: 'consent' });
    expect(await tenant.run(runs.items[0].id)).toMatchObject({
      state: 'succeeded',
      counts: { succeeded: 8, failed: 0, planned: { assign: 8, unmatched: 1, toApply: 8 } },
      progress: { total: 8, done: 8 },
    });
    for (let i = 0; i < 8; i++) {
      const user = await tenant.teamsUser(tenant.teamsIds[i]);
      expect(numbersOf(user)).toEqual([tenant.number(i)]);
      expect(user.isEnterpriseVoiceEnabled).toBe(true);
      expect(user.effectivePolicyAssignments).toContainEqual(
        expect.objectContaining({
          policyType: POLICY.policyType,
          policyAssignment: expect.objectContaining({ policyId: POLICY.policyId }),
        }),
      );
    }
    const synced = (
      await api()
        .get(`/api/v1/tenants/${tenant.tenantId}/users?state=synced`)
        .set(world.auth)
        .expect(200)
    ).body;
    expect(synced.total).toBe(8);
    // The first scheduled run comes one interval (60 minutes) later, not at once.
    const next = await world.t.app.get(SyncSchedules).nextRun(tenant.tenantId);
    expect(next!.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
  });

  it('writes nothing to Teams when run again', async () => {
    const tenant = await givenSyncedTenant(world, 8);
    const log = await requestLog(world);
    expect(await tenant.run(await tenant.startSync('full'))).toMatchObject({
      state: 'succeeded',
      counts: { planned: { unchanged: 8, toApply: 0 } },
    });
    expect(await log.writes()).toEqual([]);
  });

  it('applies a full run on the Teams state its own plan just read: no read per user, the policy once per wave', async () => {
    const tenant = await givenTenant(world, { pairs: 5, syncEnabled: true });
    const log = await requestLog(world);
    await tenant.consent();
    const [first] = (await tenant.runs()).items;
    expect(first.kind).toBe('full');
    expect(await tenant.run(first.id)).toMatchObject({
      state: 'succeeded',
      counts: { succeeded: 5 },
    });
    const teams = (await log.all()).filter((r) => r.path.startsWith('/v1.0/admin/teams/'));
    const count = (pattern: RegExp) => teams.filter((r) => pattern.test(r.path)).length;
    expect(count(/\/userConfigurations\/[^/]+$/)).toBe(0);
    expect(count(/\/assignNumber$/)).toBe(5);
    expect(count(/\/policy\/userAssignments\/assign$/)).toBe(1);
    for (const id of tenant.teamsIds.slice(0, 5))
      expect(numbersOf(await tenant.teamsUser(id))).toHaveLength(1);
  });

  it('lists the voice routing policies Teams users hold, as last read, to choose one from', async () => {
    const policies = (tenantId: string) =>
      api().get(`/api/v1/tenants/${tenantId}/voice-routing-policies`).set(world.auth).expect(200);
    const unread = await givenTenant(world, { pairs: 1 });
    expect((await policies(unread.tenantId)).body).toEqual({ policies: [], readAt: null });

    const tenant = await givenSyncedTenant(world, 3);
    await tenant.run(await tenant.startSync('full'));
    const read = (await policies(tenant.tenantId)).body;
    expect(read.policies).toEqual([{ name: POLICY.name, users: 3 }]);
    expect(Date.parse(read.readAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('assigns the policy once when Teams identifies it by its Tag: identity, and writes nothing after', async () => {
    const tenant = await givenTenant(world, { pairs: 3, syncEnabled: true });
    await world.sandbox.client.updateSettings(tenant.ms, { effectivePolicyIdShape: 'identity' });
    await tenant.consent();
    const [first] = (await tenant.runs()).items;
    expect(await tenant.run(first.id)).toMatchObject({
      state: 'succeeded',
      counts: { succeeded: 3 },
    });
    expect((await tenant.teamsUser(tenant.teamsIds[0])).effectivePolicyAssignments).toContainEqual(
      expect.objectContaining({
        policyAssignment: expect.objectContaining({ policyId: `Tag:${POLICY.name}` }),
      }),
    );
    const log = await requestLog(world);
    expect(await tenant.run(await tenant.startSync('full'))).toMatchObject({
      state: 'succeeded',
      counts: { planned: { unchanged: 3, toApply: 0 } },
    });
    expect(await log.writes()).toEqual([]);
  });

  it('an incremental run after changes on both sides reads only changes and touches only those users', async () => {
    const tenant = await givenSyncedTenant(world, 8);
    const c = world.sandbox.client;
    await tenant.addPair(10, true);
    await c.updatePbxUser(tenant.account, 'p1', { directNumber: tenant.number(91) });
    await c.deletePbxUser(tenant.account, 'p2');
    const log = await requestLog(world);
    await tenant.addTeamsUser(10);
    expect(await tenant.run(await tenant.startSync('incremental'))).toMatchObject({
      state: 'succeeded',
      counts: { succeeded: 3, planned: { toApply: 3 } },
    });

    const writes = await log.writes();
    const assigned = writes
      .filter((w) => w.path.endsWith('/assignNumber'))
      .map((w) => (w.body as { assignmentTargetId: string }).assignmentTargetId);
    expect(assigned.sort()).toEqual([tenant.teamsIds[1], tenant.teamsIds[10]].sort());
    expect(
      writes
        .filter((w) => w.path.endsWith('/unassignNumber'))
        .map((w) => (w.body as { telephoneNumber: string }).telephoneNumber),
    ).toEqual([tenant.number(2)]);
    const reads = await log.all();
    expect(reads.filter((r) => r.path === '/v1.0/users')).toEqual([]);
    expect(reads.filter((r) => r.path === '/v1.0/admin/teams/userConfigurations')).toEqual([]);

    expect(numbersOf(await tenant.teamsUser(tenant.teamsIds[1]))).toEqual([tenant.number(91)]);
    expect(numbersOf(await tenant.teamsUser(tenant.teamsIds[10]))).toEqual([tenant.number(10)]);
    const released = await tenant.teamsUser(tenant.teamsIds[2]);
    expect(released.telephoneNumbers).toEqual([]);
    expect(
      released.effectivePolicyAssignments.filter((p) => p.policyType === POLICY.policyType),
    ).toEqual([]);
  });

  it('plans only the users an incremental run’s changes affect, and the whole tenant once anything else a plan rests on changed', async () => {
    const tenant = await givenSyncedTenant(world, 8);
    const c = world.sandbox.client;
    const incremental = async () =>
      (await tenant.run(await tenant.startSync('incremental'))).counts.planned;

    // p4 takes p5's number: the two are in conflict, and no one else is planned.
    await c.updatePbxUser(tenant.account, 'p4', { directNumber: tenant.number(5) });
    expect(await incremental()).toEqual({ conflict: 2, toApply: 0 });
    // p4 gets its own number back: p5, found by the number p4 had, is out of conflict too.
    await c.updatePbxUser(tenant.account, 'p4', { directNumber: tenant.number(4) });
    expect(await incremental()).toEqual({ unchanged: 2, toApply: 0 });
    const users = await api()
      .get(`/api/v1/tenants/${tenant.tenantId}/users?state=synced`)
      .set(world.auth)
      .expect(200);
    expect(users.body.total).toBe(8);

    // Nothing changed, nothing planned.
    expect(await incremental()).toEqual({ toApply: 0 });
    // Seats, like mappings and the policy, are something every user's plan rests on: the next
    // run plans the whole tenant.
    await api()
      .patch(`/api/v1/tenants/${tenant.tenantId}`)
      .set(world.auth)
      .send({ connectorSeats: 40 })
      .expect(200);
    expect(await incremental()).toEqual({ unchanged: 8, toApply: 0 });
    expect(await incremental()).toEqual({ toApply: 0 });
  });

  it('holds a run whose removals exceed the threshold until an admin approves it', async () => {
    const tenant = await givenSyncedTenant(world, 8);
    await tenant.settings({ removalThreshold: { users: 1, percent: 0 } });
    await world.sandbox.client.deletePbxUser(tenant.account, 'p3');
    await world.sandbox.client.deletePbxUser(tenant.account, 'p4');
    const runId = await tenant.startSync('incremental');
    expect(await tenant.run(runId, ['awaiting_approval'])).toMatchObject({
      counts: { planned: { remove: 2 } },
    });
    expect(await tenant.startSync('full')).toBe(runId);
    expect((await tenant.teamsUser(tenant.teamsIds[3])).telephoneNumbers).toHaveLength(1);

    await api().post(`/api/v1/runs/${runId}/approve`).set(world.auth).expect(200);
    expect(await tenant.run(runId)).toMatchObject({ state: 'succeeded', counts: { succeeded: 2 } });
    expect((await tenant.teamsUser(tenant.teamsIds[3])).telephoneNumbers).toEqual([]);
    const again = await api().post(`/api/v1/runs/${runId}/approve`).set(world.auth).expect(409);
    expect(again.body.error.code).toBe('RUN_NOT_AWAITING_APPROVAL');
  });

  it('rides out 429 and 503 storms with no failure left for the admin', async () => {
    const tenant = await givenSyncedTenant(world, 0);
    for (const i of [20, 21, 22, 23]) await tenant.addPair(i);
    const c = world.sandbox.client;
    await c.addFault({ path: 'assignNumber', status: 429, retryAfterSeconds: 1, times: 6 });
    await c.addFault({ path: 'userConfigurations/', status: 503, times: 6 });
    await c.addFault({ path: 'userAssignments/assign', status: 503, times: 4 });
    const log = await requestLog(world);
    const done = await tenant.run(await tenant.startSync('incremental'));
    expect(done).toMatchObject({ state: 'succeeded', counts: { succeeded: 4, failed: 0 } });
    const throttled = (await log.all()).filter((r) => r.path.endsWith('/assignNumber'));
    expect(throttled.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    const open = (
      await api()
        .get(`/api/v1/tenants/${tenant.tenantId}/failures?open=true`)
        .set(world.auth)
        .expect(200)
    ).body;
    expect(open.total).toBe(0);
  });

  it('records a failed operation with its code, ends the run partially failed, and retries the user by hand', async () => {
    const tenant = await givenSyncedTenant(world, 0);
    await tenant.addPair(30);
    await tenant.addPair(31);
    await world.sandbox.client.addNumberFault(tenant.ms, {
      telephoneNumber: tenant.number(30),
      mode: 'fail',
      statusDetail: 'Number is being ported.',
    });
    const done = await tenant.run(await tenant.startSync('incremental'));
    // One user failed and the other went through: the run did its work, partly.
    expect(done).toMatchObject({ state: 'partially_failed', counts: { succeeded: 1, failed: 1 } });
    const failures = (
      await api()
        .get(`/api/v1/tenants/${tenant.tenantId}/failures?open=true&code=OPERATION_FAILED`)
        .set(world.auth)
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
      .get(`/api/v1/tenants/${tenant.tenantId}/failures.csv?open=true`)
      .set(world.auth)
      .expect(200)
      .expect('content-type', /text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,pbxUserId,pbxUserName,pbxUserEmail,teamsUserId,teamsUserPrincipalName,change,number,code,message,action,open,retryAt,attempts,updatedAt',
    );
    expect(lines.slice(1)).toEqual([
      expect.stringContaining(
        `p30,P30 Test,u30@${tenant.domain},${tenant.teamsIds[30]},u30@${tenant.domain},assign,${tenant.number(30)},OPERATION_FAILED,`,
      ),
    ]);
    const failedUsers = (
      await api()
        .get(`/api/v1/tenants/${tenant.tenantId}/users?state=failed`)
        .set(world.auth)
        .expect(200)
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
      .set(world.auth)
      .expect(202);
    expect(await tenant.run(retry.body.runId)).toMatchObject({
      kind: 'retry',
      state: 'succeeded',
      counts: { succeeded: 1 },
    });
    expect(numbersOf(await tenant.teamsUser(tenant.teamsIds[30]))).toEqual([tenant.number(30)]);
    const after = (
      await api()
        .get(`/api/v1/tenants/${tenant.tenantId}/failures?open=true`)
        .set(world.auth)
        .expect(200)
    ).body;
    expect(after.total).toBe(0);
  });

  it('applies the same plan again without writing, when the reaper resumes a run that went quiet', async () => {
    const tenant = await givenSyncedTenant(world, 4);
    const [first] = (await tenant.runs()).items;
    // The first run, as if its worker had died long ago with every item still to do.
    const dataSource = world.t.app.get(DataSource);
    await dataSource.getRepository(RunItemEntity).update({ runId: first.id }, { state: 'pending' });
    await dataSource
      .getRepository(SyncRunEntity)
      .update({ id: first.id }, { state: 'applying', doneItems: 0, heartbeatAt: new Date(0) });
    const log = await requestLog(world);
    await world.t.app.get(RunReaper).reap();
    expect(await tenant.run(first.id)).toMatchObject({
      state: 'succeeded',
      counts: { succeeded: 0, unchanged: 4 },
    });
    expect(await log.writes()).toEqual([]);
  });

  it('starts an incremental run when the schedule fires', async () => {
    const tenant = await givenSyncedTenant(world, 2);
    await world.t.app.get(SyncSchedules).scheduled({ tenantId: tenant.tenantId });
    const [latest] = (await tenant.runs()).items;
    expect(latest).toMatchObject({ kind: 'incremental', trigger: 'schedule' });
    expect(await tenant.run(latest.id)).toMatchObject({ state: 'succeeded' });
  });

  it('answers bad input and unknown runs and failures precisely, with nothing started', async () => {
    const tenant = await givenSyncedTenant(world, 1);
    const [finished] = (await tenant.runs()).items;
    const refusals: [string, string, number, string][] = [
      ['post', `/api/v1/tenants/${tenant.tenantId}/sync`, 400, 'VALIDATION_FAILED'],
      ['get', `/api/v1/tenants/${tenant.tenantId}/users?state=asleep`, 400, 'VALIDATION_FAILED'],
      ['get', `/api/v1/tenants/${tenant.tenantId}/failures?open=maybe`, 400, 'VALIDATION_FAILED'],
      ['get', '/api/v1/runs/not-a-run', 404, 'RUN_NOT_FOUND'],
      ['get', '/api/v1/runs/00000000-0000-4000-8000-000000000000', 404, 'RUN_NOT_FOUND'],
      [
        'post',
        '/api/v1/failures/00000000-0000-4000-8000-000000000000/retry',
        404,
        'FAILURE_NOT_FOUND',
      ],
      ['post', `/api/v1/runs/${finished.id}/cancel`, 409, 'RUN_FINISHED'],
    ];
    for (const [method, path, status, code] of refusals) {
      const res = await api()[method as 'get'](path).set(world.auth).send({ kind: 'sideways' });
      expect([path, res.status, res.body.error?.code]).toEqual([path, status, code]);
    }
    expect((await tenant.runs()).total).toBe(1);
  });

  it('refuses a preview while a run holds the directories, spending none of its Graph budget', async () => {
    const tenant = await givenSyncedTenant(world, 0);
    for (let i = 60; i < 66; i++) await tenant.addPair(i);
    await world.sandbox.client.addFault({ path: 'assignNumber', delayMs: 300, times: 6 });
    const runId = await tenant.startSync('incremental');
    await tenant.run(runId, ['applying']);
    const log = await requestLog(world);

    const refused = await api()
      .get(`/api/v1/tenants/${tenant.tenantId}/sync/preview?maxAgeMinutes=0`)
      .set(world.auth)
      .expect(409);
    expect(refused.body.error.code).toBe('SYNC_IN_PROGRESS');
    // "Sync now" again answers with the run without asking Teams for the policy.
    expect(await tenant.startSync('full')).toBe(runId);
    const asked = (await log.all()).filter((r) =>
      /subscribedSkus|getPolicyId|\/pbx\//.test(r.path),
    );
    expect(asked).toEqual([]);

    expect(await tenant.run(runId)).toMatchObject({ state: 'succeeded', counts: { succeeded: 6 } });
    await api().get(`/api/v1/tenants/${tenant.tenantId}/sync/preview`).set(world.auth).expect(200);
  });

  it('starts a run only once the preview reading its directories is done, one preview at a time', async () => {
    const tenant = await givenSyncedTenant(world, 0);
    await tenant.addPair(70);
    await world.sandbox.client.addFault({ path: '/subscribedSkus$', delayMs: 1500, times: 1 });
    const previewPath = `/api/v1/tenants/${tenant.tenantId}/sync/preview`;
    const first = api()
      .get(previewPath)
      .set(world.auth)
      .then((res) => res);
    const redis = world.t.app.get(Redis);
    const lease = `${world.t.app.get(AppConfig).redis.queuePrefix}:directories:${tenant.tenantId}`;
    while (!(await redis.exists(lease))) await new Promise((r) => setTimeout(r, 20));

    const second = await api().get(previewPath).set(world.auth).expect(409);
    expect(second.body.error.code).toBe('PREVIEW_IN_PROGRESS');
    const runId = await tenant.startSync('incremental');
    const preview = await first;
    expect(preview.status).toBe(200);
    const run = await tenant.run(runId);
    expect(run).toMatchObject({ state: 'succeeded', counts: { succeeded: 1 } });
    expect(new Date(run.startedAt!).getTime()).toBeGreaterThan(
      new Date(preview.body.generatedAt).getTime(),
    );
    expect(await redis.exists(lease)).toBe(0);
  });

  it('stops a run when consent is revoked mid-run, and stops the schedule', async () => {
    const tenant = await givenSyncedTenant(world, 0);
    for (let i = 40; i < 52; i++) await tenant.addPair(i);
    await world.sandbox.client.addFault({ path: 'assignNumber', delayMs: 400, times: 12 });
    const runId = await tenant.startSync('incremental');
    await tenant.run(runId, ['applying']);
    // One run at a time: requests while it runs, even at the same moment, answer with it.
    expect(await Promise.all([tenant.startSync('full'), tenant.startSync('incremental')])).toEqual([
      runId,
      runId,
    ]);
    await world.sandbox.client.revokeConsent(tenant.ms, TEST_APP.clientId);
    const done = await tenant.run(runId);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'CONSENT_REVOKED' } });
    expect(done.counts.succeeded).toBeLessThan(12);
    const view = (await api().get(`/api/v1/tenants/${tenant.tenantId}`).set(world.auth).expect(200))
      .body;
    expect(view.consent.state).toBe('revoked');
    expect(await world.t.app.get(SyncSchedules).nextRun(tenant.tenantId)).toBeNull();
    const refused = await api()
      .post(`/api/v1/tenants/${tenant.tenantId}/sync`)
      .set(world.auth)
      .send({ kind: 'incremental' })
      .expect(409);
    expect(refused.body.error.code).toBe('CONSENT_NOT_GRANTED');

    // Consent granted again: the schedule is back, and no full run is queued as for a first consent.
    const runsBefore = (await tenant.runs()).total;
    await tenant.consent();
    expect(await world.t.app.get(SyncSchedules).nextRun(tenant.tenantId)).not.toBeNull();
    expect((await tenant.runs()).total).toBe(runsBefore);
  });
});
