import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendedRecords,
  crashDriverOptions,
  crashFault,
  faultyHistoryArbitrary,
  formatHistory,
  Materialized,
  pipeWithCrashes,
  reorderFault,
  StreamsBuilder,
  TestDriver,
  TimeWindows,
  type AppendedRecord,
  type CrashSchedule,
  type FaultyHistory,
  type Windowed,
} from '../../src/index.js';
import { redeliveryCanReorder, someOrderJoins } from './reference/crash-interleavings.js';
import { joined, streamTableJoin, type JoinOutput, type TableUpdate } from './reference/joins.js';
import { acceptByLateness, partitionOf, recomputeWindows, type TimeWindowSpec } from './reference/windowing.js';

// Issue 5: crash-and-restart faults in the generic histories. A crash = the application dies after n processed
// records, before the commit that record would trigger, and restarts on the same broker from its last commit.
// exactly_once_v2 (KIP-447): outputs commit atomically with offsets, so a crash leaves no trace in them.
// at_least_once: the records after the last commit are processed again against stores restored to the
// changelog end (StoreChangelogReader), so idempotent results are exact and the rest may over-count.

type Guarantee = 'at_least_once' | 'exactly_once_v2';
type Value = string | null;

// Crash points up to 10 processed records apart, so that most drawn crashes strike within a short history.
const crashes = crashFault({ maxCrashes: 3, maxAfterRecords: 10, commitEvery: { max: 4 } });

describe('crashFault: a crash schedule drawn with the history, as data', () => {
  it('shrinks to one crash after 1 processed record, a commit after every record, and no records', () => {
    const arb = faultyHistoryArbitrary({ maxRecords: 10, faults: [reorderFault({ maxLatenessMs: 5 }), crashFault({ maxCrashes: 3, maxAfterRecords: 9, commitEvery: { min: 1, max: 4 } })] });
    const result = fc.check(
      fc.property(arb, (h) => h.crashes!.afterRecords.length === 0),
      { numRuns: 100, seed: 41 },
    );
    expect(result.failed).toBe(true);
    const shrunk = result.counterexample![0];
    expect(shrunk.crashes).toEqual({ commitEvery: 1, afterRecords: [1] });
    expect(shrunk.records).toEqual([]);
    expect(formatHistory(shrunk).split('\n')[0]).toBe(
      'partitions: 1; faults: {"kind":"reorder","maxLatenessMs":5} {"kind":"crash","maxCrashes":3,"maxAfterRecords":9,"commitEvery":{"min":1,"max":4}}; crashes after 1 processed records, a commit every 1',
    );
  });

  it('draws every crash point in [1, maxAfterRecords] and commitEvery in its range; a fixed commitEvery stays fixed', () => {
    const samples = fc.sample(faultyHistoryArbitrary({ faults: [crashFault({ maxCrashes: 2, maxAfterRecords: 3, commitEvery: { min: 2, max: 3 } })] }), { numRuns: 200, seed: 42 });
    const points = new Set(samples.flatMap((h) => h.crashes!.afterRecords));
    expect([...points].sort()).toEqual([1, 2, 3]);
    expect(new Set(samples.map((h) => h.crashes!.commitEvery))).toEqual(new Set([2, 3]));
    expect(Math.max(...samples.map((h) => h.crashes!.afterRecords.length))).toBe(2);
    expect(fc.sample(faultyHistoryArbitrary({ faults: [crashFault({ commitEvery: 3 })] }), { numRuns: 20, seed: 43 }).every((h) => h.crashes!.commitEvery === 3)).toBe(true);
    expect(fc.sample(faultyHistoryArbitrary({ faults: [reorderFault({ maxLatenessMs: 3 })] }), { numRuns: 20, seed: 44 }).every((h) => h.crashes === undefined)).toBe(true);
  });

  it('refuses meaningless knobs', () => {
    expect(() => crashFault({ commitEvery: 0 })).toThrow(RangeError);
    expect(() => crashFault({ commitEvery: { min: 3, max: 2 } })).toThrow(RangeError);
    expect(() => crashFault({ maxAfterRecords: 0 })).toThrow(RangeError);
    expect(() => crashFault({ maxCrashes: -1 })).toThrow(RangeError);
  });
});

// ---- windowed count and max: tumbling windows with grace, reordered within and beyond grace ----

