import { DataSource } from 'typeorm';
import { TenantDeletion } from '../../src/tenants/tenant-deletion';
import { SyncSchedules } from '../../src/sync/sync-schedules';
import { grantConsentOverHttp, invitationToken, PROVIDER_ADMIN } from '../support/http-app';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { givenSyncedTenant, givenTenant, startSyncWorld, SyncWorld } from '../support/sync-fixture';

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
  let smtp: SmtpSink;
  const api = () => world.t.http();
  const DAY = 86_400_000;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    world = await startSyncWorld({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await world?.close();
    await smtp?.close();
  });
  afterEach(() => {
    world.t.clock.offsetMs = 0;
  });

  /** Signs in again: a session does not outlive days of a moved clock. */
  const signIn = async (email: string, password: string) => ({
    authorization: `Bearer ${await world.t.login(email, password)}`,
  });

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

  it('deletes a tenant: Teams left alone, runs refused, its Microsoft 365 tenant free for another; restored within 30 days, purged after', async () => {
    const tenant = await givenSyncedTenant(world, 2);
    const path = `/api/v1/tenants/${tenant.tenantId}`;
    const adminEmail = `admin@${tenant.domain}`;
    const token = invitationToken((await smtp.next(adminEmail)).text ?? '');
    await api()
      .post(`/api/v1/invitations/${token}/accept`)
      .send({ password: 'a long and unusual passphrase' })
      .expect(200);
    const admin = await signIn(adminEmail, 'a long and unusual passphrase');
    const schedules = world.t.app.get(SyncSchedules);
    expect(await schedules.nextRun(tenant.tenantId)).not.toBeNull();

    const deleted = (await api().delete(path).set(world.auth).expect(200)).body.tenant;
    expect(deleted).toMatchObject({
      consent: { state: 'none', microsoftTenantId: null },
      deletion: { deletedAt: expect.any(String), restorableUntil: expect.any(String) },
    });
    const restorable =
      Date.parse(deleted.deletion.restorableUntil) - Date.parse(deleted.deletion.deletedAt);
    expect(restorable).toBe(30 * DAY);
    expect(await schedules.nextRun(tenant.tenantId)).toBeNull();
    // Teams is left as it is.
    expect((await tenant.teamsUser(tenant.teamsIds[0])).telephoneNumbers).toHaveLength(1);

    // Gone for its own admin; the provider reads it, lists it apart, and changes nothing but its restore.
    await api().get(path).set(admin).expect(404);
    expect((await api().get('/api/v1/tenants').set(admin).expect(200)).body).toEqual([]);
    expect((await api().get('/api/v1/tenants?deleted=true').set(admin).expect(200)).body).toEqual(
      [],
    );
    await api().get(path).set(world.auth).expect(200);
    const live = (await api().get('/api/v1/tenants').set(world.auth).expect(200)).body;
    expect(live.map((t: { id: string }) => t.id)).not.toContain(tenant.tenantId);
    const gone = (await api().get('/api/v1/tenants?deleted=true').set(world.auth).expect(200)).body;
    expect(gone.map((t: { id: string }) => t.id)).toEqual([tenant.tenantId]);
    const fleet = (await api().get('/api/v1/fleet?pageSize=1000').set(world.auth).expect(200)).body;
    expect(fleet.items.map((t: { id: string }) => t.id)).not.toContain(tenant.tenantId);
    for (const [method, url, body] of [
      ['post', `${path}/sync`, { kind: 'full' }],
      ['patch', `${path}/settings`, { syncEnabled: true }],
      ['patch', path, { name: 'Still here' }],
      ['post', `${path}/consent`, {}],
      ['delete', path, undefined],
    ] as const) {
      const res = await api()[method](url).set(world.auth).send(body);
      expect([url, res.status, res.body.error?.code]).toEqual([url, 409, 'TENANT_DELETED']);
    }

    // Its Microsoft 365 tenant connects to another tenant.
    const other = await givenTenant(world);
    await grantConsentOverHttp(
      world.t,
      world.auth,
      other.tenantId,
      world.sandbox.client,
      tenant.ms,
    );
    const otherView = (
      await api().get(`/api/v1/tenants/${other.tenantId}`).set(world.auth).expect(200)
    ).body;
    expect(otherView.consent).toMatchObject({ state: 'granted', microsoftTenantId: tenant.ms });

    // Restored on day 29, with its settings and mappings, but not its link, which another holds.
    world.t.clock.offsetMs = 29 * DAY;
    const provider = await signIn(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
    const restored = (await api().post(`${path}/restore`).set(provider).expect(200)).body;
    expect(restored).toMatchObject({
      deletion: null,
      consent: {
        state: 'none',
        microsoftTenantId: null,
        message: expect.stringContaining('is now connected to another tenant'),
      },
      settings: { syncEnabled: true, voiceRoutingPolicy: expect.any(String) },
    });
    const again = await signIn(adminEmail, 'a long and unusual passphrase');
    await api().get(path).set(again).expect(200);
    await api().post(`${path}/restore`).set(provider).expect(409);
    const audit = (await api().get(`${path}/audit?action=tenant`).set(provider).expect(200)).body;
    expect(audit.items.map((e: { action: string }) => e.action).slice(0, 2)).toEqual([
      'tenant.restored',
      'tenant.deleted',
    ]);

    // Deleted again and left: past 30 days it cannot be restored, and the purge removes every trace.
    await api().delete(path).set(provider).expect(200);
    world.t.clock.offsetMs = 60 * DAY;
    const late = await signIn(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password);
    const refused = await api().post(`${path}/restore`).set(late).expect(410);
    expect(refused.body.error.code).toBe('RESTORE_PERIOD_OVER');
    await world.t.app.get(TenantDeletion).purge();
    await api().get(path).set(late).expect(404);
    const ds = world.t.app.get(DataSource);
    const left: Record<string, number> = {};
    for (const meta of ds.entityMetadatas) {
      const column = meta.columns.find((c) => c.databaseName === 'tenant_id');
      const key = column ? 'tenant_id' : meta.tableName === 'tenants' ? 'id' : null;
      if (!key) continue;
      const [row] = await ds.query(
        ...ds.driver.escapeQueryWithParameters(
          `SELECT COUNT(*) AS n FROM ${meta.tableName} WHERE ${key} = :id`,
          { id: tenant.tenantId },
        ),
      );
      if (Number(row.n) > 0) left[meta.tableName] = Number(row.n);
    }
    expect(left).toEqual({});
    // The other tenant keeps its link.
    const kept = (await api().get(`/api/v1/tenants/${other.tenantId}`).set(late).expect(200)).body;
    expect(kept.consent.microsoftTenantId).toBe(tenant.ms);
  });

  it('stops the run under way on delete, and restores the link and schedule while nobody took the link', async () => {
    const tenant = await givenSyncedTenant(world, 0);
    for (let i = 10; i < 16; i++) await tenant.addPair(i);
    await world.sandbox.client.addFault({ path: 'assignNumber', delayMs: 300, times: 6 });
    const path = `/api/v1/tenants/${tenant.tenantId}`;
    const runId = await tenant.startSync('incremental');
    await tenant.run(runId, ['applying']);
    await api().delete(path).set(world.auth).expect(200);
    const stopped = await tenant.run(runId);
    expect(stopped.state).toBe('cancelled');
    expect(stopped.counts.succeeded).toBeLessThan(6);
    await world.sandbox.client.clearFaults();

    const restored = (await api().post(`${path}/restore`).set(world.auth).expect(200)).body;
    expect(restored.consent).toMatchObject({
      state: 'granted',
      microsoftTenantId: tenant.ms,
      verifiedAt: null,
    });
    expect(await world.t.app.get(SyncSchedules).nextRun(tenant.tenantId)).not.toBeNull();
    expect(await tenant.run(await tenant.startSync('incremental'))).toMatchObject({
      state: 'succeeded',
    });
  });

  it('releases the numbers on delete when asked, the count confirmed above the threshold, then frees the link', async () => {
    const tenant = await givenSyncedTenant(world, 12);
    const path = `/api/v1/tenants/${tenant.tenantId}`;
    const unconfirmed = await api().delete(`${path}?teams=release`).set(world.auth).expect(409);
    expect(unconfirmed.body.error).toMatchObject({
      code: 'REMOVALS_NOT_CONFIRMED',
      details: { removals: 12, limit: 10 },
    });
    const wrongCount = await api()
      .delete(`${path}?teams=release&confirmRemovals=11`)
      .set(world.auth)
      .expect(409);
    expect(wrongCount.body.error.code).toBe('REMOVALS_NOT_CONFIRMED');
    expect((await api().get(path).set(world.auth).expect(200)).body.deletion).toBeNull();

    const res = await api()
      .delete(`${path}?teams=release&confirmRemovals=12`)
      .set(world.auth)
      .expect(200);
    expect(res.body.tenant.deletion).not.toBeNull();
    const run = await tenant.run(res.body.releaseRunId);
    expect(run).toMatchObject({
      kind: 'release',
      trigger: 'delete',
      state: 'succeeded',
      counts: { succeeded: 12, planned: { remove: 12 } },
    });
    for (let i = 0; i < 12; i++) {
      const user = await tenant.teamsUser(tenant.teamsIds[i]);
      expect(user.telephoneNumbers).toEqual([]);
      expect(user.effectivePolicyAssignments).toEqual([]);
    }
    const view = (await api().get(path).set(world.auth).expect(200)).body;
    expect(view.consent).toMatchObject({ state: 'none', microsoftTenantId: null });
    const audit = (await api().get(`${path}/audit?action=tenant`).set(world.auth).expect(200)).body;
    expect(audit.items.map((e: { action: string }) => e.action).slice(0, 2)).toEqual([
      'tenant.linkReleased',
      'tenant.deleted',
    ]);
  });
});
