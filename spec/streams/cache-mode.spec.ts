import { describe, expect, it } from 'vitest';
import { Materialized, StreamsBuilder, TestDriver, type Change, type StreamRecord, type TestOutputTopic } from '../../src/index.js';

/**
 * Cache mode models Kafka's record caches, described in the developer guide, "Memory Management: Record caches
 * in the DSL": a materialized KTable (source or aggregation) keeps its updates in a cache and forwards only the
 * latest per key when the cache is flushed, on commit (commit.interval.ms) or when it exceeds
 * statestore.cache.max.bytes. With a cache size of 0 (streamsim's default) every update is forwarded.
 */
const CACHE = { cacheMaxBytes: 10 * 1024 * 1024 };

const readers = new WeakMap<TestDriver, Map<string, TestOutputTopic>>();

/** [key, value, timestamp] of the records written to a topic since the last call for that topic. */
function records<K, V>(driver: TestDriver, topic: string): [K, V, number][] {
  let byTopic = readers.get(driver);
  if (byTopic === undefined) readers.set(driver, (byTopic = new Map()));
  let reader = byTopic.get(topic);
  if (reader === undefined) byTopic.set(topic, (reader = driver.createOutputTopic(topic)));
  return reader.readRecordsToList().map((r) => [r.key as K, r.value as V, r.timestamp]);
}

/** The developer guide's example: a sum per key over the stream <A,1>, <D,5>, <A,20>, <A,300>. */
function sums(materializedName = 'sums') {
  const builder = new StreamsBuilder();
  const table = builder
    .stream<string, number>('in')
    .groupByKey()
    .reduce((a, b) => a + b, Materialized.as(materializedName));
  table.toStream().to('out');
  return { builder, table };
}

function pipeGuideExample(driver: TestDriver): void {
  const input = driver.createInputTopic<string, number>('in');
  input.pipeInput('A', 1, 1);
  input.pipeInput('D', 5, 2);
  input.pipeInput('A', 20, 3);
  input.pipeInput('A', 300, 4);
}

