import type { ExportFormat } from '@loyalty/db/model';
import { CSV_BOM, csvHeader, csvRecord, type Cell } from './csv.js';

/** How a file starts and how each row becomes a line, per format. */
export interface LineFormat {
  header(names: readonly string[]): string;
  line(names: readonly string[], cells: readonly Cell[]): string;
}

const csv: LineFormat = {
  // The BOM makes spreadsheet programs read the file as UTF-8 rather than the local code page.
  header: (names) => `${CSV_BOM}${csvHeader(names)}`,
  line: (_names, cells) => csvRecord(cells),
};

const jsonl: LineFormat = {
  header: () => '',
  line: (names, cells) => `${JSON.stringify(Object.fromEntries(names.map((name, i) => [name, jsonValue(cells[i]!)])))}\n`,
};

function jsonValue(cell: Cell): string | number | null {
  if (cell.value === null) return null;
  if (cell.type === 'time') return cell.value.toISOString();
  return cell.value;
}

export const lineFormats: Record<ExportFormat, LineFormat> = { csv, jsonl };
