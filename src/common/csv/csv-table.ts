import { parse } from 'csv-parse';
import { pipeline, Readable } from 'node:stream';
import { csvProblem, CsvProblem, CsvTooManyRows } from './csv-problem';
import { decodeText } from './text-decoding';

/** A column a file must or may have, found by its header whatever its position. */
export interface CsvColumn {
  key: string;
  /** The header as this service writes it; matched without regard to case, spaces or a (note). */
  header: string;
  required: boolean;
  maxLength: number;
}

export type CsvTableEntry =
  | { kind: 'row'; line: number; cells: Record<string, string> }
  | { kind: 'problem'; problem: CsvProblem };

const DELIMITERS = [',', ';', '\t'];

/** `PBX user id`, `pbx_user_id` and `PBX User ID (required)` are one header. */
export const canonicalHeader = (header: string) =>
  header
    .normalize('NFKC')
    .replace(/\(.*?\)/g, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();

/**
 * Reads an uploaded CSV table as it streams in: the encoding and the delimiter (`,`, `;` or tab)
 * are found from the file; lines starting with `#` before the header row are notes; columns are
 * matched by header; each data row comes out with its line number, or as a problem naming line,
 * column and code. A missing required column is one problem on the header line, and the end.
 * Throws CsvUnreadable when the file cannot be read on, and CsvTooManyRows past `maxRows`.
 */
export async function* readCsvTable(
  bytes: AsyncIterable<Buffer>,
  columns: CsvColumn[],
  options: { maxRows: number },
): AsyncGenerator<CsvTableEntry> {
  const text = decodeText(bytes);
  const { notes, head } = await readPrelude(text);
  const parser = parse({
    delimiter: sniffDelimiter(head),
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    info: true,
  });
  const skipped: { code: string; index: number | undefined; lines: number }[] = [];
  parser.on('skip', (e: { code: string; index?: number; lines: number }) =>
    skipped.push({ code: e.code, index: e.index, lines: e.lines }),
  );
  // An unreadable byte ends the source, and through the pipeline the records below.
  pipeline(Readable.from(feed(head, text)), parser, () => undefined);

  let header: string[] | null = null;
  let positions = new Map<string, number>();
  let lastEnd = notes;
  let rows = 0;
  const columnName = (index: number | undefined) =>
    header && index !== undefined ? (header[index] ?? `column ${index + 1}`) : null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = lastEnd + 1;
      lastEnd = notes + info.lines;
      if (record.length === 1 && record[0].trim() === '') continue;
      if (!header) {
        header = record.map((h) => h.trim());
        positions = placeColumns(header, columns);
        const missing = columns.filter((c) => c.required && !positions.has(c.key));
        for (const column of missing)
          yield {
            kind: 'problem',
            problem: csvProblem(
              line,
              column.header,
              'CSV_COLUMN_MISSING',
              `Add a column headed "${column.header}".`,
            ),
          };
        if (missing.length > 0) return;
        continue;
      }
      if (++rows > options.maxRows) throw new CsvTooManyRows(options.maxRows);
      const problem = fieldProblem(line, record, header, columns, positions);
      if (problem) {
        yield { kind: 'problem', problem };
        continue;
      }
      const cells: Record<string, string> = {};
      for (const [key, index] of positions) cells[key] = (record[index] ?? '').trim();
      yield { kind: 'row', line, cells };
    }
  } finally {
    parser.destroy();
  }
  for (const skip of skipped) {
    const code = skip.code === 'CSV_QUOTE_NOT_CLOSED' ? 'CSV_QUOTE_NOT_CLOSED' : 'CSV_MALFORMED';
    const line = code === 'CSV_QUOTE_NOT_CLOSED' ? lastEnd + 1 : notes + skip.lines;
    yield { kind: 'problem', problem: csvProblem(line, columnName(skip.index), code) };
  }
}

function fieldProblem(
  line: number,
  record: string[],
  header: string[],
  columns: CsvColumn[],
  positions: Map<string, number>,
): CsvProblem | null {
  if (record.length < header.length)
    return csvProblem(
      line,
      header[record.length],
      'CSV_TOO_FEW_FIELDS',
      `Expected ${header.length}, found ${record.length}.`,
    );
  // Spreadsheets pad rows with empty cells; only a filled cell beyond the header is an error.
  const extra = record.findIndex((value, i) => i >= header.length && value.trim() !== '');
  if (extra >= 0)
    return csvProblem(
      line,
      `column ${extra + 1}`,
      'CSV_TOO_MANY_FIELDS',
      `Expected ${header.length}, found ${record.length}.`,
    );
  for (const column of columns) {
    const index = positions.get(column.key);
    if (index !== undefined && record[index].trim().length > column.maxLength)
      return csvProblem(
        line,
        column.header,
        'CSV_CELL_TOO_LONG',
        `At most ${column.maxLength} characters.`,
      );
  }
  return null;
}

function placeColumns(header: string[], columns: CsvColumn[]): Map<string, number> {
  const positions = new Map<string, number>();
  const wanted = new Map(columns.map((c) => [canonicalHeader(c.header), c.key]));
  header.forEach((name, index) => {
    const key = wanted.get(canonicalHeader(name));
    if (key && !positions.has(key)) positions.set(key, index);
  });
  return positions;
}

/** The text up to the end of the header line, after any `#` note lines, which are dropped. */
async function readPrelude(text: AsyncGenerator<string>): Promise<{ notes: number; head: string }> {
  let buffer = '';
  let notes = 0;
  for (;;) {
    const newline = buffer.indexOf('\n');
    if (newline >= 0 && buffer.startsWith('#')) {
      buffer = buffer.slice(newline + 1);
      notes++;
      continue;
    }
    if (newline >= 0) return { notes, head: buffer };
    const next = await text.next();
    if (next.done) return { notes, head: buffer };
    buffer += next.value;
  }
}

async function* feed(head: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  if (head) yield head;
  yield* rest;
}

/** The delimiter the header line uses most, outside quotes; a comma when it has none. */
function sniffDelimiter(head: string): string {
  const line = head.split('\n')[0];
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}
