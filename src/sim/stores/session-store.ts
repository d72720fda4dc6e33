import { keyId } from '../key-id.js';
import type { KeyValue } from './key-value.js';
import { StoreNotInitializedError, type StateStore, type StoreContext } from './state-store.js';
import { windowed, type Windowed } from './window-store.js';

export interface ReadOnlySessionStore<K, AGG> {
  readonly name: string;
  /**
   * Sessions of `key` that end at or after `earliestSessionEndTime` and start at or before
   * `latestSessionStartTime`: the sessions a record at t may merge with are findSessions(k, t - gap, t + gap).
   */
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  findSessions(keyFrom: K | null, keyTo: K | null, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  backwardFindSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  backwardFindSessions(keyFrom: K | null, keyTo: K | null, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  /** The aggregate of exactly the session [start, end] of `key`, or null. */
  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): AGG | null;
  /** Every session of `key` (or of keys in [keyFrom, keyTo]), by end time, then key, then start time. */
  fetch(key: K): KeyValue<Windowed<K>, AGG>[];
  fetch(keyFrom: K | null, keyTo: K | null): KeyValue<Windowed<K>, AGG>[];
  backwardFetch(key: K): KeyValue<Windowed<K>, AGG>[];
  backwardFetch(keyFrom: K | null, keyTo: K | null): KeyValue<Windowed<K>, AGG>[];
}

export interface SessionStore<K, AGG> extends ReadOnlySessionStore<K, AGG>, StateStore {
  readonly retentionPeriodMs: number;
  /** Stores a session's aggregate; null removes the session. */
  put(sessionKey: Windowed<K>, aggregate: AGG | null): void;
  remove(sessionKey: Windowed<K>): void;
}

interface KeySessions<K, AGG> {
  readonly key: K;
  /** Aggregate per session start time. */
  readonly byStart: Map<number, AGG>;
}

/**
 * Kafka's InMemorySessionStore: sessions indexed by end time, then key, then start time. Retention is
 * measured on the largest session end the store has seen: a session ending at or before
 * `observed - retention` is skipped on write and invisible on read. Every put and remove goes to the
 * changelog, keyed by the windowed key (a removal as a tombstone).
 */
export class InMemorySessionStore<K, AGG> implements SessionStore<K, AGG> {
  private readonly byEnd = new Map<number, Map<string, KeySessions<K, AGG>>>();
  /** Session end times in ascending order. */
  private readonly ends: number[] = [];
  private observedStreamTime = -1;
  private context: StoreContext | null = null;

  constructor(
    readonly name: string,
    readonly retentionPeriodMs: number,
  ) {}

  init(context: StoreContext): void {
    this.context = context;
  }

  put(sessionKey: Windowed<K>, aggregate: AGG | null): void {
    const ctx = this.ctx();
    this.write(sessionKey, aggregate ?? null);
    if (ctx.logChange !== null) ctx.logChange(sessionKey, aggregate ?? null, ctx.currentTimestampMs());
  }

  remove(sessionKey: Windowed<K>): void {
    const ctx = this.ctx();
    this.removeSession(sessionKey);
    if (ctx.logChange !== null) ctx.logChange(sessionKey, null, ctx.currentTimestampMs());
  }

