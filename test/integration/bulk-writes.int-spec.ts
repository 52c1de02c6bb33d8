import { DataSource } from 'typeorm';
import { insertInChunks, upsertInChunks } from '../../src/database/chunks';
import { openDatabase } from '../../src/database/database';
import { TeamsSettingsEntity, TeamsUserEntity } from '../../src/snapshots/snapshot.entities';
import { TenantEntity } from '../../src/tenants/tenant.entity';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

const TENANT = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

const user = (n: number, changes: Partial<TeamsUserEntity> = {}): TeamsUserEntity => ({
  tenantId: TENANT,
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  userPrincipalName: `user${n}@contoso.example`,
  mail: n % 2 ? null : `user${n}@contoso.example`,
  proxyAddresses: [`SMTP:user${n}@contoso.example`],
  displayName: `User ${n}`,
  accountEnabled: true,
  userType: 'Member',
  hasPhoneSystem: n % 3 === 0,
  ...changes,
});

describe(`bulk writes on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: IsolatedDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await isolatedDatabase();
    ds = await openDatabase(db.settings);
    const now = new Date();
    await ds
      .getRepository(TenantEntity)
      .insert({ id: TENANT, name: 'Contoso', connectorSeats: 1, createdAt: now, updatedAt: now });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const stored = () =>
    ds.getRepository(TeamsUserEntity).find({ where: { tenantId: TENANT }, order: { id: 'ASC' } });

  it('upserts many rows at once, writing and returning only the rows new or changed', async () => {
    const first = Array.from({ length: 5000 }, (_, i) => user(i));
    const written = await upsertInChunks(ds.manager, TeamsUserEntity, first, ['tenantId', 'id']);
    expect(written).toHaveLength(5000);
    expect(await stored()).toEqual(first);

    // The same rows again, one renamed, one with a null turned into a value, one new.
    const again = [...first];
    again[7] = user(7, { displayName: 'Renamed' });
    again[9] = user(9, { mail: 'user9@contoso.example' });
    again[11] = user(11, { proxyAddresses: [] });
    again.push(user(5000));
    const rewritten = await upsertInChunks(ds.manager, TeamsUserEntity, again, ['tenantId', 'id']);
    expect(rewritten.map((k) => k.id).sort()).toEqual(
      [again[7], again[9], again[11], again[5000]].map((u) => u.id),
    );
    expect(rewritten[0]).toEqual({ tenantId: TENANT, id: expect.any(String) });
    expect(await stored()).toEqual(again);

    // Nothing changed: nothing written.
    expect(await upsertInChunks(ds.manager, TeamsUserEntity, again, ['tenantId', 'id'])).toEqual(
      [],
    );
  });

  it('takes one key twice in a batch, the last row winning', async () => {
    const rows = [user(1, { displayName: 'First' }), user(1, { displayName: 'Last' })];
    await upsertInChunks(ds.manager, TeamsUserEntity, rows, ['tenantId', 'id']);
    expect((await stored()).find((u) => u.id === rows[0].id)!.displayName).toBe('Last');
  });

  it('refuses an upsert row that leaves a column out, writing nothing', async () => {
    const partial = { tenantId: TENANT, userId: 'x', accountType: 'user' } as TeamsSettingsEntity;
    await expect(
      upsertInChunks(ds.manager, TeamsSettingsEntity, [partial], ['tenantId', 'userId']),
    ).rejects.toThrow(/every column/);
    expect(await ds.getRepository(TeamsSettingsEntity).countBy({ tenantId: TENANT })).toBe(0);
  });

  it('inserts rows with JSON and boolean columns as the entity reads them back', async () => {
    const settings: TeamsSettingsEntity[] = Array.from({ length: 3000 }, (_, i) => ({
      tenantId: TENANT,
      userId: `s${String(i).padStart(5, '0')}`,
      accountType: 'user',
      enterpriseVoice: i % 2 === 0,
      numbers: i % 4 ? [`+1425555${String(i).padStart(4, '0')}`] : [],
      voiceRoutingPolicyId: null,
      voiceRoutingPolicyName: i % 5 ? null : 'Global',
    }));
    await insertInChunks(ds.manager, TeamsSettingsEntity, settings);
    expect(
      await ds
        .getRepository(TeamsSettingsEntity)
        .find({ where: { tenantId: TENANT }, order: { userId: 'ASC' } }),
    ).toEqual(settings);
  });
});
