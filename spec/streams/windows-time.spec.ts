import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Grouped,
  Materialized,
  StreamsBuilder,
  TestDriver,
  TimeWindows,
  type Windowed,
} from '../../src/index.js';

type Row = [key: string, start: number, end: number, value: unknown, timestamp: number];

/** Output records as [key, window start, window end, value, timestamp]. */
function rows(driver: TestDriver, topic = 'out'): Row[] {
  return driver
    .createOutputTopic<Windowed<string>, unknown>(topic)
    .readRecordsToList()
    .map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]);
}

function windowedCount(windows: TimeWindows, materialized?: Materialized<string, number>) {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in').groupByKey().windowedBy(windows).count(materialized).toStream().to('out');
  return builder;
}

describe('TimeWindows (Kafka TimeWindows, KStreamWindowAggregate)', () => {
  it('tumbling windows are epoch-aligned [start, start + size) with an exclusive end', () => {
    const driver = new TestDriver(windowedCount(TimeWindows.ofSizeAndGrace(10, 100)));
    const input = driver.createInputTopic<string, string>('in');
    for (const t of [0, 9, 10, 19, 20]) input.pipeInput('a', 'x', t);
    input.pipeInput('b', 'x', 12_345);
    expect(rows(driver)).toEqual([
      ['a', 0, 10, 1, 0],
      ['a', 0, 10, 2, 9],
      ['a', 10, 20, 1, 10], // 10 is the end of [0,10): it opens the next window
      ['a', 10, 20, 2, 19],
      ['a', 20, 30, 1, 20],
      ['b', 12_340, 12_350, 1, 12_345], // aligned to the epoch, not to the first record
    ]);
  });

  it('hopping windows: size 5000 advance 3000 gives [0;5000),[3000;8000),... (TimeWindows javadoc); a record lands in each window holding it', () => {
    const driver = new TestDriver(windowedCount(TimeWindows.ofSizeAndGrace(5000, 100_000).advanceBy(3000)));
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'x', 4000); // in [0,5000) and [3000,8000)
    input.pipeInput('a', 'x', 1000); // before 3000: only [0,5000) (no window starts before 0)
    input.pipeInput('a', 'x', 6500); // [3000,8000) and [6000,11000)
    expect(rows(driver)).toEqual([
      ['a', 0, 5000, 1, 4000],
      ['a', 3000, 8000, 1, 4000],
      ['a', 0, 5000, 2, 4000], // timestamp: max of the window's records
      ['a', 3000, 8000, 2, 6500],
      ['a', 6000, 11_000, 1, 6500],
    ]);
  });

  it('with size/advance = 4 a record (past the first windows) lands in exactly 4 windows', () => {
    const driver = new TestDriver(windowedCount(TimeWindows.ofSizeWithNoGrace(20).advanceBy(5)));
    driver.createInputTopic<string, string>('in').pipeInput('a', 'x', 42);
    expect(rows(driver).map(([, s, e]) => [s, e])).toEqual([
      [25, 45],
      [30, 50],
      [35, 55],
      [40, 60],
    ]);
  });

  it('drops a record for a window when window end + grace <= observed stream time, and counts it as dropped', () => {
    const driver = new TestDriver(windowedCount(TimeWindows.ofSizeAndGrace(10, 5)));
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'x', 10); // [10,20)
    input.pipeInput('a', 'x', 24); // stream time 24
    input.pipeInput('a', 'x', 14); // [10,20): 20 + 5 = 25 > 24 -> still open
    input.pipeInput('a', 'x', 25); // stream time 25
    input.pipeInput('a', 'x', 15); // [10,20): 20 + 5 <= 25 -> late, dropped
    input.pipeInput('b', 'x', 3); // another key, same stream time: [0,10) is closed too
    expect(rows(driver)).toEqual([
      ['a', 10, 20, 1, 10],
      ['a', 20, 30, 1, 24],
      ['a', 10, 20, 2, 14], // the window's own max timestamp, not stream time
      ['a', 20, 30, 2, 25],
    ]);
    expect(driver.droppedRecords()).toBe(2);
    expect(driver.droppedRecordsByNode().get('KSTREAM-AGGREGATE-0000000002')).toBe(2);
  });

  it('a hopping record is counted as dropped once per closed window, as Kafka logs each expired window', () => {
    const driver = new TestDriver(windowedCount(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5)));
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'x', 20);
    input.pipeInput('a', 'x', 12); // [5,15) and [10,20) both closed at stream time 20
    input.pipeInput('a', 'x', 16); // [10,20) closed, [15,25) open
    expect(rows(driver).slice(2)).toEqual([['a', 15, 25, 2, 20]]);
    expect(driver.droppedRecords()).toBe(3);
  });

  it("uses the processor's own observed stream time, not the task's (AbstractKStreamTimeWindowAggregateProcessor)", () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .filter((_k, v) => v !== 'skip')
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .count()
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'skip', 100); // moves the task's stream time, never reaches the aggregation
    input.pipeInput('a', 'x', 5);
    expect(rows(driver)).toEqual([['a', 0, 10, 1, 5]]);
    expect(driver.droppedRecords()).toBe(0);
  });

  it('drops (and counts) a record with a null key, but aggregates a null value: count counts it (KStreamWindowAggregate checks the key only)', () => {
    // The javadoc says "Records with null key or value are ignored", but KStreamWindowAggregate#process (3.x, 4.x)
    // only skips `record.key() == null`; the value goes to the aggregator.
    const driver = new TestDriver(windowedCount(TimeWindows.ofSizeWithNoGrace(10)));
    const input = driver.createInputTopic<string | null, string | null>('in');
    input.pipeInput(null, 'x', 1);
    input.pipeInput('a', null, 2);
    input.pipeInput('a', 'x', 3);
    expect(rows(driver)).toEqual([
      ['a', 0, 10, 1, 2],
      ['a', 0, 10, 2, 3],
    ]);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('reduce over a first null value stores nothing and forwards a null aggregate (aggregatorForReducer: aggregate == null ? value : reduce)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string | null>('in')
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .reduce((a, b) => `${a}+${b}`)
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string | null>('in');
    input.pipeInput('a', null, 2);
    input.pipeInput('a', 'x', 3);
    expect(rows(driver)).toEqual([
      ['a', 0, 10, null, 2],
      ['a', 0, 10, 'x', 3], // the window was never stored: 'x' starts it
    ]);
    expect(driver.droppedRecords()).toBe(0);
  });

  it('reduce starts from the first value; aggregate from the initializer', () => {
    const builder = new StreamsBuilder();
    const grouped = builder.stream<string, string>('in').groupByKey();
    grouped
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .reduce((a, b) => `${a}+${b}`)
      .toStream()
      .to('reduced');
    grouped
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .aggregate(
        () => '>',
        (_k, v, agg) => agg + v,
      )
      .toStream()
      .to('aggregated');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('k', 'x', 1);
    input.pipeInput('k', 'y', 2);
    expect(rows(driver, 'reduced').map((r) => r[3])).toEqual(['x', 'x+y']);
    expect(rows(driver, 'aggregated').map((r) => r[3])).toEqual(['>x', '>xy']);
  });

  it('names the store first and repartitions through <store>-repartition after groupBy, or <Grouped name>-repartition', () => {
    const byStore = new StreamsBuilder();
    byStore
      .stream<string, string>('in')
      .groupBy((_k, v) => v)
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .count()
      .toStream()
      .to('out');
    const d1 = new TestDriver(byStore);
    d1.createInputTopic<string, string>('in').pipeInput('k', 'word', 1);
    expect([...d1.producedTopicNames()].sort()).toEqual([
      'out',
      'streamsim-test-KSTREAM-AGGREGATE-STATE-STORE-0000000002-changelog',
      'streamsim-test-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition',
    ]);

    const byName = new StreamsBuilder();
    byName
      .stream<string, string>('in')
      .groupBy((_k, v) => v, Grouped.as('words'))
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .count(Materialized.as('word-counts'))
      .toStream()
      .to('out');
    const d2 = new TestDriver(byName);
    d2.createInputTopic<string, string>('in').pipeInput('k', 'word', 1);
    expect([...d2.producedTopicNames()].sort()).toEqual(['out', 'streamsim-test-word-counts-changelog', 'streamsim-test-words-repartition']);
    expect(rows(d2)).toEqual([['word', 0, 10, 1, 1]]);
  });

  it('rejects a retention shorter than size + grace, and bad window specs, saying what to change', () => {
    expect(() => windowedCount(TimeWindows.ofSizeAndGrace(10, 5), Materialized.as<string, number>('c').withRetention(14))).toThrow(
      'The retention period of the window store c must be no smaller than its window size plus the grace period. Got size=[10], grace=[5], retention=[14]',
    );
    expect(() => TimeWindows.ofSizeWithNoGrace(0)).toThrow(/window size must be larger than zero/);
    expect(() => TimeWindows.ofSizeAndGrace(10, -1)).toThrow(/grace period must not be negative/);
    expect(() => TimeWindows.ofSizeWithNoGrace(10).advanceBy(11)).toThrow(/advance must lie within \(0, 10\]/);
    expect(() => TimeWindows.ofSizeWithNoGrace(10).advanceBy(0)).toThrow(/advance must lie within \(0, 10\]/);
  });

  it('the window store is queryable through the driver across partitions: fetch by key and time, all() by start then key', () => {
    const driver = new TestDriver(windowedCount(TimeWindows.ofSizeAndGrace(10, 100), Materialized.as('counts')), { partitions: 3 });
    const input = driver.createInputTopic<string, string>('in');
    for (const [k, t] of [['a', 1], ['b', 2], ['a', 15], ['c', 16], ['a', 17]] as const) input.pipeInput(k, 'x', t);
    // As Kafka's TopologyTestDriver: getWindowStore gives plain values, getTimestampedWindowStore keeps timestamps.
    const timestamped = driver.getTimestampedWindowStore<string, number>('counts');
    expect(timestamped.fetch('a', 0, 100)).toEqual([
      { key: 0, value: { value: 1, timestamp: 1 } },
      { key: 10, value: { value: 2, timestamp: 17 } },
    ]);
    expect(timestamped.fetch('a', 10)).toEqual({ value: 2, timestamp: 17 });
    const store = driver.getWindowStore<string, number>('counts');
    expect(store.fetch('a', 0, 100)).toEqual([
      { key: 0, value: 1 },
      { key: 10, value: 2 },
    ]);
    expect(store.fetch('a', 10)).toBe(2);
    expect(store.all().map((kv) => [kv.key.key, kv.key.window.start, kv.value])).toEqual([
      ['a', 0, 1],
      ['b', 0, 1],
      ['a', 10, 2],
      ['c', 10, 1],
    ]);
    expect(store.backwardAll().map((kv) => [kv.key.key, kv.key.window.start])).toEqual([
      ['c', 10],
      ['a', 10],
      ['b', 0],
      ['a', 0],
    ]);
  });
});

