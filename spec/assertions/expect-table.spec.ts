import { describe, it, expect } from 'vitest';
import { Materialized, StreamsBuilder, TestDriver, expectTable } from '../../src/index.js';
import { failureMessage } from './failure-message.js';

/** Word count materialized as 'word-counts'; with 3 partitions the store is read across every task's instance. */
function wordCountStore(partitions: number) {
  const builder = new StreamsBuilder();
  builder
    .stream<string | null, string>('lines')
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w.length > 0))
    .groupBy((_key, word) => word)
    .count(Materialized.as('word-counts'));
  const driver = new TestDriver(builder, { partitions });
  const lines = driver.createInputTopic<string | null, string>('lines');
  lines.pipeInput(null, 'Hello Kafka Streams', 1);
  lines.pipeInput(null, 'hello again', 2);
  return driver.getKeyValueStore<string, number>('word-counts');
}

describe('expectTable on a KTable store (TestDriver#getKeyValueStore strips timestamps, as Kafka TopologyTestDriver does)', () => {
  it('passes when the store holds exactly the expected entries, in any order, across partitions', () => {
    for (const partitions of [1, 3]) {
      const store = wordCountStore(partitions);
      expectTable(store, { streams: 1, again: 1, hello: 2, kafka: 1 });
      expectTable(store, [
        ['hello', 2],
        ['kafka', 1],
        ['streams', 1],
        ['again', 1],
      ]);
    }
  });

  it('names a changed entry and an entry the store should not hold', () => {
    const store = wordCountStore(1);
    expect(failureMessage(() => expectTable(store, { hello: 2, kafka: 1, streams: 2 }))).toBe(
      [
        "store 'word-counts': expected 3 entries in any order, got 4: 2 same, 1 changed, 1 unexpected",
        '  key        value',
        '= "hello"    2',
        '= "kafka"    1',
        '~ "streams"  2 -> 1  changed: value',
        '+ "again"    1',
      ].join('\n'),
    );
  });

  it('names an entry the store lacks', () => {
    const store = wordCountStore(1);
    const expected = new Map([
      ['hello', 2],
      ['kafka', 1],
      ['streams', 1],
      ['again', 1],
      ['world', 1],
    ]);
    expect(failureMessage(() => expectTable(store, expected))).toBe(
      [
        "store 'word-counts': expected 5 entries in any order, got 4: 4 same, 1 missing",
        '  key        value',
        '= "hello"    2',
        '= "kafka"    1',
        '= "streams"  1',
        '= "again"    1',
        '- "world"    1',
      ].join('\n'),
    );
  });
});
