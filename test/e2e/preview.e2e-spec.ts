import { PreviewEntity } from '../../src/preview/preview.entities';
import { PREVIEWS_KEPT } from '../../src/preview/previews.repository';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { KeyRing } from '../../src/common/crypto/key-ring';
import { SyncedLinkEntity } from '../../src/snapshots/snapshot.entities';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { SKU_E3, SKU_E5, standardSkus } from '../sandbox/seed/licensing';
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
  TestSandbox,
} from '../support/test-sandbox';

const E5 = [{ skuId: SKU_E5, disabledPlans: [] }];
const E3 = [{ skuId: SKU_E3, disabledPlans: [] }];
const D = 'contoso.example';

describe('sync preview over HTTP, on a population with every reason in it', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  let t: TestHttpApp;
  let auth: { authorization: string };
  let tenantId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
    const c = sandbox.client;
    await registerTestApp(c);
    const ms = (await c.createTenant({ domain: D })).id;
    await c.setSkus(ms, standardSkus(20, 5, 2));
    const users = await c.addUsers(ms, [
      { userPrincipalName: `ada@${D}`, mail: `ada@${D}`, assignedLicenses: E5 },
      {
        userPrincipalName: `bob@${D}`,
        mail: `bob@${D}`,
        proxyAddresses: [`SMTP:bob@${D}`, `smtp:robert@${D}`],
        assignedLicenses: E5,
      },
      { userPrincipalName: `cyd@${D}`, mail: `cyd@${D}`, assignedLicenses: E5 },
      { userPrincipalName: `dee@${D}`, mail: `dee@${D}`, assignedLicenses: E3 },
      { userPrincipalName: `eve@${D}`, mail: `eve@${D}`, assignedLicenses: E5 },
      { userPrincipalName: `fay@${D}`, mail: `fay@${D}`, assignedLicenses: E5 },
      { userPrincipalName: `gus@${D}`, mail: `gus@${D}`, assignedLicenses: E5 },
      { userPrincipalName: `other@${D}`, mail: `other@${D}`, assignedLicenses: E5 },
      {
        userPrincipalName: `hal_partner.example#EXT#@contoso.onmicrosoft.com`,
        mail: 'hal@partner.example',
        userType: 'Guest',
      },
      {
        userPrincipalName: `ivy@${D}`,
        mail: `ivy@${D}`,
        accountEnabled: false,
        assignedLicenses: E5,
      },
      { userPrincipalName: `jon@${D}`, mail: `jon@${D}`, assignedLicenses: E5 },
      {
        userPrincipalName: `jonathan@${D}`,
        mail: `jonathan@${D}`,
        proxyAddresses: [`smtp:jon@${D}`],
        assignedLicenses: E5,
      },
      { userPrincipalName: `ned@${D}`, mail: `ned@${D}`, assignedLicenses: E5 },
      { userPrincipalName: `ozzy@${D}`, mail: `ozzy@${D}`, assignedLicenses: E5 },
      { userPrincipalName: `zed@${D}`, mail: `zed@${D}`, assignedLicenses: E5 },
    ]);
    [
      'ada',
      'bob',
      'cyd',
      'dee',
      'eve',
      'fay',
      'gus',
      'other',
      'hal',
      'ivy',
      'jon',
      'jonathan',
      'ned',
      'ozzy',
      'zed',
    ].forEach((name, i) => (ids[name] = users.ids[i]));
    await c.assignNumbers(ms, [
      { telephoneNumber: '+14252000003', userId: ids.cyd },
      { telephoneNumber: '+14252000007', userId: ids.other },
      { telephoneNumber: '+14252000099', userId: ids.zed },
    ]);
    await c.createPbxAccount({ id: 'acct-1', clientId: 'pbx-client', clientSecret: 'pbx-secret' });
    const pbx = (
      id: string,
      email: string | null,
      directNumber: string | null,
      status: 'active' | 'suspended' = 'active',
    ) => ({
      id,
      email,
      directNumber,
      status,
      firstName: id.slice(4),
      lastName: 'Test',
      extension: id.slice(1, 3),
    });
    await c.addPbxUsers('acct-1', [
      pbx('p01-ada', `ada@${D}`, '+14252000001'),
      pbx('p02-bob', `Robert@${D}`, '(425) 200-0002'),
      pbx('p03-cyd', `cyd@${D}`, '+14252000003'),
      pbx('p04-dee', `dee@${D}`, '+14252000004'),
      pbx('p05-eve', `eve@${D}`, '+1555123'),
      pbx('p06-fay', `fay@${D}`, null),
      pbx('p07-gus', `gus@${D}`, '+14252000007'),
      pbx('p08-hal', 'hal@partner.example', '+14252000008'),
      pbx('p09-ivy', `ivy@${D}`, '+14252000009'),
      pbx('p10-jon', `jon@${D}`, '+14252000010'),
      pbx('p11-kim', null, '+14252000011'),
      pbx('p12-lee', `lee@${D}`, '+14252000012', 'suspended'),
      pbx('p13-max', `max@${D}`, '+14252000013'),
      pbx('p14-ned', `ned@${D}`, '+14252000014'),
      pbx('p15-ned', ` NED@${D.toUpperCase()} `, '+14252000015'),
      pbx('p16-oz', 'oz@pbx-only.example', '+14252000016'),
    ]);

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
      connectorSeats: 3,
      sandboxOrigin: sandbox.origin,
      pbxAccountId: 'acct-1',
      pbxClientId: 'pbx-client',
      pbxClientSecret: 'pbx-secret',
      adminEmail: `admin@${D}`,
    });
    await grantConsentOverHttp(t, auth, tenantId, c, ms);
    await t
      .http()
      .post(`/api/v1/tenants/${tenantId}/mappings`)
      .set(auth)
      .send({ pbxUserId: 'p16-oz', teamsUser: ids.ozzy })
      .expect(201);
    // An earlier sync had paired a PBX user who has since been deleted.
    await t.app.get(DataSource).getRepository(SyncedLinkEntity).insert({
      tenantId,
      pbxUserId: 'p99-zed',
      teamsUserId: ids.zed,
      number: '+14252000099',
      syncedAt: new Date(),
    });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    await db?.drop();
  });

  /** A preview exists and the directories have been read, whichever test runs first. */
  const previewed = () =>
    t.http().get(`/api/v1/tenants/${tenantId}/sync/preview`).set(auth).expect(200);
  const users = async (change: string) =>
    (
      await t
        .http()
        .get(`/api/v1/tenants/${tenantId}/sync/preview/users?change=${change}`)
        .set(auth)
        .expect(200)
    ).body.items.map(
      (i: {
        pbxUser: { id: string } | null;
        teamsUser: { userPrincipalName?: string } | null;
        reason: string | null;
        method: string | null;
        number: string | null;
      }) => [
        i.pbxUser?.id ?? null,
        i.teamsUser?.userPrincipalName ?? null,
        i.reason,
        i.method,
        i.number,
      ],
    );

  it('computes the five figures, the blocked, conflicts and licences from fresh reads', async () => {
    // The mapping made above read both directories already; a minute on, this preview reads them
    // again (sooner, it would be answered from that read).
    t.clock.offsetMs += 61_000;
    const res = await t
      .http()
      .get(`/api/v1/tenants/${tenantId}/sync/preview?maxAgeMinutes=0`)
      .set(auth)
      .expect(200);
    expect(res.body).toMatchObject({
      totalLicenses: 3,
      availableLicenses: 2,
      newMatchesToSync: 2,
      // p99 synced and gone, plus p10, p11 and p13 without an address both sides share.
      missingToRemove: 4,
      totalUsersAfterSync: 3,
      blocked: 5,
      conflicts: 2,
      unmatched: 6,
      unchanged: 1,
      updates: 0,
      source: 'fresh',
      voiceRoutingPolicy: null,
      blockers: [expect.objectContaining({ code: 'VOICE_ROUTING_POLICY_REQUIRED' })],
    });
    expect(res.body.microsoftLicenses).toEqual([
      { skuId: SKU_E5, skuPartNumber: 'SPE_E5', enabled: 20, consumed: 13 },
      {
        skuId: 'e43b5b99-8dfb-405f-9987-dc307f34bcbd',
        skuPartNumber: 'MCOEV',
        enabled: 2,
        consumed: 0,
      },
    ]);
  });

  it('lists the users behind each figure, with reasons', async () => {
    await previewed();
    expect(await users('assign')).toEqual([
      ['p01-ada', `ada@${D}`, null, 'automatic', '+14252000001'],
      ['p02-bob', `bob@${D}`, null, 'automatic', '+14252000002'],
    ]);
    expect(await users('unchanged')).toEqual([
      ['p03-cyd', `cyd@${D}`, null, 'automatic', '+14252000003'],
    ]);
    expect(await users('remove')).toEqual([
      ['p99-zed', `zed@${D}`, 'PBX_USER_GONE', null, '+14252000099'],
    ]);
    expect(await users('blocked')).toEqual([
      ['p04-dee', `dee@${D}`, 'MISSING_PHONE_SYSTEM_LICENSE', 'automatic', '+14252000004'],
      ['p05-eve', `eve@${D}`, 'INVALID_NUMBER', 'automatic', null],
      ['p06-fay', `fay@${D}`, 'NO_DIRECT_NUMBER', 'automatic', null],
      ['p07-gus', `gus@${D}`, 'NUMBER_HELD_BY_OTHER_USER', 'automatic', '+14252000007'],
      ['p16-oz', `ozzy@${D}`, 'NO_SEAT_LEFT', 'manual', '+14252000016'],
    ]);
    expect(await users('conflict')).toEqual([
      ['p14-ned', `ned@${D}`, 'TEAMS_USER_CLAIMED_TWICE', 'automatic', '+14252000014'],
      ['p15-ned', `ned@${D}`, 'TEAMS_USER_CLAIMED_TWICE', 'automatic', '+14252000015'],
    ]);
    expect(await users('unmatched')).toEqual([
      ['p08-hal', null, 'GUEST_ACCOUNT', null, null],
      ['p09-ivy', null, 'ACCOUNT_DISABLED', null, null],
      ['p10-jon', null, 'AMBIGUOUS_ADDRESS', null, null],
      ['p11-kim', null, 'PBX_USER_WITHOUT_EMAIL', null, null],
      ['p12-lee', null, 'PBX_USER_SUSPENDED', null, null],
      ['p13-max', null, 'NO_TEAMS_USER', null, null],
    ]);
    const missing = await t
      .http()
      .get(`/api/v1/tenants/${tenantId}/sync/preview/users?figure=missingToRemove`)
      .set(auth)
      .expect(200);
    expect(
      missing.body.items.map((i: { pbxUser: { id: string }; change: string; reason: string }) => [
        i.pbxUser.id,
        i.change,
        i.reason,
      ]),
    ).toEqual([
      ['p10-jon', 'unmatched', 'AMBIGUOUS_ADDRESS'],
      ['p11-kim', 'unmatched', 'PBX_USER_WITHOUT_EMAIL'],
      ['p13-max', 'unmatched', 'NO_TEAMS_USER'],
      ['p99-zed', 'remove', 'PBX_USER_GONE'],
    ]);
    expect(missing.body).toMatchObject({ figure: 'missingToRemove', total: 4 });
    const page = await t
      .http()
      .get(`/api/v1/tenants/${tenantId}/sync/preview/users?change=blocked&pageSize=2&page=2`)
      .set(auth)
      .expect(200);
    expect(page.body).toMatchObject({
      total: 5,
      page: 2,
      pageSize: 2,
      items: [
        { pbxUser: { id: 'p06-fay' }, reasonMessage: expect.stringContaining('extension only') },
        { pbxUser: { id: 'p07-gus' } },
      ],
    });
  });

  it('blocks a PBX user with secure calling on with its own reason, until it is turned off', async () => {
    const fresh = async () => {
      t.clock.offsetMs += 61_000;
      await t
        .http()
        .get(`/api/v1/tenants/${tenantId}/sync/preview?maxAgeMinutes=0`)
        .set(auth)
        .expect(200);
    };
    await sandbox.client.updatePbxUser('acct-1', 'p02-bob', { secureCalling: true });
    try {
      await fresh();
      expect((await users('assign')).map((u: string[]) => u[0])).not.toContain('p02-bob');
      expect(await users('blocked')).toContainEqual([
        'p02-bob',
        `bob@${D}`,
        'PBX_SECURE_CALLING_ON',
        'automatic',
        '+14252000002',
      ]);
    } finally {
      await sandbox.client.updatePbxUser('acct-1', 'p02-bob', { secureCalling: false });
    }
    await fresh();
    expect((await users('assign')).map((u: string[]) => u[0])).toContain('p02-bob');
  });

  it('uses recent snapshots without reading the directories again, and says so', async () => {
    await previewed();
    const before = (await sandbox.client.requests({ path: '^/v1\\.0/users$' })).length;
    const res = await t
      .http()
      .get(`/api/v1/tenants/${tenantId}/sync/preview`)
      .set(auth)
      .expect(200);
    expect(res.body).toMatchObject({ source: 'snapshot', newMatchesToSync: 2 });
    expect((await sandbox.client.requests({ path: '^/v1\\.0/users$' })).length).toBe(before);
    // Fresh reads on demand, but at most one a minute per tenant, whoever asks.
    t.clock.offsetMs += 61_000;
    const fresh = () =>
      t
        .http()
        .get(`/api/v1/tenants/${tenantId}/sync/preview?maxAgeMinutes=0`)
        .set(auth)
        .expect(200);
    expect((await fresh()).body.source).toBe('fresh');
    for (let i = 0; i < 3; i++) expect((await fresh()).body.source).toBe('snapshot');
    expect((await sandbox.client.requests({ path: '^/v1\\.0/users$' })).length).toBe(before + 1);
    t.clock.offsetMs += 61_000;
    expect((await fresh()).body.source).toBe('fresh');
  });

  it('keeps the latest three previews of a tenant, and their plans only', async () => {
    for (let i = 0; i < 5; i++) await previewed();
    const ds = t.app.get(DataSource);
    const kept = await ds.getRepository(PreviewEntity).find({ where: { tenantId } });
    expect(kept).toHaveLength(PREVIEWS_KEPT);
    const orphans = await ds.query(
      'SELECT COUNT(*) AS n FROM plan_entries WHERE preview_id NOT IN (SELECT id FROM previews)',
    );
    expect(Number(orphans[0].n)).toBe(0);
  });

  it('refuses bad query values and mappings to unknown users, precisely', async () => {
    await previewed();
    expect(
      (
        await t
          .http()
          .get(`/api/v1/tenants/${tenantId}/sync/preview/users?change=everything`)
          .set(auth)
          .expect(400)
      ).body.error.code,
    ).toBe('VALIDATION_FAILED');
    const bad = await t
      .http()
      .post(`/api/v1/tenants/${tenantId}/mappings`)
      .set(auth)
      .send({ pbxUserId: 'p404', teamsUser: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(bad.body.error.details).toEqual([
      { field: 'pbxUserId', code: 'PBX_USER_UNKNOWN', message: expect.any(String) },
    ]);
  });

  it('refuses a sync without a voice routing policy Teams knows, and says so in the preview', async () => {
    const start = () =>
      t.http().post(`/api/v1/tenants/${tenantId}/sync`).set(auth).send({ kind: 'full' });
    expect((await start().expect(409)).body.error.code).toBe('VOICE_ROUTING_POLICY_REQUIRED');

    await t
      .http()
      .patch(`/api/v1/tenants/${tenantId}/settings`)
      .set(auth)
      .send({ voiceRoutingPolicy: 'No-Such-Policy' })
      .expect(200);
    expect((await start().expect(409)).body.error.code).toBe('VOICE_ROUTING_POLICY_NOT_FOUND');
    const preview = await t
      .http()
      .get(`/api/v1/tenants/${tenantId}/sync/preview`)
      .set(auth)
      .expect(200);
    expect(preview.body).toMatchObject({
      voiceRoutingPolicy: { name: 'No-Such-Policy', found: false },
      blockers: [expect.objectContaining({ code: 'VOICE_ROUTING_POLICY_NOT_FOUND' })],
    });
    const runs = await t.http().get(`/api/v1/tenants/${tenantId}/runs`).set(auth).expect(200);
    expect(runs.body.total).toBe(0);
  });

  it('answers a preview whose PBX refuses the credentials with PBX_CREDENTIALS_INVALID, not a 500', async () => {
    const tenants = t.app.get(TenantsRepository);
    const stored = (await tenants.require(tenantId)).pbxClientSecretEncrypted;
    await tenants.update(tenantId, {
      pbxClientSecretEncrypted: t.app.get(KeyRing).encrypt('not-the-pbx-secret'),
    });
    t.clock.offsetMs += 61_000; // past the last fresh read, so that the PBX is asked again
    try {
      const res = await t
        .http()
        .get(`/api/v1/tenants/${tenantId}/sync/preview?maxAgeMinutes=0`)
        .set(auth)
        .expect(409);
      expect(res.body.error).toMatchObject({
        code: 'PBX_CREDENTIALS_INVALID',
        details: { retry: 'never' },
      });
      expect(JSON.stringify(res.body)).not.toContain('not-the-pbx-secret');
    } finally {
      await tenants.update(tenantId, { pbxClientSecretEncrypted: stored });
    }
  });
});
