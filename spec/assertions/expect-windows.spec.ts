import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver, TimeWindows, expectWindowCounts, toRows, type Windowed } from '../../src/index.js';
import { failureMessage } from './failure-message.js';

/**
 * A tumbling 10 ms windowed count (Kafka TimeWindows: epoch-aligned [start, start + size)); every
 * update is emitted, stamped with the max timestamp of the window's records (KStreamWindowAggregate).
 * a@0, a@9 -> [0,10); a@10 -> [10,20); b@12 -> [10,20).
 */
function windowedCountRun() {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 100)).count().toStream().to('out');
  const driver = new TestDriver(builder);
  const input = driver.createInputTopic<string, string>('in');
  for (const [key, t] of [['a', 0], ['a', 9], ['a', 10], ['b', 12]] as const) input.pipeInput(key, 'x', t);
  return driver.createOutputTopic<Windowed<string>, number>('out');
}

describe('expectWindowCounts on a windowed count', () => {
  it('toRows reads windowed records as [key, start, end, value, timestamp]', () => {
    expect(toRows(windowedCountRun().readRecordsToList())).toEqual([
      ['a', 0, 10, 1, 0],
      ['a', 0, 10, 2, 9],
      ['a', 10, 20, 1, 10],
      ['b', 10, 20, 1, 12],
    ]);
  });

  it('passes on every update in order, and on the latest count per window with { final: true }', () => {
    expectWindowCounts(windowedCountRun(), [
      ['a', 0, 10, 1],
      ['a', 0, 10, 2],
      ['a', 10, 20, 1],
      ['b', 10, 20, 1],
    ]);
    expectWindowCounts(
      windowedCountRun(),
      [
        ['b', 10, 20, 1],
        ['a', 0, 10, 2],
        ['a', 10, 20, 1],
      ],
      { final: true },
    );
  });

  it('shows key, start and end as the rows are written; a record in another window is missing and unexpected', () => {
    const out = windowedCountRun();
    const check = () =>
      expectWindowCounts(out, [
        ['a', 0, 10, 1],
        ['a', 0, 10, 2],
        ['a', 10, 20, 2],
        ['b', 0, 10, 1],
      ]);
    expect(failureMessage(check)).toBe(
      [
        "topic 'out': expected 4 records, got 4: 2 same, 1 changed, 1 missing, 1 unexpected",
        '  exp  got  key  start  end  value',
        '=   0    0  "a"  0      10   1',
        '=   1    1  "a"  0      10   2',
        '~   2    2  "a"  10     20   2 -> 1  changed: value',
        '-   3       "b"  0      10   1',
        '+        3  "b"  10     20   1',
      ].join('\n'),
    );
  });

  it('a fifth element compares the timestamp: a window count is stamped with the max timestamp of its records', () => {
    const out = windowedCountRun();
    const check = () =>
      expectWindowCounts(out, [
        ['a', 0, 10, 1, 0],
        ['a', 0, 10, 2, 0],
        ['a', 10, 20, 1, 10],
        ['b', 10, 20, 1, 12],
      ]);
    expect(failureMessage(check)).toBe(
      [
        "topic 'out': expected 4 records, got 4: 3 same, 1 changed",
        '  exp  got  key  start  end  value  timestamp',
        '=   0    0  "a"  0      10   1      0',
        '~   1    1  "a"  0      10   2      0 -> 9     changed: timestamp',
        '=   2    2  "a"  10     20   1      10',
        '=   3    3  "b"  10     20   1      12',
      ].join('\n'),
    );
  });

  it('{ final: true } compares the latest count per window', () => {
    const out = windowedCountRun();
    const check = () =>
      expectWindowCounts(
        out,
        [
          ['a', 0, 10, 2],
          ['a', 10, 20, 1],
          ['b', 10, 20, 2],
        ],
        { final: true },
      );
    expect(failureMessage(check)).toBe(
      [
        "topic 'out', latest value per window: expected 3 windows in any order, got 3: 2 same, 1 changed",
        '  key  start  end  value',
        '= "a"  0      10   2',
        '= "a"  10     20   1',
        '~ "b"  10     20   2 -> 1  changed: value',
      ].join('\n'),
    );
  });
});
