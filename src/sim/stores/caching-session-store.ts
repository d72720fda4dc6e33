import { keyId } from '../key-id.js';
import { estimateBytes } from './caching-key-value-store.js';
import { CachingWindowedStore } from './caching-windowed-store.js';
import type { KeyValue } from './key-value.js';
import type { CachedEntry } from './named-cache.js';
import type { SessionStore } from './session-store.js';
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
export class CachingSessionStore<K, AGG> extends CachingWindowedStore<Windowed<K>, K, AGG, SessionStore<K, AGG>> implements SessionStore<K, AGG> {
  put(sessionKey: Windowed<K>, aggregate: AGG | null): void {
    const cache = this.cache;
    if (cache === null) return this.inner.put(sessionKey, aggregate);
    const group = keyId(sessionKey.key);
    const id = sessionId(group, sessionKey.window.start, sessionKey.window.end);
    this.cachePut(cache, id, sessionKey, group, aggregate, ENTRY_OVERHEAD_BYTES + estimateBytes(sessionKey.key));
  }

  /** As Kafka's CachingSessionStore#remove: a cached delete. */
  remove(sessionKey: Windowed<K>): void {
    if (this.cache === null) return this.inner.remove(sessionKey);
    this.put(sessionKey, null);
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

  protected writeInner(sessionKey: Windowed<K>, value: AGG | null): void {
    this.inner.put(sessionKey, value);
  }

  protected readInner(sessionKey: Windowed<K>): AGG | null {
    return this.inner.fetchSession(sessionKey.key, sessionKey.window.start, sessionKey.window.end);
  }

  protected windowedKey(sessionKey: Windowed<K>): Windowed<K> {
    return sessionKey;
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
