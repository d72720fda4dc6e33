import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BufferConfig,
  Materialized,
  SessionWindows,
  SlidingWindows,
  StreamsBuilder,
  Suppressed,
  TestDriver,
  TimeWindows,
  type Change,
  type KTable,
  type SessionStore,
  type StreamRecord,
  type TestOutputTopic,
  type Windowed,
} from '../../src/index.js';

/**
 * Cache mode for windowed aggregations, as the Kafka Streams developer guide describes it ("Memory Management:
 * Record caches in the DSL"): a windowed count/reduce/aggregate is materialized with caching on (Materialized's
 * default), so its updates are held in a record cache (CachingWindowStore, CachingSessionStore) and only the
 * latest per window and key is forwarded, through the flush listener (TimestampedCacheFlushListener,
 * SessionCacheFlushListener), when the cache is flushed: on commit (commit.interval.ms, 30 s by default) or when
 * it outgrows statestore.cache.max.bytes. The store's changelog is written at flush too. With a cache size of 0
 * every update is forwarded at once.
 */
const CACHE = { cacheMaxBytes: 10 * 1024 * 1024 };
const COMMIT_INTERVAL_MS = 30_000;

type Row = [key: string, start: number, end: number, value: unknown, timestamp: number];
type ChangeRow = [key: string, start: number, end: number, newValue: unknown, oldValue: unknown];

const readers = new WeakMap<TestDriver, Map<string, TestOutputTopic<Windowed<string>, unknown>>>();

/** The records written to a topic since the last call, as [key, window start, window end, value, timestamp]. */
function rows(driver: TestDriver, topic = 'out'): Row[] {
  let byTopic = readers.get(driver);
  if (byTopic === undefined) readers.set(driver, (byTopic = new Map()));
  let reader = byTopic.get(topic);
  if (reader === undefined) byTopic.set(topic, (reader = driver.createOutputTopic<Windowed<string>, unknown>(topic)));
  return reader.readRecordsToList().map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]);
}

/** Records every change a table forwards, old values included (the table sends them once asked). */
function captureChanges<V>(builder: StreamsBuilder, table: KTable<Windowed<string>, V>): ChangeRow[] {
  table.enableSendingOldValues();
  const seen: ChangeRow[] = [];
  builder.build().addProcessor(
    'capture',
    () => ({
      process: (r: StreamRecord<Windowed<string>, Change<V>>) =>
        void seen.push([r.key.key, r.key.window.start, r.key.window.end, r.value.newValue, r.value.oldValue]),
    }),
    table.nodeName,
  );
  return seen;
}

function tumblingCount(materialized: Materialized<string, number> = Materialized.as('counts')) {
  const builder = new StreamsBuilder();
  const table = builder.stream<string, string>('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 100)).count(materialized);
  table.toStream().to('out');
  return { builder, table };
}

function sessionCount() {
  const builder = new StreamsBuilder();
  const table = builder
    .stream<string, string>('in')
    .groupByKey()
    .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 100))
    .count(Materialized.as('sessions'));
  table.toStream().to('out');
  return { builder, table };
}

function pipe(driver: TestDriver, records: readonly (readonly [key: string, timestampMs: number])[]): void {
  const input = driver.createInputTopic<string, string>('in');
  for (const [key, t] of records) input.pipeInput(key, 'v', t);
}

