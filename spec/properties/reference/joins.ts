/*
 * Reference joins written from Kafka's documented semantics, with plain arrays and linear scans, not from
 * src/streams. Records are given in the order a task processes them (append order); each partition is one
 * task with its own buffers and stream time (partitionOf: Kafka's murmur2 partitioner).
 *
 * Stream-stream joins (Kafka Streams developer guide, "KStream-KStream Join"; JoinWindows javadoc; KIP-633;
 * the spurious-result fix of KAFKA-10847, Kafka 3.1+):
 * - left record l and right record r of one key join when l.ts - before <= r.ts <= l.ts + after; the result
 *   carries max(l.ts, r.ts) (developer guide, "Timestamp semantics": the larger of the two).
 * - each side buffers its records in a window store of retention before + after + grace
 *   (KStreamImplJoin: `windows.size() + windows.gracePeriodMs()`); a window store never returns (nor
 *   stores) a record whose timestamp is at or before its own observed stream time (the largest
 *   timestamp put into it) minus retention.
 * - left/outer joins: a record without a partner is emitted with null once its window (after, for a left
 *   record; before, for a right one) plus grace has closed in the join's stream time (the max timestamp
 *   either side has seen in the task), unless a partner arrived meanwhile: no spurious null result for a
 *   record that joins later. A record arriving when its window end is already behind stream time is
 *   emitted with null at once when it finds no partner (KStreamKStreamJoin: `timeTo < streamTime`), so a
 *   partner arriving after it still joins it: the one spurious result Kafka keeps under reordering.
 * - When a window closes relative to the end of the input is an implementation detail (emission is
 *   throttled and checked lazily), so the caller flushes: the reference emits every still-pending
 *   unmatched record at the end, and the driver run appends a record far in the future first. This is
 *   exact while reordering stays within grace: then no partner can arrive after its partner's window closed.
 *
 * Stream-table joins (developer guide, "KStream-KTable Join"): a stream record is joined with the table's
 * value for its key at the time the record is processed (the latest update appended before it; the
 * table is not versioned, so an out-of-order table update still replaces the value, KIP-914 aside); inner:
 * no output on a miss; left: joined with null. Table updates never trigger output. Result timestamp: the
 * stream record's (SCENARIOS.md §0.5).
 *
 * Table-table joins (developer guide, "KTable-KTable Equi-Join"): the result is a table that, after every
 * update, equals the join of both tables' current contents: inner has a row where both sides do, left
 * where the left does, outer where either does; a key leaving the join becomes a tombstone.
 */
import { partitionOf } from './windowing.js';

export type JoinKind = 'inner' | 'left' | 'outer';
export type Side = 'left' | 'right';

export interface JoinInput {
  readonly side: Side;
  readonly key: string;
  readonly value: string;
  readonly timestamp: number;
}

export interface JoinOutput {
  readonly key: string;
  readonly value: string;
  readonly timestamp: number;
}

export interface JoinWindowSpec {
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly graceMs: number;
}

export const joined = (left: string | null, right: string | null): string => `${left}+${right}`;

interface TaskState {
  streamTime: number;
  /** Buffered (stored) records and each store's own observed stream time. */
  readonly buffers: Record<Side, JoinInput[]>;
  readonly observed: Record<Side, number>;
  /** Unmatched records waiting for their window to close (left/outer joins). */
  readonly pending: JoinInput[];
}

export function streamStreamJoin(records: readonly JoinInput[], kind: JoinKind, spec: JoinWindowSpec, partitions: number): JoinOutput[] {
  const retention = spec.beforeMs + spec.afterMs + spec.graceMs;
  const tasks = new Map<number, TaskState>();
  const out: JoinOutput[] = [];
  const emitsUnmatched = (side: Side) => kind === 'outer' || (kind === 'left' && side === 'left');
  for (const x of records) {
    const p = partitionOf(x.key, partitions);
    let task = tasks.get(p);
    if (task === undefined) tasks.set(p, (task = { streamTime: -Infinity, buffers: { left: [], right: [] }, observed: { left: -Infinity, right: -Infinity }, pending: [] }));
    task.streamTime = Math.max(task.streamTime, x.timestamp);
    const other: Side = x.side === 'left' ? 'right' : 'left';
    // The window seen from x: a right record looks back `after` and ahead `before`.
    const lookBack = x.side === 'left' ? spec.beforeMs : spec.afterMs;
    const lookAhead = x.side === 'left' ? spec.afterMs : spec.beforeMs;
    const liveFrom = task.observed[other] - retention;
    const partners = task.buffers[other]
      .filter((o) => o.key === x.key && o.timestamp > liveFrom && o.timestamp >= x.timestamp - lookBack && o.timestamp <= x.timestamp + lookAhead)
      .sort((a, b) => a.timestamp - b.timestamp);
    for (const o of partners) {
      const [l, r] = x.side === 'left' ? [x, o] : [o, x];
      out.push({ key: x.key, value: joined(l.value, r.value), timestamp: Math.max(l.timestamp, r.timestamp) });
      // A matched record never gets a null result (KAFKA-10847).
      for (let i = task.pending.length - 1; i >= 0; i--) if (task.pending[i] === o) task.pending.splice(i, 1);
    }
    if (emitsUnmatched(x.side) && partners.length === 0) {
      if (x.timestamp + lookAhead < task.streamTime) out.push(unmatched(x));
      else task.pending.push(x);
    }
    // A store refuses a record already expired; buffering it anyway changes nothing, as every fetch skips it.
    task.observed[x.side] = Math.max(task.observed[x.side], x.timestamp);
    task.buffers[x.side].push(x);
  }
  for (const task of tasks.values()) for (const x of task.pending) out.push(unmatched(x));
  return out;
}

function unmatched(x: JoinInput): JoinOutput {
  return { key: x.key, value: x.side === 'left' ? joined(x.value, null) : joined(null, x.value), timestamp: x.timestamp };
}

/** A table update: a null value deletes the key. */
export interface TableUpdate {
  readonly topic: 'stream' | 'table';
  readonly key: string;
  readonly value: string | null;
  readonly timestamp: number;
}

export function streamTableJoin(records: readonly TableUpdate[], kind: 'inner' | 'left'): JoinOutput[] {
  const table = new Map<string, string>();
  const out: JoinOutput[] = [];
  for (const r of records) {
    if (r.topic === 'table') {
      if (r.value === null) table.delete(r.key);
      else table.set(r.key, r.value);
      continue;
    }
    const t = table.get(r.key) ?? null;
    if (t !== null || kind === 'left') out.push({ key: r.key, value: joined(r.value, t), timestamp: r.timestamp });
  }
  return out;
}

/** The join of two tables' current contents, as key → joined value. */
export function tableTableJoinView(left: ReadonlyMap<string, string>, right: ReadonlyMap<string, string>, kind: JoinKind): Map<string, string> {
  const view = new Map<string, string>();
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(key) ?? null;
    const r = right.get(key) ?? null;
    const row = kind === 'inner' ? l !== null && r !== null : kind === 'left' ? l !== null : true;
    if (row) view.set(key, joined(l, r));
  }
  return view;
}
