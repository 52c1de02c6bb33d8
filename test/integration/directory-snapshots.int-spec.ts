import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DirectorySnapshots } from '../../src/snapshots/directory-snapshots';
import {
  PbxUserEntity,
  TeamsAddressEntity,
  TeamsUserEntity,
} from '../../src/snapshots/snapshot.entities';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { PROVIDER_ADMIN, startHttpApp, TestHttpApp } from '../support/http-app';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import {
  numberedUsers,
  registerTestApp,
  sandboxEnv,
  startTestSandbox,
  TEST_APP,
  TestSandbox,
} from '../support/test-sandbox';

describe('directory snapshots, read page by page into the database', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  let snapshots: DirectorySnapshots;
  let ms: string;
  let tenantId: string;
  const tenant = () => t.app.get(TenantsRepository).require(tenantId);
  const count = (entity: typeof PbxUserEntity | typeof TeamsUserEntity) =>
    t.app.get(DataSource).getRepository(entity).countBy({ tenantId });

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
    await registerTestApp(sandbox.client);
    ms = (await sandbox.client.createTenant({ domain: 'fabrikam.example' })).id;
    await sandbox.client.grantConsent(ms, TEST_APP.clientId);
    await sandbox.client.addUsers(ms, numberedUsers(1500, 'fabrikam.example'));
    await sandbox.client.createPbxAccount({ id: 'acct-1', clientId: 'c', clientSecret: 's' });
    await sandbox.client.addPbxUsers(
      'acct-1',
      Array.from({ length: 1200 }, (_, i) => ({
        id: `u${i}`,
        email: `user${i}@fabrikam.example`,
        firstName: 'U',
        lastName: String(i),
        extension: String(i),
        directNumber: i % 100 === 0 ? '+1555' : `+1425200${String(i).padStart(4, '0')}`,
      })),
    );
    t = await startHttpApp({
      ...db.env,
      ...sandboxEnv(sandbox.origin),
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
    });
    const auth = {
      authorization: `Bearer ${await t.login(PROVIDER_ADMIN.email, PROVIDER_ADMIN.password)}`,
    };
    const body = {
      name: 'Fabrikam',
      connectorSeats: 10,
      pbx: {
        accountId: 'acct-1',
        apiUrl: `${sandbox.origin}/pbx`,
        clientId: 'c',
        clientSecret: 's',
      },
      admin: { firstName: 'A', lastName: 'B', email: 'a@fabrikam.example' },
    };
    tenantId = (await t.http().post('/api/v1/tenants').set(auth).send(body).expect(201)).body.tenant
      .id;
    await t.app
      .get(TenantsRepository)
      .update(tenantId, { microsoftTenantId: ms, consentState: 'granted' });
    snapshots = t.app.get(DirectorySnapshots);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    await db?.drop();
  });

  it('stores both directories, numbers checked once, and forgets users a later full read no longer sees', async () => {
    expect(await snapshots.readPbx(await tenant())).toBe(1200);
    expect(await snapshots.readMicrosoft(await tenant())).toBe(1500);
    expect(await count(PbxUserEntity)).toBe(1200);
    expect(await count(TeamsUserEntity)).toBe(1500);
    // A first read looks for no old addresses, and stores every user's.
    const addresses = t.app.get(DataSource).getRepository(TeamsAddressEntity);
    expect(await addresses.countBy({ tenantId })).toBe(1500);
    expect(await addresses.findBy({ tenantId, address: 'user12@fabrikam.example' })).toEqual([
      expect.objectContaining({ teamsUserId: expect.any(String) }),
    ]);
    const invalid = await t.app
      .get(DataSource)
      .getRepository(PbxUserEntity)
      .findOneByOrFail({ tenantId, id: 'u100' });
    expect(invalid).toMatchObject({
      e164: null,
      numberProblem: 'INVALID_NUMBER',
      directNumber: '+1555',
    });

    await sandbox.client.deletePbxUser('acct-1', 'u7');
    expect(await snapshots.readPbx(await tenant())).toBe(1199);
    expect(await count(PbxUserEntity)).toBe(1199);
  });

  it('reads the PBX users changed since the last read, naming the address and number each had before', async () => {
    await sandbox.client.updatePbxUser('acct-1', 'u42', {
      email: 'Someone.Else@fabrikam.example',
      directNumber: '+14252009999',
    });
    // Users changed just before the last read are read again (a margin for clock skew), but
    // only a user that is new or different is a change.
    const changes = await snapshots.readPbxChanges(await tenant());
    expect({ ...changes, ids: changes.ids.sort() }).toEqual({
      full: false,
      // u7 was deleted in the PBX, which lists it with status `deleted`.
      ids: ['u42', 'u7'],
      formerAddresses: ['user42@fabrikam.example'],
      formerNumbers: ['+14252000042'],
    });
    const stored = await t.app
      .get(DataSource)
      .getRepository(PbxUserEntity)
      .findOneByOrFail({ tenantId, id: 'u42' });
    expect(stored).toMatchObject({
      emailKey: 'someone.else@fabrikam.example',
      e164: '+14252009999',
    });
  });

  it('keeps the basis of the last recorded plan until a run takes it, or a full read makes it void', async () => {
    await snapshots.recordPlanBasis(tenantId, 'a'.repeat(64));
    expect(await snapshots.takePlanBasis(tenantId)).toBe('a'.repeat(64));
    // Taken: a run that reads changes and never records its plan leaves none behind.
    expect(await snapshots.takePlanBasis(tenantId)).toBeNull();
    await snapshots.recordPlanBasis(tenantId, 'b'.repeat(64));
    await snapshots.readMicrosoft(await tenant());
    expect(await snapshots.takePlanBasis(tenantId)).toBeNull();
    await snapshots.recordPlanBasis(tenantId, 'c'.repeat(64));
    await snapshots.readPbx(await tenant());
    expect(await snapshots.takePlanBasis(tenantId)).toBeNull();
  });

  it('applies a users delta round, naming the addresses changed users had, and reads everything again when the delta link has expired', async () => {
    const [first] = (
      await sandbox.client.addUsers(ms, [
        { userPrincipalName: 'new@fabrikam.example', mail: 'new@fabrikam.example' },
      ])
    ).ids;
    const moved = (await sandbox.client.user(ms, 'user5@fabrikam.example')) as { id: string };
    await sandbox.client.updateUser(ms, moved.id, {
      userPrincipalName: 'eve@fabrikam.example',
      mail: 'eve@fabrikam.example',
      proxyAddresses: ['SMTP:eve@fabrikam.example'],
    });
    const before = (await sandbox.client.requests({ path: '^/v1\\.0/users$' })).length;
    const changes = await snapshots.readMicrosoftChanges(await tenant());
    expect({ ...changes, ids: changes.ids.sort() }).toEqual({
      full: false,
      ids: [first, moved.id].sort(),
      formerAddresses: ['user5@fabrikam.example'],
      formerNumbers: [],
    });
    expect(await count(TeamsUserEntity)).toBe(1501);
    expect((await sandbox.client.requests({ path: '^/v1\\.0/users$' })).length).toBe(before);

    await sandbox.client.deleteUser(ms, first, true);
    await sandbox.client.expireDeltaTokens(ms);
    expect(await snapshots.readMicrosoftChanges(await tenant())).toEqual({
      full: true,
      ids: [],
      formerAddresses: [],
      formerNumbers: [],
    });
    expect(await count(TeamsUserEntity)).toBe(1500);
  });

  it('rewrites only what changed on a full read again: a new address replaces the old one', async () => {
    const addresses = () =>
      t.app
        .get(DataSource)
        .getRepository(TeamsAddressEntity)
        .find({ where: { tenantId, teamsUserId: renamed.id }, order: { address: 'ASC' } });
    const renamed = (await sandbox.client.user(ms, 'user3@fabrikam.example')) as { id: string };
    const gone = (await sandbox.client.user(ms, 'user4@fabrikam.example')) as { id: string };
    await sandbox.client.updateUser(ms, renamed.id, {
      mail: 'ada@fabrikam.example',
      proxyAddresses: ['SMTP:ada@fabrikam.example', 'smtp:user3@fabrikam.example'],
    });
    await sandbox.client.deleteUser(ms, gone.id, true);

    expect(await snapshots.readMicrosoft(await tenant())).toBe(1499);
    expect((await addresses()).map((a) => a.address)).toEqual([
      'ada@fabrikam.example',
      'user3@fabrikam.example',
    ]);
    expect(await count(TeamsUserEntity)).toBe(1499);
    expect(
      await t.app
        .get(DataSource)
        .getRepository(TeamsAddressEntity)
        .countBy({ teamsUserId: gone.id }),
    ).toBe(0);
  });
});
