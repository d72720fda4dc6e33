import { JdbcConnectError, resolveConfig, type JdbcSourceConfig, type ResolvedJdbcSourceConfig } from './config.js';
import { TableQuerier, type JdbcOffset, type JdbcSourceRecord } from './table-querier.js';
import type { ColumnMeta, Row, SyncTableReader, TableReader } from './table-reader.js';

/** Where a task starts: its first query runs at `startTime`; `offsets` are committed offsets per table. */
export interface JdbcTaskStart {
  readonly startTime: number;
  readonly offsets?: ReadonlyMap<string, JdbcOffset>;
}

/**
 * `validate.non.null`: Connect refuses incremental queries on nullable offset columns, because a row whose
 * column is NULL never matches the WHERE clause and is silently skipped.
 */
export function validateColumns(config: ResolvedJdbcSourceConfig, table: string, columns: readonly ColumnMeta[]): void {
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const name of [...config.timestampColumns, ...(config.incrementingColumn === null ? [] : [config.incrementingColumn])]) {
    if (!byName.has(name)) throw new JdbcConnectError(`table '${table}' has no column '${name}'`);
  }
  if (!config.validateNonNull) return;
  if (config.timestampColumns.length > 0 && config.timestampColumns.every((c) => byName.get(c)!.nullable)) {
    throw new JdbcConnectError(
      `Cannot make incremental queries using timestamp columns [${config.timestampColumns.join(', ')}] on ${table} because all of these columns are nullable.`,
    );
  }
  if (config.incrementingColumn !== null && byName.get(config.incrementingColumn)!.nullable) {
    throw new JdbcConnectError(`Cannot make incremental queries using incrementing column ${config.incrementingColumn} on ${table} because this column is nullable.`);
  }
}

/**
 * `JdbcSourceTask`'s queue of table queriers, without the I/O: the head querier runs when due (or while it is
 * still reading a result set); a finished result set resets it and sends it to the tail.
 */
abstract class TaskCore {
  readonly config: ResolvedJdbcSourceConfig;
  protected readonly queue: TableQuerier[];
  /** The instant of the last poll, where a half-read result set continues. */
  protected lastNow = Number.NEGATIVE_INFINITY;

  constructor(config: JdbcSourceConfig, start: JdbcTaskStart) {
    this.config = resolveConfig(config);
    this.queue = this.config.tables.map((t) => new TableQuerier(t, this.config, start.startTime, start.offsets?.get(t)));
  }

  /** The current offset of every table that has emitted a record (what the framework would commit). */
  offsets(): Map<string, JdbcOffset> {
    const out = new Map<string, JdbcOffset>();
    for (const q of [...this.queue].sort((a, b) => (a.table < b.table ? -1 : 1))) {
      if (q.offset.timestamp !== undefined || q.offset.incrementing !== undefined) out.set(q.table, q.offset);
    }
    return out;
  }

  /** When the next `poll()` has something to do. */
  nextDue(): number {
    const head = this.queue[0]!;
    return head.querying ? this.lastNow : head.nextUpdate();
  }

  /** The head querier if it may run at `now`, else null. */
  protected dueHead(now: number): TableQuerier | null {
    if (now < this.lastNow) throw new RangeError(`poll at ${now} after a poll at ${this.lastNow}: time only moves forward`);
    this.lastNow = now;
    const head = this.queue[0]!;
    return head.querying || head.nextUpdate() <= now ? head : null;
  }

  /** One batch of the head querier's open result set; requeues it when the result set is done. */
  protected takeBatch(head: TableQuerier, now: number): JdbcSourceRecord[] {
    const { records, exhausted } = head.readBatch(now);
    if (exhausted) {
      head.reset(now);
      this.queue.push(this.queue.shift()!);
    }
    return records;
  }

  /** A bound on the queriers one poll may visit before it has cycled through them all. */
  protected get maxVisits(): number {
    return this.queue.length + 1;
  }
}

/**
 * The JDBC source task on the virtual clock, over a synchronous reader (the in-memory table): deterministic,
 * every query runs at the instant it is due and takes no time.
 */
export class JdbcSourceTask extends TaskCore {
  constructor(
    private readonly reader: SyncTableReader,
    config: JdbcSourceConfig,
    start: JdbcTaskStart,
  ) {
    super(config, start);
    for (const q of this.queue) validateColumns(this.config, q.table, reader.columnsNow(q.table));
  }

  /** One `poll()`: at most `batch.max.rows` records of one table, or [] when no querier is due at `now`. */
  poll(now: number): JdbcSourceRecord[] {
    for (let visits = 0; visits < this.maxVisits; visits++) {
      const head = this.dueHead(now);
      if (head === null) return [];
      if (!head.querying) head.startQuery(this.reader.selectNow(head.buildQuery(now), now));
      const records = this.takeBatch(head, now);
      if (records.length > 0) return records;
    }
    return [];
  }

  /** Every `poll()` due at `now`, back to back (batches follow each other without waiting). */
  pollAll(now: number): JdbcSourceRecord[] {
    const out: JdbcSourceRecord[] = [];
    for (let batch = this.poll(now); batch.length > 0; batch = this.poll(now)) out.push(...batch);
    return out;
  }

  /** Polls at every due instant up to and including `until`; returns the records in emission order. */
  runUntil(until: number): JdbcSourceRecord[] {
    const out: JdbcSourceRecord[] = [];
    for (let due = this.nextDue(); due <= until; due = this.nextDue()) out.push(...this.pollAll(due));
    return out;
  }
}

/**
 * The same task over a database connection (PostgreSQL, MariaDB): each query is the statement Connect prepares,
 * sent with placeholders. `now` comes from the caller's clock instead of the database's `CURRENT_TIMESTAMP`, so
 * a run can be compared instant by instant with the in-memory simulation.
 */
export class AsyncJdbcSourceTask extends TaskCore {
  private started = false;

  constructor(
    private readonly reader: TableReader,
    config: JdbcSourceConfig,
    start: JdbcTaskStart,
  ) {
    super(config, start);
  }

  /** Checks the offset columns (`validate.non.null`); call before polling. */
  async start(): Promise<void> {
    for (const q of this.queue) validateColumns(this.config, q.table, await this.reader.columns(q.table));
    this.started = true;
  }

  async poll(now: number): Promise<JdbcSourceRecord[]> {
    if (!this.started) throw new Error('call start() first');
    for (let visits = 0; visits < this.maxVisits; visits++) {
      const head = this.dueHead(now);
      if (head === null) return [];
      if (!head.querying) {
        const rows: readonly Row[] = await this.reader.select(head.buildQuery(now), now);
        head.startQuery(rows);
      }
      const records = this.takeBatch(head, now);
      if (records.length > 0) return records;
    }
    return [];
  }

  async pollAll(now: number): Promise<JdbcSourceRecord[]> {
    const out: JdbcSourceRecord[] = [];
    for (let batch = await this.poll(now); batch.length > 0; batch = await this.poll(now)) out.push(...batch);
    return out;
  }
}
