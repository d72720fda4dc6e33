import { showValue } from '../show-value.js';
import type { HistoryTable, InvariantSpec, JsonValue } from './invariant-spec.js';

/** The spec's table of a history, or one row per element of its JSON form (the whole JSON when not a list). */
export function historyTable<H>(spec: InvariantSpec<H>, history: H): HistoryTable {
  if (spec.table !== undefined) return spec.table(history);
  return jsonTable(spec.encode(history));
}

/** A table of a JSON history: objects give one column per field, anything else one `value` column. */
export function jsonTable(json: JsonValue): HistoryTable {
  const items: readonly JsonValue[] = Array.isArray(json) ? json : [json];
  const objects = items.every((i) => i !== null && typeof i === 'object' && !Array.isArray(i));
  if (!objects || items.length === 0) return { columns: ['#', 'value'], rows: items.map((v, i) => [String(i + 1), showValue(v)]) };
  const columns: string[] = [];
  for (const item of items as readonly Record<string, JsonValue>[]) for (const k of Object.keys(item)) if (!columns.includes(k)) columns.push(k);
  const rows = (items as readonly Record<string, JsonValue>[]).map((item, i) => [
    String(i + 1),
    ...columns.map((c) => (item[c] === undefined ? '' : cell(item[c]))),
  ]);
  return { columns: ['#', ...columns], rows };
}

function cell(v: JsonValue): string {
  return typeof v === 'string' ? v : showValue(v);
}

/** The table as aligned text, a header line and a rule first. */
export function renderTable(table: HistoryTable): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(table.columns), line(widths.map((w) => '-'.repeat(w)))];
  for (const r of table.rows) out.push(line(r));
  if (table.rows.length === 0) out.push('(no records)');
  return `${out.join('\n')}\n`;
}
