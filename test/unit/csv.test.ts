import { describe, expect, it } from 'vitest';
import { toExcelCsv } from '../../shared/domain/csv';

const BOM = '\uFEFF';

describe('toExcelCsv', () => {
  it('writes a BOM, semicolons and CRLF after every record', () => {
    const csv = toExcelCsv(
      ['Jméno', 'Organizace'],
      [
        ['Jana Nováková', 'Liberecký kraj'],
        ['Petr Dvořák', 'Město Česká Lípa'],
      ],
    );
    expect(csv).toBe(
      `${BOM}Jméno;Organizace\r\nJana Nováková;Liberecký kraj\r\nPetr Dvořák;Město Česká Lípa\r\n`,
    );
  });

  it('writes just the header line when there are no rows', () => {
    expect(toExcelCsv(['A', 'B'], [])).toBe(`${BOM}A;B\r\n`);
  });

  it('renders booleans in Czech and null/undefined as empty cells', () => {
    expect(toExcelCsv(['a', 'b', 'c', 'd'], [[true, false, null, undefined]])).toBe(
      `${BOM}a;b;c;d\r\nano;ne;;\r\n`,
    );
  });

  it('quotes fields containing the delimiter, quotes or line breaks', () => {
    const csv = toExcelCsv(
      ['x'],
      [['a;b'], ['řekl "ahoj"'], ['první\r\ndruhý'], ['jen LF\nzde'], ['jen CR\rzde'], ['a,b']],
    );
    const lines = csv.slice(BOM.length);
    expect(lines).toBe(
      'x\r\n' +
        '"a;b"\r\n' +
        '"řekl ""ahoj"""\r\n' +
        '"první\r\ndruhý"\r\n' +
        '"jen LF\nzde"\r\n' +
        '"jen CR\rzde"\r\n' +
        'a,b\r\n',
    );
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+420 777 123 456', "'+420 777 123 456"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['=HYPERLINK("http://x.cz";"klik")', `"'=HYPERLINK(""http://x.cz"";""klik"")"`],
  ])('neutralises the formula-like cell %j', (cell, expected) => {
    expect(toExcelCsv(['x'], [[cell]])).toBe(`${BOM}x\r\n${expected}\r\n`);
  });

  it('neutralises a cell starting with CR and still quotes it', () => {
    expect(toExcelCsv(['x'], [['\r=1+1']])).toBe(`${BOM}x\r\n"'\r=1+1"\r\n`);
  });

  it('leaves harmless text alone, including formula characters later in the cell', () => {
    expect(toExcelCsv(['x', 'y', 'z'], [['a=b', 'e-mail@example.cz', ' =1']])).toBe(
      `${BOM}x;y;z\r\na=b;e-mail@example.cz; =1\r\n`,
    );
  });

  it('keeps numbers as numbers, with a Czech decimal comma', () => {
    expect(toExcelCsv(['n'], [[42], [-5], [0], [1.5], [-0.25]])).toBe(
      `${BOM}n\r\n42\r\n-5\r\n0\r\n1,5\r\n-0,25\r\n`,
    );
  });

  it('renders non-finite numbers as empty cells', () => {
    expect(toExcelCsv(['n'], [[Number.NaN], [Number.POSITIVE_INFINITY]])).toBe(
      `${BOM}n\r\n\r\n\r\n`,
    );
  });

  it('guards header cells too', () => {
    expect(toExcelCsv(['=x', 'ok'], [])).toBe(`${BOM}'=x;ok\r\n`);
  });

  it('puts exactly one BOM at the start', () => {
    const csv = toExcelCsv(['a'], [['b']]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.indexOf(BOM, 1)).toBe(-1);
  });
});
