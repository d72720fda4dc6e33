import { keyId } from '../key-id.js';
import { NO_HEADERS } from '../record.js';
import { estimateBytes, type CacheFlushListener } from './caching-key-value-store.js';
import type { KeyValue } from './key-value.js';
import { NamedCache, type CachedEntry } from './named-cache.js';
import { StoreNotInitializedError, type StoreContext } from './state-store.js';
import { windowed, type Windowed, type WindowStore } from './window-store.js';

/** The store key of one cached window: the record key and the window start (Kafka's WindowKeySchema key). */
interface WindowSlot<K> {
  readonly key: K;
  readonly windowStart: number;
}

/** Bytes counted per entry besides key and value: record context and LRU node (as CachingKeyValueStore) plus the window start. */
const ENTRY_OVERHEAD_BYTES = 64 + 8;

/**
 * Kafka's CachingWindowStore over one NamedCache, in front of a window store: what windowed aggregations
 * (count, reduce, aggregate over TimeWindows and SlidingWindows) write to when their store has caching enabled
 * (Materialized's default) and the runtime has a cache (cacheMaxBytes > 0).
 *
 * - A put stays in the cache, dirty; reads see the cache first, a cached delete hiding the stored window.
 * - A flush (task commit: commit.interval.ms on the virtual clock, and close) or the eviction of a dirty entry
 *   writes every dirty window to the store (so its changelog, in the record context of the write) and hands
 *   it to the flush listener (Kafka's TimestampedCacheFlushListener) with the value the store held before when
 *   old values were asked for: the latest update per window and key, as "Record caches in the DSL" describes.
 * - A delete of a window neither the store nor the cache holds is neither written nor forwarded
 *   (CachingWindowStore#putAndMaybeForward).
 *
 * As in Kafka, cached windows do not expire: retention applies to the store underneath, on the writes it sees.
 * Simplifications, documented in CachingKeyValueStore: estimated entry sizes, a budget per store instance, and
 * reads that neither populate the cache nor refresh recency.
 */
export class CachingWindowStore<K, V> implements WindowStore<K, V> {
  readonly name: string;
  readonly retentionPeriodMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates = false;
  private cache: NamedCache<WindowSlot<K>, V> | null = null;
  private context: StoreContext | null = null;
  private listener: CacheFlushListener<Windowed<K>, V> | null = null;
  private sendOldValues = false;
  /** The entry being written through: the store underneath sees its record context (timestamp, headers). */
  private flushing: CachedEntry<WindowSlot<K>, V> | null = null;

  constructor(readonly inner: WindowStore<K, V>) {
    this.name = inner.name;
    this.retentionPeriodMs = inner.retentionPeriodMs;
    this.windowSizeMs = inner.windowSizeMs;
  }

  /** False when the runtime runs without a cache (cacheMaxBytes 0): every call goes straight to the store. */
  get cachingActive(): boolean {
    return this.cache !== null;
  }

  init(context: StoreContext): void {
    this.context = context;
    const maxBytes = context.cacheMaxBytes ?? 0;
    this.cache = maxBytes > 0 ? new NamedCache(maxBytes, (e) => this.writeThrough(e)) : null;
    this.inner.init({
      ...context,
      currentTimestampMs: () => this.flushing?.timestampMs ?? context.currentTimestampMs(),
      currentHeaders: () => this.flushing?.headers ?? context.currentHeaders?.() ?? NO_HEADERS,
    });
  }

  /**
   * Kafka's CachedStateStore#setFlushListener: flushed windows go to the listener, keyed by their Windowed key.
   * Returns whether caching is active, i.e. whether the processor must leave forwarding to the cache.
   */
  setFlushListener(listener: CacheFlushListener<Windowed<K>, V>, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return this.cachingActive;
  }

  put(key: K, value: V | null, windowStartMs: number): void {
    const cache = this.cache;
    if (cache === null) return this.inner.put(key, value, windowStartMs);
    const ctx = this.ctx();
    const group = keyId(key);
    const newValue = value === undefined ? null : value;
    const sizeBytes = ENTRY_OVERHEAD_BYTES + estimateBytes(key) + estimateBytes(newValue);
    const headers = ctx.currentHeaders?.() ?? NO_HEADERS;
    cache.put(slotId(group, windowStartMs), { key, windowStart: windowStartMs }, group, newValue, ctx.currentTimestampMs(), headers, sizeBytes);
  }

  restore(key: unknown, value: unknown): void {
    this.inner.restore(key, value);
  }

  fetch(key: K, windowStartMs: number): V | null;
  fetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  fetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  fetch(...args: unknown[]): unknown {
    if (args.length === 2) return this.fetchOne(args[0] as K, args[1] as number);
    if (args.length === 3) return this.fetchKey(args[0] as K, args[1] as number, args[2] as number);
    return this.fetchRange(args[0] as K | null, args[1] as K | null, args[2] as number, args[3] as number);
  }

  backwardFetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  backwardFetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetch(...args: unknown[]): unknown {
    if (args.length === 3) return this.fetchKey(args[0] as K, args[1] as number, args[2] as number).reverse();
    return this.fetchRange(args[0] as K | null, args[1] as K | null, args[2] as number, args[3] as number).reverse();
  }

  all(): KeyValue<Windowed<K>, V>[] {
    return this.fetchRange(null, null, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  backwardAll(): KeyValue<Windowed<K>, V>[] {
    return this.all().reverse();
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.fetchRange(null, null, timeFrom, timeTo);
  }

  backwardFetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.fetchAll(timeFrom, timeTo).reverse();
  }

  /** Order of entries from several task instances in one read view (store-view.ts): start, then key. */
  viewOrder(a: KeyValue<Windowed<K> | number, V>, b: KeyValue<Windowed<K> | number, V>): number {
    if (typeof a.key === 'number' || typeof b.key === 'number') return (a.key as number) - (b.key as number);
    return compareWindowed(a.key, b.key);
  }

  /** The store's count, as Kafka's (cached writes not yet flushed are not counted). */
  approximateNumEntries(): number {
    return (this.inner as { approximateNumEntries?: () => number }).approximateNumEntries?.() ?? 0;
  }

  /** Writes every dirty window through (forwarding each to the listener), then flushes the store. */
  flush(): void {
    this.cache?.flush();
    this.inner.flush();
  }

  close(): void {
    this.cache?.flush();
    this.cache?.clear();
    this.listener = null;
    this.inner.close();
    this.context = null;
  }

  /** Kafka's CachingWindowStore#putAndMaybeForward, in the record context of the write. */
  private writeThrough(e: CachedEntry<WindowSlot<K>, V>): void {
    const { key, windowStart } = e.key;
    const listener = this.listener;
    this.flushing = e;
    try {
      if (listener === null) {
        this.inner.put(key, e.value, windowStart);
        return;
      }
      const old = e.value === null || this.sendOldValues ? this.inner.fetch(key, windowStart) : null;
      // Neither in the store nor in the cache: nothing to write and nothing to forward.
      if (e.value === null && old === null) return;
      this.inner.put(key, e.value, windowStart);
      listener(windowed(key, windowStart, windowStart + this.windowSizeMs), e.value, this.sendOldValues ? old : null, e.timestampMs, e.headers);
    } finally {
      this.flushing = null;
    }
  }

  private fetchOne(key: K, windowStartMs: number): V | null {
    const cached = this.cache?.get(slotId(keyId(key), windowStartMs));
    return cached === undefined ? this.inner.fetch(key, windowStartMs) : cached.value;
  }

  /** The store's windows of one key with the cache laid over them, by start. */
  private fetchKey(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
    const stored = this.inner.fetch(key, timeFrom, timeTo);
    const cache = this.cache;
    if (cache === null) return stored;
    let overlay: CachedEntry<WindowSlot<K>, V>[] | null = null;
    for (const e of cache.inGroup(keyId(key))) {
      if (e.key.windowStart >= timeFrom && e.key.windowStart <= timeTo) (overlay ??= []).push(e);
    }
    if (overlay === null) return stored;
    const byStart = new Map<number, V | null>();
    for (const kv of stored) byStart.set(kv.key, kv.value);
    for (const e of overlay) byStart.set(e.key.windowStart, e.value);
    const out: KeyValue<number, V>[] = [];
    for (const [start, value] of byStart) if (value !== null) out.push({ key: start, value });
    return out.sort((a, b) => a.key - b.key);
  }

  /** Windows of keys in [keyFrom, keyTo] starting in [timeFrom, timeTo], cache laid over store, by start then key. */
  private fetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    const stored = this.inner.fetch(keyFrom, keyTo, timeFrom, timeTo);
    const cache = this.cache;
    if (cache === null || cache.size === 0) return stored;
    const lo = keyFrom === null || keyFrom === undefined ? null : keyId(keyFrom);
    const hi = keyTo === null || keyTo === undefined ? null : keyId(keyTo);
    if (lo !== null && hi !== null && lo > hi) return [];
    const byId = new Map<string, KeyValue<Windowed<K>, V> | null>();
    for (const kv of stored) byId.set(slotId(keyId(kv.key.key), kv.key.window.start), kv);
    for (const e of cache.all()) {
      const start = e.key.windowStart;
      if (start < timeFrom || start > timeTo || (lo !== null && e.group < lo) || (hi !== null && e.group > hi)) continue;
      byId.set(e.id, e.value === null ? null : { key: windowed(e.key.key, start, start + this.windowSizeMs), value: e.value });
    }
    const out: KeyValue<Windowed<K>, V>[] = [];
    for (const kv of byId.values()) if (kv !== null) out.push(kv);
    return out.sort((a, b) => compareWindowed(a.key, b.key));
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}

function slotId(group: string, windowStart: number): string {
  return `${windowStart}\u0001${group}`;
}

function compareWindowed<K>(a: Windowed<K>, b: Windowed<K>): number {
  const byStart = a.window.start - b.window.start;
  if (byStart !== 0) return byStart;
  const ia = keyId(a.key);
  const ib = keyId(b.key);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
