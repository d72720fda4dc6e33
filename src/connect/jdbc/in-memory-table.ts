import { matches } from './criteria.js';
import { OrderedIndex } from './ordered-index.js';
import type { ColumnMeta, IncrementalQuery, Row, SyncTableReader } from './table-reader.js';

/** A column of an in-memory table: nullable unless said otherwise (as `to_sql` creates them). */
export interface InMemoryColumn {
  readonly name: string;
  readonly nullable?: boolean;
}

interface Version {
  readonly row: number;
  readonly values: Row;
  /** When the writing transaction committed: polls at or after this instant see the version. */
  readonly visibleAt: number;
  /** Write order, to break visibility ties (the later write wins). */
  readonly writeSeq: number;
}

/**
 * A table with a row history for the simulator. Every write carries the virtual instant its transaction commits
 * (`visibleAt`), so a poll at time P sees, per row, the last version committed at or before P (the row is
 * absent before its insert commits). Rows keep insertion order, which is also how ties in ORDER BY are broken.
 *
 * Polls move forward in time, so the table keeps the visible state at the last polled instant and applies the
 * writes that became visible since, with an {@link OrderedIndex} per query shape: a poll costs the rows in its
 * range, not the whole table. Asking about an earlier instant, or writing into the past, rebuilds that state.
 */
export class InMemoryTable implements SyncTableReader {
  private readonly rows: Version[][] = [];
  private readonly columnList: readonly ColumnMeta[];
  private writes = 0;
  /** Every version, by (visibleAt, writeSeq): the order in which they become the visible one. */
  private readonly log: Version[] = [];
  private state: (Row | undefined)[] = [];
  private stateTime = Number.NEGATIVE_INFINITY;
  private applied = 0;
  private readonly indexes = new Map<string, OrderedIndex>();

  constructor(
    readonly name: string,
    columns: readonly (string | InMemoryColumn)[],
  ) {
    this.columnList = columns.map((c) => (typeof c === 'string' ? { name: c, nullable: true } : { name: c.name, nullable: c.nullable ?? true }));
  }

  /** Number of rows ever inserted. */
  get size(): number {
    return this.rows.length;
  }

  /** Inserts a row (missing columns are NULL) committed at `visibleAt`; returns its row index. */
  insert(values: Row, visibleAt: number): number {
    this.checkColumns(values);
    const full: Record<string, unknown> = {};
    for (const c of this.columnList) full[c.name] = values[c.name] ?? null;
    const row = this.rows.length;
    const version: Version = { row, values: Object.freeze(full), visibleAt, writeSeq: this.writes++ };
    this.rows.push([version]);
    this.logWrite(version);
    return row;
  }

  /** `UPDATE … SET changes WHERE <row index>`, committed at `visibleAt`, on top of the last written version. */
  update(rowIndex: number, changes: Row, visibleAt: number): void {
    const versions = this.rows[rowIndex];
    if (versions === undefined) throw new RangeError(`${this.name}: no row ${rowIndex}`);
    this.checkColumns(changes);
    const last = versions[versions.length - 1]!;
    const version: Version = { row: rowIndex, values: Object.freeze({ ...last.values, ...changes }), visibleAt, writeSeq: this.writes++ };
    versions.push(version);
    this.logWrite(version);
  }

  /** The row as a reader at `now` sees it, or undefined before its insert commits. */
  rowAt(rowIndex: number, now: number): Row | undefined {
    let best: Version | undefined;
    for (const v of this.rows[rowIndex] ?? []) {
      if (v.visibleAt <= now && (best === undefined || v.visibleAt > best.visibleAt || (v.visibleAt === best.visibleAt && v.writeSeq > best.writeSeq))) best = v;
    }
    return best?.values;
  }

  /** Every row visible at `now`, in row order. */
  snapshot(now: number): Row[] {
    const out: Row[] = [];
    for (let i = 0; i < this.rows.length; i++) {
      const r = this.rowAt(i, now);
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  columnsNow(table: string): readonly ColumnMeta[] {
    this.checkName(table);
    return this.columnList;
  }

  selectNow(query: IncrementalQuery, now: number): readonly Row[] {
    this.checkName(query.table);
    if (query.mode === 'bulk') return this.snapshot(now); // no WHERE, no ORDER BY: row order
    this.advance(now);
    const signature = OrderedIndex.signature(query);
    let index = this.indexes.get(signature);
    if (index === undefined) {
      index = new OrderedIndex(query.timestampColumns, query.incrementingColumn);
      this.state.forEach((values, row) => values !== undefined && index!.set(row, values));
      this.indexes.set(signature, index);
    }
    const out: Row[] = [];
    for (const row of index.candidates(query)) {
      const values = this.state[row]!;
      if (matches(query, values)) out.push(values);
    }
    return out;
  }

  /** Applies the writes visible by `now` to the kept state (rebuilt from scratch for an earlier instant). */
  private advance(now: number): void {
    if (now < this.stateTime) this.resetState();
    while (this.applied < this.log.length && this.log[this.applied]!.visibleAt <= now) {
      const v = this.log[this.applied++]!;
      this.state[v.row] = v.values;
      for (const index of this.indexes.values()) index.set(v.row, v.values);
    }
    this.stateTime = now;
  }

  private resetState(): void {
    this.state = [];
    this.applied = 0;
    this.stateTime = Number.NEGATIVE_INFINITY;
    this.indexes.clear();
  }

  /** Files a version by (visibleAt, writeSeq); one visible at or before the kept state's instant resets it. */
  private logWrite(v: Version): void {
    if (v.visibleAt <= this.stateTime) this.resetState();
    let i = this.log.length;
    while (i > 0 && this.log[i - 1]!.visibleAt > v.visibleAt) i--;
    this.log.splice(i, 0, v);
  }

  private checkName(table: string): void {
    if (table !== this.name) throw new Error(`no table '${table}' (this is '${this.name}')`);
  }

  private checkColumns(values: Row): void {
    for (const k of Object.keys(values)) {
      if (!this.columnList.some((c) => c.name === k)) throw new Error(`${this.name}: no column '${k}'`);
    }
  }
}

/** Several in-memory tables behind one reader, for a task that polls more than one table. */
export class InMemoryDatabase implements SyncTableReader {
  private readonly tables = new Map<string, InMemoryTable>();

  constructor(tables: readonly InMemoryTable[]) {
    for (const t of tables) this.tables.set(t.name, t);
  }

  columnsNow(table: string): readonly ColumnMeta[] {
    return this.table(table).columnsNow(table);
  }

  selectNow(query: IncrementalQuery, now: number): readonly Row[] {
    return this.table(query.table).selectNow(query, now);
  }

  private table(name: string): InMemoryTable {
    const t = this.tables.get(name);
    if (t === undefined) throw new Error(`no table '${name}'`);
    return t;
  }
}
