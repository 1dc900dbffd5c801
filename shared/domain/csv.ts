import { stringify } from 'csv-stringify/sync';

/**
 * CSV that Czech Excel opens correctly on double-click: the BOM makes it read UTF-8 instead of
 * Windows-1250, and ';' is the list separator of the Czech locale (',' is the decimal mark).
 */

export type CsvCell = string | number | boolean | null | undefined;

/**
 * Leading characters that make Excel/LibreOffice evaluate a cell as a formula (OWASP "CSV
 * injection"); participant names and free-text answers come from the public.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

function sanitiseText(value: string): string {
  return FORMULA_TRIGGER.test(value) ? `'${value}` : value;
}

function renderCell(value: CsvCell): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'boolean') {
    return value ? 'ano' : 'ne';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      return '';
    }
    // A real number is never a formula, so negatives keep their sign; Czech Excel only parses
    // decimals written with a comma (and reads "1.5" as 1 May).
    return String(value).replace('.', ',');
  }
  return sanitiseText(value);
}

export function toExcelCsv(headers: string[], rows: CsvCell[][]): string {
  const records = [headers, ...rows].map((row) => row.map(renderCell));
  return stringify(records, {
    bom: true,
    delimiter: ';',
    record_delimiter: '\r\n',
    // csv-stringify only quotes on the full record delimiter, so a lone LF or CR inside a cell
    // (typical of textarea answers) would otherwise split the row in Excel.
    quoted_match: /[\r\n]/,
  });
}
