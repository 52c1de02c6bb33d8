import { JobQueue } from '../../src/common/queue/job-queue';
import { SyncSchedules } from '../../src/sync/sync-schedules';
import { SKU_E3, SKU_E5 } from '../sandbox/seed/licensing';
import { givenTenant, startSyncWorld, SyncWorld } from '../support/sync-fixture';

/**
 * Users delta may never report a licence change (Microsoft does not track
 * `licenseAssignmentStates`). The daily licence and drift check must find it anyway.
 */
describe('the licence and drift check', () => {
  let world: SyncWorld;
  const api = () => world.t.http();

  beforeAll(async () => {
    world = await startSyncWorld();
  });
  afterEach(() => world.sandbox.client.clearFaults());
  afterAll(() => world?.close());

  /** A synced tenant whose second user has Teams without Phone System, so is blocked. */
  async function tenantWithUnlicensedUser() {
    const c = world.sandbox.client;
    const tenant = await givenTenant(world, { pairs: 1, syncEnabled: true });
    await tenant.addPair(1, true);
    const [late] = (
      await c.addUsers(tenant.ms, [
        {
          userPrincipalName: `u1@${tenant.domain}`,
          mail: `u1@${tenant.domain}`,
          assignedLicenses: [{ skuId: SKU_E3, disabledPlans: [] }],
        },
      ])
    ).ids;
    // This tenant's users delta never says that a licence changed.
    await c.updateSettings(tenant.ms, { licenceChangesInDelta: false });
    await tenant.consent();
    const [first] = (await tenant.runs()).items;
    expect(await tenant.run(first.id)).toMatchObject({ state: 'succeeded' });
    return { tenant, late };
  }

  const userState = async (tenantId: string, pbxUserId: string) =>
    (
      await api().get(`/api/v1/tenants/${tenantId}/users?pageSize=100`).set(world.auth).expect(200)
    ).body.items.find((u: { pbxUserId: string }) => u.pbxUserId === pbxUserId);

  it('finds a Phone System licence that users delta never reported, and assigns the number', async () => {
    const { tenant, late } = await tenantWithUnlicensedUser();
    // Scheduled a day out for every tenant that syncs.
    const queue: JobQueue = world.t.app.get(JobQueue);
    const due = await queue.nextScheduled('sync.dailyCheck', `daily-check.${tenant.tenantId}`);
    expect(due!.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(await userState(tenant.tenantId, 'p1')).toMatchObject({
      state: 'blocked',
      reason: 'MISSING_PHONE_SYSTEM_LICENSE',
    });

    await world.sandbox.client.updateUser(tenant.ms, late, {
      assignedLicenses: [{ skuId: SKU_E5, disabledPlans: [] }],
    });
    // The scheduled incremental run reads users delta, which stays silent here.
    expect(await tenant.run(await tenant.startSync('incremental'))).toMatchObject({
      state: 'succeeded',
    });
    expect((await tenant.teamsUser(late)).telephoneNumbers).toEqual([]);

    await world.t.app.get(SyncSchedules).dailyCheck({ tenantId: tenant.tenantId });
    const [check] = (await tenant.runs()).items;
    expect(check).toMatchObject({ kind: 'full', trigger: 'daily_check' });
    expect(await tenant.run(check.id)).toMatchObject({ state: 'succeeded' });
    expect((await tenant.teamsUser(late)).telephoneNumbers).toEqual([
      { telephoneNumber: tenant.number(1), assignmentCategory: 'primary' },
    ]);
    expect(await userState(tenant.tenantId, 'p1')).toMatchObject({ state: 'synced' });
  });

  it('waits for a run under way instead of merging into it', async () => {
    const { tenant } = await tenantWithUnlicensedUser();
    // Hold the next incremental run on its users delta read for a moment.
    await world.sandbox.client.addFault({ path: '^/v1\\.0/users/delta', delayMs: 1500, times: 1 });
    const running = await tenant.startSync('incremental');
    await expect(
      world.t.app.get(SyncSchedules).dailyCheck({ tenantId: tenant.tenantId }),
    ).rejects.toThrow('the licence and drift check waits for it');
    await tenant.run(running);
    expect((await tenant.runs()).items.map((r: { trigger: string }) => r.trigger)).not.toContain(
      'daily_check',
    );
  });
});
