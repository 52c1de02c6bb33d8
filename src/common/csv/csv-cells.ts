/**
 * A cell that starts with `=`, `+`, `-` or `@` is a formula to a spreadsheet (and a way in for
 * formula injection); the service writes it with a leading `'`, which spreadsheets show as text.
 * A number (a phone number's `+`, a negative count) cannot run anything and keeps its sign.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d[\d ().-]*$/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The value a neutralised cell stood for, so that a file the service wrote reads back as it was. */
export function restoreCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
