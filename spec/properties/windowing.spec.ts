import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendedRecords,
  duplicateFault,
  faultyHistoryArbitrary,
  formatHistory,
  lateFault,
  Materialized,
  reorderFault,
  SessionWindows,
  StreamsBuilder,
  TestDriver,
  TimeWindows,
  type FaultyHistory,
  type Windowed,
} from '../../src/index.js';
import { acceptByLateness, recomputeWindows, sessionize, sessionsRecordByRecord, type TimeWindowSpec, type WindowResult } from './reference/windowing.js';

type Aggregate = 'count' | 'sum';

function topology(spec: TimeWindowSpec, aggregate: Aggregate): StreamsBuilder {
  const windows = TimeWindows.ofSizeAndGrace(spec.sizeMs, spec.graceMs).advanceBy(spec.advanceMs);
  const builder = new StreamsBuilder();
  const grouped = builder.stream<string, number>('in').groupByKey().windowedBy(windows);
  const table = aggregate === 'count' ? grouped.count() : grouped.aggregate<number>(() => 0, (_k, v, sum) => sum + v);
  table.toStream().to('out');
  return builder;
}

interface Run {
  readonly outputs: WindowResult[];
  readonly finals: Map<string, WindowResult>;
  readonly dropped: number;
}

/** Pipes the history in append order (each record processed at once, as the broker appends it). */
function run(history: FaultyHistory<number>, spec: TimeWindowSpec, aggregate: Aggregate, seed: number, partitions = history.partitions): Run {
  const driver = new TestDriver(topology(spec, aggregate), { seed, partitions });
  const input = driver.createInputTopic<string, number>('in');
  for (const r of appendedRecords(history)) input.pipeInput(r.key, r.value, r.timestamp);
  const outputs = driver
    .createOutputTopic<Windowed<string>, number>('out')
    .readRecordsToList()
    .map((r) => ({ key: r.key.key, start: r.key.window.start, end: r.key.window.end, value: r.value, timestamp: r.timestamp }));
  const finals = new Map<string, WindowResult>();
  for (const o of outputs) finals.set(`${o.key}@${o.start}`, o);
  return { outputs, finals, dropped: driver.droppedRecords() };
}

const sorted = (m: Map<string, WindowResult>) => [...m.values()].sort((a, b) => a.key.localeCompare(b.key) || a.start - b.start);

/** Tumbling (advance = size) or hopping (advance < size) windows with a grace period. */
const tumblingSpec = fc.record({ sizeMs: fc.integer({ min: 3, max: 30 }), graceMs: fc.integer({ min: 0, max: 20 }) }).map((s) => ({ ...s, advanceMs: s.sizeMs }));
const hoppingSpec = fc
  .record({ sizeMs: fc.integer({ min: 4, max: 30 }), graceMs: fc.integer({ min: 0, max: 20 }), divisor: fc.integer({ min: 2, max: 4 }) })
  .map(({ sizeMs, graceMs, divisor }) => ({ sizeMs, graceMs, advanceMs: Math.max(1, Math.floor(sizeMs / divisor)) }));

/** A history under every fault: reordering up to 15 ms, records late beyond window end + grace, producer duplicates. */
function faultyInput(spec: TimeWindowSpec) {
  return faultyHistoryArbitrary({
    keys: 3,
    maxRecords: 25,
    maxGapMs: 6,
    faults: [reorderFault({ maxLatenessMs: 15 }), lateFault({ beyondMs: spec.sizeMs + spec.graceMs, p: 0.15 }), duplicateFault({ p: 0.1 })],
    partitions: { max: 6 },
  });
}

/** `topologySpec` lets a test run a deliberately wrong topology against the reference. */
function checkAgainstReference(spec: TimeWindowSpec, aggregate: Aggregate, history: FaultyHistory<number>, seed: number, topologySpec = spec): void {
  const appended = appendedRecords(history);
  const { accepted, late: latePairs } = acceptByLateness(appended, spec, history.partitions);
  const expected = recomputeWindows(accepted, aggregate);
  const actual = run(history, topologySpec, aggregate, seed);
  const context = `${JSON.stringify(spec)}\n${formatHistory(history)}`;
  // Final value (and timestamp: the max of the window's accepted records) per (key, window).
  expect(sorted(actual.finals), context).toEqual(sorted(expected));
  // Record caching off (§0.5): one output per accepted (record, window), one drop per late one.
  expect(actual.outputs.length, context).toBe(accepted.length);
  expect(actual.dropped, context).toBe(latePairs);
}

