import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Materialized, SlidingWindows, StreamsBuilder, TestDriver, type Windowed } from '../../src/index.js';

type Row = [start: number, end: number, value: unknown, timestamp: number];

function rows(driver: TestDriver): Row[] {
  return driver
    .createOutputTopic<Windowed<string>, unknown>('out')
    .readRecordsToList()
    .map((r) => [r.key.window.start, r.key.window.end, r.value, r.timestamp]);
}

function listing(windows: SlidingWindows) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, number>('in')
    .groupByKey()
    .windowedBy(windows)
    .aggregate(
      () => [] as number[],
      (_k, v, list) => [...list, v],
    )
    .toStream()
    .to('out');
  return builder;
}

function counting(windows: SlidingWindows) {
  const builder = new StreamsBuilder();
  builder.stream<string, number>('in').groupByKey().windowedBy(windows).count().toStream().to('out');
  return builder;
}

describe('SlidingWindows (Kafka KStreamSlidingWindowAggregate, KIP-450)', () => {
  it('reproduces the SlidingWindows javadoc example: time difference 5000, records at 8000, 9200, 12400 give 5 windows', () => {
    const driver = new TestDriver(listing(SlidingWindows.ofTimeDifferenceWithNoGrace(5000)));
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('A', 1, 8000);
    input.pipeInput('A', 2, 9200);
    input.pipeInput('A', 3, 12_400);
    // Every update, in Kafka's order: the record's updates of existing windows, then the previous record's
    // right window, the record's left window, and its right window.
    expect(rows(driver)).toEqual([
      [3000, 8000, [1], 8000],
      [8001, 13_001, [2], 9200], // right window of 8000, opened by 9200
      [4200, 9200, [1, 2], 9200],
      [8001, 13_001, [2, 3], 12_400],
      [9201, 14_201, [3], 12_400], // right window of 9200, opened by 12400
      [7400, 12_400, [1, 2, 3], 12_400],
    ]);
  });

  it('bounds are inclusive on both ends: [t - d, t]', () => {
    const driver = new TestDriver(counting(SlidingWindows.ofTimeDifferenceWithNoGrace(10)));
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('A', 0, 20);
    input.pipeInput('A', 0, 30); // exactly d after 20: both in [20,30]
    expect(rows(driver)).toEqual([
      [10, 20, 1, 20],
      [21, 31, 1, 30], // right window of 20: holds 30 only
      [20, 30, 2, 30],
    ]);
  });

  it('an out-of-order record updates the windows that hold it and creates its own left and right windows', () => {
    const driver = new TestDriver(counting(SlidingWindows.ofTimeDifferenceAndGrace(10, 10)));
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('A', 0, 20);
    input.pipeInput('A', 0, 15);
    expect(rows(driver)).toEqual([
      [10, 20, 1, 20],
      [10, 20, 2, 20], // the earlier record joins 20's left window; timestamp stays the max
      [5, 15, 1, 15], // its own left window
      [16, 26, 1, 20], // its right window, holding the later record 20
    ]);
  });

  it('drops a record entirely when even its right window is closed: t + 1 + d <= streamTime - grace; drops single closed windows (end < streamTime - grace)', () => {
    const driver = new TestDriver(counting(SlidingWindows.ofTimeDifferenceWithNoGrace(10)));
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('A', 0, 100);
    input.pipeInput('A', 0, 89); // 89 + 1 + 10 <= 100: dropped
    input.pipeInput('A', 0, 90); // 101 > 100: processed, but its left window [80,90] ends before 100: skipped
    expect(rows(driver)).toEqual([
      [90, 100, 1, 100],
      [90, 100, 2, 100],
      [91, 101, 1, 100],
    ]);
    expect(driver.droppedRecords()).toBe(2);
  });

  it('records earlier than the time difference share the window [0, d]', () => {
    const driver = new TestDriver(counting(SlidingWindows.ofTimeDifferenceWithNoGrace(10)));
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('A', 0, 3);
    input.pipeInput('A', 0, 7);
    expect(rows(driver)).toEqual([
      [0, 10, 1, 3],
      [4, 14, 1, 7], // right window of 3
      [0, 10, 2, 7],
    ]);
  });

  it('drops (and counts) records with a null key or a null value (KStreamSlidingWindowAggregate checks both, unlike time and session windows)', () => {
    const driver = new TestDriver(counting(SlidingWindows.ofTimeDifferenceWithNoGrace(10)));
    const input = driver.createInputTopic<string | null, number | null>('in');
    input.pipeInput(null, 0, 20);
    input.pipeInput('A', null, 20);
    input.pipeInput('A', 0, 20);
    expect(rows(driver)).toEqual([[10, 20, 1, 20]]);
    expect(driver.droppedRecords()).toBe(2);
  });

  it('rejects a retention below 2 * time difference + grace, and negative specs', () => {
    expect(() =>
      new StreamsBuilder()
        .stream<string, number>('in')
        .groupByKey()
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5))
        .count(Materialized.as<string, number>('s').withRetention(24)),
    ).toThrow(
      'The retention period of the window store s must be no smaller than 2 * time difference plus the grace period. Got time difference=[10], grace=[5], retention=[24]',
    );
    expect(() => SlidingWindows.ofTimeDifferenceWithNoGrace(-1)).toThrow(/time difference must not be negative/);
    expect(() => SlidingWindows.ofTimeDifferenceAndGrace(10, -1)).toThrow(/grace period must not be negative/);
  });

  it('property: with nothing late, the final windows are every left window [t-d, t] and every non-empty right window [t+1, t+1+d], each counting its records', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 25 }), (d, offsets) => {
        const times = offsets.map((o) => d + o); // t >= d: no early-record window [0, d]
        const inRange = (lo: number, hi: number) => times.filter((t) => t >= lo && t <= hi).length;
        const expected = new Map<number, number>();
        for (const t of times) {
          expected.set(t - d, inRange(t - d, t));
          if (inRange(t + 1, t + d) > 0) expected.set(t + 1, inRange(t + 1, t + 1 + d));
        }
        const driver = new TestDriver(counting(SlidingWindows.ofTimeDifferenceAndGrace(d, 1000)), { trace: false });
        const input = driver.createInputTopic<string, number>('in');
        for (const t of times) input.pipeInput('A', 0, t);
        const actual = new Map<number, number>();
        for (const [start, end, count] of rows(driver)) {
          expect(end - start).toBe(d);
          actual.set(start, count as number);
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
