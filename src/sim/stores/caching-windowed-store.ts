import { NO_HEADERS } from '../record.js';
import { estimateBytes, type CacheFlushListener } from './caching-key-value-store.js';
import { NamedCache, type CachedEntry } from './named-cache.js';
import { StoreNotInitializedError, type StateStore, type StoreContext } from './state-store.js';
import type { Windowed } from './window-store.js';

/**
 * What Kafka's CachingWindowStore and CachingSessionStore share: one NamedCache in front of the store
 * underneath (`inner`), created at init when the runtime has a cache (cacheMaxBytes > 0), and the write-through
 * of a flushed entry (putAndMaybeForward). `SK` is the cache's store key, `K` the record key.
 *
 * - A flush (commit, close) or the eviction of a dirty entry writes every dirty entry to the store (so its
 *   changelog, in the record context of the write: the store underneath sees the entry's timestamp and headers)
 *   and hands it to the flush listener with the value the store held before when old values were asked for.
 * - A delete the store never held is neither written nor forwarded.
 */
export abstract class CachingWindowedStore<SK, K, V, I extends StateStore & { readonly retentionPeriodMs: number }> {
  readonly name: string;
  readonly retentionPeriodMs: number;
  protected cache: NamedCache<SK, V> | null = null;
  private context: StoreContext | null = null;
  private listener: CacheFlushListener<Windowed<K>, V> | null = null;
  private sendOldValues = false;
  /** The entry being written through: the store underneath sees its record context (timestamp, headers). */
  private flushing: CachedEntry<SK, V> | null = null;

  constructor(readonly inner: I) {
    this.name = inner.name;
    this.retentionPeriodMs = inner.retentionPeriodMs;
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
   * Kafka's CachedStateStore#setFlushListener: flushed entries go to the listener, keyed by their Windowed key.
   * Returns whether caching is active, i.e. whether the processor must leave forwarding to the cache.
   */
  setFlushListener(listener: CacheFlushListener<Windowed<K>, V>, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return this.cachingActive;
  }

  restore(key: unknown, value: unknown): void {
    this.inner.restore(key, value);
  }

  /** The store's count, as Kafka's (cached writes not yet flushed are not counted). */
  approximateNumEntries(): number {
    return (this.inner as { approximateNumEntries?: () => number }).approximateNumEntries?.() ?? 0;
  }

  /** Writes every dirty entry through (forwarding each to the listener), then flushes the store. */
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

  /** A put that stays in the cache, dirty, in the record context of the write; `keyBytes`: its size without the value. */
  protected cachePut(cache: NamedCache<SK, V>, id: string, storeKey: SK, group: string, value: V | null, keyBytes: number): void {
    const ctx = this.ctx();
    const newValue = value === undefined ? null : value;
    const headers = ctx.currentHeaders?.() ?? NO_HEADERS;
    cache.put(id, storeKey, group, newValue, ctx.currentTimestampMs(), headers, keyBytes + estimateBytes(newValue));
  }

  /** The store underneath's write of one entry. */
  protected abstract writeInner(storeKey: SK, value: V | null): void;
  /** The store underneath's value for one entry (null: none). */
  protected abstract readInner(storeKey: SK): V | null;
  /** The key a flushed entry is forwarded under. */
  protected abstract windowedKey(storeKey: SK): Windowed<K>;

  /** Kafka's Caching{Window,Session}Store#putAndMaybeForward, in the record context of the write. */
  private writeThrough(e: CachedEntry<SK, V>): void {
    const listener = this.listener;
    this.flushing = e;
    try {
      if (listener === null) {
        this.writeInner(e.key, e.value);
        return;
      }
      const old = e.value === null || this.sendOldValues ? this.readInner(e.key) : null;
      // Neither in the store nor in the cache: nothing to write and nothing to forward.
      if (e.value === null && old === null) return;
      this.writeInner(e.key, e.value);
      listener(this.windowedKey(e.key), e.value, this.sendOldValues ? old : null, e.timestampMs, e.headers);
    } finally {
      this.flushing = null;
    }
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}
