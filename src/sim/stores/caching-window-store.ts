import { keyId } from '../key-id.js';
import { estimateBytes } from './caching-key-value-store.js';
import { CachingWindowedStore } from './caching-windowed-store.js';
import type { KeyValue } from './key-value.js';
import type { CachedEntry } from './named-cache.js';
import { compareWindowed, fetchByArity, windowed, type WindowReads, type Windowed, type WindowStore } from './window-store.js';

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
export class CachingWindowStore<K, V> extends CachingWindowedStore<WindowSlot<K>, K, V, WindowStore<K, V>> implements WindowStore<K, V>, WindowReads<K, V> {
  readonly windowSizeMs: number;
  readonly retainDuplicates = false;

  constructor(inner: WindowStore<K, V>) {
    super(inner);
    this.windowSizeMs = inner.windowSizeMs;
  }

  put(key: K, value: V | null, windowStartMs: number): void {
    const cache = this.cache;
    if (cache === null) return this.inner.put(key, value, windowStartMs);
    const group = keyId(key);
    this.cachePut(cache, slotId(group, windowStartMs), { key, windowStart: windowStartMs }, group, value, ENTRY_OVERHEAD_BYTES + estimateBytes(key));
  }

  fetch(key: K, windowStartMs: number): V | null;
  fetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  fetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  fetch(...args: unknown[]): unknown {
    return fetchByArity(this, args, false);
  }

  backwardFetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  backwardFetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetch(...args: unknown[]): unknown {
    return fetchByArity(this, args, true);
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

  protected writeInner(slot: WindowSlot<K>, value: V | null): void {
    this.inner.put(slot.key, value, slot.windowStart);
  }

  protected readInner(slot: WindowSlot<K>): V | null {
    return this.inner.fetch(slot.key, slot.windowStart);
  }

  protected windowedKey(slot: WindowSlot<K>): Windowed<K> {
    return windowed(slot.key, slot.windowStart, slot.windowStart + this.windowSizeMs);
  }

  fetchOne(key: K, windowStartMs: number): V | null {
    const cached = this.cache?.get(slotId(keyId(key), windowStartMs));
    return cached === undefined ? this.inner.fetch(key, windowStartMs) : cached.value;
  }

  /** The store's windows of one key with the cache laid over them, by start. */
  fetchKey(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
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
  fetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
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
}

function slotId(group: string, windowStart: number): string {
  return `${windowStart}\u0001${group}`;
}