describe('cache mode for TimeWindows (Kafka CachingWindowStore, TimestampedTupleForwarder)', () => {
  it('without a cache, every update of a window is forwarded at once', () => {
    const driver = new TestDriver(tumblingCount().builder, { cacheMaxBytes: 0 });
    pipe(driver, [['a', 1], ['a', 5], ['b', 7], ['a', 12]]);
    expect(rows(driver)).toEqual([
      ['a', 0, 10, 1, 1],
      ['a', 0, 10, 2, 5],
      ['b', 0, 10, 1, 7],
      ['a', 10, 20, 1, 12],
    ]);
  });

  it('with a cache, nothing leaves before the commit; then the latest count per window and key, in the order of their latest update', () => {
    const driver = new TestDriver(tumblingCount().builder, CACHE);
    pipe(driver, [['a', 1], ['a', 5], ['b', 7], ['a', 12]]);
    expect(rows(driver)).toEqual([]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS - 1);
    expect(rows(driver)).toEqual([]);
    driver.advanceWallClockTime(1);
    // Each carries the window's aggregate timestamp (the max of its records), as without a cache.
    expect(rows(driver)).toEqual([
      ['a', 0, 10, 2, 5],
      ['b', 0, 10, 1, 7],
      ['a', 10, 20, 1, 12],
    ]);
    pipe(driver, [['a', 8]]);
    // The store answers from the cache in between, as Kafka's caching store does.
    expect(driver.getWindowStore<string, number>('counts').fetch('a', 0)).toBe(3);
    expect(rows(driver)).toEqual([]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(rows(driver)).toEqual([['a', 0, 10, 3, 8]]);
  });

  it('with old values on, a flushed window carries the value the store held before the flush', () => {
    const { builder, table } = tumblingCount();
    const seen = captureChanges(builder, table);
    const driver = new TestDriver(builder, CACHE);
    pipe(driver, [['a', 1], ['a', 5], ['b', 7]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(seen).toEqual([
      ['a', 0, 10, 2, null],
      ['b', 0, 10, 1, null],
    ]);
    pipe(driver, [['a', 8], ['a', 9]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(seen.slice(2)).toEqual([['a', 0, 10, 4, 2]]); // 3 never left the cache
  });

  it('writes the window store changelog at flush only, one record per window and key, in the record context of the last write', () => {
    const driver = new TestDriver(tumblingCount().builder, CACHE);
    const changelog = driver.createOutputTopic<{ key: string; windowStart: number }, { value: number; timestamp: number }>('streamsim-test-counts-changelog');
    pipe(driver, [['a', 1], ['a', 5], ['b', 7], ['a', 12]]);
    expect(changelog.isEmpty()).toBe(true);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(changelog.readRecordsToList().map((r) => [r.key.key, r.key.windowStart, r.value.value, r.timestamp])).toEqual([
      ['a', 0, 2, 5],
      ['b', 0, 1, 7],
      ['a', 10, 1, 12],
    ]);
  });

  it('past cacheMaxBytes, evicting the least recently written dirty window flushes the whole cache, that window first (NamedCache#evict)', () => {
    // streamsim counts a window entry as 64 + 8 (window start) + key + value estimate bytes: key 'a' is 1 and a
    // stored { value: number, timestamp: number } is 'value' 5 + 8 + 'timestamp' 9 + 8 = 30: 103 bytes. 250 holds two.
    const driver = new TestDriver(tumblingCount().builder, { cacheMaxBytes: 250 });
    pipe(driver, [['a', 1], ['b', 2], ['a', 3]]); // a's window is now written more recently than b's
    expect(rows(driver)).toEqual([]);
    pipe(driver, [['c', 4]]); // a third entry: b's window, the least recently written, is evicted; all flush
    expect(rows(driver)).toEqual([
      ['b', 0, 10, 1, 2],
      ['a', 0, 10, 2, 3],
      ['c', 0, 10, 1, 4],
    ]);
    pipe(driver, [['d', 5]]); // evicts a's window, clean by now: nothing to forward
    expect(rows(driver)).toEqual([]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(rows(driver)).toEqual([['d', 0, 10, 1, 5]]);
  });

  it('a hopping record updates one cache entry per window; a commit forwards each window once', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 100).advanceBy(5)).count().toStream().to('out');
    const driver = new TestDriver(builder, CACHE);
    pipe(driver, [['a', 7], ['a', 8], ['a', 12]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    // 7 and 8 are in [0,10) and [5,15); 12 in [5,15) and [10,20). Order: latest write.
    expect(rows(driver)).toEqual([
      ['a', 0, 10, 2, 8],
      ['a', 5, 15, 3, 12],
      ['a', 10, 20, 1, 12],
    ]);
  });

  it('Materialized.withCachingDisabled() opts a windowed aggregation out of cache mode', () => {
    const driver = new TestDriver(tumblingCount(Materialized.as<string, number>('counts').withCachingDisabled()).builder, CACHE);
    pipe(driver, [['a', 1], ['a', 5]]);
    expect(rows(driver)).toEqual([
      ['a', 0, 10, 1, 1],
      ['a', 0, 10, 2, 5],
    ]);
  });

  it('closing the driver commits, which flushes the cache', () => {
    const driver = new TestDriver(tumblingCount().builder, CACHE);
    pipe(driver, [['a', 1], ['a', 5]]);
    driver.close();
    expect(rows(driver)).toEqual([['a', 0, 10, 2, 5]]);
  });

  it('a flushed window carries the headers of the record that last updated it', () => {
    const driver = new TestDriver(tumblingCount().builder, CACHE);
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'v', 1, [{ key: 'h', value: 'first' }]);
    input.pipeInput('a', 'v', 2, [{ key: 'h', value: 'second' }]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(driver.createOutputTopic('out').readRecordsToList().map((r) => r.headers)).toEqual([[{ key: 'h', value: 'second' }]]);
  });

  it('suppress(untilWindowCloses) downstream still emits final results: it sees the flushed updates and closes windows on their timestamps', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .count()
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
      .toStream()
      .to('final');
    const driver = new TestDriver(builder, CACHE);
    pipe(driver, [['a', 1], ['a', 2], ['a', 15]]);
    expect(rows(driver, 'final')).toEqual([]); // without a cache [0,10) would be final already: 15 passed its end
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    // The flush forwards [0,10) = 2 (timestamp 2), then [10,20) = 1 (timestamp 15): suppress's stream time
    // reaches 15 >= 10 + 0, so [0,10) is final.
    expect(rows(driver, 'final')).toEqual([['a', 0, 10, 2, 2]]);
    pipe(driver, [['a', 30]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(rows(driver, 'final')).toEqual([['a', 10, 20, 1, 15]]);
  });
});

describe('cache mode for SlidingWindows (Kafka KStreamSlidingWindowAggregate over a CachingWindowStore)', () => {
  it('reads its windows back from the cache and forwards each window once per commit', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in').groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 100)).count().toStream().to('out');
    const driver = new TestDriver(builder, CACHE);
    pipe(driver, [['a', 20], ['a', 25], ['a', 22]]);
    expect(rows(driver)).toEqual([]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    // Windows [start, start + 10], both ends inclusive, over the records 20, 22, 25: the left window of each
    // record, and the right windows of 20 ([21,31]) and 22 ([23,33]). Order: latest write.
    expect(rows(driver).map(([, start, end, count, timestamp]) => [start, end, count, timestamp])).toEqual([
      [10, 20, 1, 20],
      [21, 31, 2, 25],
      [15, 25, 3, 25],
      [12, 22, 2, 22],
      [23, 33, 1, 25],
    ]);
  });
});

describe('cache mode for SessionWindows (Kafka CachingSessionStore, SessionCacheFlushListener)', () => {
  it('a session created and merged away between two commits never leaves the cache; a merged session that was flushed gets a tombstone', () => {
    // The SessionWindows javadoc example (gap 5: records at 10, 12, 20, then 16), with a commit before 16.
    const driver = new TestDriver(sessionCount().builder, CACHE);
    pipe(driver, [['A', 10], ['A', 12], ['A', 20]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    // [10,10] was replaced by [10,12] before any flush: a delete of a session the store never held is dropped.
    expect(rows(driver)).toEqual([
      ['A', 10, 12, 2, 12],
      ['A', 20, 20, 1, 20],
    ]);
    pipe(driver, [['A', 16]]);
    expect(rows(driver)).toEqual([]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    // Both merged sessions were flushed before: each gets a tombstone (timestamp: its end), then the new session.
    expect(rows(driver)).toEqual([
      ['A', 10, 12, null, 12],
      ['A', 20, 20, null, 20],
      ['A', 10, 20, 4, 20],
    ]);
  });

  it('without a cache the same records forward every step, [10,10] and its tombstone included', () => {
    const driver = new TestDriver(sessionCount().builder, { cacheMaxBytes: 0 });
    pipe(driver, [['A', 10], ['A', 12], ['A', 20], ['A', 16]]);
    expect(rows(driver)).toEqual([
      ['A', 10, 10, 1, 10],
      ['A', 10, 10, null, 10],
      ['A', 10, 12, 2, 12],
      ['A', 20, 20, 1, 20],
      ['A', 10, 12, null, 12],
      ['A', 20, 20, null, 20],
      ['A', 10, 20, 4, 20],
    ]);
  });

  it('with old values on, a tombstone carries the aggregate of the merged session as the store held it', () => {
    const { builder, table } = sessionCount();
    const seen = captureChanges(builder, table);
    const driver = new TestDriver(builder, CACHE);
    pipe(driver, [['A', 10], ['A', 12], ['A', 20]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    pipe(driver, [['A', 16]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(seen).toEqual([
      ['A', 10, 12, 2, null],
      ['A', 20, 20, 1, null],
      ['A', 10, 12, null, 2],
      ['A', 20, 20, null, 1],
      ['A', 10, 20, 4, null],
    ]);
  });

  it('writes the session store changelog at flush: the merged sessions as tombstones, never the session that stayed in the cache', () => {
    const driver = new TestDriver(sessionCount().builder, CACHE);
    const changelog = driver.createOutputTopic<Windowed<string>, number | null>('streamsim-test-sessions-changelog');
    pipe(driver, [['A', 10], ['A', 12], ['A', 20]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    pipe(driver, [['A', 16]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    expect(changelog.readRecordsToList().map((r) => [r.key.window.start, r.key.window.end, r.value])).toEqual([
      [10, 12, 2],
      [20, 20, 1],
      [10, 12, null],
      [20, 20, null],
      [10, 20, 4],
    ]);
  });

  it('the session store answers from the cache in between: merged sessions are gone, the new one is there', () => {
    const driver = new TestDriver(sessionCount().builder, CACHE);
    pipe(driver, [['A', 10], ['A', 12], ['A', 20]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    pipe(driver, [['A', 16]]);
    const store = driver.getSessionStore<SessionStore<string, number>>('sessions');
    expect(store.fetch('A').map((kv) => [kv.key.window.start, kv.key.window.end, kv.value])).toEqual([[10, 20, 4]]);
    expect(store.fetchSession('A', 10, 12)).toBeNull();
  });

  it('suppress(untilWindowCloses) downstream drops the tombstones and emits each final session once', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
      .count()
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
      .toStream()
      .to('final');
    const driver = new TestDriver(builder, CACHE);
    pipe(driver, [['A', 10], ['A', 12]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS); // [10,12] = 2 reaches suppress and waits in its buffer
    expect(rows(driver, 'final')).toEqual([]);
    pipe(driver, [['A', 16], ['B', 30]]);
    driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
    // Flushed: the tombstone of [10,12] (timestamp 12), [10,16] = 3 (16), B's [30,30] (30). Stream time 30
    // closes every session ending at or before 30 - gap 5 - grace 0: [10,12], whose latest change is a
    // tombstone (dropped: final results never delete), and [10,16].
    expect(rows(driver, 'final')).toEqual([['A', 10, 16, 3, 16]]);
  });
});

/** The windowed table a downstream consumer rebuilds from the output topic: a null value deletes the window. */
function downstreamTable(driver: TestDriver): Map<string, unknown> {
  const table = new Map<string, unknown>();
  for (const [key, start, end, value] of rows(driver)) {
    const id = `${key}@[${start},${end}]`;
    if (value === null) table.delete(id);
    else table.set(id, value);
  }
  return table;
}

describe('cache mode property: the cache only drops intermediate updates', () => {
  const aggregations: Record<string, () => StreamsBuilder> = {
    hopping: () => {
      const b = new StreamsBuilder();
      b.stream<string, string>('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 1000).advanceBy(5)).count().toStream().to('out');
      return b;
    },
    sliding: () => {
      const b = new StreamsBuilder();
      b.stream<string, string>('in').groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(8, 1000)).count().toStream().to('out');
      return b;
    },
    session: () => {
      const b = new StreamsBuilder();
      b.stream<string, string>('in')
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(4, 1000))
        .reduce((x, y) => `${x}${y}`)
        .toStream()
        .to('out');
      return b;
    },
  };

  for (const [name, build] of Object.entries(aggregations)) {
    it(`${name}: whatever the commits and the cache size, the table rebuilt downstream ends as without a cache, from no more records`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ key: fc.constantFrom('a', 'b'), t: fc.integer({ min: 0, max: 60 }), commit: fc.boolean() }), { minLength: 1, maxLength: 30 }),
          fc.constantFrom(150, 400, 1_000_000),
          (records, cacheMaxBytes) => {
            const run = (cache: number) => {
              const driver = new TestDriver(build(), { cacheMaxBytes: cache, trace: false });
              const input = driver.createInputTopic<string, string>('in');
              records.forEach((r, i) => {
                input.pipeInput(r.key, String(i % 10), r.t);
                if (r.commit) driver.advanceWallClockTime(COMMIT_INTERVAL_MS);
              });
              driver.close();
              const before = driver.createOutputTopic('out').getQueueSize();
              return { table: downstreamTable(driver), forwarded: before };
            };
            const uncached = run(0);
            const cached = run(cacheMaxBytes);
            expect(cached.table).toEqual(uncached.table);
            expect(cached.forwarded).toBeLessThanOrEqual(uncached.forwarded);
          },
        ),
        { numRuns: 150, seed: 11 },
      );
    });
  }
});
