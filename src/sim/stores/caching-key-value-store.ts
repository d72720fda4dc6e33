import { keyId } from '../key-id.js';
import { NO_HEADERS, type Headers } from '../record.js';
import type { KeyValue } from './key-value.js';
import { AbstractKeyValueStore, type KeyValueStore } from './key-value-store.js';
import { StoreNotInitializedError, type StateStore, type StoreBuilder, type StoreContext } from './state-store.js';

/**
 * Receives the latest write of one key when the cache flushes it (Kafka's CacheFlushListener): the new value,
 * the value the store held before (when old values were asked for, or the new one is a delete), and the record
 * context (timestamp, headers) of the write.
 */
export type CacheFlushListener<K, V> = (key: K, newValue: V | null, oldValue: V | null, timestampMs: number, headers: Headers) => void;

interface CacheEntry<K, V> {
  readonly key: K;
  /** null: a cached delete. */
  value: V | null;
  dirty: boolean;
  timestampMs: number;
  headers: Headers;
  sizeBytes: number;
}

/**
 * Bytes counted per entry besides key and value: Kafka's LRUCacheEntry keeps the record context (timestamp,
 * offset, partition, topic, headers) and NamedCache's LRUNode three references; 64 stands for all of it.
 */
const ENTRY_OVERHEAD_BYTES = 64;

/**
 * Kafka's CachingKeyValueStore over one NamedCache, in front of a key-value store (the changelogging store
 * underneath is written only when an entry is flushed, so the changelog is de-duplicated too).
 *
 * - A write stays in the cache, dirty; reads see it first.
 * - A flush (task commit: commit.interval.ms on the virtual clock, and close) writes every dirty entry to the
 *   store in the order of their latest write and hands each to the flush listener with the store's old value:
 *   one update per key per commit, as "Record caches in the DSL" describes.
 * - Past cacheMaxBytes, the least recently written entry is evicted; if it is dirty the whole cache is flushed
 *   (NamedCache#evict then #flush), the evicted entry first.
 * - A delete of a key neither the store nor the cache holds is not forwarded at all (Kafka's putAndMaybeForward).
 *
 * Simplifications, documented: entry size = estimated key bytes + value bytes + 64 (see estimateBytes); the
 * budget is per store instance (Kafka shares one ThreadCache per stream thread among all its stores); reads
 * neither populate the cache nor refresh an entry's recency (in Kafka a processor's read does both), so that
 * interactive queries from a test can never change what is forwarded.
 */
export class CachingKeyValueStore<K, V> extends AbstractKeyValueStore<K, V> {
  readonly name: string;
  /** Entries from least to most recently written: a Map keeps insertion order and a write re-inserts. */
  private readonly entries = new Map<string, CacheEntry<K, V>>();
  /** Dirty entries in the order of their latest write (NamedCache#dirtyKeys). */
  private readonly dirtyIds = new Set<string>();
  private sizeBytes = 0;
  private maxBytes = 0;
  private context: StoreContext | null = null;
  private listener: CacheFlushListener<K, V> | null = null;
  private sendOldValues = false;
  /** While an entry is written through, the changelog carries its timestamp (Kafka restores its record context). */
  private flushingTimestampMs: number | null = null;

  constructor(readonly inner: KeyValueStore<K, V>) {
    super();
    this.name = inner.name;
  }

  /** False when the runtime runs without a cache (cacheMaxBytes 0): every call goes straight to the store. */
  get cachingActive(): boolean {
    return this.maxBytes > 0;
  }

  init(context: StoreContext): void {
    this.context = context;
    this.maxBytes = context.cacheMaxBytes ?? 0;
    this.inner.init({ ...context, currentTimestampMs: () => this.flushingTimestampMs ?? context.currentTimestampMs() });
  }