// Reordered within grace only: no record is ever late, see the operator-time test below for why that matters.
const windowSpec = fc.record({ sizeMs: fc.integer({ min: 3, max: 20 }), graceMs: fc.integer({ min: 2, max: 12 }) }).map((s): TimeWindowSpec => ({ ...s, advanceMs: s.sizeMs }));
const windowInput = windowSpec.chain((spec) =>
  fc.tuple(fc.constant(spec), faultyHistoryArbitrary({ keys: 3, minRecords: 4, maxRecords: 20, maxGapMs: 5, faults: [reorderFault({ maxLatenessMs: spec.graceMs }), crashes], partitions: { max: 3 } })),
);

interface WindowRun {
  readonly outputs: number;
  /** The last value per `key@start`. */
  readonly finals: Map<string, number>;
  readonly crashes: number;
}

function runWindowed(spec: TimeWindowSpec, history: FaultyHistory<number>, guarantee: Guarantee, aggregate: 'count' | 'max'): WindowRun {
  const builder = new StreamsBuilder();
  const grouped = builder.stream<string, number>('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(spec.sizeMs, spec.graceMs));
  (aggregate === 'count' ? grouped.count() : grouped.aggregate<number>(() => 0, (_k, v, m) => Math.max(v, m))).toStream().to('out');
  const driver = new TestDriver(builder, { partitions: history.partitions, ...crashDriverOptions(history, guarantee) });
  const report = pipeWithCrashes(driver, history);
  const records = driver.createOutputTopic<Windowed<string>, number>('out').readRecordsToList();
  driver.close();
  const finals = new Map<string, number>();
  for (const r of records) finals.set(`${r.key.key}@${r.key.window.start}`, r.value);
  return { outputs: records.length, finals, crashes: report.crashes };
}

/** Brute force: the accepted (non-late) records per window, counted or maxed. */
function windowReference(spec: TimeWindowSpec, history: FaultyHistory<number>, aggregate: 'count' | 'max') {
  const { accepted } = acceptByLateness(appendedRecords(history), spec, history.partitions);
  const finals = new Map<string, number>();
  if (aggregate === 'count') for (const [id, w] of recomputeWindows(accepted, 'count')) finals.set(id, w.value);
  else for (const a of accepted) finals.set(`${a.record.key}@${a.start}`, Math.max(finals.get(`${a.record.key}@${a.start}`) ?? 0, a.record.value));
  return { finals, outputs: accepted.length };
}

const sortedEntries = (m: ReadonlyMap<string, number>) => [...m].sort((a, b) => a[0].localeCompare(b[0]));

/** Key k0, value 1, at these timestamps, appended in this order, with this crash schedule. */
function handHistory(timestamps: readonly number[], schedule: CrashSchedule): FaultyHistory<number> {
  return {
    records: timestamps.map((timestamp) => ({ topic: 'in', key: 'k0', value: 1, timestamp })),
    delays: timestamps.map(() => 0),
    appendOrder: timestamps.map((_, i) => i),
    late: [],
    duplicates: [],
    partitions: 1,
    faults: [crashes.description],
    crashes: schedule,
  };
}

describe('windowed aggregation under crash faults and reordering (KStreamWindowAggregate, processing.guarantee)', () => {
  it('exactly_once_v2: every window’s final count and the number of outputs equal the brute-force recomputation', () => {
    let crashed = 0;
    fc.assert(
      fc.property(windowInput, ([spec, history]) => {
        const run = runWindowed(spec, history, 'exactly_once_v2', 'count');
        const want = windowReference(spec, history, 'count');
        const context = `${JSON.stringify(spec)}\n${formatHistory(history)}`;
        expect(sortedEntries(run.finals), context).toEqual(sortedEntries(want.finals));
        expect(run.outputs, context).toBe(want.outputs); // one committed output per accepted record, none twice
        if (run.crashes > 0) crashed++;
      }),
      { numRuns: 60, seed: 51 },
    );
    expect(crashed).toBeGreaterThan(30); // the property really ran crashes
  });

  it('at_least_once: a max (idempotent) is exact; a count never under-counts and over-counts by at most commitEvery per crash', () => {
    fc.assert(
      fc.property(windowInput, ([spec, history]) => {
        const context = `${JSON.stringify(spec)}\n${formatHistory(history)}`;
        const max = runWindowed(spec, history, 'at_least_once', 'max');
        expect(sortedEntries(max.finals), context).toEqual(sortedEntries(windowReference(spec, history, 'max').finals));
        const count = runWindowed(spec, history, 'at_least_once', 'count');
        const want = windowReference(spec, history, 'count').finals;
        expect([...count.finals.keys()].sort(), context).toEqual([...want.keys()].sort());
        let over = 0;
        for (const [id, n] of want) {
          expect(count.finals.get(id)!, `${id}\n${context}`).toBeGreaterThanOrEqual(n);
          over += count.finals.get(id)! - n;
        }
        expect(over, context).toBeLessThanOrEqual(count.crashes * history.crashes!.commitEvery);
      }),
      { numRuns: 60, seed: 52 },
    );
  });

  it('at_least_once really double-counts: a crash before the commit of the second record counts it twice', () => {
    // by hand: commit every 2 records, crash after record 2 (before its commit); the restored count is 2 and
    // both records are redelivered, so the window ends at 4
    const history = handHistory([1, 2], { commitEvery: 2, afterRecords: [2] });
    const spec = { sizeMs: 10, advanceMs: 10, graceMs: 0 };
    expect(runWindowed(spec, history, 'at_least_once', 'count')).toEqual({ outputs: 4, finals: new Map([['k0@0', 4]]), crashes: 1 });
    expect(runWindowed(spec, history, 'exactly_once_v2', 'count')).toEqual({ outputs: 2, finals: new Map([['k0@0', 2]]), crashes: 1 });
  });

  it('operator stream time is not preserved across a restart (Kafka docs, KAFKA-20099): a record late before the crash counts after it, even under exactly_once_v2', () => {
    // window [0, 10), grace 2: k0@1, then k0@12 closes it, then k0@5 is late and dropped. Commit after every
    // record; the crash strikes after the 3rd (the drop), before its commit. The restart redelivers k0@5 to a
    // new window processor whose observed stream time starts empty, so it is no longer late: [0, 10) counts 2.
    // Task time is restored from the commit metadata; KStreamWindowAggregate's own observedStreamTime is not.
    const spec = { sizeMs: 10, advanceMs: 10, graceMs: 2 };
    const crashFree = runWindowed(spec, handHistory([1, 12, 5], { commitEvery: 1, afterRecords: [] }), 'exactly_once_v2', 'count');
    expect(sortedEntries(crashFree.finals)).toEqual([
      ['k0@0', 1],
      ['k0@10', 1],
    ]);
    const crashed = runWindowed(spec, handHistory([1, 12, 5], { commitEvery: 1, afterRecords: [3] }), 'exactly_once_v2', 'count');
    expect(crashed.crashes).toBe(1);
    expect(sortedEntries(crashed.finals)).toEqual([
      ['k0@0', 2],
      ['k0@10', 1],
    ]);
  });
});

// ---- stream-table join: table updates and tombstones, both sides reordered ----

const joinHistory = (maxLatenessMs: number) =>
  faultyHistoryArbitrary({
    topics: ['stream', 'table'],
    keys: 2,
    minRecords: 6,
    maxRecords: 24,
    maxGapMs: 3,
    value: fc.integer({ min: 0, max: 4 }),
    faults: [reorderFault({ maxLatenessMs }), crashes],
    partitions: { max: 3 },
  });

/**
 * Stream values name their record (S3); table value 0 is a tombstone, others name their record (T5). Timestamps
 * are spread out and made unique (32 × timestamp + record index; at most 24 records): no two records tie, so
 * which one a restarted task takes first depends on timestamps only, never on the tie-break between its input
 * queues, and without reordering append order is timestamp order.
 */
const updateOf = (r: AppendedRecord<number>): TableUpdate => ({
  topic: r.topic as 'stream' | 'table',
  key: r.key,
  value: r.topic === 'stream' ? `S${r.index}` : r.value === 0 ? null : `T${r.index}`,
  timestamp: 32 * r.timestamp + r.index,
});

function runJoin(history: FaultyHistory<number>, kind: 'inner' | 'left', guarantee: Guarantee): { outputs: JoinOutput[]; table: Map<string, string>; crashes: number } {
  const builder = new StreamsBuilder();
  const table = builder.table<string, string>('table', {}, Materialized.as('tstore'));
  const stream = builder.stream<string, string>('stream');
  const joiner = (s: string, t: Value) => joined(s, t);
  (kind === 'inner' ? stream.join<string, string>(table, joiner) : stream.leftJoin<string, string>(table, joiner)).to('out');
  const driver = new TestDriver(builder, { partitions: history.partitions, ...crashDriverOptions(history, guarantee) });
  const inputs = { stream: driver.createInputTopic<string, Value>('stream'), table: driver.createInputTopic<string, Value>('table') };
  const report = pipeWithCrashes(driver, history, (r) => {
    const u = updateOf(r);
    inputs[u.topic].pipeInput(u.key, u.value, u.timestamp);
  });
  const outputs = driver.createOutputTopic<string, string>('out').readRecordsToList().map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp }));
  const store = new Map(driver.getKeyValueStore<string, string>('tstore').all().map((kv) => [kv.key, kv.value] as const));
  driver.close();
  return { outputs, table: store, crashes: report.crashes };
}

