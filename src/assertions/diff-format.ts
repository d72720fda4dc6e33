import type { DiffRowKind } from './aligned-row.js';
import type { DiffRow, RecordDiff } from './record-diff.js';
import type { RecordField, RecordLike } from './record-like.js';
import { DEFAULT_MAX_CELL_WIDTH, showHeaders, showValue } from './show-value.js';

/** One column a key is shown in: a windowed key shows as key, start and end, say. */
export interface KeyColumn {
  readonly header: string;
  readonly show: (key: unknown, maxWidth: number) => string;
}

export interface DiffFormatOptions {
  /** What was compared, e.g. "topic 'counts'": starts the summary line. */
  readonly label?: string;
  /** What a row is called in the summary; default ['record', 'records']. */
  readonly noun?: readonly [one: string, many: string];
  /** Show the expected (`exp`) and actual (`got`) index columns; default true. */
  readonly indexes?: boolean;
  /** How keys are shown; default one `key` column with stableStringify. */
  readonly keyColumns?: readonly KeyColumn[];
  /** Same rows kept around each difference; longer runs of same rows fold into one line. Default 3. */
  readonly contextRows?: number;
  /** Cells longer than this are elided in the middle; default 40. */
  readonly maxCellWidth?: number;
  /** Table rows shown at most; default 100. */
  readonly maxRows?: number;
}

const MARKERS: Readonly<Record<DiffRowKind, string>> = { same: '=', changed: '~', missing: '-', unexpected: '+' };
const KIND_ORDER: readonly DiffRowKind[] = ['same', 'changed', 'missing', 'unexpected'];
const DEFAULT_KEY_COLUMNS: readonly KeyColumn[] = [{ header: 'key', show: showValue }];

interface Column {
  readonly header: string;
  readonly alignRight: boolean;
  readonly cell: (row: DiffRow) => string;
}

/** A fold of same rows, shown as one line. */
interface Folded {
  readonly folded: number;
}

/**
 * The summary line, then (when the lists differ) one table row per record, marked `=` same,
 * `~` changed (same key; changed cells read `expected -> actual` and the fields are named),
 * `-` missing (expected, not produced) and `+` unexpected (produced, not expected). Timestamp and
 * headers columns appear when some expected record states them.
 */
export function formatRecordDiff(diff: RecordDiff, options: DiffFormatOptions = {}): string {
  const summary = summaryLine(diff, options);
  if (diff.ok) return summary;
  const columns = columnsFor(diff, options);
  const shown = foldSameRuns(diff.rows, options.contextRows ?? 3);
  const maxRows = options.maxRows ?? 100;
  const table: Array<string[] | string> = [columns.map((c) => c.header)];
  for (const item of shown.slice(0, maxRows)) {
    if ('folded' in item) table.push(`${MARKERS.same} ... ${item.folded} same ${noun(item.folded, options)}`);
    else table.push(columns.map((c) => c.cell(item)));
  }
  if (shown.length > maxRows) {
    const hidden = shown.slice(maxRows).reduce((n, item) => n + ('folded' in item ? item.folded : 1), 0);
    table.push(`... ${count(hidden, options)} not shown`);
  }
  return [summary, ...renderTable(table, columns)].join('\n');
}

