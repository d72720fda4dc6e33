import { keyId } from '../key-id.js';
import { NO_HEADERS } from '../record.js';
import { estimateBytes, type CacheFlushListener } from './caching-key-value-store.js';
import type { KeyValue } from './key-value.js';
import { NamedCache, type CachedEntry } from './named-cache.js';
import type { SessionStore } from './session-store.js';
import { StoreNotInitializedError, type StoreContext } from './state-store.js';
import type { Windowed } from './window-store.js';

/** Bytes counted per entry besides key and value: record context and LRU node (as CachingKeyValueStore) plus start and end. */
const ENTRY_OVERHEAD_BYTES = 64 + 16;

/**
 * Kafka's CachingSessionStore over one NamedCache, in front of a session store: what session-windowed
 * aggregations write to when their store has caching enabled (Materialized's default) and the runtime has a
 * cache (cacheMaxBytes > 0).
 *
 * - put stays in the cache, dirty; remove is a put of null (a cached delete). Reads see the cache first, a
 *   cached delete hiding the stored session.
 * - A flush (commit, close) or the eviction of a dirty entry writes every dirty session to the store (so its
 *   changelog) and hands it to the flush listener (Kafka's SessionCacheFlushListener) with the aggregate the
 *   store held before when old values were asked for.
 * - A delete of a session the store never held is neither written nor forwarded
 *   (CachingSessionStore#putAndMaybeForward). So when a record merges sessions, a tombstone goes downstream
 *   only for the merged sessions that were flushed before: a session created and merged away between two
 *   commits never leaves the cache.
 *
 * Simplifications, documented in CachingKeyValueStore: estimated entry sizes, a budget per store instance, and
 * reads that neither populate the cache nor refresh recency.
 */
export class CachingSessionStore<K, AGG> implements SessionStore<K, AGG> {
  readonly name: string;
  readonly retentionPeriodMs: number;
  private cache: NamedCache<Windowed<K>, AGG> | null = null;
  private context: StoreContext | null = null;
  private listener: CacheFlushListener<Windowed<K>, AGG> | null = null;
  private sendOldValues = false;
  /** The entry being written through: the store underneath sees its record context (timestamp, headers). */
  private flushing: CachedEntry<Windowed<K>, AGG> | null = null;