describe('property: windowed counts equal a brute-force recomputation over the non-late input', () => {
  it('tumbling and hopping windows, random lateness and out-of-order timestamps', () => {
    const record = fc.record({ key: fc.constantFrom('a', 'b', 'c'), ts: fc.integer({ min: 0, max: 300 }) });
    const spec = fc
      .record({ size: fc.integer({ min: 1, max: 40 }), hops: fc.integer({ min: 1, max: 4 }), grace: fc.integer({ min: 0, max: 30 }) })
      .map(({ size, hops, grace }) => ({ size, advance: Math.max(1, Math.floor(size / hops)), grace }));
    fc.assert(
      fc.property(spec, fc.array(record, { maxLength: 60 }), ({ size, advance, grace }, records) => {
        // Brute force: enumerate windows from scratch and decide lateness from the max timestamp seen so far.
        const expected = new Map<string, { count: number; ts: number }>();
        let dropped = 0;
        let maxSeen = -Infinity;
        for (const r of records) {
          maxSeen = Math.max(maxSeen, r.ts);
          for (let start = 0; start <= r.ts; start += advance) {
            const end = start + size;
            if (r.ts >= end) continue;
            if (maxSeen >= end + grace) {
              dropped++;
              continue;
            }
            const id = `${r.key}@${start}`;
            const cur = expected.get(id);
            expected.set(id, { count: (cur?.count ?? 0) + 1, ts: Math.max(cur?.ts ?? -1, r.ts) });
          }
        }
        const driver = new TestDriver(windowedCount(TimeWindows.ofSizeAndGrace(size, grace).advanceBy(advance)), { trace: false });
        const input = driver.createInputTopic<string, string>('in');
        for (const r of records) input.pipeInput(r.key, 'v', r.ts);
        const actual = new Map<string, { count: number; ts: number }>();
        for (const [key, start, end, value, ts] of rows(driver)) {
          expect(end - start).toBe(size);
          actual.set(`${key}@${start}`, { count: value as number, ts });
        }
        expect(actual).toEqual(expected);
        expect(driver.droppedRecords()).toBe(dropped);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe('windowed aggregates are values', () => {
  it('an aggregator that mutates the window aggregate in place fails loudly with what to change', () => {
    const b = new StreamsBuilder();
    b.stream<string, number>('in')
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .aggregate(
        () => ({ n: 0 }),
        (_k, v, agg) => {
          agg.n += v;
          return agg;
        },
      )
      .toStream()
      .to('out');
    const driver = new TestDriver(b);
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('k', 1, 1);
    expect(() => input.pipeInput('k', 2, 2)).toThrow(/changed its stored value in place/);
  });
});