describe('windowing: counts and aggregates equal a brute-force recomputation over the non-late input (SCENARIOS.md §0.5)', () => {
  for (const [name, specArb] of [
    ['tumbling', tumblingSpec],
    ['hopping', hoppingSpec],
  ] as const) {
    for (const aggregate of ['count', 'sum'] as const) {
      it(`${name} windowed ${aggregate} with grace, under reordering, lateFault records and duplicates (duplicates count twice), any partition count`, () => {
        fc.assert(
          fc.property(
            specArb.chain((spec) => fc.tuple(fc.constant(spec), faultyInput(spec))),
            fc.nat({ max: 1000 }),
            ([spec, history], seed) => checkAgainstReference(spec, aggregate, history, seed),
          ),
          { numRuns: 60 },
        );
      });
    }
  }

  it('the property catches a grace period off by one, and shrinks it to a few records', () => {
    const result = fc.check(
      fc.property(
        tumblingSpec.chain((spec) => fc.tuple(fc.constant(spec), faultyInput(spec))),
        ([spec, history]) => checkAgainstReference(spec, 'count', history, 0, { ...spec, graceMs: spec.graceMs + 1 }),
      ),
      { numRuns: 200, seed: 17 },
    );
    expect(result.failed).toBe(true);
    // Two records suffice: one carrying stream time to exactly window end + grace, then one for that window.
    expect(result.counterexample![0][1].records.length).toBeLessThanOrEqual(2);
  });

  it('late records are really exercised: some runs drop records, some duplicates land in open windows', () => {
    const samples = fc.sample(tumblingSpec.chain((spec) => fc.tuple(fc.constant(spec), faultyInput(spec))), { numRuns: 60, seed: 11 });
    const dropping = samples.filter(([spec, h]) => acceptByLateness(appendedRecords(h), spec, h.partitions).late > 0);
    expect(dropping.length).toBeGreaterThan(5);
    expect(samples.filter(([, h]) => h.duplicates.length > 0).length).toBeGreaterThan(5);
  });

  it('with lateness within grace nothing is dropped, and final results per (key, window) do not depend on the partition count', () => {
    const input = hoppingSpec.chain((spec) =>
      fc.tuple(
        fc.constant(spec),
        faultyHistoryArbitrary({ keys: 4, maxRecords: 25, maxGapMs: 6, faults: [reorderFault({ maxLatenessMs: spec.graceMs }), duplicateFault({ p: 0.1 })], partitions: { max: 8 } }),
      ),
    );
    fc.assert(
      fc.property(input, fc.nat({ max: 1000 }), fc.constantFrom<Aggregate>('count', 'sum'), ([spec, history], seed, aggregate) => {
        const context = `${JSON.stringify(spec)}\n${formatHistory(history)}`;
        const onePartition = run(history, spec, aggregate, seed, 1);
        const many = run(history, spec, aggregate, seed, history.partitions);
        expect(sorted(many.finals), context).toEqual(sorted(onePartition.finals));
        expect(onePartition.dropped + many.dropped, context).toBe(0);
        // Nothing late: the recomputation over the whole input, in any order.
        const all = acceptByLateness(appendedRecords(history), { ...spec, graceMs: Number.MAX_SAFE_INTEGER / 2 }, 1).accepted;
        expect(sorted(many.finals), context).toEqual(sorted(recomputeWindows(all, aggregate)));
      }),
      { numRuns: 60 },
    );
  });
});

