import { coalescedTimestamp, toNumber, type IncrementalQuery, type Row } from './table-reader.js';

/**
 * Connect's `TimestampIncrementingCriteria`, twice: as SQL text with placeholders (what the SQL readers send) and
 * as a predicate and ordering over in-memory rows (what the simulator evaluates). Both must agree; the
 * real-database spec checks that they do.
 */

/** The SQL of one query, with its parameters in placeholder order. */
export interface SqlStatement {
  readonly text: string;
  readonly params: readonly (number | string)[];
}

/** How a dialect quotes identifiers and writes the n-th placeholder (1-based). */
export interface SqlDialect {
  quote(identifier: string): string;
  placeholder(n: number): string;
  /** A timestamp parameter for epoch ms (the readers use naive-UTC `TIMESTAMP` columns). */
  timestamp(ms: number): string;
}

/** `YYYY-MM-DD HH:mm:ss.SSS` in UTC: a naive timestamp literal both databases accept. */
export function naiveUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function coalesce(columns: readonly string[], d: SqlDialect): string {
  const quoted = columns.map((c) => d.quote(c));
  return quoted.length === 1 ? quoted[0]! : `COALESCE(${quoted.join(',')})`;
}

/** The statement Connect prepares for this query's mode (`SELECT * FROM t` + the mode's WHERE/ORDER BY). */
export function buildStatement(q: IncrementalQuery, d: SqlDialect): SqlStatement {
  const from = `SELECT * FROM ${d.quote(q.table)}`;
  const p = (n: number): string => d.placeholder(n);
  switch (q.mode) {
    case 'bulk':
      return { text: from, params: [] };
    case 'incrementing': {
      const inc = d.quote(required(q.incrementingColumn));
      return { text: `${from} WHERE ${inc} > ${p(1)} ORDER BY ${inc} ASC`, params: [q.lastIncrementing] };
    }
    case 'timestamp': {
      const ts = coalesce(q.timestampColumns, d);
      return {
        text: `${from} WHERE ${ts} > ${p(1)} AND ${ts} < ${p(2)} ORDER BY ${ts} ASC`,
        params: [d.timestamp(q.beginTimestamp), d.timestamp(q.endTimestamp)],
      };
    }
    case 'timestamp+incrementing': {
      const ts = coalesce(q.timestampColumns, d);
      const inc = d.quote(required(q.incrementingColumn));
      return {
        text: `${from} WHERE ${ts} < ${p(1)} AND ((${ts} = ${p(2)} AND ${inc} > ${p(3)}) OR ${ts} > ${p(4)}) ORDER BY ${ts},${inc} ASC`,
        params: [d.timestamp(q.endTimestamp), d.timestamp(q.beginTimestamp), q.lastIncrementing, d.timestamp(q.beginTimestamp)],
      };
    }
  }
}

function required(column: string | null): string {
  if (column === null) throw new TypeError('this mode needs incrementing.column.name');
  return column;
}

function incrementingOf(row: Row, column: string): number | null {
  const v = row[column];
  return v === null || v === undefined ? null : toNumber(v, column);
}

/**
 * The WHERE clause over one row. SQL three-valued logic: a comparison with NULL is not true, so a row whose
 * timestamp (or incrementing) column is null never matches (what `validate.non.null=false` lets through).
 */
export function matches(q: IncrementalQuery, row: Row): boolean {
  const ts = q.timestampColumns.length === 0 ? null : coalescedTimestamp(row, q.timestampColumns);
  const inc = q.incrementingColumn === null ? null : incrementingOf(row, q.incrementingColumn);
  switch (q.mode) {
    case 'bulk':
      return true;
    case 'incrementing':
      return inc !== null && inc > q.lastIncrementing;
    case 'timestamp':
      return ts !== null && ts > q.beginTimestamp && ts < q.endTimestamp;
    case 'timestamp+incrementing':
      return ts !== null && ts < q.endTimestamp && ((ts === q.beginTimestamp && inc !== null && inc > q.lastIncrementing) || ts > q.beginTimestamp);
  }
}

/** The ORDER BY of the mode; a stable sort keeps ties (and bulk) in row order, the in-memory table's choice. */
export function orderRows(q: IncrementalQuery, rows: readonly Row[]): Row[] {
  const key = (r: Row): [number, number] => [
    q.timestampColumns.length === 0 ? 0 : (coalescedTimestamp(r, q.timestampColumns) ?? 0),
    q.incrementingColumn === null ? 0 : (incrementingOf(r, q.incrementingColumn) ?? 0),
  ];
  if (q.mode === 'bulk') return [...rows];
  return [...rows].sort((a, b) => {
    const [ta, ia] = key(a);
    const [tb, ib] = key(b);
    return ta - tb || ia - ib;
  });
}
