import { describe, expect, it } from 'vitest';
import {
  EmitStrategy,
  Materialized,
  SessionWindows,
  SlidingWindows,
  StreamsBuilder,
  TestDriver,
  TimeWindows,
  TopologyError,
  type Windowed,
} from '../../src/index.js';

// Hand-written examples of Kafka's EmitStrategy (KIP-825), following KStreamWindowAggregate /
// AbstractKStreamTimeWindowAggregateProcessor (time windows) and KStreamSessionWindowAggregate (sessions):
// with onWindowClose, after each record closeTime = streamTime - grace (sessions: - gap - grace) and the
// windows that closed since the last emit are read back from the store and forwarded once.

type Row = [key: string, start: number, end: number, value: unknown, timestamp: number];

const outputs = new WeakMap<TestDriver, ReturnType<TestDriver['createOutputTopic']>>();

/** The records written to 'out' since the last call. */
function rows(driver: TestDriver): Row[] {
  let out = outputs.get(driver);
  if (out === undefined) outputs.set(driver, (out = driver.createOutputTopic<Windowed<string>, unknown>('out')));
  return (out.readRecordsToList() as { key: Windowed<string>; value: unknown; timestamp: number }[])
    .map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]);
}

function timeCount(windows: TimeWindows, strategy: EmitStrategy, retentionMs?: number): StreamsBuilder {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('in')
    .groupByKey()
    .windowedBy(windows)
    .emitStrategy(strategy)
    .count(retentionMs === undefined ? undefined : Materialized.as<string, number>('counts').withRetention(retentionMs))
    .toStream()
    .to('out');
  return builder;
}

function sessionCount(windows: SessionWindows, strategy: EmitStrategy): StreamsBuilder {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in').groupByKey().windowedBy(windows).emitStrategy(strategy).count().toStream().to('out');
  return builder;
}

function pipe(driver: TestDriver, records: readonly [key: string, timestamp: number][]): void {
  const input = driver.createInputTopic<string, string>('in');
  for (const [key, t] of records) input.pipeInput(key, 'v', t);
}

