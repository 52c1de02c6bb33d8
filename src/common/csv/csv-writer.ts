import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { neutraliseCell } from './csv-cells';

type Cell = string | number | boolean | Date | null | undefined;

const OPTIONS = {
  record_delimiter: 'windows' as const,
  // csv-stringify quotes the record delimiter only; a bare LF in a cell must be quoted too.
  quoted_match: /[\r\n]/,
  cast: {
    string: neutraliseCell,
    boolean: (value: boolean) => String(value),
    date: (value: Date) => value.toISOString(),
  },
};

/**
 * A CSV file for spreadsheets: CRLF lines, RFC 4180 quoting, formulas neutralised, and with `bom`
 * the UTF-8 byte order mark that makes Excel show accents right.
 */
export function csvText(rows: Cell[][], options: { bom?: boolean } = {}): string {
  return stringifySync(rows, { ...OPTIONS, bom: options.bom ?? false });
}

/** The same, streamed: rows are written as they come, whatever their number. */
export function csvStream(rows: AsyncIterable<Cell[]>, options: { bom?: boolean } = {}): Readable {
  const output = stringify({ ...OPTIONS, bom: options.bom ?? false });
  Readable.from(rows).pipe(output);
  return output;
}