/** Session count or sum with a long store retention, records piped in append order; returns the live sessions and drops. */
function runSessions(history: FaultyHistory<number>, spec: { gapMs: number; graceMs: number }, aggregate: Aggregate, seed: number) {
  const builder = new StreamsBuilder();
  const grouped = builder.stream<string, number>('in').groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(spec.gapMs, spec.graceMs));
  // A retention past gap + grace, as Kafka's default RocksDB session store keeps sessions for a whole segment
  // (>= 60 s): with exactly gap + grace, an in-memory store forgets a session ending gap + grace before the
  // store's time, and a record exactly `gap` after that session (grace 0) starts a new one instead of merging.
  const retention = spec.gapMs + spec.graceMs + 60_000;
  const table =
    aggregate === 'count'
      ? grouped.count(Materialized.with<string, number>().withRetention(retention))
      : grouped.aggregate<number>(
          () => 0,
          (_k, v, sum) => sum + v,
          (_k, a, b) => a + b,
          Materialized.with<string, number>().withRetention(retention),
        );
  table.toStream().to('out');
  const driver = new TestDriver(builder, { seed, partitions: history.partitions });
  const pipe = driver.createInputTopic<string, number>('in');
  for (const r of appendedRecords(history)) pipe.pipeInput(r.key, r.value, r.timestamp);
  // The session table: a merged-away session is deleted by its tombstone.
  const live = new Map<string, WindowResult>();
  for (const r of driver.createOutputTopic<Windowed<string>, number | null>('out').readRecordsToList()) {
    const id = `${r.key.key}@${r.key.window.start}`;
    if (r.value === null) live.delete(id);
    else live.set(id, { key: r.key.key, start: r.key.window.start, end: r.key.window.end, value: r.value, timestamp: r.timestamp });
  }
  return { live, dropped: driver.droppedRecords() };
}

const sessionSpec = fc.record({ gapMs: fc.integer({ min: 1, max: 10 }), graceMs: fc.integer({ min: 0, max: 15 }) }); // Kafka: the gap must be > 0

describe('session windows (SessionWindows javadoc, KStreamSessionWindowAggregate)', () => {
  for (const aggregate of ['count', 'sum'] as const) {
    it(`session ${aggregate}, reordered within grace: the live sessions are the input split where timestamps lie more than the gap apart`, () => {
      const input = sessionSpec.chain((spec) =>
        fc.tuple(fc.constant(spec), faultyHistoryArbitrary({ keys: 3, maxRecords: 25, maxGapMs: 8, faults: [reorderFault({ maxLatenessMs: spec.graceMs }), duplicateFault({ p: 0.1 })], partitions: { max: 6 } })),
      );
      fc.assert(
        fc.property(input, fc.nat({ max: 1000 }), ([spec, history], seed) => {
          const actual = runSessions(history, spec, aggregate, seed);
          expect(sorted(actual.live), `${JSON.stringify(spec)}\n${formatHistory(history)}`).toEqual(sorted(sessionize(appendedRecords(history), spec.gapMs, aggregate)));
          expect(actual.dropped).toBe(0);
        }),
        { numRuns: 60 },
      );
    });

    it(`session ${aggregate} with late records: a record whose merged session ends before stream time - gap - grace is dropped`, () => {
      const input = sessionSpec.chain((spec) =>
        fc.tuple(
          fc.constant(spec),
          faultyHistoryArbitrary({
            keys: 3,
            minRecords: 5,
            maxRecords: 25,
            maxGapMs: 8,
            faults: [reorderFault({ maxLatenessMs: 15 }), lateFault({ beyondMs: spec.gapMs + spec.graceMs, p: 0.2, maxExtraMs: 10 }), duplicateFault({ p: 0.1 })],
            partitions: { max: 6 },
          }),
        ),
      );
      fc.assert(
        fc.property(input, fc.nat({ max: 1000 }), ([spec, history], seed) => {
          const expected = sessionsRecordByRecord(appendedRecords(history), spec, history.partitions, aggregate);
          const actual = runSessions(history, spec, aggregate, seed);
          const context = `${JSON.stringify(spec)}\n${formatHistory(history)}`;
          expect(sorted(actual.live), context).toEqual(sorted(expected.live));
          expect(actual.dropped, context).toBe(expected.dropped);
        }),
        { numRuns: 60 },
      );
    });
  }
});
