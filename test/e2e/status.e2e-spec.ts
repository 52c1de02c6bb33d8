import { PROVIDER_ADMIN } from '../support/http-app';
import { givenSyncedTenant, givenTenant, startSyncWorld, SyncWorld } from '../support/sync-fixture';

describe('a tenant status', () => {
  let world: SyncWorld;
  const status = async (tenantId: string) =>
    (await world.t.http().get(`/api/v1/tenants/${tenantId}/status`).set(world.auth).expect(200))
      .body;

  beforeAll(async () => {
    world = await startSyncWorld();
  });
  afterEach(() => world.sandbox.client.clearFaults());
  afterAll(() => world?.close());

  it('is amber until Microsoft 365 is connected, with nothing read and nothing scheduled', async () => {
    const tenant = await givenTenant(world, { pairs: 2 });
    expect(await status(tenant.tenantId)).toMatchObject({
      indicator: { colour: 'amber', reason: 'CONSENT_PENDING' },
      consent: { grantedBy: null },
      sync: { enabled: false, lastRun: null, lastSuccessfulSync: null, nextSync: null },
      licences: { connectorSeats: { total: 50, used: 0, available: 50 }, teamsPhone: null },
      users: { synced: 0, failed: 0 },
      failures: { open: 0, byCode: [] },
      pbx: { reachable: null },
    });
  });

  it('is green once synced, with seats used, the next sync and Teams Phone licences', async () => {
    const tenant = await givenSyncedTenant(world, 2);
    await world.t
      .http()
      .get(`/api/v1/tenants/${tenant.tenantId}/sync/preview`)
      .set(world.auth)
      .expect(200);
    const now = Date.now();
    const s = await status(tenant.tenantId);
    expect(s).toMatchObject({
      indicator: { colour: 'green', reason: 'IN_SYNC' },
      consent: { state: 'granted', grantedBy: { username: expect.any(String) } },
      sync: { enabled: true, scheduleMinutes: 60, lastRun: { state: 'succeeded' } },
      licences: { connectorSeats: { total: 50, used: 2, available: 48 } },
      users: { synced: 2 },
      pbx: { reachable: true },
    });
    expect(new Date(s.sync.nextSync).getTime()).toBeGreaterThan(now);
    expect(new Date(s.sync.lastSuccessfulSync).getTime()).toBeLessThanOrEqual(now);
    // Every SKU that carries Teams Phone: E5 with its 100 seats, the standalone SKU with none.
    expect(s.licences.teamsPhone.skus).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ enabled: 100, consumed: expect.any(Number) }),
        expect.objectContaining({ skuPartNumber: 'MCOEV', enabled: 0 }),
      ]),
    );
    expect(new Date(s.licences.teamsPhone.readAt).getTime()).toBeLessThanOrEqual(now);
  });

  it('turns amber with the open failures by code, and names the number of users', async () => {
    const tenant = await givenSyncedTenant(world, 0);
    await tenant.addPair(40);
    await world.sandbox.client.addNumberFault(tenant.ms, {
      telephoneNumber: tenant.number(40),
      mode: 'fail',
      statusDetail: 'Number is being ported.',
    });
    expect(await tenant.run(await tenant.startSync('incremental'))).toMatchObject({
      state: 'failed',
    });
    const s = await status(tenant.tenantId);
    expect(s).toMatchObject({
      indicator: { colour: 'amber', reason: 'OPEN_FAILURES' },
      failures: { open: 1, byCode: [{ code: 'OPERATION_FAILED', count: 1 }] },
      users: { failed: 1 },
      sync: { lastRun: { state: 'failed' } },
    });
    expect(s.indicator.message).toContain('1 user.');
    // The people behind a failure and a user's state are named, not only numbered.
    const named = {
      pbxUser: expect.objectContaining({
        id: 'p40',
        name: 'P40 Test',
        email: `u40@${tenant.domain}`,
      }),
      teamsUser: expect.objectContaining({ userPrincipalName: `u40@${tenant.domain}` }),
    };
    const api = world.t.http();
    const failures = await api
      .get(`/api/v1/tenants/${tenant.tenantId}/failures?open=true`)
      .set(world.auth)
      .expect(200);
    expect(failures.body.items).toEqual([expect.objectContaining(named)]);
    const users = await api
      .get(`/api/v1/tenants/${tenant.tenantId}/users?state=failed`)
      .set(world.auth)
      .expect(200);
    expect(users.body.items).toEqual([expect.objectContaining(named)]);
    // A run names who started it.
    const [latest] = (await tenant.runs()).items as unknown as { requestedBy: unknown }[];
    expect(latest.requestedBy).toEqual({
      id: expect.any(String),
      email: PROVIDER_ADMIN.email,
      name: expect.any(String),
    });
  });

  it('answers 404 TENANT_NOT_FOUND for a tenant that does not exist, whatever its id looks like', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await world.t.http().get(`/api/v1/tenants/${id}/status`).set(world.auth);
      expect([res.status, res.body.error.code]).toEqual([404, 'TENANT_NOT_FOUND']);
    }
  });

  it('lists the fleet: every tenant with its colour, counts, a "needs attention" filter and sorts', async () => {
    const fleet = async (query = '') =>
      (await world.t.http().get(`/api/v1/fleet${query}`).set(world.auth).expect(200)).body;
    // The three tenants above: one waiting for consent, one green, one with an open failure.
    const all = await fleet();
    expect(all).toMatchObject({ total: 3, counts: { green: 1, amber: 2, red: 0 } });
    const names = all.items.map((i: { name: string }) => i.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    const attention = await fleet('?needsAttention=true&sort=openFailures');
    expect(
      attention.items.map((i: { indicator: { reason: string } }) => i.indicator.reason),
    ).toEqual(['OPEN_FAILURES', 'CONSENT_PENDING']);
    const green = await fleet('?health=green');
    expect(green.items).toEqual([
      expect.objectContaining({ seats: { total: 50, used: 2 }, openFailures: 0 }),
    ]);
    const byHealth = await fleet('?sort=health&order=desc&pageSize=1&page=1');
    expect(byHealth).toMatchObject({ total: 3, items: [{ indicator: { colour: 'green' } }] });
    await world.t.http().get('/api/v1/fleet?health=blue').set(world.auth).expect(400);
    await world.t.http().get('/api/v1/fleet?sort=name&sort=health').set(world.auth).expect(400);
  });
});
