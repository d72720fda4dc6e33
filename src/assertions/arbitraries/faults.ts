import fc, { type Arbitrary } from 'fast-check';
import { recordDrawArbitrary, recordsFromDraws, type HistoryOptions, type HistoryRecord, type RecordDraw } from './history.js';

/** A fault kind and its knobs, as data: printed in failure reports and stored in replay files. */
export type FaultDescription =
  | { readonly kind: 'reorder'; readonly maxLatenessMs: number }
  | { readonly kind: 'late'; readonly beyondMs: number; readonly p: number; readonly maxExtraMs: number }
  | { readonly kind: 'duplicates'; readonly p: number }
  | { readonly kind: 'crash'; readonly maxCrashes: number; readonly maxAfterRecords: number; readonly commitEvery: { readonly min: number; readonly max: number } }
  | {
      readonly kind: 'rebalance';
      readonly instances: number;
      readonly maxMoves: number;
      readonly maxAfterRecords: number;
      readonly moves: readonly MembershipMove[];
      readonly commitEvery: { readonly min: number; readonly max: number };
    };

/** What the faults did to one record; every field shrinks towards "nothing happened". */
export interface RecordFault {
  /** Appended this long after its timestamp (bounded lateness). */
  readonly delayMs: number;
  /** Late beyond the bound: appended beyondMs + 1 + lateExtraMs after its timestamp. */
  readonly late: boolean;
  readonly lateExtraMs: number;
  /** A producer retry appended an identical copy right after it. */
  readonly duplicate: boolean;
}

/** A fault schedule: how it draws its part of each record's fault, and how it describes itself. */
export interface FaultSpec {
  readonly description: FaultDescription;
  readonly perRecord: Arbitrary<Partial<RecordFault>>;
  /** A schedule of application crashes (crashFault), drawn once per history instead of per record. */
  readonly crashes?: Arbitrary<CrashSchedule>;
  /** A schedule of membership changes (rebalanceFault), drawn once per history. */
  readonly rebalances?: Arbitrary<RebalanceSchedule>;
}

/** A group membership change: a new instance joins, or an instance leaves cleanly or crashes. */
export type MembershipMove = 'join' | 'leave' | 'crash';

/**
 * How the application's instances come and go, as data (see pipeWithRebalances): it starts as `instances`
 * instances, commits after every `commitEvery` processed records (per instance), and applies the moves one after
 * another: move i comes once `afterRecords` more records were processed since the previous one (a join or leave
 * at the next pipe; a crash strikes inside the run, once the crashing instance has processed that many), on
 * instance `instance mod n` of the n live instances that own tasks.
 */
export interface RebalanceSchedule {
  readonly instances: number;
  readonly commitEvery: number;
  readonly moves: readonly { readonly move: MembershipMove; readonly afterRecords: number; readonly instance: number }[];
}

/**
 * When the application crashes, as data (see pipeWithCrashes): it commits after every `commitEvery` processed
 * records, and crash i strikes `afterRecords[i]` processed records (repartitioned ones count) after the start or
 * the previous restart, before the commit that record would trigger (TestDriver#crashAfter); each restart resumes
 * from the last commit on the same broker.
 */
export interface CrashSchedule {
  readonly commitEvery: number;
  readonly afterRecords: readonly number[];
}

/** A yes/no that is yes with probability p and shrinks to no. */
function chance(p: number): Arbitrary<boolean> {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`fault probability must be in [0, 1], got ${p}`);
  const yes = Math.round(p * 1000);
  if (yes === 0) return fc.constant(false);
  if (yes === 1000) return fc.constant(true);
  return fc.oneof({ arbitrary: fc.constant(false), weight: 1000 - yes }, { arbitrary: fc.constant(true), weight: yes });
}

/**
 * Out-of-order within bounded lateness: each record reaches the broker up to maxLatenessMs after its
 * timestamp, so a record is appended at most maxLatenessMs behind the largest timestamp appended before it.
 */
export function reorderFault(options: { maxLatenessMs: number }): FaultSpec {
  const { maxLatenessMs } = options;
  if (!Number.isInteger(maxLatenessMs) || maxLatenessMs < 0) throw new RangeError(`reorder: maxLatenessMs must be an integer >= 0, got ${maxLatenessMs}`);
  // Unbiased: fast-check's bias towards small values would make real reordering rare.
  return { description: { kind: 'reorder', maxLatenessMs }, perRecord: fc.record({ delayMs: fc.noBias(fc.nat({ max: maxLatenessMs })) }) };
}

