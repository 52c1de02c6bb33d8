/** Why a line of an uploaded CSV file cannot be used; stable codes an admin can look up. */
export const CSV_PROBLEMS = {
  CSV_ENCODING_UNSUPPORTED:
    'The file is not UTF-8, UTF-16 with a byte order mark, or Windows-1252.',
  CSV_COLUMN_MISSING: 'A required column is missing from the header row.',
  CSV_TOO_MANY_FIELDS: 'The row has more fields than the header row.',
  CSV_TOO_FEW_FIELDS: 'The row has fewer fields than the header row.',
  CSV_QUOTE_NOT_CLOSED: 'A quoted field is never closed; nothing after it could be read.',
  CSV_CELL_TOO_LONG: 'The cell is longer than its column allows.',
  CSV_MALFORMED: 'The row cannot be read as CSV.',
} as const;

export type CsvProblemCode = keyof typeof CSV_PROBLEMS;

/** One rejected place of a file: its line (1 is the first), its column (by header name), why. */
export interface CsvProblem {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

export function csvProblem(
  line: number,
  column: string | null,
  code: CsvProblemCode,
  detail?: string,
): CsvProblem {
  return {
    line,
    column,
    code,
    message: detail ? `${CSV_PROBLEMS[code]} ${detail}` : CSV_PROBLEMS[code],
  };
}

/** A problem that ends the reading of the file: nothing after it can be trusted. */
export class CsvUnreadable extends Error {
  constructor(readonly problem: CsvProblem) {
    super(problem.message);
    this.name = 'CsvUnreadable';
  }
}

/** The file holds more data rows than one upload may. */
export class CsvTooManyRows extends Error {
  constructor(readonly limit: number) {
    super(`The file has more than ${limit} rows; split it into files of at most ${limit} rows.`);
    this.name = 'CsvTooManyRows';
  }
}
