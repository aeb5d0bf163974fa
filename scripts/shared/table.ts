export type Alignment = 'left' | 'right';

/**
 * A plain fixed-width table for the terminal. By default the first column is left-aligned and the
 * rest right-aligned (figures); `align` sets each column.
 */
export function formatTable(title: string, header: readonly string[], rows: readonly (readonly string[])[], align?: readonly Alignment[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const alignment = (column: number) => align?.[column] ?? (column === 0 ? 'left' : 'right');
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (alignment(column) === 'left' ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [`\n${title}`, line(header), rule, ...rows.map(line)].join('\n');
}
