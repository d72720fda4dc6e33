import { jsonKeyId, keyId, stableStringify } from '../key-id.js';
import type { KeyValue } from './key-value.js';
import { StoreNotInitializedError, type StateStore, type StoreContext } from './state-store.js';

/** A time span: `[start, end)` for time windows, `[start, end]` for sliding and session windows. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/** A record key paired with its window: the key type of windowed tables (Kafka's `Windowed<K>`). */
export interface Windowed<K> {
  readonly key: K;
  readonly window: Window;
}

export function windowed<K>(key: K, start: number, end: number): Windowed<K> {
  return { key, window: { start, end } };
}

/** Changelog key of one window-store entry (Kafka's WindowKeySchema store key: key, window start, seqnum). */
export interface WindowChangelogKey<K> {
  readonly key: K;
  readonly windowStart: number;
  readonly seqnum?: number;
}

export interface ReadOnlyWindowStore<K, V> {
  readonly name: string;
  /** The value of the window of `key` starting at `windowStartMs` (null once expired). */
  fetch(key: K, windowStartMs: number): V | null;
  /** Windows of `key` starting in [timeFrom, timeTo], oldest first, keyed by window start. */
  fetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  /** Windows of keys in [keyFrom, keyTo] (null: unbounded) starting in [timeFrom, timeTo], by start then key. */
  fetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  backwardFetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  /** Every live window, by start then key. */
  all(): KeyValue<Windowed<K>, V>[];
  backwardAll(): KeyValue<Windowed<K>, V>[];
  /** Every window starting in [timeFrom, timeTo], by start then key. */
  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
}

export interface WindowStore<K, V> extends ReadOnlyWindowStore<K, V>, StateStore {
  readonly retentionPeriodMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates: boolean;
  /** Stores the value of the window starting at `windowStartMs`; null deletes it (ignored with duplicates). */
  put(key: K, value: V | null, windowStartMs: number): void;
}