function summaryLine(diff: RecordDiff, options: DiffFormatOptions): string {
  const prefix = options.label === undefined ? '' : `${options.label}: `;
  if (diff.ok) return `${prefix}${count(diff.actualCount, options)} as expected`;
  const tally = KIND_ORDER.map((kind) => [kind, diff.rows.filter((r) => r.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`);
  const order = diff.ordered ? '' : ' in any order';
  return `${prefix}expected ${count(diff.expectedCount, options)}${order}, got ${diff.actualCount}: ${tally.join(', ')}`;
}

function count(n: number, options: DiffFormatOptions): string {
  return `${n} ${noun(n, options)}`;
}

function noun(n: number, options: DiffFormatOptions): string {
  const [one, many] = options.noun ?? ['record', 'records'];
  return n === 1 ? one : many;
}

function columnsFor(diff: RecordDiff, options: DiffFormatOptions): Column[] {
  const width = options.maxCellWidth ?? DEFAULT_MAX_CELL_WIDTH;
  const stated = (field: 'timestamp' | 'headers') => diff.rows.some((r) => r.expected?.[field] !== undefined);
  const columns: Column[] = [{ header: '', alignRight: false, cell: (r) => MARKERS[r.kind] }];
  if (options.indexes ?? true) {
    columns.push({ header: 'exp', alignRight: true, cell: (r) => r.expectedIndex?.toString() ?? '' });
    columns.push({ header: 'got', alignRight: true, cell: (r) => r.actualIndex?.toString() ?? '' });
  }
  for (const k of options.keyColumns ?? DEFAULT_KEY_COLUMNS) {
    columns.push({ header: k.header, alignRight: false, cell: (r) => k.show((r.actual ?? r.expected)!.key, width) });
  }
  columns.push({ header: 'value', alignRight: false, cell: (r) => fieldCell(r, 'value', width) });
  if (stated('timestamp')) columns.push({ header: 'timestamp', alignRight: false, cell: (r) => fieldCell(r, 'timestamp', width) });
  if (stated('headers')) columns.push({ header: 'headers', alignRight: false, cell: (r) => fieldCell(r, 'headers', width) });
  columns.push({ header: '', alignRight: false, cell: note });
  return columns;
}

/** A changed field reads `expected -> actual`; otherwise the record's own field (the actual one when there is one). */
function fieldCell(row: DiffRow, field: RecordField, width: number): string {
  if (row.kind === 'changed' && row.fields.includes(field)) {
    return `${showField(row.expected!, field, width) || '(none)'} -> ${showField(row.actual!, field, width) || '(none)'}`;
  }
  return showField((row.actual ?? row.expected)!, field, width);
}

function showField(record: RecordLike, field: RecordField, width: number): string {
  if (field === 'value') return showValue(record.value, width);
  if (field === 'timestamp') return record.timestamp?.toString() ?? '';
  return record.headers === undefined ? '' : showHeaders(record.headers, width);
}

function note(row: DiffRow): string {
  if (row.kind === 'changed') return `changed: ${row.fields.join(', ')}`;
  if (row.outOfOrderAt === undefined) return '';
  return row.kind === 'missing' ? `out of order: got #${row.outOfOrderAt}` : `out of order: exp #${row.outOfOrderAt}`;
}

/** Keeps `context` same rows either side of each difference and folds the runs of same rows between. */
function foldSameRuns(rows: readonly DiffRow[], context: number): Array<DiffRow | Folded> {
  const distance = new Array<number>(rows.length).fill(Infinity);
  let last = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    if (rows[i]!.kind !== 'same') last = i;
    distance[i] = i - last;
  }
  last = Infinity;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (rows[i]!.kind !== 'same') last = i;
    distance[i] = Math.min(distance[i]!, last - i);
  }
  const shown: Array<DiffRow | Folded> = [];
  let runStart = 0;
  const endRun = (end: number) => {
    // A fold line in place of one row would hide it and save nothing.
    if (end - runStart === 1) shown.push(rows[runStart]!);
    else if (end - runStart > 1) shown.push({ folded: end - runStart });
  };
  rows.forEach((row, i) => {
    if (distance[i]! > context) return;
    endRun(i);
    shown.push(row);
    runStart = i + 1;
  });
  endRun(rows.length);
  return shown;
}

/** Pads every cell to its column's width; free-text lines (folds) are printed as they are. */
function renderTable(table: ReadonlyArray<string[] | string>, columns: readonly Column[]): string[] {
  const widths = columns.map((_, c) => Math.max(...table.map((line) => (typeof line === 'string' ? 0 : line[c]!.length))));
  return table.map((line) => {
    if (typeof line === 'string') return line;
    const cells = line.map((cell, c) => (columns[c]!.alignRight ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)));
    return (cells[0]! + ' ' + cells.slice(1).join('  ')).trimEnd();
  });
}