  constructor(readonly inner: SessionStore<K, AGG>) {
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

  /** Kafka's CachedStateStore#setFlushListener; returns whether the processor must leave forwarding to the cache. */
  setFlushListener(listener: CacheFlushListener<Windowed<K>, AGG>, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return this.cachingActive;
  }

  put(sessionKey: Windowed<K>, aggregate: AGG | null): void {
    const cache = this.cache;
    if (cache === null) return this.inner.put(sessionKey, aggregate);
    const ctx = this.ctx();
    const group = keyId(sessionKey.key);
    const value = aggregate === undefined ? null : aggregate;
    const sizeBytes = ENTRY_OVERHEAD_BYTES + estimateBytes(sessionKey.key) + estimateBytes(value);
    const headers = ctx.currentHeaders?.() ?? NO_HEADERS;
    cache.put(sessionId(group, sessionKey.window.start, sessionKey.window.end), sessionKey, group, value, ctx.currentTimestampMs(), headers, sizeBytes);
  }

  /** As Kafka's CachingSessionStore#remove: a cached delete. */
  remove(sessionKey: Windowed<K>): void {
    if (this.cache === null) return this.inner.remove(sessionKey);
    this.put(sessionKey, null);
  }

  restore(key: unknown, value: unknown): void {
    this.inner.restore(key, value);
  }

  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  findSessions(keyFrom: K | null, keyTo: K | null, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  findSessions(...args: unknown[]): KeyValue<Windowed<K>, AGG>[] {
    if (args.length === 3) return this.scan(args[0] as K, args[0] as K, args[1] as number, args[2] as number, true);
    return this.scan(args[0] as K | null, args[1] as K | null, args[2] as number, args[3] as number, false);
  }

  backwardFindSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  backwardFindSessions(keyFrom: K | null, keyTo: K | null, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  backwardFindSessions(...args: unknown[]): KeyValue<Windowed<K>, AGG>[] {
    return (this.findSessions as (...a: unknown[]) => KeyValue<Windowed<K>, AGG>[])(...args).reverse();
  }

  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): AGG | null {
    const cached = this.cache?.get(sessionId(keyId(key), sessionStartTime, sessionEndTime));
    return cached === undefined ? this.inner.fetchSession(key, sessionStartTime, sessionEndTime) : cached.value;
  }

  fetch(key: K): KeyValue<Windowed<K>, AGG>[];
  fetch(keyFrom: K | null, keyTo: K | null): KeyValue<Windowed<K>, AGG>[];
  fetch(...args: unknown[]): KeyValue<Windowed<K>, AGG>[] {
    if (args.length === 1) return this.scan(args[0] as K, args[0] as K, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true);
    return this.scan(args[0] as K | null, args[1] as K | null, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, false);
  }

  backwardFetch(key: K): KeyValue<Windowed<K>, AGG>[];
  backwardFetch(keyFrom: K | null, keyTo: K | null): KeyValue<Windowed<K>, AGG>[];
  backwardFetch(...args: unknown[]): KeyValue<Windowed<K>, AGG>[] {
    return (this.fetch as (...a: unknown[]) => KeyValue<Windowed<K>, AGG>[])(...args).reverse();
  }

  /** Order of entries from several task instances in one read view (store-view.ts): end, key, start. */
  viewOrder(a: KeyValue<Windowed<K>, AGG>, b: KeyValue<Windowed<K>, AGG>): number {
    return compareSessions(a.key, b.key);
  }

  /** The store's count, as Kafka's (cached writes not yet flushed are not counted). */
  approximateNumEntries(): number {
    return (this.inner as { approximateNumEntries?: () => number }).approximateNumEntries?.() ?? 0;
  }

  /** Writes every dirty session through (forwarding each to the listener), then flushes the store. */
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

  /** Kafka's CachingSessionStore#putAndMaybeForward, in the record context of the write. */
  private writeThrough(e: CachedEntry<Windowed<K>, AGG>): void {
    const sessionKey = e.key;
    const listener = this.listener;
    this.flushing = e;
    try {
      if (listener === null) {
        this.inner.put(sessionKey, e.value);
        return;
      }
      const old = e.value === null || this.sendOldValues ? this.inner.fetchSession(sessionKey.key, sessionKey.window.start, sessionKey.window.end) : null;
      // Neither in the store nor in the cache: nothing to write and nothing to forward.
      if (e.value === null && old === null) return;
      this.inner.put(sessionKey, e.value);
      listener(sessionKey, e.value, this.sendOldValues ? old : null, e.timestampMs, e.headers);
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Sessions of keys in [keyFrom, keyTo] ending at or after earliestEnd and starting at or before latestStart,
   * the cache laid over the store, by end, key, start. `oneKey`: keyFrom is the only key (its cache group is read).
   */
  private scan(keyFrom: K | null, keyTo: K | null, earliestEnd: number, latestStart: number, oneKey: boolean): KeyValue<Windowed<K>, AGG>[] {
    const stored = this.inner.findSessions(keyFrom, keyTo, earliestEnd, latestStart);
    const cache = this.cache;
    if (cache === null || cache.size === 0) return stored;
    const lo = keyFrom === null || keyFrom === undefined ? null : keyId(keyFrom);
    const hi = keyTo === null || keyTo === undefined ? null : keyId(keyTo);
    if (lo !== null && hi !== null && lo > hi) return [];
    let overlay: CachedEntry<Windowed<K>, AGG>[] | null = null;
    for (const e of oneKey && lo !== null ? cache.inGroup(lo) : cache.all()) {
      const w = e.key.window;
      if (w.end < earliestEnd || w.start > latestStart || (lo !== null && e.group < lo) || (hi !== null && e.group > hi)) continue;
      (overlay ??= []).push(e);
    }
    if (overlay === null) return stored;
    const byId = new Map<string, KeyValue<Windowed<K>, AGG> | null>();
    for (const kv of stored) byId.set(sessionId(keyId(kv.key.key), kv.key.window.start, kv.key.window.end), kv);
    for (const e of overlay) byId.set(e.id, e.value === null ? null : { key: e.key, value: e.value });
    const out: KeyValue<Windowed<K>, AGG>[] = [];
    for (const kv of byId.values()) if (kv !== null) out.push(kv);
    return out.sort((a, b) => compareSessions(a.key, b.key));
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}

function sessionId(group: string, start: number, end: number): string {
  return `${end}\u0001${group}\u0001${start}`;
}

function compareSessions<K>(a: Windowed<K>, b: Windowed<K>): number {
  const byEnd = a.window.end - b.window.end;
  if (byEnd !== 0) return byEnd;
  const ia = keyId(a.key);
  const ib = keyId(b.key);
  if (ia !== ib) return ia < ib ? -1 : 1;
  return a.window.start - b.window.start;
}
