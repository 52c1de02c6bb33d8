import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, IsNull, Not } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { ManualMappingEntity } from '../../src/mapping/manual-mapping.entity';
import { ImportOutcome, MappingImport } from '../../src/mapping/mapping-import';
import { MappingImportRowEntity } from '../../src/mapping/mapping-import-row.entity';
import { MappingImportRowsRepository } from '../../src/mapping/mapping-import-rows.repository';
import { MappingLookups } from '../../src/mapping/mapping-lookups';
import { TeamsAddressEntity } from '../../src/snapshots/snapshot.entities';
import { SnapshotsRepository } from '../../src/snapshots/snapshots.repository';
import { newTenant } from '../../src/tenants/new-tenant';
import { TenantEntity } from '../../src/tenants/tenant.entity';
import { TenantsRepository } from '../../src/tenants/tenants.repository';
import { silentLogger, testConfig } from '../support/test-app';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';

const ID = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
let tenant: TenantEntity;

/** Four PBX users and eight Microsoft 365 users, stored as a read leaves them. */
async function seed(app: INestApplicationContext): Promise<void> {
  const readAt = new Date();
  tenant = {
    ...newTenant(
      {
        name: 'Contoso',
        connectorSeats: 10,
        pbxAccountId: 'acct',
        pbxApiUrl: 'https://pbx.example',
        pbxClientId: 'client',
        pbxClientSecretEncrypted: '',
      },
      readAt,
    ),
    microsoftTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    consentState: 'granted',
  };
  await app.get(TenantsRepository).insert(tenant);
  const pbx = (id: string, email: string | null) => ({
    tenantId: tenant.id,
    id,
    email,
    firstName: id,
    lastName: 'PBX',
    extension: '100',
    directNumber: null,
    e164: null,
    numberProblem: 'NO_DIRECT_NUMBER',
    status: 'active' as const,
    secureCalling: false,
  });
  const teams = (
    n: number,
    upn: string,
    extra: {
      proxyAddresses?: string[];
      mail?: string;
      userType?: 'Guest';
      accountEnabled?: false;
    } = {},
  ) => ({
    tenantId: tenant.id,
    id: ID(n),
    userPrincipalName: upn,
    mail: upn,
    proxyAddresses: [],
    displayName: upn,
    accountEnabled: true,
    userType: 'Member' as const,
    hasPhoneSystem: true,
    ...extra,
  });
  const snapshots = app.get(SnapshotsRepository);
  await snapshots.upsertPbxUsers([
    pbx('p-ada', 'ada@c.example'),
    pbx('p-bob', 'bob.old@pbx.example'),
    pbx('p-cy', null),
    pbx('p-dee', 'Dee@C.example '),
  ]);
  await snapshots.upsertTeamsUsers([
    teams(1, 'ada@c.example'),
    teams(2, 'bob@c.example', { proxyAddresses: ['SMTP:bob@c.example', 'smtp:robert@c.example'] }),
    teams(3, 'cy@c.example'),
    teams(4, 'guest_x#EXT#@c.example', { userType: 'Guest', mail: 'x@partner.example' }),
    teams(5, 'gone@c.example', { accountEnabled: false }),
    teams(6, 'dee@c.example'),
    teams(7, 'twin1@c.example', { proxyAddresses: ['smtp:shared@c.example'] }),
    teams(8, 'twin2@c.example', { proxyAddresses: ['smtp:shared@c.example'] }),
  ]);
  await snapshots.saveState(tenant.id, { pbxReadAt: readAt, microsoftReadAt: readAt });
}

/** Checks the rows (lines from 2) with these manual mappings in place, then takes them away. */
async function check(
  app: INestApplicationContext,
  rows: [string, string][],
  manual: [string, string][],
): Promise<Checked> {
  const mappings = app.get(DataSource).getRepository(ManualMappingEntity);
  await mappings.insert(
    manual.map(([pbxUserId, teamsUserId], i) => ({
      id: `00000000-0000-4000-9000-00000000000${i}`,
      tenantId: tenant.id,
      pbxUserId,
      teamsUserId,
      createdBy: 'test',
      createdAt: new Date(),
    })),
  );
  const check = start(app);
  try {
    await check.add(rows.map(([pbxCell, teamsCell], i) => ({ line: i + 2, pbxCell, teamsCell })));
    const outcome = await check.finish();
    const changes = await app
      .get(DataSource)
      .getRepository(MappingImportRowEntity)
      .find({ where: { importId: check.importId, kind: Not(IsNull()) }, order: { line: 'ASC' } });
    return { ...outcome, changes };
  } finally {
    await mappings.delete({ tenantId: tenant.id });
    await app.get(MappingImportRowsRepository).discard(check.importId);
  }
}

