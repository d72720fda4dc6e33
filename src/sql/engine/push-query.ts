import type { StoredRecord } from '../../sim/record.js';
import type { QttPushQueryRows } from '../qtt/engine-port.js';
import type { Column } from './metastore.js';

/**
 * A transient push query (SELECT ... EMIT CHANGES [LIMIT n]): planned like a persistent query into a
 * private topic, whose records it turns back into rows (key columns first, as ksqlDB prints them) until
 * its LIMIT is reached.
 */
export class PushQuery implements QttPushQueryRows {
  readonly rows: unknown[][] = [];
  readonly columns: readonly string[];

  constructor(
    readonly sql: string,
    readonly topic: string,
    private readonly keyColumns: readonly Column[],
    private readonly valueColumns: readonly Column[],
    private readonly limit: number | null,
  ) {
    this.columns = [...keyColumns, ...valueColumns].map((c) => c.name);
  }

  get done(): boolean {
    return this.limit !== null && this.rows.length >= this.limit;
  }

  /** Takes one record of the query's topic (JSON key and value formats). */
  accept(record: StoredRecord): void {
    if (this.done || record.topic !== this.topic || record.value === null) return;
    const windowed = record.key !== null && typeof record.key === 'object' && 'window' in (record.key as object);
    const key = windowed ? (record.key as { key: unknown }).key : record.key;
    const keyValues =
      this.keyColumns.length === 0 ? [] : this.keyColumns.length === 1 ? [unwrap(key, this.keyColumns[0]!.name)] : this.keyColumns.map((c) => field(key, c.name));
    const value = record.value as Record<string, unknown>;
    this.rows.push([...keyValues, ...this.valueColumns.map((c) => value[c.name] ?? null)]);
  }
}

function unwrap(key: unknown, name: string): unknown {
  return key !== null && typeof key === 'object' && !Array.isArray(key) && name in (key as object) ? (key as Record<string, unknown>)[name] : key;
}

function field(key: unknown, name: string): unknown {
  return key !== null && typeof key === 'object' ? ((key as Record<string, unknown>)[name] ?? null) : null;
}
