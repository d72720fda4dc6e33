import { describe, expect, it } from 'vitest';
import {
  ExpectationError,
  StreamsBuilder,
  TestDriver,
  Materialized,
  expectFinalValues,
  expectKeyValues,
  expectRecords,
  latestByKey,
} from '../../src/index.js';
import { failureMessage } from './failure-message.js';

/** Kafka's WordCountDemo: every count update is emitted (no cache), stamped with the max input timestamp (KStreamAggregate). */
function wordCountRun() {
  const builder = new StreamsBuilder();
  builder
    .stream<string | null, string>('lines')
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w.length > 0))
    .groupBy((_key, word) => word)
    .count(Materialized.as('word-counts'))
    .toStream()
    .to('word-count-output');
  const driver = new TestDriver(builder);
  const lines = driver.createInputTopic<string | null, string>('lines');
  lines.pipeInput(null, 'Hello Kafka Streams', 1);
  lines.pipeInput(null, 'hello again', 2);
  return { driver, out: driver.createOutputTopic<string, number>('word-count-output') };
}

describe('expectRecords / expectKeyValues on a word count', () => {
  it('passes when the output is as expected, and returns the records it read', () => {
    const { out } = wordCountRun();
    const read = expectRecords(out, [
      { key: 'hello', value: 1, timestamp: 1 },
      { key: 'kafka', value: 1, timestamp: 1 },
      { key: 'streams', value: 1, timestamp: 1 },
      { key: 'hello', value: 2, timestamp: 2 },
      { key: 'again', value: 1, timestamp: 2 },
    ]);
    expect(read).toHaveLength(5);
    expect(out.isEmpty()).toBe(true);
  });

  it('a changed count: one ~ row, the value read expected -> actual', () => {
    const { out } = wordCountRun();
    const check = () => expectKeyValues(out, [['hello', 1], ['kafka', 1], ['streams', 1], ['hello', 3], ['again', 1]]);
    expect(failureMessage(check)).toBe(
      [
        "topic 'word-count-output': expected 5 records, got 5: 4 same, 1 changed",
        '  exp  got  key        value',
        '=   0    0  "hello"    1',
        '=   1    1  "kafka"    1',
        '=   2    2  "streams"  1',
        '~   3    3  "hello"    3 -> 2  changed: value',
        '=   4    4  "again"    1',
      ].join('\n'),
    );
  });

  it('a record that was not produced is missing', () => {
    const { out } = wordCountRun();
    const check = () =>
      expectKeyValues(out, [
        { key: 'hello', value: 1 },
        { key: 'kafka', value: 1 },
        { key: 'streams', value: 1 },
        { key: 'hello', value: 2 },
        { key: 'again', value: 1 },
        { key: 'kafka', value: 2 },
      ]);
    expect(failureMessage(check)).toBe(
      [
        "topic 'word-count-output': expected 6 records, got 5: 5 same, 1 missing",
        '  exp  got  key        value',
        '= ... 2 same records', // same rows further than 3 rows from a difference fold
        '=   2    2  "streams"  1',
        '=   3    3  "hello"    2',
        '=   4    4  "again"    1',
        '-   5       "kafka"    2',
      ].join('\n'),
    );
  });

  it('a record that was not expected is unexpected', () => {
    const { out } = wordCountRun();
    const check = () => expectKeyValues(out, [['hello', 1], ['kafka', 1], ['streams', 1], ['hello', 2]]);
    expect(failureMessage(check)).toBe(
      [
        "topic 'word-count-output': expected 4 records, got 5: 4 same, 1 unexpected",
        '  exp  got  key        value',
        '=   0    0  "hello"    1',
        '=   1    1  "kafka"    1',
        '=   2    2  "streams"  1',
        '=   3    3  "hello"    2',
        '+        4  "again"    1',
      ].join('\n'),
    );
  });

  it('a wrong timestamp (the count of "hello" is stamped 2, the max of its inputs) is a changed timestamp', () => {
    const { out } = wordCountRun();
    const check = () =>
      expectRecords(out, [
        { key: 'hello', value: 1, timestamp: 1 },
        { key: 'kafka', value: 1, timestamp: 1 },
        { key: 'streams', value: 1, timestamp: 1 },
        { key: 'hello', value: 2, timestamp: 1 },
        { key: 'again', value: 1, timestamp: 2 },
      ]);
    expect(failureMessage(check)).toBe(
      [
        "topic 'word-count-output': expected 5 records, got 5: 4 same, 1 changed",
        '  exp  got  key        value  timestamp',
        '=   0    0  "hello"    1      1',
        '=   1    1  "kafka"    1      1',
        '=   2    2  "streams"  1      1',
        '~   3    3  "hello"    2      1 -> 2     changed: timestamp',
        '=   4    4  "again"    1      2',
      ].join('\n'),
    );
  });

  it('records in the wrong order are missing and unexpected, each pointing at the other', () => {
    const { out } = wordCountRun();
    const check = () => expectKeyValues(out, [['kafka', 1], ['hello', 1], ['streams', 1], ['hello', 2], ['again', 1]]);
    expect(failureMessage(check)).toBe(
      [
        "topic 'word-count-output': expected 5 records, got 5: 4 same, 1 missing, 1 unexpected",
        '  exp  got  key        value',
        '-   0       "kafka"    1      out of order: got #1',
        '=   1    0  "hello"    1',
        '+        1  "kafka"    1      out of order: exp #0',
        '=   2    2  "streams"  1',
        '=   3    3  "hello"    2',
        '=   4    4  "again"    1',
      ].join('\n'),
    );
  });

  it('{ ordered: false } accepts any order', () => {
    const { out } = wordCountRun();
    expectKeyValues(out, [['again', 1], ['hello', 2], ['streams', 1], ['kafka', 1], ['hello', 1]], { ordered: false });
  });

  it('the error is a plain Error subclass carrying the diff as data', () => {
    const { out } = wordCountRun();
    let thrown: unknown;
    try {
      expectKeyValues(out, [['hello', 1]]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toBeInstanceOf(ExpectationError);
    const error = thrown as ExpectationError;
    expect(error.name).toBe('ExpectationError');
    expect(error.diff.unexpected.map((u) => [u.index, u.record.key, u.record.value])).toEqual([
      [1, 'kafka', 1],
      [2, 'streams', 1],
      [3, 'hello', 2],
      [4, 'again', 1],
    ]);
  });
});

describe('expectFinalValues (latest value per key, as TestOutputTopic#readKeyValuesToMap)', () => {
  it('passes on the final counts, in any order', () => {
    expectFinalValues(wordCountRun().out, { again: 1, streams: 1, kafka: 1, hello: 2 });
    expectFinalValues(
      wordCountRun().out,
      new Map([
        ['hello', 2],
        ['kafka', 1],
        ['streams', 1],
        ['again', 1],
      ]),
    );
  });

  it('names the changed, missing and unexpected keys', () => {
    const { out } = wordCountRun();
    const check = () => expectFinalValues(out, { hello: 2, kafka: 2, streams: 1, world: 1 });
    expect(failureMessage(check)).toBe(
      [
        "topic 'word-count-output', latest value per key: expected 4 keys in any order, got 4: 2 same, 1 changed, 1 missing, 1 unexpected",
        '  key        value',
        '= "hello"    2',
        '~ "kafka"    2 -> 1  changed: value',
        '= "streams"  1',
        '- "world"    1',
        '+ "again"    1',
      ].join('\n'),
    );
  });

  it('a tombstone removes its key (a KStream passes null values through to the sink)', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, number | null>('in').to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, number | null>('in');
    input.pipeInput('a', 1, 1);
    input.pipeInput('b', 2, 2);
    input.pipeInput('a', null, 3);
    const out = driver.createOutputTopic<string, number | null>('out');
    const records = out.readRecordsToList();
    expect(latestByKey(records).map((r) => [r.key, r.value])).toEqual([['b', 2]]);
    expectFinalValues(records, { b: 2 });
    expect(failureMessage(() => expectFinalValues(records, { a: 1, b: 2 }))).toBe(
      ['latest value per key: expected 2 keys in any order, got 1: 1 same, 1 missing', '  key  value', '- "a"  1', '= "b"  2'].join('\n'),
    );
  });
});
