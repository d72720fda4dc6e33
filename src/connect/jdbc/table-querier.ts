import type { ResolvedJdbcSourceConfig } from './config.js';
import { transformKey } from './key-transform.js';
import { coalescedTimestamp, toNumber, type IncrementalQuery, type Row } from './table-reader.js';

/**
 * The source offset of one table, as Connect stores it per source partition `{table}`: the timestamp and/or
 * incrementing value of the last row emitted. Absent values start where Connect starts them: the timestamp at
 * the epoch (`new Timestamp(0)`), the incrementing value at −1.
 */
export interface JdbcOffset {
  readonly timestamp?: number;
  readonly incrementing?: number;
}

/** One record as the JDBC source task hands it to the producer. */
export interface JdbcSourceRecord {
  readonly topic: string;
  /** null unless a key transform is configured. */
  readonly key: unknown;
  readonly value: Row;
  /** The poll instant: the source sets no timestamp, so the producer stamps the send time. */
  readonly timestamp: number;
  readonly sourcePartition: { readonly table: string };
  /** null in bulk mode (bulk keeps no offset). */
  readonly sourceOffset: JdbcOffset | null;
}

export const INITIAL_TIMESTAMP_OFFSET = 0;
export const INITIAL_INCREMENTING_OFFSET = -1;

/**
 * Connect's `TimestampIncrementingTableQuerier` / `BulkTableQuerier` for one table: it holds the offset, the
 * time of its last completed query (`lastUpdate`) and, while a result set is being read in batches, that result
 * set. The offset moves row by row as records are extracted, never at query time.
 */
export class TableQuerier {
  offset: JdbcOffset;
  lastUpdate: number;
  private results: readonly Row[] | null = null;
  private position = 0;
  private readonly topic: string;

  constructor(
    readonly table: string,
    private readonly config: ResolvedJdbcSourceConfig,
    startTime: number,
    committed: JdbcOffset | undefined,
  ) {
    this.offset = committed ?? {};
    // first query at the start time, as Connect's lastUpdate = 0 makes the first poll query at once
    this.lastUpdate = startTime - config.pollIntervalMs;
    this.topic = `${config.topicPrefix}${table}`;
  }

  /** In the middle of reading a result set: the next poll continues it without waiting. */
  get querying(): boolean {
    return this.results !== null;
  }

  /** When this querier may next run a query (now, if it is still reading one). */
  nextUpdate(): number {
    return this.lastUpdate + this.config.pollIntervalMs;
  }

  /** The query Connect would issue at `now`: bounds from the offset and `now − timestamp.delay.interval.ms`. */
  buildQuery(now: number): IncrementalQuery {
    return {
      table: this.table,
      mode: this.config.mode,
      timestampColumns: this.config.timestampColumns,
      incrementingColumn: this.config.incrementingColumn,
      beginTimestamp: this.offset.timestamp ?? INITIAL_TIMESTAMP_OFFSET,
      endTimestamp: now - this.config.timestampDelayIntervalMs,
      lastIncrementing: this.offset.incrementing ?? INITIAL_INCREMENTING_OFFSET,
    };
  }

  startQuery(rows: readonly Row[]): void {
    this.results = rows;
    this.position = 0;
  }

  /**
   * Up to `batch.max.rows` records from the open result set, each moving the offset to its row. Returns
   * `exhausted` when the result set has no more rows (the caller then resets and requeues the querier).
   */
  readBatch(now: number): { records: JdbcSourceRecord[]; exhausted: boolean } {
    const rows = this.results ?? [];
    const records: JdbcSourceRecord[] = [];
    while (records.length < this.config.batchMaxRows && this.position < rows.length) {
      records.push(this.extract(rows[this.position++]!, now));
    }
    return { records, exhausted: this.position >= rows.length };
  }

  /** End of a result set: wait `poll.interval.ms` from now before the next query. */
  reset(now: number): void {
    this.results = null;
    this.position = 0;
    this.lastUpdate = now;
  }

  private extract(row: Row, now: number): JdbcSourceRecord {
    const { mode, timestampColumns, incrementingColumn } = this.config;
    if (mode !== 'bulk') {
      const next: { timestamp?: number; incrementing?: number } = {};
      if (timestampColumns.length > 0) {
        const ts = coalescedTimestamp(row, timestampColumns);
        if (ts !== null) next.timestamp = ts;
      }
      if (incrementingColumn !== null) {
        const inc = row[incrementingColumn];
        // Connect: ConnectException "Null value for incrementing column"; the WHERE clause already excludes it
        if (inc === null || inc === undefined) throw new Error(`null value for incrementing column ${incrementingColumn}`);
        next.incrementing = toNumber(inc, incrementingColumn);
      }
      this.offset = next;
    }
    return {
      topic: this.topic,
      key: transformKey(this.config.keyTransform, row),
      value: row,
      timestamp: now,
      sourcePartition: { table: this.table },
      sourceOffset: mode === 'bulk' ? null : this.offset,
    };
  }
}
