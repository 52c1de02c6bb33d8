import { encode } from 'iconv-lite';
import { SKU_E5 } from '../sandbox/seed/licensing';
import { givenTenant, GivenTenant, startSyncWorld, SyncWorld } from '../support/sync-fixture';

const E5 = [{ skuId: SKU_E5, disabledPlans: [] }];

/**
 * The manual "sync" by CSV: template, fill in, dry run, import, preview, full run, export and
 * re-import, and every way a file can be refused with nothing applied.
 */
describe('manual mapping by CSV', () => {
  let world: SyncWorld;
  const api = () => world.t.http();

  beforeAll(async () => {
    world = await startSyncWorld({
      MAPPING_IMPORT_MAX_BYTES: String(64 * 1024),
      MAPPING_IMPORT_MAX_ROWS: '100',
    });
  });
  afterEach(() => world.sandbox.client.clearFaults());
  afterAll(() => world?.close());

  /**
   * p0 matches u0 by e-mail. p1's Teams user is robert.one@ (alias bob1@), p2's is carol@: their
   * PBX e-mail addresses match nobody, so only a manual mapping pairs them.
   */
  async function tenantWithMismatches() {
    const tenant = await givenTenant(world, { pairs: 1 });
    const c = world.sandbox.client;
    await tenant.addPair(1, true);
    await tenant.addPair(2, true);
    const [robert, carol] = (
      await c.addUsers(tenant.ms, [
        {
          userPrincipalName: `robert.one@${tenant.domain}`,
          mail: `robert.one@${tenant.domain}`,
          proxyAddresses: [`SMTP:robert.one@${tenant.domain}`, `smtp:bob1@${tenant.domain}`],
          assignedLicenses: E5,
        },
        { userPrincipalName: `carol@${tenant.domain}`, mail: null, assignedLicenses: E5 },
      ])
    ).ids;
    await tenant.consent();
    return { tenant, robert, carol };
  }

  const path = (tenant: GivenTenant, rest: string) => `/api/v1/tenants/${tenant.tenantId}/${rest}`;
  const upload = (tenant: GivenTenant, file: Buffer | string, dryRun: boolean) =>
    api()
      .post(path(tenant, `mappings/import?dryRun=${dryRun}`))
      .set(world.auth)
      .attach('file', Buffer.from(file), 'mapping.csv');
  const mappings = async (tenant: GivenTenant) =>
    (await api().get(path(tenant, 'mappings')).set(world.auth).expect(200)).body;
  const download = async (tenant: GivenTenant, rest: string) => {
    const res = await api()
      .get(path(tenant, rest))
      .set(world.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    return res.body as string;
  };

  it('goes from template to Teams: fill in by alias and by UPN, dry run, import, preview, full run', async () => {
    const { tenant, robert, carol } = await tenantWithMismatches();
    const template = await download(tenant, 'mappings/template.csv');
    expect(template.startsWith('\ufeff# Teams Connector manual mappings.')).toBe(true);
    const lines = template.replace(/^\ufeff/, '').split('\r\n');
    const header = lines.find((l) => l.startsWith('PBX user id'));
    expect(header).toBe(
      'PBX user id,PBX e-mail,First name,Last name,Extension,Direct number,Matched today,Teams user',
    );
    const rows = lines.filter((l) => /^p\d,/.test(l));
    // p0 is matched by e-mail, so only the other two are listed, each saying why.
    expect(rows.map((r) => r.split(',')[0])).toEqual(['p1', 'p2']);
    expect(rows[0]).toContain('"Not matched: No Microsoft 365 user has this e-mail address');
    expect(rows[0].endsWith(',')).toBe(true);

    const filled = template
      .replace(/(\r\np1,[^\r]*,)\r\n/, `$1bob1@${tenant.domain}\r\n`)
      .replace(/(\r\np2,[^\r]*,)\r\n/, `$1carol@${tenant.domain}\r\n`);
    const dry = await upload(tenant, filled, true).expect(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      applied: false,
      accepted: 2,
      rejected: [],
      summary: { create: 2, replace: 0, remove: 0, unchanged: 0, rejected: 0 },
    });
    expect((await mappings(tenant)).total).toBe(0);

    const real = await upload(tenant, filled, false).expect(200);
    expect(real.body).toMatchObject({ applied: true, accepted: 2, summary: dry.body.summary });
    const listed = await mappings(tenant);
    expect(
      listed.items.map(
        (m: {
          pbxUser: { id: string; email: string };
          teamsUser: { userPrincipalName: string };
        }) => [m.pbxUser.id, m.pbxUser.email, m.teamsUser.userPrincipalName],
      ),
    ).toEqual([
      ['p1', `u1@${tenant.domain}`, `robert.one@${tenant.domain}`],
      ['p2', `u2@${tenant.domain}`, `carol@${tenant.domain}`],
    ]);

    await api().get(path(tenant, 'sync/preview')).set(world.auth).expect(200);
    const assign = (
      await api().get(path(tenant, 'sync/preview/users?change=assign')).set(world.auth).expect(200)
    ).body.items.map((i: { pbxUser: { id: string }; method: string }) => [i.pbxUser.id, i.method]);
    expect(assign).toEqual([
      ['p0', 'automatic'],
      ['p1', 'manual'],
      ['p2', 'manual'],
    ]);
    expect(await tenant.run(await tenant.startSync('full'))).toMatchObject({ state: 'succeeded' });
    expect((await tenant.teamsUser(robert)).telephoneNumbers).toEqual([
      { telephoneNumber: tenant.number(1), assignmentCategory: 'primary' },
    ]);
    expect((await tenant.teamsUser(carol)).telephoneNumbers).toEqual([
      { telephoneNumber: tenant.number(2), assignmentCategory: 'primary' },
    ]);
  });

  it('exports mappings that import back as a no-op, and reports a replacement and a removal', async () => {
    const { tenant } = await tenantWithMismatches();
    const first = `PBX user id,Teams user\r\np1,bob1@${tenant.domain}\r\np2,carol@${tenant.domain}\r\n`;
    await upload(tenant, first, false).expect(200);
    const before = await mappings(tenant);

    const exported = await download(tenant, 'mappings.csv');
    const again = await upload(tenant, exported, false).expect(200);
    expect(again.body).toMatchObject({
      applied: true,
      rejected: [],
      summary: { unchanged: 2, create: 0, replace: 0, remove: 0 },
    });
    expect(await mappings(tenant)).toEqual(before);

    const swap = `Teams user;PBX user id\r\nREMOVE;p2\r\ncarol@${tenant.domain};p1\r\n`;
    const swapped = await upload(tenant, swap, false).expect(200);
    expect(swapped.body).toMatchObject({
      summary: { remove: 1, replace: 1 },
      replaced: [
        {
          line: 3,
          pbxUserId: 'p1',
          previous: `robert.one@${tenant.domain}`,
          next: `carol@${tenant.domain}`,
        },
      ],
    });
    expect(
      (await mappings(tenant)).items.map((m: { pbxUser: { id: string } }) => m.pbxUser.id),
    ).toEqual(['p1']);
  });

  it('applies nothing from a file with one bad row, and names line, column and code', async () => {
    const { tenant } = await tenantWithMismatches();
    // Excel's "CSV" in a French or German locale: Windows-1252 and semicolons.
    const file = encode(
      `PBX user id;Teams user;Notiz\r\np1;bob1@${tenant.domain};Zoë\r\np2;nobody@${tenant.domain};\r\np9;carol@${tenant.domain};\r\n`,
      'win1252',
    );
    const res = await upload(tenant, file, false).expect(200);
    expect(res.body).toMatchObject({ applied: false, accepted: 0 });
    expect(
      res.body.rejected.map((r: { line: number; column: string; code: string }) => [
        r.line,
        r.column,
        r.code,
      ]),
    ).toEqual([
      [3, 'Teams user', 'TEAMS_USER_UNKNOWN'],
      [4, 'PBX user id', 'PBX_USER_UNKNOWN'],
    ]);
    expect((await mappings(tenant)).total).toBe(0);

    const taken = await upload(
      tenant,
      `PBX user id,Teams user\np1,u0@${tenant.domain}\n`,
      false,
    ).expect(200);
    expect(taken.body.rejected).toEqual([
      {
        line: 2,
        column: 'Teams user',
        code: 'TEAMS_USER_MATCHED_ELSEWHERE',
        message: expect.stringContaining(
          `matched (automatically) to PBX user "p0" (u0@${tenant.domain})`,
        ),
      },
    ]);
  });

  it('refuses what is not a CSV upload, a file too large and too many rows, precisely', async () => {
    const { tenant } = await tenantWithMismatches();
    const refused = async (res: {
      status: number;
      body: { error: { code: string; message: string } };
    }) => [res.status, res.body.error.code, res.body.error.message];
    expect(
      await refused(
        await api().post(path(tenant, 'mappings/import')).set(world.auth).send({ file: 'p1,x' }),
      ),
    ).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE', expect.stringContaining('multipart/form-data')]);
    expect(
      await refused(
        await api()
          .post(path(tenant, 'mappings/import'))
          .set(world.auth)
          .attach('upload', Buffer.from('x'), 'x.csv'),
      ),
    ).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringContaining("no file in a field named 'file'"),
    ]);
    const big = `PBX user id,Teams user\n${`p1,${'x'.repeat(700)}\n`.repeat(99)}`;
    expect(await refused(await upload(tenant, big, true))).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
      expect.stringContaining('larger than 65536 bytes'),
    ]);
    const many = `PBX user id,Teams user\n${Array.from({ length: 101 }, (_, i) => `p${i},`).join('\n')}`;
    expect(await refused(await upload(tenant, many, true))).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
      expect.stringContaining('more than 100 rows'),
    ]);
    expect(
      await refused(
        await api().post(path(tenant, 'mappings/import?dryRun=perhaps')).set(world.auth),
      ),
    ).toEqual([400, 'VALIDATION_FAILED', expect.any(String)]);
    expect((await mappings(tenant)).total).toBe(0);
  });

  it('reports each defect of a corpus of bad files exactly, and applies nothing from any of them', async () => {
    const { tenant } = await tenantWithMismatches();
    const d = tenant.domain;
    const good = `p1,bob1@${d}`;
    const utf16 = (text: string) =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const corpus: [string, Buffer | string, [number, string | null, string][]][] = [
      [
        'a missing column',
        `PBX user id,Microsoft user\n${good}\n`,
        [[1, 'Teams user', 'CSV_COLUMN_MISSING']],
      ],
      [
        'too few fields',
        `PBX user id,Teams user\n${good}\np2\n`,
        [[3, 'Teams user', 'CSV_TOO_FEW_FIELDS']],
      ],
      [
        'too many fields',
        `PBX user id,Teams user\n${good}\np2,carol@${d},extra\n`,
        [[3, 'column 3', 'CSV_TOO_MANY_FIELDS']],
      ],
      [
        'an unclosed quote',
        `PBX user id,Teams user\n${good}\np2,"carol@${d}\n`,
        [[3, 'Teams user', 'CSV_QUOTE_NOT_CLOSED']],
      ],
      [
        'a cell too long',
        `PBX user id,Teams user\n${good}\np2,${'x'.repeat(321)}\n`,
        [[3, 'Teams user', 'CSV_CELL_TOO_LONG']],
      ],
      [
        'an unknown encoding',
        Buffer.concat([
          Buffer.from(`PBX user id,Teams user\n${good}\np2,`),
          Buffer.from([0x8d, 0x0a]),
        ]),
        [[3, null, 'CSV_ENCODING_UNSUPPORTED']],
      ],
      [
        'UTF-16 with tabs and a guest',
        utf16(`PBX user id\tTeams user\r\n${good.replace(',', '\t')}\r\np2\tnobody@${d}\r\n`),
        [[3, 'Teams user', 'TEAMS_USER_UNKNOWN']],
      ],
      [
        'one Teams user twice',
        `PBX user id;Teams user\np1;carol@${d}\np2;carol@${d}\n`,
        [[3, 'Teams user', 'TEAMS_USER_DUPLICATE']],
      ],
      [
        'one PBX user twice',
        `PBX user id,Teams user\n${good}\np1,carol@${d}\n`,
        [[3, 'PBX user id', 'PBX_USER_DUPLICATE']],
      ],
    ];
    for (const [name, file, expected] of corpus) {
      const res = await upload(tenant, file, false).expect(200);
      expect([
        name,
        res.body.applied,
        res.body.rejected.map((r: { line: number; column: string | null; code: string }) => [
          r.line,
          r.column,
          r.code,
        ]),
      ]).toEqual([name, false, expected]);
    }
    expect((await mappings(tenant)).total).toBe(0);
  });
});
