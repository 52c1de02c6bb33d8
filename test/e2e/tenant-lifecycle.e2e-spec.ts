import { PROVIDER_ADMIN } from '../support/http-app';
import { givenTenant, startSyncWorld, SyncWorld } from '../support/sync-fixture';

interface AuditEntry {
  action: string;
  operatorId: string | null;
  actor: string;
  address: string | null;
  summary: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

interface Check {
  name: string;
  ok: boolean;
  message: string;
}

describe('a tenant through its life', () => {
  let world: SyncWorld;
  const api = () => world.t.http();

  beforeAll(async () => {
    world = await startSyncWorld();
  });
  afterAll(() => world?.close());

  it('gets out of a mistyped PBX secret: verify names the PBX, a correction is tried first, then preview and sync work', async () => {
    const tenant = await givenTenant(world, { pairs: 3, pbxClientSecret: 'pbx-secrte' });
    await tenant.consent();
    const path = `/api/v1/tenants/${tenant.tenantId}`;
    const verify = async () =>
      (await api().post(`${path}/connection/verify`).set(world.auth).expect(200)).body as {
        status: string;
        checks: Check[];
      };

    const broken = await verify();
    expect(broken.status).toBe('failed');
    expect(broken.checks.filter((c) => !c.ok)).toEqual([
      {
        name: 'pbx:signIn',
        ok: false,
        message: expect.stringContaining("The PBX refused the connector's credentials"),
      },
      { name: 'pbx:users', ok: false, message: 'Not checked: the PBX did not sign in.' },
    ]);
    const preview = await api().get(`${path}/sync/preview`).set(world.auth).expect(409);
    expect(preview.body.error.code).toBe('PBX_CREDENTIALS_INVALID');

    const before = (await api().get(path).set(world.auth).expect(200)).body;
    const wrongAgain = await api()
      .patch(path)
      .set(world.auth)
      .send({ name: 'Renamed', pbx: { clientSecret: 'still wrong' } })
      .expect(409);
    expect(wrongAgain.body.error).toMatchObject({
      code: 'PBX_CREDENTIALS_INVALID',
      message: expect.stringContaining('nothing was saved'),
      details: {
        checks: [expect.objectContaining({ name: 'pbx:signIn', ok: false }), expect.anything()],
      },
    });
    expect((await api().get(path).set(world.auth).expect(200)).body).toEqual(before);

    const corrected = await api()
      .patch(path)
      .set(world.auth)
      .send({ name: 'Renamed', connectorSeats: 60, pbx: { clientSecret: 'pbx-secret' } })
      .expect(200);
    expect(corrected.body).toMatchObject({
      name: 'Renamed',
      connectorSeats: 60,
      pbx: { accountId: tenant.account, hasClientSecret: true },
    });
    expect(await verify()).toMatchObject({ status: 'ok' });
    await tenant.settings({ syncEnabled: true });
    const figures = await api().get(`${path}/sync/preview`).set(world.auth).expect(200);
    expect(figures.body.newMatchesToSync).toBe(3);
    expect(await tenant.run(await tenant.startSync('full'))).toMatchObject({
      state: 'succeeded',
      counts: { succeeded: 3 },
    });

    // Each step is in the audit log, newest first; the secrets are not.
    const audit = async (query = '') =>
      (await api().get(`${path}/audit${query}`).set(world.auth).expect(200)).body as {
        total: number;
        items: AuditEntry[];
      };
    const log = await audit();
    expect(log.items.map((e) => e.action).reverse()).toEqual([
      'tenant.created',
      'tenant.settingsChanged',
      'consent.started',
      'consent.granted',
      'connection.verifyFailed',
      'tenant.updated',
      'connection.verified',
      'tenant.settingsChanged',
      'run.requested',
    ]);
    const updated = log.items.find((e) => e.action === 'tenant.updated')!;
    expect(updated).toMatchObject({
      operatorId: expect.any(String),
      actor: expect.stringContaining(PROVIDER_ADMIN.email),
      address: expect.stringMatching(/127\.0\.0\.1$/),
      summary: 'Tenant details changed: name, connectorSeats, pbx.clientSecret.',
      changes: {
        name: { from: expect.stringMatching(/^Tenant \d+$/), to: 'Renamed' },
        connectorSeats: { from: 50, to: 60 },
        'pbx.clientSecret': { from: '(hidden)', to: '(replaced)' },
      },
    });
    expect(log.items.find((e) => e.action === 'consent.granted')).toMatchObject({
      operatorId: null,
      actor: expect.stringContaining('(Microsoft 365 administrator)'),
    });
    expect(JSON.stringify(log)).not.toMatch(/pbx-secret|still wrong|pbx-secrte/);

    expect((await audit('?action=consent')).items.map((e) => e.action)).toEqual([
      'consent.granted',
      'consent.started',
    ]);
    const byOperator = await audit(`?operatorId=${updated.operatorId}`);
    expect(byOperator.items.every((e) => e.operatorId === updated.operatorId)).toBe(true);
    expect(byOperator.total).toBe(log.total - 1);
    expect((await audit(`?from=${new Date(Date.now() + 60_000).toISOString()}`)).total).toBe(0);
    const refused = await api()
      .get(`${path}/audit?action=tenant.nothing`)
      .set(world.auth)
      .expect(400);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'action', code: 'FIELD_CHOICE' });
  });
});