/**
 * Late beyond a bound (a window's end + grace, say): with probability p a record is appended more than
 * beyondMs (up to beyondMs + 1 + maxExtraMs) after its timestamp. It is late once the records appended
 * before it carry stream time that far; the test's reference decides by Kafka's rule whether it was.
 */
export function lateFault(options: { beyondMs: number; p?: number; maxExtraMs?: number }): FaultSpec {
  const { beyondMs, p = 0.15, maxExtraMs = 20 } = options;
  if (!Number.isInteger(beyondMs) || beyondMs < 0) throw new RangeError(`late: beyondMs must be an integer >= 0, got ${beyondMs}`);
  return {
    description: { kind: 'late', beyondMs, p, maxExtraMs },
    perRecord: fc.record({ late: chance(p), lateExtraMs: fc.nat({ max: maxExtraMs }) }),
  };
}

/** Producer duplicates (a retry after a lost ack, no idempotence): with probability p an identical copy follows the record. */
export function duplicateFault(options: { p: number }): FaultSpec {
  return { description: { kind: 'duplicates', p: options.p }, perRecord: fc.record({ duplicate: chance(options.p) }) };
}

/**
 * Application crashes (issue 5): up to maxCrashes crash points, each 1..maxAfterRecords processed records after
 * the previous restart, and a commit every commitEvery records (an integer or a range), so the last commit before
 * a crash lands at varied places. Shrinks to fewer crashes, earlier crashes and the smallest commitEvery.
 */
export function crashFault(options: { maxCrashes?: number; maxAfterRecords?: number; commitEvery?: number | { min?: number; max: number } } = {}): FaultSpec {
  const { maxCrashes = 2, maxAfterRecords = 20 } = options;
  const every = typeof options.commitEvery === 'number' ? { min: options.commitEvery, max: options.commitEvery } : { min: options.commitEvery?.min ?? 1, max: options.commitEvery?.max ?? 4 };
  if (!Number.isInteger(maxCrashes) || maxCrashes < 0) throw new RangeError(`crash: maxCrashes must be an integer >= 0, got ${maxCrashes}`);
  if (!Number.isInteger(maxAfterRecords) || maxAfterRecords < 1) throw new RangeError(`crash: maxAfterRecords must be an integer >= 1, got ${maxAfterRecords}`);
  if (!Number.isInteger(every.min) || every.min < 1 || !Number.isInteger(every.max) || every.max < every.min) {
    throw new RangeError(`crash: commitEvery must be integers 1 <= min <= max, got ${JSON.stringify(options.commitEvery)}`);
  }
  return {
    description: { kind: 'crash', maxCrashes, maxAfterRecords, commitEvery: every },
    perRecord: fc.constant({}),
    crashes: fc.record({
      commitEvery: fc.integer(every),
      afterRecords: fc.array(fc.integer({ min: 1, max: maxAfterRecords }), { maxLength: maxCrashes }),
    }),
  };
}

/**
 * Rebalances between instances of one application (issue 5): it runs as `instances` instances (default 2) and
 * up to maxMoves membership changes come 1..maxAfterRecords processed records apart: joins and clean leaves,
 * and with `crashes: true` instance crashes too (the survivors resume from its last commit). A commit every
 * commitEvery records. Shrinks to fewer moves, earlier moves, joins, instance 0 and the smallest commitEvery.
 */
