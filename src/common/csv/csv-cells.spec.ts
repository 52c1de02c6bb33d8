import { csvText } from './csv-writer';
import { neutraliseCell, restoreCell } from './csv-cells';

describe('CSV cells written and read back', () => {
  it.each([
    ['plain', 'plain'],
    ['+14255550100', '+14255550100'],
    ['-12', '-12'],
    ['=HYPERLINK("x")', '\'=HYPERLINK("x")'],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+cmd|calc', "'+cmd|calc"],
    ['-2+3-cmd', "'-2+3-cmd"],
  ])('writes %j as %j, and reads it back as it was', (value, cell) => {
    expect(neutraliseCell(value)).toBe(cell);
    expect(restoreCell(neutraliseCell(value))).toBe(value);
  });

  it('quotes as RFC 4180 asks, ends lines with CRLF, and can start with a BOM', () => {
    expect(csvText([['a,b', 'say "hi"', 'two\nlines', null, 3, true]], { bom: true })).toBe(
      '\ufeff"a,b","say ""hi""","two\nlines",,3,true\r\n',
    );
  });
});
