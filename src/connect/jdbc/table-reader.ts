/**
 * The port between the JDBC source task and a table: the task decides *what* to ask (an
 * {@link IncrementalQuery}, the same one Connect's `TimestampIncrementingCriteria` builds) and the reader answers
 * with rows. The in-memory table answers synchronously on the virtual clock; the SQL readers run the real
 * statement against PostgreSQL or MariaDB.
 */

/**
 * One row as Connect's JDBC source converts it: text as strings, integers as numbers, TIMESTAMP columns as epoch
 * ms (Connect `Timestamp`), DATE columns as whole days since the epoch (Connect `Date`), SQL NULL as null.
 */
export type Row = Readonly<Record<string, unknown>>;

/** The four `mode`s of the Confluent JDBC source connector. */
export type JdbcMode = 'bulk' | 'timestamp' | 'incrementing' | 'timestamp+incrementing';

/** What the task needs to know about a column before it queries (`validate.non.null`). */
export interface ColumnMeta {
  readonly name: string;
  readonly nullable: boolean;
}

/**
 * The query of one poll, Connect's WHERE clause per mode (`TimestampIncrementingCriteria`), with the
 * timestamp columns COALESCEd when there are several:
 * - bulk: `SELECT * FROM t` (no WHERE, no ORDER BY)
 * - incrementing: `WHERE inc > ? ORDER BY inc ASC`
 * - timestamp: `WHERE ts > ? AND ts < ? ORDER BY ts ASC`
 * - timestamp+incrementing: `WHERE ts < ? AND ((ts = ? AND inc > ?) OR ts > ?) ORDER BY ts, inc ASC`
 */
export interface IncrementalQuery {
  readonly table: string;
  readonly mode: JdbcMode;
  /** `timestamp.column.name` (COALESCE of them, in order, when several). Empty for bulk/incrementing. */
  readonly timestampColumns: readonly string[];
  /** `incrementing.column.name`, or null for bulk/timestamp. */
  readonly incrementingColumn: string | null;
  /** The timestamp offset (exclusive lower bound), epoch ms. */
  readonly beginTimestamp: number;
  /** `now − timestamp.delay.interval.ms` (exclusive upper bound), epoch ms. */
  readonly endTimestamp: number;
  /** The incrementing offset (exclusive lower bound). */
  readonly lastIncrementing: number;
}

/** A table that can be queried at a virtual instant: what the simulator runs on. */
export interface SyncTableReader {
  /** The table's columns, or throws if there is no such table. */
  columnsNow(table: string): readonly ColumnMeta[];
  /** The rows a query issued at `now` returns, in the query's ORDER BY (ties in row order). */
  selectNow(query: IncrementalQuery, now: number): readonly Row[];
}

/** A table behind a database connection: what the task runs on against PostgreSQL or MariaDB. */
export interface TableReader {
  columns(table: string): Promise<readonly ColumnMeta[]>;
  select(query: IncrementalQuery, now: number): Promise<readonly Row[]>;
  close(): Promise<void>;
}

/** The value of the (COALESCEd) timestamp columns of a row, or null when all are null. */
export function coalescedTimestamp(row: Row, columns: readonly string[]): number | null {
  for (const c of columns) {
    const v = row[c];
    if (v !== null && v !== undefined) return toNumber(v, c);
  }
  return null;
}

/** A numeric column value (number or bigint) as a number; throws for anything else. */
export function toNumber(v: unknown, column: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new TypeError(`column ${column}: expected a number, got ${typeof v}`);
}