export function rebalanceFault(
  options: { maxMoves?: number; instances?: number; maxAfterRecords?: number; crashes?: boolean; commitEvery?: number | { min?: number; max: number } } = {},
): FaultSpec {
  const { maxMoves = 3, instances = 2, maxAfterRecords = 10, crashes = false } = options;
  const every = typeof options.commitEvery === 'number' ? { min: options.commitEvery, max: options.commitEvery } : { min: options.commitEvery?.min ?? 1, max: options.commitEvery?.max ?? 4 };
  if (!Number.isInteger(maxMoves) || maxMoves < 0) throw new RangeError(`rebalance: maxMoves must be an integer >= 0, got ${maxMoves}`);
  if (!Number.isInteger(instances) || instances < 1) throw new RangeError(`rebalance: instances must be an integer >= 1, got ${instances}`);
  if (!Number.isInteger(maxAfterRecords) || maxAfterRecords < 1) throw new RangeError(`rebalance: maxAfterRecords must be an integer >= 1, got ${maxAfterRecords}`);
  if (!Number.isInteger(every.min) || every.min < 1 || !Number.isInteger(every.max) || every.max < every.min) {
    throw new RangeError(`rebalance: commitEvery must be integers 1 <= min <= max, got ${JSON.stringify(options.commitEvery)}`);
  }
  const moves: MembershipMove[] = crashes ? ['join', 'leave', 'crash'] : ['join', 'leave'];
  return {
    description: { kind: 'rebalance', instances, maxMoves, maxAfterRecords, moves, commitEvery: every },
    perRecord: fc.constant({}),
    rebalances: fc.record({
      instances: fc.constant(instances),
      commitEvery: fc.integer(every),
      moves: fc.array(fc.record({ move: fc.constantFrom(...moves), afterRecords: fc.integer({ min: 1, max: maxAfterRecords }), instance: fc.nat({ max: 3 }) }), { maxLength: maxMoves }),
    }),
  };
}

/** A history with faults, as plain JSON-safe data: easy to print as a table and to store in a replay file. */
export interface FaultyHistory<V = unknown> {
  /** The records in timestamp (generation) order; indexes below point into this list. */
  readonly records: readonly HistoryRecord<V>[];
  /** Per record: how long after its timestamp it reached the broker (appendAt = timestamp + delay). */
  readonly delays: readonly number[];
  /** The order records reach the broker: record indexes by (appendAt, index). */
  readonly appendOrder: readonly number[];
  /** Indexes of records late beyond the bound of the `late` fault. */
  readonly late: readonly number[];
  /** Indexes of records appended twice (the copy right after the original). */
  readonly duplicates: readonly number[];
  /** Partitions of every topic. */
  readonly partitions: number;
  /** The fault schedules that were on. */
  readonly faults: readonly FaultDescription[];
  /** With crashFault: when the application crashes and how often it commits. */
  readonly crashes?: CrashSchedule;
  /** With rebalanceFault: how many instances run and how they come and go. */
  readonly rebalances?: RebalanceSchedule;
}

export interface FaultyHistoryOptions<V> extends HistoryOptions<V> {
  /** Fault schedules to apply; leave one out to turn it off. */
  readonly faults?: readonly FaultSpec[];
  /** The partition count: a fixed number, or choose in [1, max] (shrinking towards 1). Default 1. */
  readonly partitions?: number | { readonly max: number };
}

/** One record as appended, the duplicate copies included. */
export interface AppendedRecord<V = unknown> extends HistoryRecord<V> {
  /** Index into FaultyHistory.records. */
  readonly index: number;
  /** Whether this is a producer duplicate of the record before it. */
  readonly copy: boolean;
  /** The virtual time it reached the broker. */
  readonly appendAt: number;
}

const NO_FAULT: RecordFault = { delayMs: 0, late: false, lateExtraMs: 0, duplicate: false };

/**
 * A history with the fault schedules applied. Each record is drawn together with its faults, so
 * shrinking drops a record and its faults together, and shrinks each fault towards none: fewer records,
 * fewer keys, smaller gaps, fewer faults, fewer partitions.
 */
