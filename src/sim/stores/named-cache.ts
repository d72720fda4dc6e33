import type { Headers } from '../record.js';

/** One cached write: the latest value of a store key (null: a cached delete) and the record context that wrote it. */
export interface CachedEntry<K, V> {
  readonly id: string;
  /** The store key: a key with its window start, or a session key. */
  readonly key: K;
  /** Groups entries for per-key reads (the record key's keyId). */
  readonly group: string;
  value: V | null;
  dirty: boolean;
  timestampMs: number;
  headers: Headers;
  sizeBytes: number;
}

/**
 * Kafka's NamedCache, the part of the record cache that belongs to one store, for window and session stores
 * (CachingKeyValueStore keeps its own). Entries are held from least to most recently written; reads neither add
 * entries nor refresh them (see CachingKeyValueStore). Past `maxBytes` the least recently written entry is
 * evicted, and if it is dirty the whole cache is flushed, that entry first (NamedCache#evict, #flush). A flush
 * hands every dirty entry, in the order of its latest write, to `writeThrough`; a flushed delete then leaves the
 * cache. Entries are also indexed by group so that a store can read one record key's windows without a scan.
 */
export class NamedCache<K, V> {
  /** A Map keeps insertion order and a write re-inserts: first is least recently written. */
  private readonly entries = new Map<string, CachedEntry<K, V>>();
  private readonly groups = new Map<string, Map<string, CachedEntry<K, V>>>();
  /** Dirty entries in the order of their latest write (NamedCache#dirtyKeys). */
  private readonly dirtyIds = new Set<string>();
  private sizeBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly writeThrough: (entry: CachedEntry<K, V>) => void,
  ) {}

  get(id: string): CachedEntry<K, V> | undefined {
    return this.entries.get(id);
  }

  /** Every entry of one group (a record key), in no particular order. */
  inGroup(group: string): Iterable<CachedEntry<K, V>> {
    return this.groups.get(group)?.values() ?? [];
  }

  all(): Iterable<CachedEntry<K, V>> {
    return this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }

  get hasDirty(): boolean {
    return this.dirtyIds.size > 0;
  }

  put(id: string, key: K, group: string, value: V | null, timestampMs: number, headers: Headers, sizeBytes: number): void {
    let e = this.entries.get(id);
    if (e === undefined) {
      e = { id, key, group, value, dirty: true, timestampMs, headers, sizeBytes };
      let members = this.groups.get(group);
      if (members === undefined) this.groups.set(group, (members = new Map()));
      members.set(id, e);
    } else {
      this.sizeBytes -= e.sizeBytes;
      this.entries.delete(id);
      e.value = value;
      e.dirty = true;
      e.timestampMs = timestampMs;
      e.headers = headers;
      e.sizeBytes = sizeBytes;
    }
    this.entries.set(id, e);
    this.sizeBytes += sizeBytes;
    // Re-adding moves the entry to the end: dirty entries flush in the order of their latest write.
    this.dirtyIds.delete(id);
    this.dirtyIds.add(id);
    this.maybeEvict();
  }

  flush(): void {
    if (this.dirtyIds.size > 0) this.flushDirty(null);
  }

  clear(): void {
    this.entries.clear();
    this.groups.clear();
    this.dirtyIds.clear();
    this.sizeBytes = 0;
  }

  private maybeEvict(): void {
    while (this.sizeBytes > this.maxBytes) {
      const eldest = this.entries.values().next();
      if (eldest.done === true) return;
      const e = eldest.value;
      const wasDirty = e.dirty;
      this.remove(e.id);
      if (wasDirty) this.flushDirty(e);
    }
  }

  /**
   * The evicted entry first, then every dirty one in write order. Entries are marked clean and the dirty set
   * cleared before any is written through, since forwarding may write to this cache again.
   */
  private flushDirty(evicted: CachedEntry<K, V> | null): void {
    const batch: CachedEntry<K, V>[] = evicted === null ? [] : [evicted];
    for (const id of this.dirtyIds) batch.push(this.entries.get(id)!);
    this.dirtyIds.clear();
    for (const e of batch) e.dirty = false;
    for (const e of batch) this.writeThrough(e);
    // A flushed delete has nothing left to cache (unless the key was written again meanwhile).
    for (const e of batch) {
      if (e.value === null && e !== evicted && this.entries.get(e.id) === e && !e.dirty) this.remove(e.id);
    }
  }

  private remove(id: string): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    this.entries.delete(id);
    this.dirtyIds.delete(id);
    this.sizeBytes -= e.sizeBytes;
    const members = this.groups.get(e.group);
    if (members !== undefined && members.delete(id) && members.size === 0) this.groups.delete(e.group);
  }
}