  /**
   * Kafka's CachedStateStore#setFlushListener: flushed entries go to the listener, which then forwards them.
   * Returns whether caching is active, i.e. whether the processor must leave forwarding to the cache.
   */
  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return this.cachingActive;
  }

  get(key: K): V | null {
    if (!this.cachingActive) return this.inner.get(key);
    const e = this.entries.get(keyId(key));
    return e === undefined ? this.inner.get(key) : e.value;
  }

  put(key: K, value: V | null): void {
    if (!this.cachingActive) return this.inner.put(key, value);
    const ctx = this.ctx();
    const id = keyId(key);
    const newValue = value === undefined ? null : value;
    const headers = ctx.currentHeaders?.() ?? NO_HEADERS;
    const sizeBytes = ENTRY_OVERHEAD_BYTES + estimateBytes(key) + estimateBytes(newValue);
    let e = this.entries.get(id);
    if (e === undefined) {
      e = { key, value: newValue, dirty: true, timestampMs: ctx.currentTimestampMs(), headers, sizeBytes };
    } else {
      this.sizeBytes -= e.sizeBytes;
      this.entries.delete(id);
      e.value = newValue;
      e.dirty = true;
      e.timestampMs = ctx.currentTimestampMs();
      e.headers = headers;
      e.sizeBytes = sizeBytes;
    }
    this.entries.set(id, e);
    this.sizeBytes += sizeBytes;
    // Re-adding moves the key to the end: dirty keys flush in the order of their latest write.
    this.dirtyIds.delete(id);
    this.dirtyIds.add(id);
    this.maybeEvict();
  }

  /** As Kafka's CachingKeyValueStore#delete: drops the cached entry and deletes from the store at once, unforwarded. */
  delete(key: K): V | null {
    if (!this.cachingActive) return this.inner.delete(key);
    const old = this.get(key);
    this.remove(keyId(key));
    this.inner.delete(key);
    return old;
  }

  restore(key: unknown, value: unknown): void {
    this.inner.restore(key, value);
  }

  range(from: K, to: K): KeyValue<K, V>[] {
    const lo = keyId(from);
    const hi = keyId(to);
    return this.merged(this.inner.range(from, to), (id) => id >= lo && id <= hi);
  }

  all(): KeyValue<K, V>[] {
    return this.merged(this.inner.all(), () => true);
  }

  prefixScan(prefix: string): KeyValue<K, V>[] {
    return this.merged(this.inner.prefixScan(prefix), (id) => id.startsWith(prefix));
  }

  /** The store's count, as Kafka's (cached writes not yet flushed are not counted). */
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  /** Writes every dirty entry through (forwarding each to the listener), then flushes the store. */
  flush(): void {
    if (this.dirtyIds.size > 0) this.flushDirty(null);
    this.inner.flush();
  }

  close(): void {
    if (this.dirtyIds.size > 0) this.flushDirty(null);
    this.entries.clear();
    this.sizeBytes = 0;
    this.listener = null;
    this.inner.close();
    this.context = null;
  }

  /** NamedCache#evict: drops the least recently written entries while over budget; a dirty one flushes the cache. */
  private maybeEvict(): void {
    while (this.sizeBytes > this.maxBytes) {
      const eldest = this.entries.entries().next();
      if (eldest.done === true) return;
      const [id, e] = eldest.value;
      this.entries.delete(id);
      this.sizeBytes -= e.sizeBytes;
      if (e.dirty) {
        this.dirtyIds.delete(id);
        this.flushDirty(e);
      }
    }
  }

  /**
   * NamedCache#flush: the evicted entry first, then every dirty one in write order. Entries are marked clean and
   * the dirty set cleared before any is written through, since forwarding may write to this cache again.
   */
  private flushDirty(evicted: CacheEntry<K, V> | null): void {
    const batch: CacheEntry<K, V>[] = evicted === null ? [] : [evicted];
    for (const id of this.dirtyIds) batch.push(this.entries.get(id)!);
    this.dirtyIds.clear();
    for (const e of batch) e.dirty = false;
    for (const e of batch) this.writeThrough(e);
    // A flushed delete has nothing left to cache (unless the key was written again meanwhile).
    for (const e of batch) {
      if (e.value !== null || e === evicted) continue;
      const id = keyId(e.key);
      if (this.entries.get(id) === e && !e.dirty) this.remove(id);
    }
  }

  /** Kafka's CachingKeyValueStore#putAndMaybeForward. */
  private writeThrough(e: CacheEntry<K, V>): void {
    const listener = this.listener;
    this.flushingTimestampMs = e.timestampMs;
    try {
      if (listener === null) {
        this.inner.put(e.key, e.value);
        return;
      }
      const old = e.value === null || this.sendOldValues ? this.inner.get(e.key) : null;
      // Neither in the store nor in the cache: nothing to write and nothing to forward.
      if (e.value === null && old === null) return;
      this.inner.put(e.key, e.value);
      listener(e.key, e.value, this.sendOldValues ? old : null, e.timestampMs, e.headers);
    } finally {
      this.flushingTimestampMs = null;
    }
  }

  private remove(id: string): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    this.entries.delete(id);
    this.dirtyIds.delete(id);
    this.sizeBytes -= e.sizeBytes;
  }

  /** The store's entries with the cache laid over them (a cached delete hides the key), in key order. */
  private merged(stored: KeyValue<K, V>[], inScope: (id: string) => boolean): KeyValue<K, V>[] {
    if (this.entries.size === 0) return stored;
    const byId = new Map<string, KeyValue<K, V>>();
    for (const kv of stored) byId.set(keyId(kv.key), kv);
    for (const [id, e] of this.entries) {
      if (!inScope(id)) continue;
      if (e.value === null) byId.delete(id);
      else byId.set(id, { key: e.key, value: e.value });
    }
    return [...byId.keys()].sort().map((id) => byId.get(id)!);
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}

/**
 * Wraps a key-value store in a record cache when its builder has caching enabled and the runtime has a cache
 * (cacheMaxBytes > 0), as Kafka's KeyValueStoreBuilder#maybeWrapCaching. Window and session stores are not
 * cached here.
 */
export function maybeWrapWithCache(builder: StoreBuilder, store: StateStore, cacheMaxBytes: number): StateStore {
  if (!builder.cachingEnabled || cacheMaxBytes <= 0) return store;
  if (builder.kind !== 'keyValue' && builder.kind !== 'timestampedKeyValue') return store;
  return new CachingKeyValueStore(store as KeyValueStore<unknown, unknown>);
}

/**
 * A cheap size estimate standing in for Kafka's serialized bytes: a string counts its length, a number or
 * bigint 8, a boolean 1, bytes their length, an array or object the sum of its parts (plus field-name lengths).
 */
export function estimateBytes(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'string':
      return value.length;
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'undefined':
      return 0;
    case 'object': {
      if (value === null) return 0;
      if (value instanceof Uint8Array) return value.byteLength;
      if (depth > 16) return 8;
      let n = 0;
      if (Array.isArray(value)) {
        for (const item of value) n += estimateBytes(item, depth + 1);
        return n;
      }
      for (const k in value) n += k.length + estimateBytes((value as Record<string, unknown>)[k], depth + 1);
      return n;
    }
    default:
      return 8;
  }
}