const start = (app: INestApplicationContext) =>
  new MappingImport(
    tenant,
    app.get(MappingLookups),
    app.get(MappingImportRowsRepository),
    new Date(),
  );

type Checked = ImportOutcome & { changes: MappingImportRowEntity[] };

const codes = (outcome: ImportOutcome) => outcome.rejected.map((r) => [r.line, r.column, r.code]);

describe(`a mapping import, checked against the snapshot tables on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let app: INestApplicationContext;
  let db: IsolatedDatabase;

  beforeAll(async () => {
    db = await isolatedDatabase();
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config: testConfig({ ...db.env, ROLE: 'api' }), logger: silentLogger() }),
      { logger: false },
    );
    await seed(app);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const run = (rows: [string, string][], manual: [string, string][] = []) =>
    check(app, rows, manual);

  it('finds the Teams user by UPN, e-mail, smtp alias or object id, any case', async () => {
    const outcome = await run([
      ['p-bob', 'smtp:Robert@C.example'],
      ['p-cy', ID(3).toUpperCase()],
    ]);
    expect(outcome.rejected).toEqual([]);
    expect(outcome.changes.map((c) => [c.pbxUserId, c.teamsUserId, c.kind])).toEqual([
      ['p-bob', ID(2), 'create'],
      ['p-cy', ID(3), 'create'],
    ]);
  });

  it('reports each bad row with line, column and code, and then changes nothing', async () => {
    const outcome = await run([
      ['p-bob', 'bob@c.example'],
      ['p-404', 'cy@c.example'],
      ['p-bob', 'cy@c.example'],
      ['p-cy', 'nobody@c.example'],
      ['p-cy', 'x@partner.example'],
      ['p-dee', 'gone@c.example'],
      ['', 'cy@c.example'],
    ]);
    expect(codes(outcome)).toEqual([
      [3, 'PBX user id', 'PBX_USER_UNKNOWN'],
      [4, 'PBX user id', 'PBX_USER_DUPLICATE'],
      [5, 'Teams user', 'TEAMS_USER_UNKNOWN'],
      [6, 'PBX user id', 'PBX_USER_DUPLICATE'],
      [7, 'Teams user', 'TEAMS_USER_DISABLED'],
      [8, 'PBX user id', 'PBX_USER_ID_MISSING'],
    ]);
    expect(outcome.rejected[1].message).toContain('Also on line 2.');
    expect(outcome.accepted).toBe(0);
  });

  it('refuses guests, an address two users share, and one Teams user for two PBX users', async () => {
    const outcome = await run([
      ['p-bob', 'x@partner.example'],
      ['p-cy', 'shared@c.example'],
      ['p-dee', 'cy@c.example'],
      ['p-bob', 'ignored-duplicate@c.example'],
    ]);
    expect(codes(outcome)).toEqual([
      [2, 'Teams user', 'TEAMS_USER_GUEST'],
      [3, 'Teams user', 'TEAMS_USER_AMBIGUOUS'],
      [5, 'PBX user id', 'PBX_USER_DUPLICATE'],
    ]);
    const twice = await run([
      ['p-bob', 'cy@c.example'],
      ['p-cy', 'cy@c.example'],
    ]);
    expect(codes(twice)).toEqual([[3, 'Teams user', 'TEAMS_USER_DUPLICATE']]);
    expect(twice.rejected[0].message).toContain('Line 2 gives cy@c.example to PBX user "p-bob"');
  });

  it('names who already has a Teams user, unless the same file moves them', async () => {
    const taken = await run([['p-cy', 'ada@c.example']]);
    expect(codes(taken)).toEqual([[2, 'Teams user', 'TEAMS_USER_MATCHED_ELSEWHERE']]);
    expect(taken.rejected[0].message).toContain(
      'matched (automatically) to PBX user "p-ada" (ada@c.example)',
    );
    const moved = await run([
      ['p-cy', 'ada@c.example'],
      ['p-ada', 'dee@c.example'],
    ]);
    // Dee is matched to p-dee by e-mail: that is the next conflict, and the only one.
    expect(codes(moved)).toEqual([[3, 'Teams user', 'TEAMS_USER_MATCHED_ELSEWHERE']]);
    const byHand = await run([['p-dee', 'bob@c.example']], [['p-bob', ID(2)]]);
    expect(byHand.rejected[0].message).toContain('matched (by hand) to PBX user "p-bob"');
  });

  it('reports replacements, removals and unchanged rows; blank Teams cells change nothing', async () => {
    const outcome = await run(
      [
        ['p-bob', 'robert@c.example'],
        ['p-cy', 'bob@c.example'],
        ['p-dee', 'remove'],
        ['p-ada', ''],
        ['p-gone-since', ''],
      ],
      [
        ['p-bob', ID(2)],
        ['p-cy', ID(3)],
        ['p-dee', ID(6)],
      ],
    );
    expect(codes(outcome)).toEqual([[3, 'Teams user', 'TEAMS_USER_DUPLICATE']]);
    const ok = await run(
      [
        ['p-bob', 'robert@c.example'],
        ['p-cy', 'ada@c.example'],
        ['p-ada', 'cy@c.example'],
        ['p-dee', 'REMOVE'],
      ],
      [
        ['p-bob', ID(2)],
        ['p-cy', ID(3)],
        ['p-dee', ID(6)],
      ],
    );
    expect(ok.rejected).toEqual([]);
    expect(ok.changes.map((c) => [c.pbxUserId, c.kind, c.previousTeamsUserId])).toEqual([
      ['p-bob', 'unchanged', ID(2)],
      ['p-cy', 'replace', ID(3)],
      ['p-ada', 'create', null],
      ['p-dee', 'remove', ID(6)],
    ]);
    expect(ok.summary).toMatchObject({ rows: 4, create: 1, replace: 1, remove: 1, unchanged: 1 });
  });

  it('reads back a cell the service neutralised when it wrote the file', async () => {
    const outcome = await run([["'-p", 'cy@c.example']]);
    expect(codes(outcome)).toEqual([[2, 'PBX user id', 'PBX_USER_UNKNOWN']]);
    expect(outcome.rejected[0].message).toContain('"-p"');
  });

  it('checks a file batch by batch: a PBX user twice is caught across batches', async () => {
    const check = start(app);
    await check.add([{ line: 2, pbxCell: 'p-bob', teamsCell: 'bob@c.example' }]);
    await check.add([{ line: 3, pbxCell: 'p-bob', teamsCell: 'cy@c.example' }]);
    await check.add([{ line: 4, pbxCell: 'p-cy', teamsCell: 'robert@c.example' }]);
    expect(codes(await check.finish())).toEqual([
      [3, 'PBX user id', 'PBX_USER_DUPLICATE'],
      [4, 'Teams user', 'TEAMS_USER_DUPLICATE'],
    ]);
  });

  it('answers to the addresses a user has after the last read, and forgets a user gone', async () => {
    const snapshots = app.get(SnapshotsRepository);
    const lookups = app.get(MappingLookups);
    const user = (proxyAddresses: string[]) => ({
      tenantId: tenant.id,
      id: ID(9),
      userPrincipalName: 'eve@c.example',
      mail: null,
      proxyAddresses,
      displayName: 'Eve',
      accountEnabled: true,
      userType: 'Member' as const,
      hasPhoneSystem: true,
    });
    const found = async (text: string) =>
      (await lookups.findTeamsUsers(tenant.id, [text])).get(text)!.found;
    await snapshots.upsertTeamsUsers([user(['smtp:eve.old@c.example'])]);
    expect(await found('eve.old@c.example')).toBe(true);
    await snapshots.upsertTeamsUsers([user(['smtp:eve.new@c.example'])]);
    expect([await found('eve.old@c.example'), await found('EVE.NEW@c.example')]).toEqual([
      false,
      true,
    ]);
    await snapshots.removeTeamsUsers(tenant.id, [ID(9)]);
    expect([await found('eve@c.example'), await found('eve.new@c.example')]).toEqual([
      false,
      false,
    ]);
    const left = await app
      .get(DataSource)
      .getRepository(TeamsAddressEntity)
      .countBy({ tenantId: tenant.id, teamsUserId: ID(9) });
    expect(left).toBe(0);
  });
});
