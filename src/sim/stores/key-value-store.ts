import { keyId } from '../key-id.js';
import type { KeyValue } from './key-value.js';
import { StoreNotInitializedError, type StateStore, type StoreContext } from './state-store.js';

export interface ReadOnlyKeyValueStore<K, V> {
  readonly name: string;
  get(key: K): V | null;
  /** Entries with from <= key <= to, in key order (Kafka: range, both bounds inclusive). */
  range(from: K, to: K): KeyValue<K, V>[];
  reverseRange(from: K, to: K): KeyValue<K, V>[];
  /** Every entry in key order. */
  all(): KeyValue<K, V>[];
  reverseAll(): KeyValue<K, V>[];
  /** Entries whose string key starts with the prefix (Kafka: prefixScan). */
  prefixScan(prefix: string): KeyValue<K, V>[];
  approximateNumEntries(): number;
}

export interface KeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V>, StateStore {
  /** A null value deletes the key, as in Kafka. */
  put(key: K, value: V | null): void;
  putIfAbsent(key: K, value: V): V | null;
  putAll(entries: readonly KeyValue<K, V>[]): void;
  delete(key: K): V | null;
}

/**
 * The KeyValueStore operations every store here derives the same way from get/put/range/all: putIfAbsent is a
 * get then a put, putAll a put per entry, and the reverse reads are the forward ones reversed.
 */
export abstract class AbstractKeyValueStore<K, V> implements KeyValueStore<K, V> {
  abstract readonly name: string;
  abstract init(context: StoreContext): void;
  abstract get(key: K): V | null;
  abstract put(key: K, value: V | null): void;
  abstract delete(key: K): V | null;
  abstract restore(key: unknown, value: unknown): void;
  abstract range(from: K, to: K): KeyValue<K, V>[];
  abstract all(): KeyValue<K, V>[];
  abstract prefixScan(prefix: string): KeyValue<K, V>[];
  abstract approximateNumEntries(): number;
  abstract flush(): void;
  abstract close(): void;

  putIfAbsent(key: K, value: V): V | null {
    const old = this.get(key);
    if (old === null) this.put(key, value);
    return old;
  }

  putAll(entries: readonly KeyValue<K, V>[]): void {
    for (const e of entries) this.put(e.key, e.value);
  }

  reverseRange(from: K, to: K): KeyValue<K, V>[] {
    return this.range(from, to).reverse();
  }

  reverseAll(): KeyValue<K, V>[] {
    return this.all().reverse();
  }
}

interface Entry<K, V> {
  readonly key: K;
  value: V;
}

/**
 * Kafka's InMemoryKeyValueStore: a map with ordered iteration. Kafka orders by serialized key bytes;
 * here keys order by their canonical id (code-unit order for strings, which equals UTF-8 byte order
 * outside surrogate pairs). Every write goes to the changelog when logging is enabled.
 */
export class InMemoryKeyValueStore<K, V> extends AbstractKeyValueStore<K, V> {
  private readonly entries = new Map<string, Entry<K, V>>();
  /** Sorted ids, rebuilt lazily after a key is added or removed (reads in key order are rare). */
  private sortedIds: string[] | null = null;
  private context: StoreContext | null = null;

  constructor(readonly name: string) {
    super();
  }

  init(context: StoreContext): void {
    this.context = context;
  }

  get(key: K): V | null {
    const e = this.entries.get(keyId(key));
    return e === undefined ? null : e.value;
  }

  put(key: K, value: V | null): void {
    const ctx = this.ctx();
    const id = this.write(key, value);
    if (ctx.logChange !== null) ctx.logChange(key, value, ctx.currentTimestampMs(), id);
  }

  delete(key: K): V | null {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  restore(key: unknown, value: unknown): void {
    this.write(key as K, value as V | null);
  }

  range(from: K, to: K): KeyValue<K, V>[] {
    const lo = keyId(from);
    const hi = keyId(to);
    // An inverted range is empty, as in Kafka (which also logs a warning).
    if (lo > hi) return [];
    return this.ids()
      .filter((id) => id >= lo && id <= hi)
      .map((id) => this.pair(id));
  }

  all(): KeyValue<K, V>[] {
    return this.ids().map((id) => this.pair(id));
  }

  prefixScan(prefix: string): KeyValue<K, V>[] {
    return this.ids()
      .filter((id) => id.startsWith(prefix))
      .map((id) => this.pair(id));
  }

  approximateNumEntries(): number {
    return this.entries.size;
  }

  flush(): void {}

  close(): void {
    this.context = null;
  }

  /** Returns the key's id (the changelog's key id too: the changelog key is the store key). */
  private write(key: K, value: V | null): string {
    const id = keyId(key);
    if (value === null || value === undefined) {
      if (this.entries.delete(id)) this.sortedIds = null;
      return id;
    }
    const e = this.entries.get(id);
    if (e === undefined) {
      this.entries.set(id, { key, value });
      this.sortedIds = null;
    } else {
      e.value = value;
    }
    return id;
  }

  private pair(id: string): KeyValue<K, V> {
    const e = this.entries.get(id)!;
    return { key: e.key, value: e.value };
  }

  private ids(): string[] {
    if (this.sortedIds === null) this.sortedIds = [...this.entries.keys()].sort();
    return this.sortedIds;
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}