  restore(key: unknown, value: unknown): void {
    this.write(key as Windowed<K>, (value ?? null) as AGG | null);
  }

  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  findSessions(keyFrom: K | null, keyTo: K | null, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  findSessions(...args: unknown[]): KeyValue<Windowed<K>, AGG>[] {
    if (args.length === 3) return this.scan(args[0] as K, args[0] as K, args[1] as number, args[2] as number);
    return this.scan(args[0] as K | null, args[1] as K | null, args[2] as number, args[3] as number);
  }

  backwardFindSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  backwardFindSessions(keyFrom: K | null, keyTo: K | null, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  backwardFindSessions(...args: unknown[]): KeyValue<Windowed<K>, AGG>[] {
    return (this.findSessions as (...a: unknown[]) => KeyValue<Windowed<K>, AGG>[])(...args).reverse();
  }

  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): AGG | null {
    this.removeExpired();
    if (sessionEndTime <= this.observedStreamTime - this.retentionPeriodMs) return null;
    return this.byEnd.get(sessionEndTime)?.get(keyId(key))?.byStart.get(sessionStartTime) ?? null;
  }

  fetch(key: K): KeyValue<Windowed<K>, AGG>[];
  fetch(keyFrom: K | null, keyTo: K | null): KeyValue<Windowed<K>, AGG>[];
  fetch(...args: unknown[]): KeyValue<Windowed<K>, AGG>[] {
    const [from, to] = args.length === 1 ? [args[0], args[0]] : [args[0], args[1]];
    return this.scan(from as K | null, to as K | null, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  backwardFetch(key: K): KeyValue<Windowed<K>, AGG>[];
  backwardFetch(keyFrom: K | null, keyTo: K | null): KeyValue<Windowed<K>, AGG>[];
  backwardFetch(...args: unknown[]): KeyValue<Windowed<K>, AGG>[] {
    return (this.fetch as (...a: unknown[]) => KeyValue<Windowed<K>, AGG>[])(...args).reverse();
  }

  /** Order of entries from several task instances in one read view (store-view.ts): end, key, start. */
  viewOrder(a: KeyValue<Windowed<K>, AGG>, b: KeyValue<Windowed<K>, AGG>): number {
    const byEnd = a.key.window.end - b.key.window.end;
    if (byEnd !== 0) return byEnd;
    const ia = keyId(a.key.key);
    const ib = keyId(b.key.key);
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a.key.window.start - b.key.window.start;
  }

  approximateNumEntries(): number {
    let n = 0;
    for (const keys of this.byEnd.values()) for (const s of keys.values()) n += s.byStart.size;
    return n;
  }

  flush(): void {}

  close(): void {
    this.context = null;
  }

  private write(sessionKey: Windowed<K>, aggregate: AGG | null): void {
    this.removeExpired();
    const end = sessionKey.window.end;
    if (end > this.observedStreamTime) this.observedStreamTime = end;
    if (end <= this.observedStreamTime - this.retentionPeriodMs) return; // expired: skipped, as Kafka
    if (aggregate === null) {
      this.removeSession(sessionKey);
      return;
    }
    let keys = this.byEnd.get(end);
    if (keys === undefined) {
      keys = new Map();
      this.byEnd.set(end, keys);
      this.insertEnd(end);
    }
    const id = keyId(sessionKey.key);
    let sessions = keys.get(id);
    if (sessions === undefined) keys.set(id, (sessions = { key: sessionKey.key, byStart: new Map() }));
    sessions.byStart.set(sessionKey.window.start, aggregate);
  }

  private removeSession(sessionKey: Windowed<K>): void {
    const end = sessionKey.window.end;
    const keys = this.byEnd.get(end);
    if (keys === undefined) return;
    const id = keyId(sessionKey.key);
    const sessions = keys.get(id);
    if (sessions === undefined) return;
    sessions.byStart.delete(sessionKey.window.start);
    if (sessions.byStart.size > 0) return;
    keys.delete(id);
    if (keys.size > 0) return;
    this.byEnd.delete(end);
    const i = this.ends.indexOf(end);
    if (i >= 0) this.ends.splice(i, 1);
  }

  private scan(keyFrom: K | null, keyTo: K | null, earliestEnd: number, latestStart: number): KeyValue<Windowed<K>, AGG>[] {
    this.removeExpired();
    const lo = keyFrom === null || keyFrom === undefined ? null : keyId(keyFrom);
    const hi = keyTo === null || keyTo === undefined ? null : keyId(keyTo);
    if (lo !== null && hi !== null && lo > hi) return [];
    const out: KeyValue<Windowed<K>, AGG>[] = [];
    for (const end of this.ends) {
      if (end < earliestEnd) continue;
      const keys = this.byEnd.get(end)!;
      const ids = lo !== null && lo === hi ? (keys.has(lo) ? [lo] : []) : [...keys.keys()].sort();
      for (const id of ids) {
        if ((lo !== null && id < lo) || (hi !== null && id > hi)) continue;
        const sessions = keys.get(id)!;
        for (const start of [...sessions.byStart.keys()].sort((a, b) => a - b)) {
          if (start > latestStart) break;
          out.push({ key: windowed(sessions.key, start, end), value: sessions.byStart.get(start)! });
        }
      }
    }
    return out;
  }

  /** Drops sessions ending before `observed - retention + 1`, as InMemorySessionStore#removeExpiredSegments. */
  private removeExpired(): void {
    const minLive = Math.max(0, this.observedStreamTime - this.retentionPeriodMs + 1);
    let n = 0;
    while (n < this.ends.length && this.ends[n]! < minLive) this.byEnd.delete(this.ends[n++]!);
    if (n > 0) this.ends.splice(0, n);
  }

  private insertEnd(end: number): void {
    let i = this.ends.length;
    while (i > 0 && this.ends[i - 1]! > end) i--;
    this.ends.splice(i, 0, end);
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}
