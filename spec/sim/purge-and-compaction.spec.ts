/**
 * What keeps a long run's memory bounded by state rather than by events, each as Kafka does it:
 * Admin#deleteRecords, the repartition purge (TaskManager#maybePurgeCommittedRecords, repartition.purge.interval.ms),
 * the log cleaner on compacted topics (min.cleanable.dirty.ratio, delete.retention.ms), windowed changelogs as
 * compact,delete (WindowedChangelogTopicConfig, windowstore.changelog.additional.retention.ms) with retention on
 * the virtual clock (log.retention.check.interval.ms), and a test driver that releases output records once read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Grouped, Materialized, StreamsBuilder, TimeWindows, type Windowed } from '../../src/index.js';
import { Broker } from '../../src/sim/broker.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { Consumer } from '../../src/sim/clients/index.js';
import { TestDriver, type TestDriverOptions } from '../../src/sim/driver/test-driver.js';

const REPARTITION = 'streamsim-test-by-value-repartition';

/** groupBy(value) → count: a repartition topic between two sub-topologies. */
function countByValue(): StreamsBuilder {
  const b = new StreamsBuilder();
  b.stream<string, string>('input').groupBy((_k, v) => v, Grouped.as('by-value')).count(Materialized.as('counts')).toStream().to('out');
  return b;
}

/** groupBy(value) → 60 s tumbling windows, grace 10 s → count. */
function windowedCountByValue(): StreamsBuilder {
  const b = new StreamsBuilder();
  b.stream<string, string>('input')
    .groupBy((_k, v) => v, Grouped.as('by-value'))
    .windowedBy(TimeWindows.ofSizeAndGrace(60_000, 10_000))
    .count(Materialized.as('wcounts'))
    .toStream()
    .to('out');
  return b;
}

/** Brute-force reference: the running count per value. */
function referenceCounts(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

describe('Broker#deleteRecords (Kafka Admin#deleteRecords)', () => {
  it('moves the log start offset, never reuses offsets, and fetches below it get what is left', () => {
    const broker = new Broker();
    broker.createTopic('t');
    for (let i = 0; i < 5; i++) broker.produce('t', { key: 'k', value: i });
    expect(broker.deleteRecords('t', 0, 3)).toBe(3);
    expect(broker.logStartOffset('t', 0)).toBe(3);
    expect(broker.fetch('t', 0, 0).map((r) => r.offset)).toEqual([3, 4]);
    expect(broker.deleteRecords('t', 0, 1)).toBe(3); // a lower offset changes nothing
    expect(broker.produce('t', { key: 'k', value: 5 }).offset).toBe(5);
    expect(broker.deleteRecords('t', 0, -1)).toBe(6); // -1: up to the high watermark
    expect(broker.fetch('t', 0, 0)).toEqual([]);
    expect(broker.logEndOffset('t', 0)).toBe(6);
  });

  it('refuses an offset past the log end offset (OffsetOutOfRangeException)', () => {
    const broker = new Broker();
    broker.createTopic('t');
    broker.produce('t', { key: 'k', value: 0 });
    expect(() => broker.deleteRecords('t', 0, 2)).toThrow(/out of range.*log end offset is 1/);
  });

  it('a consumer positioned below the new log start resets per auto.offset.reset (Fetcher#handleOffsetOutOfRange)', () => {
    const broker = new Broker();
    broker.createTopic('t');
    for (let i = 0; i < 4; i++) broker.produce('t', { key: 'k', value: i });
    const consumer = new Consumer(broker, { autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 't', partition: 0 }]);
    consumer.seek({ topic: 't', partition: 0 }, 1);
    broker.deleteRecords('t', 0, 2);
    expect(consumer.poll().map((r) => r.offset)).toEqual([2, 3]);
  });
});