export function faultyHistoryArbitrary<V = number>(options: FaultyHistoryOptions<V> = {}): Arbitrary<FaultyHistory<V>> {
  const specs = options.faults ?? [];
  const lateSpec = specs.find((s) => s.description.kind === 'late')?.description as Extract<FaultDescription, { kind: 'late' }> | undefined;
  const fault: Arbitrary<RecordFault> = fc.tuple(...specs.map((s) => s.perRecord)).map((parts) => Object.assign({}, NO_FAULT, ...parts) as RecordFault);
  const partitions =
    options.partitions === undefined ? fc.constant(1) : typeof options.partitions === 'number' ? fc.constant(options.partitions) : fc.integer({ min: 1, max: options.partitions.max });
  const element: Arbitrary<{ draw: RecordDraw<V>; fault: RecordFault }> = fc.record({ draw: recordDrawArbitrary(options), fault });
  const crashSpec = specs.find((s) => s.crashes !== undefined)?.crashes;
  const crashes: Arbitrary<CrashSchedule | undefined> = crashSpec ?? fc.constant(undefined);
  const rebalanceSpec = specs.find((s) => s.rebalances !== undefined)?.rebalances;
  if (crashSpec !== undefined && rebalanceSpec !== undefined) throw new RangeError('crashFault and rebalanceFault do not mix: use rebalanceFault({ crashes: true })');
  const rebalances: Arbitrary<RebalanceSchedule | undefined> = rebalanceSpec ?? fc.constant(undefined);
  return fc
    .tuple(fc.array(element, { minLength: options.minRecords ?? 0, maxLength: options.maxRecords ?? 20 }), partitions, crashes, rebalances)
    .map(([elements, partitionCount, crashSchedule, rebalanceSchedule]) => {
      const records = recordsFromDraws(
        elements.map((e) => e.draw),
        options,
      );
      const delays = elements.map((e) => (e.fault.late && lateSpec !== undefined ? lateSpec.beyondMs + 1 + e.fault.lateExtraMs : e.fault.delayMs));
      return {
        records,
        delays,
        appendOrder: appendOrderOf(records, delays),
        late: indexesWhere(elements, (e) => e.fault.late && lateSpec !== undefined),
        duplicates: indexesWhere(elements, (e) => e.fault.duplicate),
        partitions: partitionCount,
        faults: specs.map((s) => s.description),
        ...(crashSchedule === undefined ? {} : { crashes: crashSchedule }),
        ...(rebalanceSchedule === undefined ? {} : { rebalances: rebalanceSchedule }),
      };
    });
}

function indexesWhere<T>(xs: readonly T[], test: (x: T) => boolean): number[] {
  return xs.flatMap((x, i) => (test(x) ? [i] : []));
}

/** Records reach the broker in (appendAt, generation index) order, as SCENARIOS.md §0.4 appends. */
export function appendOrderOf(records: readonly HistoryRecord<unknown>[], delays: readonly number[]): number[] {
  return records
    .map((r, i) => ({ i, at: r.timestamp + (delays[i] ?? 0) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.i);
}

/** The records in the order they are appended, each duplicate copy right after its original. */
export function appendedRecords<V>(history: FaultyHistory<V>): AppendedRecord<V>[] {
  const dup = new Set(history.duplicates);
  return history.appendOrder.flatMap((index) => {
    const r = history.records[index]!;
    const appended: AppendedRecord<V> = { ...r, index, copy: false, appendAt: r.timestamp + (history.delays[index] ?? 0) };
    return dup.has(index) ? [appended, { ...appended, copy: true }] : [appended];
  });
}

/** A history with no faults: appended in timestamp order, one partition. */
export function withoutFaults<V>(records: readonly HistoryRecord<V>[], partitions = 1): FaultyHistory<V> {
  const delays = records.map(() => 0);
  return { records, delays, appendOrder: appendOrderOf(records, delays), late: [], duplicates: [], partitions, faults: [] };
}

/** The history as a text table in append order: what a failure report shows. */
export function formatHistory(history: FaultyHistory<unknown>): string {
  const header = ['#', 'topic', 'key', 'value', 'timestamp', 'appendAt', 'fault'];
  const late = new Set(history.late);
  const faultOf = (r: AppendedRecord<unknown>) => (r.copy ? 'duplicate' : late.has(r.index) ? 'late' : r.appendAt > r.timestamp ? 'delayed' : '');
  const rows = appendedRecords(history).map((r) => [String(r.index), r.topic, r.key, JSON.stringify(r.value) ?? 'undefined', String(r.timestamp), String(r.appendAt), faultOf(r)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  const faults = history.faults.map((f) => JSON.stringify(f)).join(' ') || 'none';
  const c = history.crashes;
  const crashes = c === undefined ? '' : `; crashes after ${c.afterRecords.join(', ') || 'no'} processed records, a commit every ${c.commitEvery}`;
  const r = history.rebalances;
  const moves = r?.moves.map((m) => `${m.move} ${m.instance} after ${m.afterRecords}`).join(', ');
  const rebalances = r === undefined ? '' : `; ${r.instances} instances, moves: ${moves || 'none'}, a commit every ${r.commitEvery}`;
  return [`partitions: ${history.partitions}; faults: ${faults}${crashes}${rebalances}`, line(header), ...rows.map(line)].join('\n');
}
