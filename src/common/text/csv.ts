/** A CSV cell: quoted when needed (RFC 4180), and never read as a formula by a spreadsheet. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, -, @ makes spreadsheets evaluate the cell; phone numbers and plain numbers may
  // keep their sign.
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d ().-]*$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