describe('repartition purge (TaskManager#maybePurgeCommittedRecords, repartition.purge.interval.ms)', () => {
  it('deletes repartition records below the committed offset once more than the interval has passed on the wall clock', () => {
    const driver = new TestDriver(countByValue());
    const input = driver.createInputTopic<string, string>('input');
    for (let i = 0; i < 6; i++) input.pipeInput(`k${i}`, `v${i % 2}`, i);
    expect(driver.broker.describeTopic(REPARTITION).partitions[0]).toMatchObject({ logStartOffset: 0, size: 6 });
    driver.advanceWallClockTime(30_000); // StreamThread#maybeCommit purges when now - lastPurge > interval: not yet
    expect(driver.broker.logStartOffset(REPARTITION, 0)).toBe(0);
    driver.advanceWallClockTime(1);
    expect(driver.broker.describeTopic(REPARTITION).partitions[0]).toMatchObject({ logStartOffset: 6, logEndOffset: 6, size: 0 });
    // Input topics are the user's: never purged.
    expect(driver.broker.logStartOffset('input', 0)).toBe(0);
    expect(driver.createOutputTopic<string, number>('out').readKeyValuesToMap()).toEqual(new Map([['v0', 3], ['v1', 3]]));
  });

  it('Infinity turns the purge off', () => {
    const driver = new TestDriver(countByValue(), { repartitionPurgeIntervalMs: Infinity });
    driver.createInputTopic<string, string>('input').pipeInput('k', 'v', 0);
    driver.advanceWallClockTime(1_000_000);
    expect(driver.broker.logStartOffset(REPARTITION, 0)).toBe(0);
  });

  for (const guarantee of ['at_least_once', 'exactly_once_v2'] as const) {
    it(`a crash and restart after a purge resume at the committed offsets and count correctly (${guarantee})`, () => {
      const values = Array.from({ length: 40 }, (_, i) => `v${(i * 7) % 5}`);
      const driver = new TestDriver(countByValue(), { processingGuarantee: guarantee, partitions: 2 });
      const input = driver.createInputTopic<string, string>('input');
      values.slice(0, 20).forEach((v, i) => input.pipeInput(`k${i}`, v, i));
      driver.advanceWallClockTime(30_001);
      driver.commit();
      const purged = driver.broker.describeTopic(REPARTITION).partitions.map((p) => p.logStartOffset);
      expect(purged.reduce((a, b) => a + b, 0)).toBe(20);
      driver.crash();
      values.slice(20).forEach((v, i) => input.pipeInput(`k${20 + i}`, v, 20 + i));
      driver.restart();
      driver.commit();
      // Nothing after the crash was processed before it: at-least-once and exactly-once agree here.
      expect(driver.createOutputTopic<string, number>('out').readKeyValuesToMap()).toEqual(referenceCounts(values));
    });
  }
});

describe('log cleaner on compacted topics (min.cleanable.dirty.ratio, delete.retention.ms)', () => {
  it('compacts on appends once the dirty part passes the ratio: latest per key, offsets kept', () => {
    const broker = new Broker({ cleanerMinDirtyRecords: 8 });
    broker.createTopic('c', { 'cleanup.policy': 'compact' });
    const latest = new Map<string, { offset: number; value: number }>();
    for (let i = 0; i < 1000; i++) {
      const key = `k${(i * 13) % 10}`;
      const offset = broker.produce('c', { key, value: i }).offset;
      latest.set(key, { offset, value: i });
    }
    const held = broker.records('c');
    expect(held.length).toBeLessThan(30); // 10 keys, and at most a dirty part as large again
    expect(broker.logEndOffset('c', 0)).toBe(1000);
    // Reading the log and keeping the last per key gives the brute-force latest.
    const read = new Map(held.map((r) => [r.key as string, { offset: r.offset, value: r.value as number }]));
    expect(read).toEqual(latest);
  });

  it('keeps a tombstone until delete.retention.ms has passed on the virtual clock, then drops it', () => {
    const clock = new VirtualClock(0);
    const broker = new Broker({ clock, cleanerMinDirtyRecords: 2 });
    broker.createTopic('c', { 'cleanup.policy': 'compact', 'delete.retention.ms': 1_000 });
    broker.produce('c', { key: 'gone', value: 'x' });
    broker.produce('c', { key: 'gone', value: null });
    broker.produce('c', { key: 'a', value: 1 });
    expect(broker.records('c').map((r) => [r.key, r.value])).toEqual([['gone', null], ['a', 1]]);
    clock.advance(1_001);
    broker.produce('c', { key: 'a', value: 2 }); // the dirty part (a:1, a:2) passes the ratio: a cleaning
    expect(broker.records('c').map((r) => [r.key, r.value, r.offset])).toEqual([['a', 2, 3]]);
  });
});

