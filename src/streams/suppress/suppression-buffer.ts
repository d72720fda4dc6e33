import { keyId, stableStringify } from '../../sim/key-id.js';
import type { Headers } from '../../sim/record.js';
import { StoreNotInitializedError, type StateStore, type StoreContext } from '../../sim/stores/state-store.js';
import type { Change } from '../internal/change.js';

/** One buffered key: its latest change, the value before it was first buffered, and its record context. */
export interface BufferedChange<K, V> {
  readonly key: K;
  /** Buffer time: window end (untilWindowCloses) or the first buffered record's timestamp (untilTimeLimit). */
  readonly time: number;
  readonly newValue: V | null;
  readonly oldValue: V | null;
  /** The value downstream last saw for this key (the old value when the key was first buffered). */
  readonly priorValue: V | null;
  /** Timestamp and headers of the latest update: the emitted record carries them. */
  readonly timestamp: number;
  readonly headers: Headers;
}

interface Slot<K, V> {
  readonly id: string;
  entry: BufferedChange<K, V>;
  bytes: number;
}

/**
 * Kafka's InMemoryTimeOrderedKeyValueChangeBuffer: the latest change per key, ordered by buffer time then
 * key. Updating a buffered key keeps its place (non-resetting: the buffer time of its first update). The
 * changelog is written at flush (commit) for every key touched since: its entry, or a tombstone once
 * evicted. Byte sizes are estimated from the JSON form of keys and values.
 */
export class InMemorySuppressionBuffer<K, V> implements StateStore {
  private readonly index = new Map<string, Slot<K, V>>();
  /** Slots ordered by (time, key id). */
  private sorted: Slot<K, V>[] = [];
  private readonly dirty = new Set<string>();
  /** Keys of evicted entries awaiting their changelog tombstone. */
  private readonly evictedKeys = new Map<string, K>();
  private memBytes = 0;
  private context: StoreContext | null = null;

  constructor(
    readonly name: string,
    /** Sizes are only computed when a byte limit needs them. */
    private readonly trackBytes: boolean,
  ) {}

  init(context: StoreContext): void {
    this.context = context;
  }

  numRecords(): number {
    return this.index.size;
  }

  bufferSize(): number {
    return this.memBytes;
  }

  /** The smallest buffer time, or +Infinity when empty. */
  minTimestamp(): number {
    return this.sorted[0]?.entry.time ?? Infinity;
  }

  put(time: number, key: K, change: Change<V>, timestamp: number, headers: Headers): void {
    const id = keyId(key);
    const previous = this.index.get(id);
    const entry: BufferedChange<K, V> = {
      key,
      time: previous === undefined ? time : previous.entry.time,
      newValue: change.newValue ?? null,
      oldValue: change.oldValue ?? null,
      priorValue: previous === undefined ? (change.oldValue ?? null) : previous.entry.priorValue,
      timestamp,
      headers,
    };
    this.cleanPut(id, entry);
    if (this.ctx().logChange !== null) this.dirty.add(id);
  }

  /** Hands over the oldest entries, one by one, while `predicate` holds; each is removed once handed over. */
  evictWhile(predicate: () => boolean, callback: (evicted: BufferedChange<K, V>) => void): void {
    while (this.sorted.length > 0 && predicate()) {
      const slot = this.sorted[0]!;
      callback(slot.entry);
      this.sorted.shift();
      this.index.delete(slot.id);
      this.memBytes -= slot.bytes;
      if (this.context?.logChange != null) {
        this.dirty.add(slot.id);
        this.evictedKeys.set(slot.id, slot.entry.key);
      }
    }
  }

  /** Kafka's priorValueForBuffered: `{ buffered: false }` when the key is not buffered. */
  priorValueForBuffered(key: K): { buffered: true; value: V | null } | { buffered: false } {
    const slot = this.index.get(keyId(key));
    return slot === undefined ? { buffered: false } : { buffered: true, value: slot.entry.priorValue };
  }

  restore(key: unknown, value: unknown): void {
    const id = keyId(key);
    if (value === null || value === undefined) {
      const slot = this.index.get(id);
      if (slot !== undefined) this.removeSlot(slot);
      return;
    }
    this.cleanPut(id, value as BufferedChange<K, V>);
  }

  /** Writes the changelog for every key touched since the last flush, as Kafka does at commit. */
  flush(): void {
    const ctx = this.context;
    if (ctx === null || ctx.logChange === null || this.dirty.size === 0) return;
    for (const id of this.dirty) {
      const slot = this.index.get(id);
      // The changelog key is the buffered key, whose keyId is the buffer's own id for it.
      if (slot === undefined) ctx.logChange(this.evictedKeys.get(id), null, ctx.currentTimestampMs(), id);
      else ctx.logChange(slot.entry.key, slot.entry, slot.entry.timestamp, id);
    }
    this.dirty.clear();
    this.evictedKeys.clear();
  }

  close(): void {
    this.context = null;
  }

  private cleanPut(id: string, entry: BufferedChange<K, V>): void {
    const bytes = this.trackBytes ? estimateBytes(entry) : 0;
    const previous = this.index.get(id);
    if (previous !== undefined) {
      previous.entry = { ...entry, time: previous.entry.time };
      this.memBytes += bytes - previous.bytes;
      previous.bytes = bytes;
      return;
    }
    const slot: Slot<K, V> = { id, entry, bytes };
    this.index.set(id, slot);
    this.memBytes += bytes;
    this.evictedKeys.delete(id);
    // Buffer times mostly grow, so search from the end.
    let i = this.sorted.length;
    while (i > 0 && compareSlots(this.sorted[i - 1]!, slot) > 0) i--;
    this.sorted.splice(i, 0, slot);
  }

  private removeSlot(slot: Slot<K, V>): void {
    this.index.delete(slot.id);
    this.memBytes -= slot.bytes;
    const i = this.sorted.indexOf(slot);
    if (i >= 0) this.sorted.splice(i, 1);
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}

function compareSlots<K, V>(a: Slot<K, V>, b: Slot<K, V>): number {
  if (a.entry.time !== b.entry.time) return a.entry.time - b.entry.time;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Buffer time and record timestamp (8 bytes each) plus the JSON size of the key and the three values. */
function estimateBytes(e: BufferedChange<unknown, unknown>): number {
  let n = 16 + Buffer.byteLength(stableStringify(e.key));
  for (const v of [e.priorValue, e.oldValue, e.newValue]) if (v !== null) n += Buffer.byteLength(stableStringify(v));
  return n;
}