describe('cache mode (Kafka "Record caches in the DSL", CachingKeyValueStore, TimestampedTupleForwarder)', () => {
  it('without a cache, every update of the aggregate is forwarded', () => {
    const driver = new TestDriver(sums().builder);
    pipeGuideExample(driver);
    expect(records(driver, 'out')).toEqual([
      ['A', 1, 1],
      ['D', 5, 2],
      ['A', 21, 3],
      ['A', 321, 4],
    ]);
  });

  it('with a cache, nothing leaves before the commit; then one record per key, in the order of their latest update', () => {
    const driver = new TestDriver(sums().builder, CACHE);
    pipeGuideExample(driver);
    expect(records(driver, 'out')).toEqual([]);
    driver.advanceWallClockTime(29_999);
    expect(records(driver, 'out')).toEqual([]);
    driver.advanceWallClockTime(1); // commit.interval.ms (30 s by default) has passed: commit flushes the cache
    expect(records(driver, 'out')).toEqual([
      ['D', 5, 2],
      ['A', 321, 4],
    ]);
    // The store answers queries from the cache in between, as Kafka's caching store does.
    driver.createInputTopic<string, number>('in').pipeInput('A', 1, 5);
    expect(driver.getKeyValueStore<string, number>('sums').get('A')).toBe(322);
    expect(records(driver, 'out')).toEqual([]);
  });

  it('forwards the cached change with the old value the store held before the flush: <A, (321, null)> as in the guide', () => {
    const { builder, table } = sums();
    table.enableSendingOldValues();
    const seen: [string, number | null, number | null][] = [];
    builder.build().addProcessor(
      'capture',
      () => ({ process: (r: StreamRecord<string, Change<number>>) => void seen.push([r.key, r.value.newValue, r.value.oldValue]) }),
      table.nodeName,
    );
    const driver = new TestDriver(builder, CACHE);
    pipeGuideExample(driver);
    driver.advanceWallClockTime(30_000);
    expect(seen).toEqual([
      ['D', 5, null],
      ['A', 321, null],
    ]);
    driver.createInputTopic<string, number>('in').pipeInput('A', 1, 5);
    driver.advanceWallClockTime(30_000);
    expect(seen.slice(2)).toEqual([['A', 322, 321]]);
  });

  it('word count: one record per word per commit interval; every word still goes through the repartition topic', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string | null, string>('lines')
      .flatMapValues((line) => line.split(' '))
      .groupBy((_k, word) => word)
      .count(Materialized.as('word-counts'))
      .toStream()
      .to('counts');
    const driver = new TestDriver(builder, { ...CACHE, commitIntervalMs: 1_000 });
    const lines = driver.createInputTopic<string | null, string>('lines');
    lines.pipeInput(null, 'a b a', 1);
    lines.pipeInput(null, 'b c', 2);
    driver.advanceWallClockTime(1_000);
    expect(records(driver, 'counts')).toEqual([
      ['a', 2, 1],
      ['b', 2, 2],
      ['c', 1, 2],
    ]);
    lines.pipeInput(null, 'a', 3);
    driver.advanceWallClockTime(1_000);
    expect(records(driver, 'counts')).toEqual([['a', 3, 3]]);
    expect(driver.createOutputTopic('streamsim-test-word-counts-repartition').getQueueSize()).toBe(6);
    // The changelog is written on flush only: it is de-duplicated too.
    expect(driver.createOutputTopic<string, { value: number }>('streamsim-test-word-counts-changelog').readRecordsToList().map((r) => [r.key, r.value.value])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 1],
      ['a', 3],
    ]);
  });

  it('word count with cache size 0 forwards every update', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string | null, string>('lines')
      .flatMapValues((line) => line.split(' '))
      .groupBy((_k, word) => word)
      .count()
      .toStream()
      .to('counts');
    const driver = new TestDriver(builder, { cacheMaxBytes: 0 });
    const lines = driver.createInputTopic<string | null, string>('lines');
    lines.pipeInput(null, 'a b a', 1);
    lines.pipeInput(null, 'b c', 2);
    expect(records(driver, 'counts')).toEqual([
      ['a', 1, 1],
      ['b', 1, 1],
      ['a', 2, 1],
      ['b', 2, 2],
      ['c', 1, 2],
    ]);
  });

  it('closing the driver commits, which flushes the cache', () => {
    const driver = new TestDriver(sums().builder, CACHE);
    pipeGuideExample(driver);
    driver.close();
    expect(records(driver, 'out')).toEqual([
      ['D', 5, 2],
      ['A', 321, 4],
    ]);
  });

  it('Materialized.withCachingDisabled() opts a store out of cache mode', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, number>('in')
      .groupByKey()
      .reduce((a, b) => a + b, Materialized.as<string, number>('sums').withCachingDisabled())
      .toStream()
      .to('out');
    const driver = new TestDriver(builder, CACHE);
    pipeGuideExample(driver);
    expect(records(driver, 'out').map(([, v]) => v)).toEqual([1, 5, 21, 321]);
  });

  it('caches a source table materialized under a name, but not one Kafka would not materialize (no Materialized name)', () => {
    const named = new StreamsBuilder();
    named.table<string, number>('t', {}, Materialized.as('t-store')).toStream().to('out');
    const unnamed = new StreamsBuilder();
    unnamed.table<string, number>('t').toStream().to('out');
    const [namedDriver, unnamedDriver] = [new TestDriver(named, CACHE), new TestDriver(unnamed, CACHE)];
    for (const driver of [namedDriver, unnamedDriver]) {
      const input = driver.createInputTopic<string, number>('t');
      input.pipeInput('A', 1, 1);
      input.pipeInput('A', 2, 2);
    }
    expect(records(namedDriver, 'out')).toEqual([]);
    expect(records(unnamedDriver, 'out')).toEqual([
      ['A', 1, 1],
      ['A', 2, 2],
    ]);
    namedDriver.advanceWallClockTime(30_000);
    expect(records(namedDriver, 'out')).toEqual([['A', 2, 2]]);
  });

  it('a delete of a key the table never held is not forwarded, nor a key added and deleted between two commits (putAndMaybeForward)', () => {
    const builder = new StreamsBuilder();
    builder.table<string, number>('t', {}, Materialized.as('t-store')).toStream().to('out');
    const driver = new TestDriver(builder, CACHE);
    const input = driver.createInputTopic<string, number | null>('t');
    input.pipeInput('X', null, 1);
    input.pipeInput('Y', 1, 2);
    input.pipeInput('Y', null, 3);
    input.pipeInput('Z', 1, 4);
    driver.advanceWallClockTime(30_000);
    expect(records(driver, 'out')).toEqual([['Z', 1, 4]]);
    input.pipeInput('Z', null, 5);
    driver.advanceWallClockTime(30_000);
    // A flushed delete carries the timestamp of the record that deleted.
    expect(records(driver, 'out')).toEqual([['Z', null, 5]]);

    // Without the cache the source forwards every delete as a tombstone.
    const uncached = new TestDriver(builder);
    uncached.createInputTopic<string, number | null>('t').pipeInput('X', null, 1);
    expect(records(uncached, 'out')).toEqual([['X', null, 1]]);
  });

  it('past cacheMaxBytes, evicting the least recently written dirty entry flushes the whole cache, that entry first (NamedCache#evict)', () => {
    // streamsim counts an entry as 64 bytes + key + value estimate: key 'A' is 1 byte and a stored
    // { value: number, timestamp: number } is 'value' 5 + 8 + 'timestamp' 9 + 8 = 30, so 95 bytes. 200 holds two.
    const driver = new TestDriver(sums().builder, { cacheMaxBytes: 200 });
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('A', 1, 1);
    input.pipeInput('B', 2, 2);
    input.pipeInput('A', 10, 3); // A is now written more recently than B
    expect(records(driver, 'out')).toEqual([]);
    input.pipeInput('C', 3, 4); // a third entry: B, the least recently written, is evicted and everything flushes
    expect(records(driver, 'out')).toEqual([
      ['B', 2, 2],
      ['A', 11, 3],
      ['C', 3, 4],
    ]);
    input.pipeInput('D', 4, 5); // evicts A, now clean: nothing to forward
    expect(records(driver, 'out')).toEqual([]);
    driver.advanceWallClockTime(30_000);
    expect(records(driver, 'out')).toEqual([['D', 4, 5]]);
  });

  it('a cache too small for a single entry forwards every update at once', () => {
    const driver = new TestDriver(sums().builder, { cacheMaxBytes: 1 });
    pipeGuideExample(driver);
    expect(records(driver, 'out').map(([k, v]) => [k, v])).toEqual([
      ['A', 1],
      ['D', 5],
      ['A', 21],
      ['A', 321],
    ]);
  });

  it('a re-grouping of a cached table sees flushed changes only; each cache level holds updates until its own commit', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('users')
      .groupBy((user, region) => [region, user])
      .count()
      .toStream()
      .to('counts');
    const driver = new TestDriver(builder, CACHE);
    const users = driver.createInputTopic<string, string>('users');
    users.pipeInput('alice', 'eu', 1);
    users.pipeInput('alice', 'us', 2); // replaces eu before any flush: eu never reaches the aggregation
    driver.advanceWallClockTime(30_000); // flushes the users table into the repartition topic
    expect(records(driver, 'counts')).toEqual([]);
    driver.advanceWallClockTime(30_000); // flushes the counts
    expect(records(driver, 'counts')).toEqual([['us', 1, 2]]);
    users.pipeInput('alice', 'eu', 3);
    driver.advanceWallClockTime(30_000);
    driver.advanceWallClockTime(30_000);
    expect(records(driver, 'counts')).toEqual([
      ['us', 0, 3],
      ['eu', 1, 3],
    ]);
  });

  it('a filter after a cached aggregation only sees flushed values', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, number>('in')
      .groupByKey()
      .reduce((a, b) => a + b)
      .filter((_k, sum) => sum > 100)
      .toStream()
      .to('big');
    const driver = new TestDriver(builder, CACHE);
    pipeGuideExample(driver);
    driver.advanceWallClockTime(30_000);
    // D (5) fails, but D was never in the filtered table: no tombstone (old values are on behind an aggregation).
    expect(records(driver, 'big')).toEqual([['A', 321, 4]]);
  });
});