describe('windowed changelogs (InternalTopologyBuilder#createChangelogTopicConfig, WindowedChangelogTopicConfig)', () => {
  it('are compact,delete with retention = store retention + windowstore.changelog.additional.retention.ms; key-value ones compact', () => {
    const d = new TestDriver(windowedCountByValue());
    expect(d.broker.topicConfig('streamsim-test-wcounts-changelog')).toMatchObject({ 'cleanup.policy': 'compact,delete', 'retention.ms': 70_000 + 86_400_000 });
    const k = new TestDriver(countByValue());
    expect(k.broker.topicConfig('streamsim-test-counts-changelog')['cleanup.policy']).toBe('compact');
    const short = new TestDriver(windowedCountByValue(), { windowStoreChangelogAdditionalRetentionMs: 5 });
    expect(short.broker.topicConfig('streamsim-test-wcounts-changelog')['retention.ms']).toBe(70_005);
  });

  it('old windows leave the changelog once the virtual clock passes their retention (log.retention.check.interval.ms)', () => {
    const d = new TestDriver(windowedCountByValue(), { windowStoreChangelogAdditionalRetentionMs: 0 });
    const input = d.createInputTopic<string, string>('input');
    input.pipeInput('k', 'v', 0);
    input.pipeInput('k', 'v', 1_000_000);
    expect(d.broker.records('streamsim-test-wcounts-changelog')).toHaveLength(2);
    d.advanceWallClockTime(1_000_000); // past the 300 s retention check; the window at 0 is older than 70 s
    input.pipeInput('k', 'v', 1_000_001);
    expect(d.broker.records('streamsim-test-wcounts-changelog').map((r) => (r.key as { windowStart: number }).windowStart)).toEqual([960_000, 960_000]);
  });
});

describe('TestDriver output capture', () => {
  it('releases records once read, and captures internal topics only with the trace on or a reader', () => {
    const d = new TestDriver(countByValue(), { trace: false });
    const out = d.createOutputTopic<string, number>('out');
    const input = d.createInputTopic<string, string>('input');
    let read = 0;
    for (let i = 0; i < 5000; i++) {
      input.pipeInput('k', `v${i % 3}`, i);
      while (!out.isEmpty()) {
        expect(out.readRecord().offset).toBe(read);
        read++;
      }
    }
    expect(read).toBe(5000);
    expect(d.producedTopicNames()).toEqual(new Set(['out', REPARTITION, 'streamsim-test-counts-changelog']));
    expect(d.createOutputTopic('streamsim-test-counts-changelog').getQueueSize()).toBe(0); // not captured, trace off
    expect(new TestDriver(countByValue()).createOutputTopic('out').getQueueSize()).toBe(0);
  });
});

/** The final count per (value, window start) read from the output topic. */
function windowedOutputs(options: TestDriverOptions, broker: Broker, records: readonly { v: string; t: number }[], crashAt: number): string[] {
  const d = new TestDriver(windowedCountByValue(), { ...options, broker, partitions: 2 });
  const input = d.createInputTopic<string, string>('input');
  records.forEach((r, i) => {
    if (i === crashAt) d.crashAndRestart();
    // Wall time follows event time, as in a live deployment: purges, retention and cleaning all get to run.
    if (r.t > broker.clock.now()) d.advanceWallClockTime(r.t - broker.clock.now());
    input.pipeInput(`k${i}`, r.v, r.t);
  });
  return d.createOutputTopic<Windowed<string>, number>('out').readRecordsToList().map((r) => `${r.key.key}@${r.key.window.start}=${r.value}@${r.timestamp}`);
}

describe('property: purge, cleaning and retention change no output', () => {
  it('a windowed count gives the same outputs with them on (aggressively) and off, across a crash', () => {
    const record = fc.record({ v: fc.constantFrom('a', 'b', 'c', 'd'), dt: fc.integer({ min: 0, max: 8_000 }) });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 120 }), fc.nat(100), fc.constantFrom('at_least_once' as const, 'exactly_once_v2' as const),
        // commitEvery places commits mid-pipe, with repartition records still unprocessed: the purge must spare them.
        fc.constantFrom(undefined, 2, 3),
        (rs, crashAt, guarantee, commitEvery) => {
        let t = 0;
        const records = rs.map((r) => ({ v: r.v, t: (t += r.dt) }));
        const on = windowedOutputs(
          { processingGuarantee: guarantee, commitEvery, repartitionPurgeIntervalMs: 0, windowStoreChangelogAdditionalRetentionMs: 0 },
          new Broker({ clock: new VirtualClock(0), cleanerMinDirtyRecords: 1, logRetentionCheckIntervalMs: 1 }),
          records,
          crashAt,
        );
        const off = windowedOutputs(
          { processingGuarantee: guarantee, commitEvery, repartitionPurgeIntervalMs: Infinity },
          new Broker({ clock: new VirtualClock(0), cleanerMinDirtyRecords: Infinity, logRetentionCheckIntervalMs: Infinity }),
          records,
          crashAt,
        );
        expect(on).toEqual(off);
      }),
      { numRuns: 60, seed: 6 },
    );
  });
});
