import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'iconv-lite';
import { CsvColumn, CsvTableEntry, readCsvTable } from './csv-table';
import { CsvTooManyRows, CsvUnreadable } from './csv-problem';

const SPECTRUM = join(__dirname, '../../../node_modules/csv-spectrum');

/** The file in small pieces, so that every boundary (BOM, UTF-8 sequence, quote) gets cut. */
async function* pieces(bytes: Buffer, size = 5): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(bytes: Buffer, columns: CsvColumn[], maxRows = 1000, size = 5) {
  const entries: CsvTableEntry[] = [];
  for await (const entry of readCsvTable(pieces(bytes, size), columns, { maxRows }))
    entries.push(entry);
  return {
    rows: entries.flatMap((e) => (e.kind === 'row' ? [e] : [])),
    problems: entries.flatMap((e) => (e.kind === 'problem' ? [e.problem] : [])),
  };
}

const column = (key: string, header = key, required = true, maxLength = 1000): CsvColumn => ({
  key,
  header,
  required,
  maxLength,
});
const MAPPING = [column('pbx', 'PBX user id'), column('teams', 'Teams user', true, 20)];

describe('reading CSV tables', () => {
  describe('csv-spectrum', () => {
    const cases = readdirSync(join(SPECTRUM, 'csvs')).map((f) => f.replace(/\.csv$/, ''));
    it.each(cases)('%s', async (name) => {
      const expected = ([] as Record<string, string>[]).concat(
        JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8')),
      );
      // The corpus's JSON for this case disagrees with its own CSV on the phone number.
      if (name === 'location_coordinates') expected[0]['Contact Phone Number'] = '2095257564';
      const keys = Object.keys(expected[0]);
      const { rows, problems } = await read(
        readFileSync(join(SPECTRUM, 'csvs', `${name}.csv`)),
        keys.map((k) => column(k)),
      );
      expect(problems).toEqual([]);
      expect(rows.map((r) => r.cells)).toEqual(
        expected.map((e) => Object.fromEntries(keys.map((k) => [k, e[k].trim()]))),
      );
    });
  });

  const mappingFile = 'PBX user id,Teams user\np1,ada@contoso.example\np2,Zoë@contoso.example\n';

  it.each([
    ['UTF-8', Buffer.from(mappingFile, 'utf8')],
    [
      'UTF-8 with a BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(mappingFile)]),
    ],
    [
      'UTF-16 LE with a BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(mappingFile, 'utf16le')]),
    ],
    ['Windows-1252', encode(mappingFile, 'win1252')],
  ])('decodes %s', async (_, bytes) => {
    const { rows, problems } = await read(bytes, MAPPING);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.cells.teams])).toEqual([
      [2, 'ada@contoso.example'],
      [3, 'Zoë@contoso.example'],
    ]);
  });

  it.each([
    ['a comma', 'PBX user id,Teams user\r\np1,"x,y"\r\n'],
    ['a semicolon, as Excel saves in many locales', 'PBX user id;Teams user\r\np1;"x;y"\r\n'],
    ['a tab', 'PBX user id\tTeams user\np1\tx,y\n'],
  ])('finds %s as the delimiter', async (_, text) => {
    const { rows } = await read(Buffer.from(text), MAPPING);
    expect(rows.map((r) => r.cells)).toEqual([
      { pbx: 'p1', teams: text.includes('\t') ? 'x,y' : text.includes(';') ? 'x;y' : 'x,y' },
    ]);
  });

  it('matches headers by name, in any order, case and spacing, ignoring extra columns and notes', async () => {
    const text =
      '# Fill in the Teams user column\n# Leave it empty to change nothing\n' +
      'Extension,teams USER (UPN or e-mail),Notes,pbx_user_id\n100,ada@c.example,hi,p1\n\n';
    const { rows, problems } = await read(Buffer.from(text), MAPPING);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ kind: 'row', line: 4, cells: { pbx: 'p1', teams: 'ada@c.example' } }]);
  });

  it('names a missing required column once, on the header line, and reads no further', async () => {
    const { rows, problems } = await read(Buffer.from('PBX user id,Team\np1,x\n'), MAPPING);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ line: 1, column: 'Teams user', code: 'CSV_COLUMN_MISSING' }),
    ]);
  });

  it('reports each bad row with its line, column and code, and reads on', async () => {
    const text = [
      'PBX user id,Teams user',
      'p1,ada@c.example',
      'p2',
      'p3,bob@c.example,extra',
      'p4,bob@c.example,,',
      `p5,${'x'.repeat(21)}`,
      '"p6',
      'still p6",carol@c.example',
      'p7,"never closed',
      'p8,dan@c.example',
    ].join('\n');
    const { rows, problems } = await read(Buffer.from(text), MAPPING);
    expect(rows.map((r) => [r.line, r.cells.pbx])).toEqual([
      [2, 'p1'],
      [5, 'p4'],
      [7, 'p6\nstill p6'],
    ]);
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'Teams user', 'CSV_TOO_FEW_FIELDS'],
      [4, 'column 3', 'CSV_TOO_MANY_FIELDS'],
      [6, 'Teams user', 'CSV_CELL_TOO_LONG'],
      [9, 'Teams user', 'CSV_QUOTE_NOT_CLOSED'],
    ]);
  });

  it('refuses a file that is no known encoding, with the line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('PBX user id,Teams user\np1,'),
      Buffer.from([0x81, 0x41]),
      Buffer.from('\n'),
    ]);
    await expect(read(bytes, MAPPING)).rejects.toEqual(expect.any(CsvUnreadable));
    const error = await read(bytes, MAPPING).catch((e: CsvUnreadable) => e);
    expect((error as CsvUnreadable).problem).toMatchObject({
      line: 2,
      code: 'CSV_ENCODING_UNSUPPORTED',
    });
    const utf16WithoutBom = Buffer.from(mappingFile, 'utf16le');
    await expect(read(utf16WithoutBom, MAPPING)).rejects.toMatchObject({
      problem: { line: 1, code: 'CSV_ENCODING_UNSUPPORTED' },
    });
  });

  it.each([5, 1 << 20])(
    'names the line of bytes that are no encoding, in pieces of %i bytes',
    async (size) => {
      const utf8ThenNot = Buffer.concat([
        Buffer.from('PBX user id,Teams user\np1,Zoë\np2,'),
        Buffer.from([0xe9, 0x0a]),
      ]);
      await expect(read(utf8ThenNot, MAPPING, 1000, size)).rejects.toMatchObject({
        problem: { line: 3, code: 'CSV_ENCODING_UNSUPPORTED' },
      });
      const undefinedIn1252 = Buffer.concat([
        Buffer.from('PBX user id,Teams user\np1,x\np2,'),
        Buffer.from([0xe9, 0x8d, 0x0a]),
      ]);
      await expect(read(undefinedIn1252, MAPPING, 1000, size)).rejects.toMatchObject({
        problem: { line: 3, code: 'CSV_ENCODING_UNSUPPORTED' },
      });
    },
  );

  it('stops past the row limit', async () => {
    const text = `PBX user id,Teams user\n${Array.from({ length: 4 }, (_, i) => `p${i},x`).join('\n')}`;
    await expect(read(Buffer.from(text), MAPPING, 3)).rejects.toEqual(expect.any(CsvTooManyRows));
  });
});
