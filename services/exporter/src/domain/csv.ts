/** A cell as the column types it: text comes from people and may be a formula; numbers and times are ours. */
export type Cell = { type: 'text'; value: string | null } | { type: 'number'; value: string | number | null } | { type: 'time'; value: Date | null };

const needsQuotes = /[",\r\n]/;
// A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection"); tab and CR too.
const formulaStart = /^[=+\-@\t\r]/;

export const CSV_BOM = '\ufeff';

/** One RFC 4180 record: fields quoted when they hold a quote, comma or line break, ended by CRLF. */
export function csvRecord(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export function csvHeader(names: readonly string[]): string {
  return csvRecord(names.map((name) => ({ type: 'text', value: name })));
}

function csvField(cell: Cell): string {
  if (cell.value === null) return '';
  let text: string;
  if (cell.type === 'time') text = cell.value.toISOString();
  else if (cell.type === 'number') text = String(cell.value);
  else text = formulaStart.test(cell.value) ? `'${cell.value}` : cell.value;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
