import type { SummaryTable } from '../scenarios/common/index.js';

type Cell = string | number | boolean | null;

const text = (c: Cell): string => (c === null ? '-' : String(c));
/** Numbers line up on the right, as in a spreadsheet; everything else on the left. */
const pad = (c: Cell, s: string, width: number): string => (typeof c === 'number' ? s.padStart(width) : s.padEnd(width));

/**
 * A summary table as aligned text: the title, a header row, a rule, one line per row (null shown as `-`) and
 * `(no rows)` when empty. Columns are separated by two spaces; trailing blanks are trimmed.
 */
export function renderSummaryTable(table: SummaryTable): string {
  const cells = table.rows.map((row) => table.columns.map((_, i) => row[i] ?? null));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...cells.map((row) => text(row[i] ?? null).length)));
  const line = (parts: string[]): string => `  ${parts.join('  ')}`.trimEnd();
  const out = [table.title, line(table.columns.map((c, i) => c.padEnd(widths[i]!))), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of cells) out.push(line(row.map((c, i) => pad(c, text(c), widths[i]!))));
  if (cells.length === 0) out.push('  (no rows)');
  return `${out.join('\n')}\n`;
}