describe('EmitStrategy.onWindowClose for TimeWindows (Kafka KStreamWindowAggregate)', () => {
  it('forwards nothing while windows are open, then each closed window once, by start then key, with its aggregate timestamp', () => {
    const driver = new TestDriver(timeCount(TimeWindows.ofSizeWithNoGrace(10), EmitStrategy.onWindowClose()));
    pipe(driver, [['A', 1], ['A', 5], ['B', 7]]);
    expect(rows(driver)).toEqual([]);
    // closeTime 12, upper bound 12 - 10 = 2: windows starting in [0, 2] are final.
    pipe(driver, [['A', 12]]);
    expect(rows(driver)).toEqual([
      ['A', 0, 10, 2, 5],
      ['B', 0, 10, 1, 7],
    ]);
  });

  it('does not fetch until the close time reaches a new window; the next emit starts after the last one', () => {
    const driver = new TestDriver(timeCount(TimeWindows.ofSizeWithNoGrace(10), EmitStrategy.onWindowClose()));
    pipe(driver, [['A', 1], ['A', 12]]);
    expect(rows(driver)).toEqual([['A', 0, 10, 1, 1]]);
    // closeTime 15: bounds [3, 5] lie in the window already emitted (shouldRangeFetch is false).
    pipe(driver, [['A', 15]]);
    expect(rows(driver)).toEqual([]);
    // closeTime 20: bounds [3, 10] reach [10, 20).
    pipe(driver, [['A', 20]]);
    expect(rows(driver)).toEqual([['A', 10, 20, 2, 15]]);
  });

  it('waits for the grace period; a record for an already closed window is dropped and nothing is re-emitted', () => {
    const driver = new TestDriver(timeCount(TimeWindows.ofSizeAndGrace(10, 5), EmitStrategy.onWindowClose()));
    pipe(driver, [['A', 1], ['A', 12], ['A', 3]]); // 3 still joins [0, 10): its end 10 > closeTime 7
    expect(rows(driver)).toEqual([]);
    pipe(driver, [['A', 15], ['A', 2]]); // closeTime 10 closes [0, 10); then 2 is late
    expect(rows(driver)).toEqual([['A', 0, 10, 2, 3]]);
  });

  it('emits every hopping window a record fell in once it closes', () => {
    const driver = new TestDriver(timeCount(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5), EmitStrategy.onWindowClose()));
    pipe(driver, [['A', 3], ['A', 7], ['A', 11]]);
    // closeTime 11, upper bound 1: [0, 10).
    expect(rows(driver)).toEqual([['A', 0, 10, 2, 7]]);
    // closeTime 16, bounds [2, 6]: [5, 15).
    pipe(driver, [['A', 16]]);
    expect(rows(driver)).toEqual([['A', 5, 15, 2, 11]]);
  });

  it('never emits windows the store has already expired (retention, default size + grace)', () => {
    // Stream time jumps from 1 to 25: the store has moved to start 20 and with retention 10 holds starts >= 10.
    const expired = new TestDriver(timeCount(TimeWindows.ofSizeWithNoGrace(10), EmitStrategy.onWindowClose()));
    pipe(expired, [['A', 1], ['A', 25]]);
    expect(rows(expired)).toEqual([]);
    const retained = new TestDriver(timeCount(TimeWindows.ofSizeWithNoGrace(10), EmitStrategy.onWindowClose(), 100));
    pipe(retained, [['A', 1], ['A', 25]]);
    expect(rows(retained)).toEqual([['A', 0, 10, 1, 1]]);
  });

  it('still emits the window that closes exactly at the retention bound (the time-ordered store keeps starts >= observed - retention)', () => {
    const driver = new TestDriver(timeCount(TimeWindows.ofSizeWithNoGrace(2), EmitStrategy.onWindowClose()));
    pipe(driver, [['A', 0], ['A', 1], ['A', 2]]);
    expect(rows(driver)).toEqual([['A', 0, 2, 2, 1]]);
  });

  it('forwards at emit time even with a record cache, and the cache flush forwards nothing', () => {
    const driver = new TestDriver(timeCount(TimeWindows.ofSizeWithNoGrace(10), EmitStrategy.onWindowClose()), { cacheMaxBytes: 10 * 1024 * 1024 });
    pipe(driver, [['A', 1], ['A', 2], ['A', 12]]);
    expect(rows(driver)).toEqual([['A', 0, 10, 2, 2]]);
  });

  it('onWindowUpdate is the default: every update is forwarded', () => {
    const driver = new TestDriver(timeCount(TimeWindows.ofSizeWithNoGrace(10), EmitStrategy.onWindowUpdate()));
    pipe(driver, [['A', 1], ['A', 5]]);
    expect(rows(driver)).toEqual([
      ['A', 0, 10, 1, 1],
      ['A', 0, 10, 2, 5],
    ]);
  });

  it('rejects onWindowClose for SlidingWindows (not simulated)', () => {
    const builder = new StreamsBuilder();
    const windowed = builder.stream<string, string>('in').groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10)).emitStrategy(EmitStrategy.onWindowClose());
    expect(() => windowed.count()).toThrow(TopologyError);
  });
});

describe('EmitStrategy.onWindowClose for SessionWindows (Kafka KStreamSessionWindowAggregate)', () => {
  it('emits each session once its end is before streamTime - gap - grace, stamped with its end', () => {
    const driver = new TestDriver(sessionCount(SessionWindows.ofInactivityGapWithNoGrace(5), EmitStrategy.onWindowClose()));
    pipe(driver, [['A', 0], ['A', 3], ['B', 4]]);
    expect(rows(driver)).toEqual([]); // merging [0,0] into [0,3] forwards no tombstone either
    // closeTime 10 - 5 = 5: sessions ending in [0, 4].
    pipe(driver, [['A', 10]]);
    expect(rows(driver)).toEqual([
      ['A', 0, 3, 2, 3],
      ['B', 4, 4, 1, 4],
    ]);
    // closeTime 15: sessions ending in [5, 14].
    pipe(driver, [['A', 20]]);
    expect(rows(driver)).toEqual([['A', 10, 10, 1, 10]]);
  });

  it('a session still growing within gap + grace is emitted merged, once', () => {
    const driver = new TestDriver(sessionCount(SessionWindows.ofInactivityGapAndGrace(5, 3), EmitStrategy.onWindowClose()));
    pipe(driver, [['A', 0], ['B', 8], ['A', 4]]); // at 8 closeTime is 0: [0, 0] may still grow, and 4 joins it
    expect(rows(driver)).toEqual([]);
    // At 20: closeTime 12, sessions ending in [0, 11], by end.
    pipe(driver, [['A', 20]]);
    expect(rows(driver)).toEqual([
      ['A', 0, 4, 2, 4],
      ['B', 8, 8, 1, 8],
    ]);
  });
});
