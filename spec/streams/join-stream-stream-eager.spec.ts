import { describe, expect, it } from 'vitest';
import { JoinWindows, StreamsBuilder, TestDriver } from '../../src/index.js';
import type { JoinKind } from '../../src/streams/kstream.js';

/*
 * The deprecated JoinWindows.of() keeps Kafka's pre-3.0 stream-stream join (KStreamKStreamJoin before
 * KAFKA-10847): no shared outer store, so a left/outer join emits an unmatched record with null as soon as
 * it finds no partner in the window, and a later partner still joins it (the "spurious" result).
 * ksqlDB builds its WITHIN windows this way when no GRACE PERIOD is given.
 */

type Value = string | null;
const joiner = (l: Value, r: Value): string => `${l}+${r}`;

function harness(kind: JoinKind, windows: JoinWindows) {
  const builder = new StreamsBuilder();
  const left = builder.stream<string, Value>('left');
  const right = builder.stream<string, Value>('right');
  const joined =
    kind === 'inner'
      ? left.join<Value, string>(right, joiner, windows)
      : kind === 'left'
        ? left.leftJoin<Value, string>(right, joiner, windows)
        : left.outerJoin<Value, string>(right, joiner, windows);
  joined.to('out');
  const driver = new TestDriver(builder);
  const out = driver.createOutputTopic<string, string>('out');
  return {
    builder,
    left: driver.createInputTopic<string, Value>('left'),
    right: driver.createInputTopic<string, Value>('right'),
    read: () => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]),
  };
}

describe('JoinWindows.of (deprecated, pre-KAFKA-10847 semantics)', () => {
  it('grace fills the window up to 24 h; before/after/grace keep the eager flag; grace() is refused on new-style windows', () => {
    const w = JoinWindows.of(1_000);
    expect([w.beforeMs, w.afterMs, w.graceMs, w.spuriousResultFix]).toEqual([1_000, 1_000, 86_400_000 - 2_000, false]);
    expect(JoinWindows.of(50_000_000).graceMs).toBe(0);
    const shaped = JoinWindows.of(10).after(20).grace(5);
    expect([shaped.beforeMs, shaped.afterMs, shaped.graceMs, shaped.spuriousResultFix]).toEqual([10, 20, 5, false]);
    expect(JoinWindows.ofTimeDifferenceAndGrace(10, 5).spuriousResultFix).toBe(true);
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(10).grace(5)).toThrow(/cannot call grace\(\)/);
  });

  it('left join: an unmatched left record is joined with null at once; a later partner joins it again', () => {
    const { left, right, read } = harness('left', JoinWindows.of(10));
    left.pipeInput('k', 'A', 100);
    expect(read()).toEqual([['k', 'A+null', 100]]);
    right.pipeInput('k', 'a', 105);
    expect(read()).toEqual([['k', 'A+a', 105]]);
    right.pipeInput('j', 'b', 106); // unmatched right records never appear in a left join
    expect(read()).toEqual([]);
  });

  it('outer join: unmatched records of either side are joined with null at once', () => {
    const { left, right, read } = harness('outer', JoinWindows.of(10));
    right.pipeInput('k', 'a', 0);
    left.pipeInput('j', 'B', 50);
    left.pipeInput('k', 'A', 5);
    expect(read()).toEqual([
      ['k', 'null+a', 0],
      ['j', 'B+null', 50],
      ['k', 'A+a', 5],
    ]);
  });

  it('builds no shared outer store', () => {
    const { builder } = harness('outer', JoinWindows.of(10));
    expect([...builder.build().stores.keys()].some((s) => s.includes('OUTERSHARED'))).toBe(false);
  });
});
