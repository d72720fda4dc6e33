import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver, Materialized, Grouped } from '../../src/index.js';

function wordCount() {
  const builder = new StreamsBuilder();
  builder
    .stream<string | null, string>('lines')
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w.length > 0))
    .groupBy((_key, word) => word)
    .count(Materialized.as('word-counts'))
    .toStream()
    .to('word-count-output');
  return builder;
}

describe('grouped aggregation (KGroupedStream count/reduce/aggregate)', () => {
  it('counts words, emitting every update (no cache), through a repartition topic named as Kafka names it', () => {
    const driver = new TestDriver(wordCount());
    const lines = driver.createInputTopic<string | null, string>('lines');
    const out = driver.createOutputTopic<string, number>('word-count-output');
    lines.pipeInput(null, 'Hello Kafka Streams', 1);
    lines.pipeInput(null, 'hello again', 2);
    expect(out.readKeyValuesToList()).toEqual([
      { key: 'hello', value: 1 },
      { key: 'kafka', value: 1 },
      { key: 'streams', value: 1 },
      { key: 'hello', value: 2 },
      { key: 'again', value: 1 },
    ]);
    expect([...driver.producedTopicNames()].sort()).toEqual([
      'streamsim-test-word-counts-changelog',
      'streamsim-test-word-counts-repartition',
      'word-count-output',
    ]);
  });

  it('gives the same final counts with 1, 3 and 12 partitions', () => {
    const text = ['a b c a', 'b b d', 'e a c', 'f g a', 'c c c'];
    const finals = [1, 3, 12].map((partitions) => {
      const driver = new TestDriver(wordCount(), { partitions });
      const lines = driver.createInputTopic<string | null, string>('lines');
      text.forEach((t, i) => lines.pipeInput(`k${i}`, t, i));
      const m = driver.createOutputTopic<string, number>('word-count-output').readKeyValuesToMap();
      return Object.fromEntries([...m].sort());
    });
    expect(finals[0]).toEqual({ a: 4, b: 3, c: 5, d: 1, e: 1, f: 1, g: 1 });
    expect(finals[1]).toEqual(finals[0]);
    expect(finals[2]).toEqual(finals[0]);
  });

  it('aggregate output timestamp is the max of the inputs (KStreamAggregate), and null keys/values are dropped and counted', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string | null, number | null>('in')
      .groupByKey(Grouped.as('g'))
      .aggregate(
        () => 0,
        (_k, v, agg) => agg + (v as number),
      )
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string | null, number | null>('in');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('k', 5, 100);
    input.pipeInput('k', 7, 50); // out of order: timestamp stays 100
    input.pipeInput(null, 1, 200);
    input.pipeInput('k', null, 300);
    input.pipeInput('k', 1, 150);
    expect(out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['k', 5, 100],
      ['k', 12, 100],
      ['k', 13, 150],
    ]);
    expect(driver.droppedRecords()).toBe(2);
  });

  it('reduce keeps the first value as the initial aggregate', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupByKey()
      .reduce((a, b) => `${a}+${b}`)
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('k', 'x', 1);
    input.pipeInput('k', 'y', 2);
    expect(driver.createOutputTopic<string, string>('out').readValuesToList()).toEqual(['x', 'x+y']);
  });
});

describe('Topology#describe', () => {
  it('names nodes as Kafka does for the word count (KStreamImpl#createRepartitionedSource burns sink, filter, source names)', () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('lines')
      .flatMapValues((l) => l.split(' '))
      .groupBy((_k, w) => w)
      .count()
      .toStream()
      .to('counts');
    expect(b.build().describe()).toBe(
      [
        'Topologies:',
        '   Sub-topology: 0',
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [lines])',
        '      --> KSTREAM-FLATMAPVALUES-0000000001',
        '    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])',
        '      --> KSTREAM-KEY-SELECT-0000000002',
        '      <-- KSTREAM-SOURCE-0000000000',
        '    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])',
        '      --> KSTREAM-FILTER-0000000006',
        '      <-- KSTREAM-FLATMAPVALUES-0000000001',
        '    Processor: KSTREAM-FILTER-0000000006 (stores: [])',
        '      --> KSTREAM-SINK-0000000005',
        '      <-- KSTREAM-KEY-SELECT-0000000002',
        '    Sink: KSTREAM-SINK-0000000005 (topic: KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition)',
        '      <-- KSTREAM-FILTER-0000000006',
        '',
        '   Sub-topology: 1',
        '    Source: KSTREAM-SOURCE-0000000007 (topics: [KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition])',
        '      --> KSTREAM-AGGREGATE-0000000004',
        '    Processor: KSTREAM-AGGREGATE-0000000004 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000003])',
        '      --> KTABLE-TOSTREAM-0000000008',
        '      <-- KSTREAM-SOURCE-0000000007',
        '    Processor: KTABLE-TOSTREAM-0000000008 (stores: [])',
        '      --> KSTREAM-SINK-0000000009',
        '      <-- KSTREAM-AGGREGATE-0000000004',
        '    Sink: KSTREAM-SINK-0000000009 (topic: counts)',
        '      <-- KTABLE-TOSTREAM-0000000008',
        '',
      ].join('\n'),
    );
  });

  it('a user-named grouping names the repartition topic and its nodes after it (Grouped.as)', () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('lines').groupBy((_k, w) => w, Grouped.as('by-word')).count().toStream().to('counts');
    const text = b.build().describe();
    expect(text).toContain('Sink: by-word-repartition-sink (topic: by-word-repartition)');
    expect(text).toContain('Source: by-word-repartition-source (topics: [by-word-repartition])');
  });
});

describe('aggregates are values, as behind Kafka serdes', () => {
  it('an aggregator that mutates the aggregate in place fails loudly with what to change', () => {
    const b = new StreamsBuilder();
    b.stream<string, number>('in')
      .groupByKey()
      .aggregate(
        () => ({ total: 0 }),
        (_k, v, agg) => {
          agg.total += v; // the Java idiom: harmless behind a serde, a silent corruption without one
          return agg;
        },
      )
      .toStream()
      .to('out');
    const driver = new TestDriver(b);
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('k', 1, 1);
    expect(() => input.pipeInput('k', 2, 2)).toThrow(/changed its stored value in place.*return a new value/);
  });
});
