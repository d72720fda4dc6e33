import { keyId } from '../../sim/key-id.js';
import { StoreNotInitializedError, type StateStore, type StoreContext } from '../../sim/stores/state-store.js';

/** Kafka's TimestampedKeyAndJoinSide: which side an unmatched record came from, its key and timestamp. */
export interface OuterJoinKey<K> {
  readonly timestamp: number;
  readonly leftSide: boolean;
  readonly key: K;
}

/** Unmatched records sharing one OuterJoinKey, in arrival order (Kafka's list-value store). */
export interface OuterJoinEntry<K> extends OuterJoinKey<K> {
  readonly values: unknown[];
}

interface StoredEntry<K> extends OuterJoinEntry<K> {
  readonly id: string;
}

/**
 * The shared store of a left/outer stream-stream join (KAFKA-10847, Kafka 3.0+): records that found no
 * partner yet wait here until their window closes. Keys order as Kafka's serialized
 * `<timestamp><side flag><key>` do: by timestamp, then right side (flag 0) before left (flag 1), then key.
 * A put appends to the key's list; a delete removes the whole list.
 */
export class OuterJoinStore<K> implements StateStore {
  private readonly entries = new Map<string, StoredEntry<K>>();
  private sorted: StoredEntry<K>[] | null = null;
  private context: StoreContext | null = null;

  constructor(readonly name: string) {}

  init(context: StoreContext): void {
    this.context = context;
  }

  /** Appends an unmatched record. */
  put(key: OuterJoinKey<K>, value: unknown): void {
    const id = outerJoinId(key);
    let entry = this.entries.get(id);
    if (entry === undefined) {
      entry = { id, timestamp: key.timestamp, leftSide: key.leftSide, key: key.key, values: [] };
      this.entries.set(id, entry);
      this.sorted = null;
    }
    entry.values.push(value);
    this.log(entry, entry.values);
  }

  /** Removes every record under the key (Kafka's putIfAbsent(key, null): a delete only when present). */
  delete(key: OuterJoinKey<K>): void {
    const entry = this.entries.get(outerJoinId(key));
    if (entry === undefined) return;
    this.entries.delete(entry.id);
    this.sorted = null;
    this.log(entry, null);
  }

  /** A snapshot of the entries in key order: deleting while walking it is safe. */
  entriesInOrder(): readonly OuterJoinEntry<K>[] {
    if (this.sorted === null) this.sorted = [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.sorted;
  }

  approximateNumEntries(): number {
    return this.entries.size;
  }

  restore(key: unknown, value: unknown): void {
    const k = key as OuterJoinKey<K>;
    const id = outerJoinId(k);
    if (value === null || value === undefined) this.entries.delete(id);
    else this.entries.set(id, { id, timestamp: k.timestamp, leftSide: k.leftSide, key: k.key, values: [...(value as unknown[])] });
    this.sorted = null;
  }

  flush(): void {}

  close(): void {
    this.context = null;
  }

  private log(key: OuterJoinKey<K>, values: readonly unknown[] | null): void {
    const ctx = this.ctx();
    if (ctx.logChange === null) return;
    const changelogKey: OuterJoinKey<K> = { timestamp: key.timestamp, leftSide: key.leftSide, key: key.key };
    ctx.logChange(changelogKey, values === null ? null : [...values], ctx.currentTimestampMs());
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}

/** Sorts as the serialized key: zero-padded timestamp (timestamps are >= 0), side flag, then key id. */
function outerJoinId(key: OuterJoinKey<unknown>): string {
  return `${String(key.timestamp).padStart(16, '0')}${key.leftSide ? '1' : '0'}${keyId(key.key)}`;
}