const byTask = <T extends { key: string }>(xs: readonly T[], p: number, partitions: number) => xs.filter((x) => partitionOf(x.key, partitions) === p);
const multiset = (xs: readonly JoinOutput[]) => xs.map((o) => `${o.key} ${o.value} ${o.timestamp}`).sort();

describe('stream-table join under crash faults and reordering (KStream-KTable join, processing.guarantee)', () => {
  for (const kind of ['inner', 'left'] as const) {
    it(`${kind} join, exactly_once_v2: each task's outputs are the join of its records taken once each in partition order; the append-order reference when nothing can be reordered`, () => {
      let strict = 0;
      let crashed = 0;
      let notAppendOrder = 0;
      fc.assert(
        fc.property(fc.oneof(joinHistory(0), joinHistory(6)), (history) => {
          const updates = appendedRecords(history).map(updateOf);
          const run = runJoin(history, kind, 'exactly_once_v2');
          const context = formatHistory(history);
          if (run.crashes > 0) crashed++;
          if (multiset(run.outputs).join() !== multiset(streamTableJoin(updates, kind)).join()) notAppendOrder++;
          for (let p = 0; p < history.partitions; p++) {
            expect(someOrderJoins(byTask(updates, p, history.partitions), byTask(run.outputs, p, history.partitions), kind), `task ${p}\n${context}`).toBe(true);
          }
          if (!redeliveryCanReorder(updates, history.partitions)) {
            strict++;
            for (const key of new Set(updates.map((u) => u.key))) {
              expect(run.outputs.filter((o) => o.key === key), context).toEqual(streamTableJoin(updates, kind).filter((o) => o.key === key));
            }
          }
        }),
        { numRuns: 60, seed: 61 },
      );
      expect(strict).toBeGreaterThan(20); // in-order histories (and some reordered ones) get the exact reference
      expect(crashed).toBeGreaterThan(30);
      expect(notAppendOrder).toBeLessThanOrEqual(60 - strict); // only where a redelivery could reorder
    });

    it(`${kind} join, at_least_once: every reference output appears at least once, and the table ends as the reference's`, () => {
      fc.assert(
        fc.property(joinHistory(6), (history) => {
          const updates = appendedRecords(history).map(updateOf);
          const run = runJoin(history, kind, 'at_least_once');
          const context = formatHistory(history);
          const got = multiset(run.outputs);
          for (const want of multiset(streamTableJoin(updates, kind))) {
            const at = got.indexOf(want);
            expect(at, `${want} missing\n${context}`).toBeGreaterThanOrEqual(0);
            got.splice(at, 1);
          }
          const table = new Map<string, string>();
          for (const u of updates.filter((x) => x.topic === 'table')) {
            if (u.value === null) table.delete(u.key);
            else table.set(u.key, u.value);
          }
          expect([...run.table].sort(), context).toEqual([...table].sort());
        }),
        { numRuns: 50, seed: 62 },
      );
    });
  }

  it('a restarted task takes the lowest head timestamp first (PartitionGroup#nextRecord): under exactly_once_v2 a redelivered stream record can meet a table update it preceded', () => {
    // S0 (k0, t=10) is appended, then T1 (k0, t=5, reordered: appended at 15). Commit every 2 records, crash after
    // the 2nd: both are redelivered, and the restarted task takes T1 first (lower timestamp), so S0 joins it.
    // Crash-free, S0 is processed before T1 exists: the inner join emits nothing. Each record still counts once.
    const history = (afterRecords: number[]): FaultyHistory<number> => ({
      records: [
        { topic: 'table', key: 'k0', value: 1, timestamp: 5 },
        { topic: 'stream', key: 'k0', value: 1, timestamp: 10 },
      ],
      delays: [10, 0],
      appendOrder: [1, 0],
      late: [],
      duplicates: [],
      partitions: 1,
      faults: [crashes.description],
      crashes: { commitEvery: 2, afterRecords },
    });
    expect(runJoin(history([]), 'inner', 'exactly_once_v2').outputs).toEqual([]);
    const crashed = runJoin(history([2]), 'inner', 'exactly_once_v2');
    expect(crashed.crashes).toBe(1);
    expect(crashed.outputs).toEqual([{ key: 'k0', value: 'S1+T0', timestamp: 32 * 10 + 1 }]);
    const updates = appendedRecords(history([2])).map(updateOf);
    expect(someOrderJoins(updates, crashed.outputs, 'inner')).toBe(true);
    expect(someOrderJoins(updates, [], 'inner')).toBe(true);
  });
});
