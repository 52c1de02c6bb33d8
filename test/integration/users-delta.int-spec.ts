import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { KeyRing } from '../../src/common/crypto/key-ring';
import { DirectorySnapshots } from '../../src/snapshots/directory-snapshots';
import { TeamsUserEntity } from '../../src/snapshots/snapshot.entities';
import { SnapshotsRepository } from '../../src/snapshots/snapshots.repository';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { newTenantBody, PROVIDER_ADMIN, startHttpApp, TestHttpApp } from '../support/http-app';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import {
  numberedUsers,
  registerTestApp,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

const D = 'delta.example';
const QUIRKS_OFF = { emptyPages: false, repeatUsers: false, removedInInitialRound: false };

/**
 * Microsoft allows a users delta stream to carry empty pages with a next link, the same user twice
 * in one round, `@removed` users in the first round, and a round played again. Whatever the stream,
 * the snapshot the connector keeps must equal a full read of the directory.
 */
describe('the users delta merge, against the quirks Microsoft allows', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  let ms: string;
  let tenantId: string;
  let ids: string[];
  const tenant = () => t.app.get(TenantsRepository).require(tenantId);
  const snapshots = () => t.app.get(DirectorySnapshots);
  /** The snapshot as the matching engine sees it. */
  const snapshot = () =>
    t.app
      .get(DataSource)
      .getRepository(TeamsUserEntity)
      .find({ where: { tenantId }, order: { id: 'ASC' } });
  /** Where the next users delta round starts, as the connector stored it. */
  const deltaLink = async () =>
    t.app.get(KeyRing).decrypt((await snapshots().state(tenantId))!.deltaLinkEncrypted!);
  const startDeltaFrom = (link: string) =>
    t.app
      .get(SnapshotsRepository)
      .saveState(tenantId, { deltaLinkEncrypted: t.app.get(KeyRing).encrypt(link) });
  /** What a full read of the directory leaves, read into the same tenant after the delta rounds. */
  const fullRead = async () => {
    await snapshots().readMicrosoft(await tenant());
    return snapshot();
  };

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
    await registerTestApp(sandbox.client);
    ms = (await sandbox.client.createTenant({ domain: D, settings: { deltaPageSize: 7 } })).id;
    await sandbox.client.grantConsent(ms, TEST_APP.clientId);
    ids = (await sandbox.client.addUsers(ms, numberedUsers(40, D))).ids;
    t = await startHttpApp({
      ...db.env,
      ...sandboxEnv(sandbox.origin),
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    });
    const auth = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    tenantId = (
      await t
        .http()
        .post('/api/v1/tenants')
        .set(auth)
        .send(newTenantBody(`a@${D}`))
        .expect(201)
    ).body.tenant.id;
    await t.app
      .get(TenantsRepository)
      .update(tenantId, { microsoftTenantId: ms, consentState: 'granted' });
  });
  afterEach(() => sandbox.client.updateSettings(ms, { deltaQuirks: QUIRKS_OFF }));
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    await db?.drop();
  });

  it('ends where a full read ends, through empty pages, users listed twice and a replayed round', async () => {
    await snapshots().readMicrosoft(await tenant());
    const before = await deltaLink();
    for (const id of ids.slice(0, 20))
      await sandbox.client.updateUser(ms, id, { displayName: `Renamed ${id.slice(0, 4)}` });
    await sandbox.client.deleteUser(ms, ids[21]);
    await sandbox.client.deleteUser(ms, ids[22], true);
    await sandbox.client.deleteUser(ms, ids[23]);
    await sandbox.client.restoreUser(ms, ids[23]);
    await sandbox.client.addUsers(ms, numberedUsers(3, D, 100));
    await sandbox.client.updateSettings(ms, {
      deltaQuirks: { emptyPages: true, repeatUsers: true, removedInInitialRound: false },
    });

    const round = await snapshots().readMicrosoftChanges(await tenant());
    expect(round.full).toBe(false);
    const pages = await sandbox.client.requests({ path: 'users/delta' });
    expect(pages.length).toBeGreaterThan(6); // several pages, half of them empty
    const merged = await snapshot();
    expect(merged.map((u) => u.id)).not.toContain(ids[21]);
    expect(merged.map((u) => u.id)).toContain(ids[23]);

    // The same round again (say, the link was saved but the worker died before it knew).
    await startDeltaFrom(before);
    await snapshots().readMicrosoftChanges(await tenant());
    expect(await snapshot()).toEqual(merged);
    expect(await fullRead()).toEqual(merged);
  });

  it('ends where a full read ends when the first round lists deleted users as @removed', async () => {
    await sandbox.client.deleteUser(ms, ids[30]);
    await sandbox.client.deleteUser(ms, ids[31], true);
    await sandbox.client.updateSettings(ms, {
      deltaQuirks: { emptyPages: true, repeatUsers: true, removedInInitialRound: true },
    });
    // A round from the very start: what Microsoft answers to a delta request without a token.
    await startDeltaFrom(`${sandbox.origin}/v1.0/users/delta`);
    await snapshots().readMicrosoftChanges(await tenant());
    const merged = await snapshot();
    expect(merged.map((u) => u.id)).not.toContain(ids[30]);
    expect(await fullRead()).toEqual(merged);
  });
});
