import { describe, expect, it } from 'vitest';
import {
  BufferConfig,
  Materialized,
  SessionWindows,
  StreamsBuilder,
  Suppressed,
  TestDriver,
  TimeWindows,
  type TestOutputTopic,
  type Windowed,
} from '../../src/index.js';
import { InMemorySuppressionBuffer } from '../../src/streams/suppress/suppression-buffer.js';

type Row = [key: string, start: number, end: number, value: unknown, timestamp: number];

/** Unread records of `out` as [key, window start, window end, value, timestamp]. */
function windowedRows(out: TestOutputTopic<Windowed<string>, unknown>): Row[] {
  return out.readRecordsToList().map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]);
}

function finalCounts(windows: TimeWindows, suppressed: Suppressed<Windowed<string>> = Suppressed.untilWindowCloses(BufferConfig.unbounded())) {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in').groupByKey().windowedBy(windows).count().suppress(suppressed).toStream().to('out');
  return builder;
}

describe('KTable#suppress (Kafka KTableSuppressProcessorSupplier, InMemoryTimeOrderedKeyValueChangeBuffer)', () => {
  it('untilWindowCloses emits each window once, with its final value, when a record moves stream time to window end + grace', () => {
    const driver = new TestDriver(finalCounts(TimeWindows.ofSizeAndGrace(10, 5)));
    const input = driver.createInputTopic<string, string>('in');
    const out = driver.createOutputTopic<Windowed<string>, number>('out');
    input.pipeInput('a', 'v', 1);
    input.pipeInput('a', 'v', 5);
    input.pipeInput('b', 'v', 9);
    input.pipeInput('a', 'v', 12);
    input.pipeInput('a', 'v', 14); // stream time 14: [0,10) closes at 10 + 5 = 15, not yet
    expect(out.isEmpty()).toBe(true);
    input.pipeInput('a', 'v', 15); // 10 <= 15 - 5: both [0,10) windows are final
    // Ordered by window end, then key; each carries the timestamp of its last update.
    expect(windowedRows(out)).toEqual([
      ['a', 0, 10, 2, 5],
      ['b', 0, 10, 1, 9],
    ]);
    input.pipeInput('a', 'v', 3); // late for the aggregation: dropped there, nothing to emit
    input.pipeInput('a', 'v', 24); // [10,20) closes at 25
    expect(out.isEmpty()).toBe(true);
    input.pipeInput('b', 'v', 25);
    input.pipeInput('b', 'v', 40);
    expect(windowedRows(out)).toEqual([
      ['a', 10, 20, 3, 15],
      ['a', 20, 30, 1, 24],
      ['b', 20, 30, 1, 25],
    ]);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('untilWindowCloses on session windows waits for end + gap + grace and drops the tombstones of merged sessions', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
      .count()
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('A', 'v', 10);
    input.pipeInput('A', 'v', 12); // [10,10] is replaced: its tombstone is buffered
    input.pipeInput('A', 'v', 16); // 12 + 5 > 16: not closed
    input.pipeInput('B', 'v', 22); // 16 + 5 <= 22: [10,16] is final
    expect(windowedRows(driver.createOutputTopic('out'))).toEqual([['A', 10, 16, 3, 16]]);
  });

  it('untilTimeLimit emits the latest value of a key once stream time passes its first buffered update + the limit', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupByKey()
      .count(Materialized.as('counts'))
      .suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()))
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('a', 'v', 0); // buffered at time 0
    input.pipeInput('a', 'v', 5); // same place in the buffer: time stays 0
    input.pipeInput('b', 'v', 7);
    expect(out.isEmpty()).toBe(true);
    input.pipeInput('a', 'v', 10); // 0 <= 10 - 10: a goes, with its latest value and timestamp
    expect(out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([['a', 3, 10]]);
    input.pipeInput('b', 'v', 17);
    expect(out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([['b', 2, 17]]);
  });

  it('untilTimeLimit forwards tombstones (only final-results suppression may drop them)', () => {
    const builder = new StreamsBuilder();
    builder.table<string, string>('t').suppress(Suppressed.untilTimeLimit(5, BufferConfig.unbounded())).toStream().to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string | null>('t');
    input.pipeInput('k', 'v1', 0);
    input.pipeInput('k', null, 1);
    input.pipeInput('x', 'v', 10);
    expect(
      driver
        .createOutputTopic<string, string | null>('out')
        .readRecordsToList()
        .map((r) => [r.key, r.value, r.timestamp]),
    ).toEqual([['k', null, 1]]);
  });

  it('an eager buffer (maxRecords) emits its oldest key early when full', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupByKey()
      .count()
      .suppress(Suppressed.untilTimeLimit(1000, BufferConfig.maxRecords(1)))
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'v', 0);
    input.pipeInput('a', 'v', 1); // still one key buffered
    input.pipeInput('b', 'v', 2); // two keys > 1: a is emitted early
    expect(
      driver
        .createOutputTopic<string, number>('out')
        .readRecordsToList()
        .map((r) => [r.key, r.value, r.timestamp]),
    ).toEqual([['a', 2, 1]]);
  });

  it('a strict buffer that fills up stops processing with an error naming the limits (shutDownWhenFull)', () => {
    const driver = new TestDriver(
      finalCounts(TimeWindows.ofSizeWithNoGrace(10), Suppressed.untilWindowCloses(BufferConfig.maxRecords(1).shutDownWhenFull())),
    );
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'v', 1);
    expect(() => input.pipeInput('b', 'v', 2)).toThrow(
      /KTABLE-SUPPRESS-0000000003 buffer exceeded its max capacity\. Currently \[2\/1\] records/,
    );
  });

  it('names the processor KTABLE-SUPPRESS-n and its buffer store KTABLE-SUPPRESS-STATE-STORE-m (or <name>-store), with a changelog', () => {
    const generated = new TestDriver(finalCounts(TimeWindows.ofSizeWithNoGrace(10)));
    generated.createInputTopic<string, string>('in').pipeInput('a', 'v', 1);
    expect(generated.topology.node('KTABLE-SUPPRESS-0000000003')?.kind).toBe('processor');
    expect([...generated.producedTopicNames()].sort()).toEqual([
      'streamsim-test-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog',
      'streamsim-test-KTABLE-SUPPRESS-STATE-STORE-0000000004-changelog',
    ]);
    const named = new TestDriver(finalCounts(TimeWindows.ofSizeWithNoGrace(10), Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('final')));
    named.createInputTopic<string, string>('in').pipeInput('a', 'v', 1);
    expect(named.topology.node('final')?.kind).toBe('processor');
    expect(named.producedTopicNames().has('streamsim-test-final-store-changelog')).toBe(true);
  });

  it('the buffer writes its changelog at flush (entries, or tombstones once evicted) and restores from it keeping buffer order', () => {
    const log: [unknown, unknown][] = [];
    const context = (logging: boolean) => ({
      applicationId: 'app',
      taskId: '0_0',
      partition: 0,
      logChange: logging ? (k: unknown, v: unknown) => void log.push([k, v]) : null,
      currentTimestampMs: () => 0,
      currentStreamTimeMs: () => 0,
    });
    const buffer = new InMemorySuppressionBuffer<string, number>('buf', false);
    buffer.init(context(true));
    buffer.put(20, 'late', { newValue: 1, oldValue: null }, 5, []);
    buffer.put(10, 'early', { newValue: 1, oldValue: null }, 6, []);
    buffer.put(99, 'early', { newValue: 2, oldValue: 1 }, 7, []); // keeps buffer time 10
    buffer.put(30, 'gone', { newValue: 1, oldValue: null }, 8, []);
    buffer.evictWhile(() => buffer.minTimestamp() <= 10, () => undefined); // evicts 'early'
    buffer.evictWhile(() => buffer.numRecords() > 2, () => undefined); // nothing: two left
    buffer.flush();
    expect(log.map(([k, v]) => [k, v === null ? null : (v as { newValue: number }).newValue])).toEqual([
      ['late', 1],
      ['early', null],
      ['gone', 1],
    ]);
    const restored = new InMemorySuppressionBuffer<string, number>('buf', false);
    restored.init(context(false));
    for (const [k, v] of log) restored.restore(k, v);
    const evicted: [string, number, number | null][] = [];
    restored.evictWhile(() => true, (e) => evicted.push([e.key, e.time, e.newValue]));
    expect(evicted).toEqual([
      ['late', 20, 1],
      ['gone', 30, 1],
    ]);
  });

  it('refuses untilWindowCloses on a table that no windowed aggregation feeds, and with an eager buffer', () => {
    const builder = new StreamsBuilder();
    const table = builder.stream<string, string>('in').groupByKey().count();
    expect(() => table.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))).toThrow(
      /Window close time is only defined for windowed computations\. Got \[KSTREAM-SOURCE-0000000000->KSTREAM-AGGREGATE-0000000002\]/,
    );
    expect(() => Suppressed.untilWindowCloses(BufferConfig.maxRecords(10))).toThrow(/needs a strict buffer/);
  });
});
