/*
 * Brute-force references for windowed aggregations, written from the rules, not from src/streams:
 * - Kafka TimeWindows: epoch-aligned windows [start, start + size), start a multiple of advance, start >= 0.
 * - A record is late for a window when window end + grace <= stream time (SCENARIOS.md §0.5; Kafka's
 *   KStreamWindowAggregate drops it when `windowEnd <= observedStreamTime - grace`). Stream time is the
 *   largest timestamp the aggregation has seen in its task: one task per input partition.
 * - No deduplication: a producer duplicate is a second record and counts twice.
 * - Output timestamp of a window: the largest timestamp among its accepted records (§0.5).
 */
import { partitionFor, utf8 } from '../../../src/sim/murmur2.js';

export interface TimeWindowSpec {
  readonly sizeMs: number;
  readonly advanceMs: number;
  readonly graceMs: number;
}

export interface KeyedRecord {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
}

export interface WindowResult {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly value: number;
  readonly timestamp: number;
}

/** The partition (and so the task) of a string key: Kafka's murmur2 partitioner. */
export function partitionOf(key: string, partitions: number): number {
  return partitionFor(utf8(key), partitions);
}

/** Every window holding `timestamp`, by trying each start from 0. */
export function windowsHolding(timestamp: number, spec: TimeWindowSpec): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let start = 0; start <= timestamp; start += spec.advanceMs) {
    if (timestamp < start + spec.sizeMs) out.push({ start, end: start + spec.sizeMs });
  }
  return out;
}

export interface Acceptance {
  /** Each (record, window) the rule accepts, in append order. */
  readonly accepted: { record: KeyedRecord; start: number; end: number }[];
  /** How many (record, window) pairs were late. */
  readonly late: number;
}

/** Applies the lateness rule to records in append order, with one stream time per partition. */
export function acceptByLateness(appended: readonly KeyedRecord[], spec: TimeWindowSpec, partitions: number): Acceptance {
  const streamTime = new Map<number, number>();
  const accepted: Acceptance['accepted'] = [];
  let late = 0;
  for (const record of appended) {
    const p = partitionOf(record.key, partitions);
    const before = streamTime.get(p) ?? -Infinity;
    for (const w of windowsHolding(record.timestamp, spec)) {
      if (w.end + spec.graceMs <= before) late++;
      else accepted.push({ record, ...w });
    }
    streamTime.set(p, Math.max(before, record.timestamp));
  }
  return { accepted, late };
}

/** Recomputes each (key, window)'s final count or sum from scratch over the accepted records. */
export function recomputeWindows(accepted: Acceptance['accepted'], aggregate: 'count' | 'sum'): Map<string, WindowResult> {
  const groups = new Map<string, { key: string; start: number; end: number; records: KeyedRecord[] }>();
  for (const a of accepted) {
    const id = `${a.record.key}@${a.start}`;
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = { key: a.record.key, start: a.start, end: a.end, records: [] }));
    g.records.push(a.record);
  }
  const out = new Map<string, WindowResult>();
  for (const [id, g] of groups) {
    const value = aggregate === 'count' ? g.records.length : g.records.reduce((s, r) => s + r.value, 0);
    out.set(id, { key: g.key, start: g.start, end: g.end, value, timestamp: Math.max(...g.records.map((r) => r.timestamp)) });
  }
  return out;
}

/**
 * Session windows (Kafka SessionWindows javadoc): per key, records whose timestamps are at most the
 * inactivity gap apart (bounds included) share a session [first, last]. Recomputed from the whole input
 * sorted by time: valid when no record is dropped, i.e. no record arrives later than grace.
 */
export function sessionize(records: readonly KeyedRecord[], gapMs: number, aggregate: 'count' | 'sum'): Map<string, WindowResult> {
  const out = new Map<string, WindowResult>();
  for (const key of new Set(records.map((r) => r.key))) {
    const sorted = records.filter((r) => r.key === key).sort((a, b) => a.timestamp - b.timestamp);
    let session: KeyedRecord[] = [];
    const close = () => {
      if (session.length === 0) return;
      const start = session[0]!.timestamp;
      const end = session[session.length - 1]!.timestamp;
      const value = aggregate === 'count' ? session.length : session.reduce((s, r) => s + r.value, 0);
      out.set(`${key}@${start}`, { key, start, end, value, timestamp: end });
      session = [];
    };
    for (const r of sorted) {
      if (session.length > 0 && r.timestamp - session[session.length - 1]!.timestamp > gapMs) close();
      session.push(r);
    }
    close();
  }
  return out;
}

/**
 * Session windows with late records, record by record in append order (Kafka's KStreamSessionWindowAggregate):
 * a record at t joins every session of its key with end >= t - gap and start <= t + gap into one; that merged
 * session is dropped as late when its end < stream time - grace - gap (a session can still grow until gap
 * after its end, so it closes at end + gap + grace: Kafka's `closeTime = observedStreamTime -
 * windows.gracePeriodMs() - windows.inactivityGap()`; stream time: the task's largest timestamp so far, this
 * record included). Assumes the store keeps every session (a long retention).
 */
export function sessionsRecordByRecord(
  appended: readonly KeyedRecord[],
  spec: { gapMs: number; graceMs: number },
  partitions: number,
  aggregate: 'count' | 'sum',
): { live: Map<string, WindowResult>; dropped: number } {
  const streamTime = new Map<number, number>();
  let sessions: { key: string; records: KeyedRecord[] }[] = [];
  let dropped = 0;
  const bounds = (s: { records: KeyedRecord[] }) => ({ start: Math.min(...s.records.map((r) => r.timestamp)), end: Math.max(...s.records.map((r) => r.timestamp)) });
  for (const record of appended) {
    const p = partitionOf(record.key, partitions);
    const now = Math.max(streamTime.get(p) ?? -Infinity, record.timestamp);
    streamTime.set(p, now);
    const t = record.timestamp;
    const overlapping = sessions.filter((s) => s.key === record.key && bounds(s).end >= t - spec.gapMs && bounds(s).start <= t + spec.gapMs);
    const merged = { key: record.key, records: [...overlapping.flatMap((s) => s.records), record] };
    if (bounds(merged).end < now - spec.graceMs - spec.gapMs) {
      dropped++;
      continue;
    }
    sessions = [...sessions.filter((s) => !overlapping.includes(s)), merged];
  }
  const live = new Map<string, WindowResult>();
  for (const s of sessions) {
    const { start, end } = bounds(s);
    const value = aggregate === 'count' ? s.records.length : s.records.reduce((sum, r) => sum + r.value, 0);
    live.set(`${s.key}@${start}`, { key: s.key, start, end, value, timestamp: end });
  }
  return { live, dropped };
}