/** The reads behind ReadOnlyWindowStore's overloads, which every window store implements. */
export interface WindowReads<K, V> {
  /** The value of the window of `key` starting at `windowStartMs`. */
  fetchOne(key: K, windowStartMs: number): V | null;
  /** Windows of `key` starting in [timeFrom, timeTo], by start. */
  fetchKey(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  /** Windows of keys in [keyFrom, keyTo] starting in [timeFrom, timeTo], by start then key. */
  fetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
}

/** ReadOnlyWindowStore#fetch or #backwardFetch, its overloads told apart by argument count (backwardFetch has no single-window form). */
export function fetchByArity<K, V>(reads: WindowReads<K, V>, args: unknown[], backward: boolean): unknown {
  if (args.length === 2 && !backward) return reads.fetchOne(args[0] as K, args[1] as number);
  const out =
    args.length === 3
      ? reads.fetchKey(args[0] as K, args[1] as number, args[2] as number)
      : reads.fetchRange(args[0] as K | null, args[1] as K | null, args[2] as number, args[3] as number);
  return backward ? out.reverse() : out;
}

/** The order of windowed keys in range reads: window start, then key. */
export function compareWindowed<K>(a: Windowed<K>, b: Windowed<K>): number {
  const byStart = a.window.start - b.window.start;
  if (byStart !== 0) return byStart;
  const ia = keyId(a.key);
  const ib = keyId(b.key);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** keyId({ key, windowStart }), written out: fields in stableStringify's order, skipped when undefined. */
function changelogKeyId(key: unknown, windowStart: number): string {
  const start = `"windowStart":${stableStringify(windowStart)}`;
  return jsonKeyId(key === undefined ? `{${start}}` : `{"key":${stableStringify(key)},${start}}`);
}

/** One key's entries in one window: a single value, or every value in arrival order when keeping duplicates. */
interface Slot<K, V> {
  readonly key: K;
  readonly values: V[];
  /** keyId of this window's changelog key, computed at its first logged write (a window is updated many times). */
  changelogId: string | undefined;
}

/**
 * Kafka's InMemoryWindowStore. Entries live per window start; retention is measured on the largest window
 * start the store has seen (its own stream time): a window starting at or before `observed - retention`
 * is dropped on write and invisible on read. With `retainDuplicates` (stream-stream join buffers) every
 * put is kept, each with its own sequence number, and a null put is a no-op. Every put goes to the
 * changelog, keyed by key, window start and, with duplicates, the sequence number.
 */
export class InMemoryWindowStore<K, V> implements WindowStore<K, V>, WindowReads<K, V> {
  private readonly segments = new Map<number, Map<string, Slot<K, V>>>();
  /** Window starts in ascending order (starts mostly arrive in order, so inserting is cheap). */
  private readonly starts: number[] = [];
  private observedStreamTime = -1;
  /** Kafka's ChangeLoggingWindowBytesStore numbers duplicates on its own, once per put. */
  private changelogSeqnum = 0;
  private context: StoreContext | null = null;

  constructor(
    readonly name: string,
    readonly retentionPeriodMs: number,
    readonly windowSizeMs: number,
    readonly retainDuplicates = false,
  ) {}

  init(context: StoreContext): void {
    this.context = context;
  }

  put(key: K, value: V | null, windowStartMs: number): void {
    const ctx = this.ctx();
    const slot = this.write(key, value, windowStartMs);
    if (ctx.logChange !== null) {
      if (this.retainDuplicates) this.changelogSeqnum = (this.changelogSeqnum + 1) & 0x7fffffff;
      const changelogKey: WindowChangelogKey<K> = this.retainDuplicates
        ? { key, windowStart: windowStartMs, seqnum: this.changelogSeqnum }
        : { key, windowStart: windowStartMs };
      // Keys of equal keyId write equal changelog keys, so the slot's id serves every write of its window.
      const id = slot === undefined || this.retainDuplicates ? undefined : (slot.changelogId ??= changelogKeyId(key, windowStartMs));
      ctx.logChange(changelogKey, value ?? null, ctx.currentTimestampMs(), id);
    }
  }

  restore(changelogKey: unknown, value: unknown): void {
    const k = changelogKey as WindowChangelogKey<K>;
    this.write(k.key, (value ?? null) as V | null, k.windowStart);
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

  approximateNumEntries(): number {
    let n = 0;
    for (const seg of this.segments.values()) for (const slot of seg.values()) n += slot.values.length;
    return n;
  }

  flush(): void {}

  close(): void {
    this.context = null;
  }

  /** Returns the window's slot after the write; undefined when it holds nothing (deleted, or expired). */
  private write(key: K, value: V | null, windowStartMs: number): Slot<K, V> | undefined {
    this.removeExpired();
    if (windowStartMs > this.observedStreamTime) this.observedStreamTime = windowStartMs;
    if (windowStartMs <= this.observedStreamTime - this.retentionPeriodMs) return undefined; // expired segment: skipped, as Kafka
    const id = keyId(key);
    if (value === null || value === undefined) {
      if (this.retainDuplicates) return undefined; // deleting one duplicate is meaningless: Kafka ignores it
      const seg = this.segments.get(windowStartMs);
      if (seg !== undefined && seg.delete(id) && seg.size === 0) this.dropSegment(windowStartMs);
      return undefined;
    }
    let seg = this.segments.get(windowStartMs);
    if (seg === undefined) {
      seg = new Map();
      this.segments.set(windowStartMs, seg);
      this.insertStart(windowStartMs);
    }
    const slot = seg.get(id);
    if (slot === undefined) {
      const created = { key, values: [value], changelogId: undefined };
      seg.set(id, created);
      return created;
    }
    if (this.retainDuplicates) slot.values.push(value);
    else slot.values[0] = value;
    return slot;
  }

  fetchOne(key: K, windowStartMs: number): V | null {
    this.removeExpired();
    if (windowStartMs <= this.observedStreamTime - this.retentionPeriodMs) return null;
    // With duplicates Kafka's single-window fetch looks up the bare key, which never matches: null.
    if (this.retainDuplicates) return null;
    return this.segments.get(windowStartMs)?.get(keyId(key))?.values[0] ?? null;
  }

  fetchKey(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
    const out: KeyValue<number, V>[] = [];
    const id = keyId(key);
    for (const start of this.liveStarts(timeFrom, timeTo)) {
      const slot = this.segments.get(start)!.get(id);
      if (slot !== undefined) for (const v of slot.values) out.push({ key: start, value: v });
    }
    return out;
  }

  fetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    const lo = keyFrom === null || keyFrom === undefined ? null : keyId(keyFrom);
    const hi = keyTo === null || keyTo === undefined ? null : keyId(keyTo);
    if (lo !== null && hi !== null && lo > hi) return [];
    const out: KeyValue<Windowed<K>, V>[] = [];
    for (const start of this.liveStarts(timeFrom, timeTo)) {
      const seg = this.segments.get(start)!;
      for (const id of [...seg.keys()].sort()) {
        if ((lo !== null && id < lo) || (hi !== null && id > hi)) continue;
        const slot = seg.get(id)!;
        const wk = windowed(slot.key, start, start + this.windowSizeMs);
        for (const v of slot.values) out.push({ key: wk, value: v });
      }
    }
    return out;
  }

  /** Live window starts in [timeFrom, timeTo]: records expire exactly retention ms after their start. */
  private liveStarts(timeFrom: number, timeTo: number): number[] {
    this.removeExpired();
    const minTime = Math.max(timeFrom, this.observedStreamTime - this.retentionPeriodMs + 1);
    if (timeTo < minTime) return [];
    return this.starts.filter((s) => s >= minTime && s <= timeTo);
  }

  private removeExpired(): void {
    const minLive = Math.max(0, this.observedStreamTime - this.retentionPeriodMs + 1);
    let n = 0;
    while (n < this.starts.length && this.starts[n]! < minLive) this.segments.delete(this.starts[n++]!);
    if (n > 0) this.starts.splice(0, n);
  }

  private insertStart(start: number): void {
    let i = this.starts.length;
    while (i > 0 && this.starts[i - 1]! > start) i--;
    this.starts.splice(i, 0, start);
  }

  private dropSegment(start: number): void {
    this.segments.delete(start);
    const i = this.starts.indexOf(start);
    if (i >= 0) this.starts.splice(i, 1);
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}
