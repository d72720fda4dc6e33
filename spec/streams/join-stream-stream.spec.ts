import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JoinWindows, StreamJoined, StreamsBuilder, TestDriver, type StreamJoinedOptions } from '../../src/index.js';
import type { StoreContext } from '../../src/sim/stores/state-store.js';
import { JoinWindowStore } from '../../src/streams/joins/join-window-store.js';
import { OuterJoinStore } from '../../src/streams/joins/outer-join-store.js';
import type { JoinKind } from '../../src/streams/kstream.js';

type Key = string | null;
type Value = string | null;

const joiner = (l: Value, r: Value): string => `${l}+${r}`;

function joinTopology(kind: JoinKind, windows: JoinWindows, options?: StreamJoinedOptions<Key, Value, Value>): StreamsBuilder {
  const builder = new StreamsBuilder();
  const left = builder.stream<Key, Value>('left');
  const right = builder.stream<Key, Value>('right');
  const joined =
    kind === 'inner'
      ? left.join<Value, string>(right, joiner, windows, options)
      : kind === 'left'
        ? left.leftJoin<Value, string>(right, joiner, windows, options)
        : left.outerJoin<Value, string>(right, joiner, windows, options);
  joined.to('out');
  return builder;
}

function harness(kind: JoinKind, windows: JoinWindows, options?: StreamJoinedOptions<Key, Value, Value>) {
  const driver = new TestDriver(joinTopology(kind, windows, options));
  const left = driver.createInputTopic<Key, Value>('left');
  const right = driver.createInputTopic<Key, Value>('right');
  const out = driver.createOutputTopic<Key, string>('out');
  /** Output records since the last call, as [key, value, timestamp]. */
  const read = () => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  return { driver, left, right, read };
}

describe('JoinWindows (Kafka 3.0+ API)', () => {
  it('ofTimeDifference* sets before = after; before()/after() change one bound; size is before + after', () => {
    const w = JoinWindows.ofTimeDifferenceAndGrace(10, 5);
    expect([w.beforeMs, w.afterMs, w.graceMs, w.size()]).toEqual([10, 10, 5, 20]);
    expect(JoinWindows.ofTimeDifferenceWithNoGrace(7).gracePeriodMs()).toBe(0);
    const asym = JoinWindows.ofTimeDifferenceWithNoGrace(10).before(0).after(30);
    expect([asym.beforeMs, asym.afterMs, asym.size()]).toEqual([0, 30, 30]);
    // A negative bound is allowed while the interval stays non-negative (Kafka's JoinWindows#before).
    expect(JoinWindows.ofTimeDifferenceWithNoGrace(10).before(-5).size()).toBe(5);
  });

  it('rejects, saying what to change: a negative grace, a negative interval, a non-integer duration', () => {
    expect(() => JoinWindows.ofTimeDifferenceAndGrace(10, -1)).toThrow(/grace period must not be negative.*use 0/);
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(-1)).toThrow(/window interval .* must not be negative: use a time difference >= 0/);
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(10).after(-11)).toThrow(/before 10 ms \+ after -11 ms/);
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(1.5)).toThrow(/whole number of milliseconds/);
  });
});

describe('KStream-KStream inner join (KStreamKStreamJoin)', () => {
  it('joins records of both sides whose timestamps differ by at most the time difference, bounds included, stamped with the larger timestamp', () => {
    const { left, right, read } = harness('inner', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    left.pipeInput('k', 'A', 100);
    expect(read()).toEqual([]);
    right.pipeInput('k', 'a', 90); // |90 - 100| = 10: inside
    expect(read()).toEqual([['k', 'A+a', 100]]);
    right.pipeInput('k', 'b', 111); // 11 apart: outside
    expect(read()).toEqual([]);
    right.pipeInput('k', 'c', 110);
    expect(read()).toEqual([['k', 'A+c', 110]]);
    left.pipeInput('k', 'B', 105); // right records in [95, 115], in timestamp order: c@110 then b@111
    expect(read()).toEqual([
      ['k', 'B+c', 110],
      ['k', 'B+b', 111],
    ]);
    left.pipeInput('j', 'X', 105); // another key joins nothing
    expect(read()).toEqual([]);
  });

  it('keeps duplicates: two records with the same key and timestamp both join (window store with retainDuplicates)', () => {
    const { left, right, read } = harness('inner', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    left.pipeInput('k', 'A1', 5);
    left.pipeInput('k', 'A2', 5);
    right.pipeInput('k', 'a', 5);
    expect(read()).toEqual([
      ['k', 'A1+a', 5],
      ['k', 'A2+a', 5],
    ]);
  });

  it('asymmetric windows: with before(0).after(10) a right record joins a left one at most 10 ms later, never earlier', () => {
    const { left, right, read } = harness('inner', JoinWindows.ofTimeDifferenceWithNoGrace(0).after(10));
    left.pipeInput('k', 'A', 100);
    right.pipeInput('k', 'x', 99);
    expect(read()).toEqual([]);
    right.pipeInput('k', 'y', 110);
    expect(read()).toEqual([['k', 'A+y', 110]]);
    right.pipeInput('k', 'z', 111);
    expect(read()).toEqual([]);
    left.pipeInput('k', 'B', 101); // right records in [101, 111]
    expect(read()).toEqual([
      ['k', 'B+y', 110],
      ['k', 'B+z', 111],
    ]);
  });

  it('drops and counts null keys and null values on both sides (StreamStreamJoinUtil#skipRecord)', () => {
    const { driver, left, right, read } = harness('inner', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    left.pipeInput(null, 'A', 1);
    left.pipeInput('k', null, 2);
    right.pipeInput(null, 'a', 3);
    right.pipeInput('k', null, 4);
    right.pipeInput('k', 'b', 5);
    expect(read()).toEqual([]);
    expect(driver.droppedRecords()).toBe(4);
  });

  it('a record older than its buffer retention (window + grace) is not buffered and is counted; as in Kafka it still probes the other side once', () => {
    // Retention = 10 + 10 + 0 = 20 ms. The left buffer has seen 100, so a left record at 80 is expired.
    const { driver, left, right, read } = harness('inner', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    right.pipeInput('k', 'a', 75);
    left.pipeInput('k', 'A', 100);
    expect(read()).toEqual([]);
    left.pipeInput('k', 'B', 80);
    expect(read()).toEqual([['k', 'B+a', 80]]);
    expect(driver.droppedRecords()).toBe(1);
    right.pipeInput('k', 'c', 85); // B was never buffered: nothing joins it later
    expect(read()).toEqual([]);
  });

  it('a self-join (no topology optimization) joins each record with itself and with earlier records, both ways', () => {
    const builder = new StreamsBuilder();
    const s = builder.stream<string, string>('in');
    s.join(s, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(10)).to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    const out = driver.createOutputTopic<string, string>('out');
    input.pipeInput('k', 'A', 1);
    expect(out.readValuesToList()).toEqual(['A+A']);
    input.pipeInput('k', 'B', 2);
    expect(out.readValuesToList()).toEqual(['B+A', 'A+B', 'B+B']);
  });
});

describe('KStream-KStream left join: unmatched records wait for the window to close (KAFKA-10847, Kafka 3.0+)', () => {
  it('emits [left, null] only once stream time passes window end + grace, with the left record timestamp, before the closing record own results', () => {
    const { left, right, read } = harness('left', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
    left.pipeInput('k', 'A', 0);
    expect(read()).toEqual([]);
    right.pipeInput('j', 'r1', 15); // stream time 15 = 0 + 10 + 5: A's window is still open (grace included)
    expect(read()).toEqual([]);
    left.pipeInput('j', 'B', 16); // stream time 16 closes A's window
    expect(read()).toEqual([
      ['k', 'A+null', 0],
      ['j', 'B+r1', 16],
    ]);
  });

  it('a partner arriving out of order within the grace period joins, and no spurious [left, null] is ever emitted', () => {
    const { left, right, read } = harness('left', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
    left.pipeInput('k', 'A', 20); // joins right records in [10, 30]
    left.pipeInput('j', 'X', 33); // stream time 33: A's window ended at 30, grace lasts until 35
    right.pipeInput('k', 'a', 28); // late but within grace
    expect(read()).toEqual([['k', 'A+a', 28]]);
    right.pipeInput('z', 'z', 40);
    expect(read()).toEqual([]); // X (33) stays open until stream time passes 48
    left.pipeInput('y', 'Y', 49);
    expect(read()).toEqual([['j', 'X+null', 33]]);
  });

  it('never emits unmatched right records', () => {
    const { left, right, read } = harness('left', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
    right.pipeInput('k', 'r', 0);
    left.pipeInput('j', 'B', 100);
    left.pipeInput('j2', 'C', 200);
    expect(read()).toEqual([['j', 'B+null', 100]]);
  });

  it('a left record whose window already ended in stream time is joined with null at once if nothing matches', () => {
    // Kafka: timeTo < stream time: emitted immediately, not held. At 50 it is also past retention (25): counted.
    const { driver, left, read } = harness('left', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
    left.pipeInput('k', 'A', 100);
    left.pipeInput('j', 'Z', 50);
    expect(read()).toEqual([['j', 'Z+null', 50]]);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('null keys (KIP-962, Kafka 3.7+): a null-key left record is joined with null at once; null-key right records and null values are dropped and counted', () => {
    const { driver, left, right, read } = harness('left', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
    left.pipeInput(null, 'A', 1);
    expect(read()).toEqual([[null, 'A+null', 1]]);
    right.pipeInput(null, 'a', 2);
    left.pipeInput('k', null, 3);
    right.pipeInput('k', null, 4);
    expect(read()).toEqual([]);
    expect(driver.droppedRecords()).toBe(3);
  });
});

describe('KStream-KStream outer join', () => {
  it('emits unmatched records of both sides after their windows close: [left, null] and [null, right]', () => {
    const { left, right, read } = harness('outer', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
    left.pipeInput('k', 'A', 0);
    right.pipeInput('j', 'b', 3);
    expect(read()).toEqual([]);
    left.pipeInput('x', 'C', 30);
    expect(read()).toEqual([
      ['k', 'A+null', 0],
      ['j', 'null+b', 3],
    ]);
  });

  it('emits closed records in the outer store key order: timestamp, then right side before left, then key', () => {
    const { left, right, read } = harness('outer', JoinWindows.ofTimeDifferenceWithNoGrace(5));
    left.pipeInput('m', 'L1', 0);
    left.pipeInput('b', 'L2', 0);
    right.pipeInput('z', 'r1', 0);
    right.pipeInput('a', 'r2', 1);
    left.pipeInput('q', 'L3', 10);
    expect(read()).toEqual([
      ['z', 'null+r1', 0],
      ['b', 'L2+null', 0],
      ['m', 'L1+null', 0],
      ['a', 'null+r2', 1],
    ]);
  });

  it('joined pairs on both sides are never emitted with null', () => {
    const { left, right, read } = harness('outer', JoinWindows.ofTimeDifferenceWithNoGrace(5));
    right.pipeInput('k', 'a', 10);
    left.pipeInput('k', 'A', 12);
    left.pipeInput('x', 'X', 100);
    expect(read()).toEqual([['k', 'A+a', 12]]);
  });

  it('null-key records of either side are joined with null at once (KIP-962); null values are dropped', () => {
    const { driver, left, right, read } = harness('outer', JoinWindows.ofTimeDifferenceWithNoGrace(5));
    left.pipeInput(null, 'A', 1);
    right.pipeInput(null, 'a', 2);
    right.pipeInput('k', null, 3);
    expect(read()).toEqual([
      [null, 'A+null', 1],
      [null, 'null+a', 2],
    ]);
    expect(driver.droppedRecords()).toBe(1);
  });
});

describe('KStream-KStream join topology: names, stores, repartitioning, co-partitioning (KStreamImplJoin)', () => {
  const names = (b: StreamsBuilder) => b.build().nodes.map((n) => n.name);
  const stores = (b: StreamsBuilder) => [...b.build().stores.keys()];

  it('names processors and stores as Kafka generates them, per join kind', () => {
    const w = JoinWindows.ofTimeDifferenceWithNoGrace(10);
    const common = ['KSTREAM-SOURCE-0000000000', 'KSTREAM-SOURCE-0000000001', 'KSTREAM-WINDOWED-0000000002', 'KSTREAM-WINDOWED-0000000003'];
    expect(names(joinTopology('inner', w))).toEqual([
      ...common,
      'KSTREAM-JOINTHIS-0000000004',
      'KSTREAM-JOINOTHER-0000000005',
      'KSTREAM-MERGE-0000000006',
      'KSTREAM-SINK-0000000007',
    ]);
    expect(stores(joinTopology('inner', w))).toEqual(['KSTREAM-JOINTHIS-0000000004-store', 'KSTREAM-JOINOTHER-0000000005-store']);
    expect(names(joinTopology('left', w)).slice(4, 6)).toEqual(['KSTREAM-JOINTHIS-0000000004', 'KSTREAM-OUTEROTHER-0000000005']);
    expect(stores(joinTopology('left', w))).toEqual([
      'KSTREAM-JOINTHIS-0000000004-store',
      'KSTREAM-OUTEROTHER-0000000005-store',
      'KSTREAM-OUTERSHARED-0000000004-store',
    ]);
    expect(names(joinTopology('outer', w)).slice(4, 6)).toEqual(['KSTREAM-OUTERTHIS-0000000004', 'KSTREAM-OUTEROTHER-0000000005']);
    expect(stores(joinTopology('outer', w))).toEqual([
      'KSTREAM-OUTERTHIS-0000000004-store',
      'KSTREAM-OUTEROTHER-0000000005-store',
      'KSTREAM-OUTERSHARED-0000000004-store',
    ]);
  });

  it('StreamJoined withName/withStoreName name processors and stores, and the stores log to changelogs', () => {
    const options = StreamJoined.with<Key, Value, Value>().withName('pay').withStoreName('pay-store');
    const builder = joinTopology('left', JoinWindows.ofTimeDifferenceWithNoGrace(10), options);
    expect(names(builder)).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'KSTREAM-SOURCE-0000000001',
      'pay-this-windowed',
      'pay-other-windowed',
      'pay-this-join',
      'pay-outer-other-join',
      'pay-merge',
      'KSTREAM-SINK-0000000004', // KSTREAM-JOINTHIS-2 and -OUTEROTHER-3 are generated (and burnt) anyway
    ]);
    expect(stores(builder)).toEqual(['pay-store-this-join-store', 'pay-store-outer-other-join-store', 'pay-store-left-shared-join-store']);
    const driver = new TestDriver(builder);
    driver.createInputTopic<Key, Value>('left').pipeInput('k', 'A', 1);
    driver.createInputTopic<Key, Value>('right').pipeInput('k', 'a', 1);
    expect([...driver.producedTopicNames()].sort()).toEqual([
      'out',
      'streamsim-test-pay-store-left-shared-join-store-changelog',
      'streamsim-test-pay-store-outer-other-join-store-changelog',
      'streamsim-test-pay-store-this-join-store-changelog',
    ]);
  });

  it('StreamJoined.withLoggingDisabled keeps the join stores without changelogs', () => {
    const driver = new TestDriver(joinTopology('outer', JoinWindows.ofTimeDifferenceWithNoGrace(10), StreamJoined.as<Key, Value, Value>('s').withLoggingDisabled()));
    driver.createInputTopic<Key, Value>('left').pipeInput('k', 'A', 1);
    driver.createInputTopic<Key, Value>('right').pipeInput('j', 'b', 1);
    expect([...driver.producedTopicNames()]).toEqual([]);
  });

  it('repartitions a side whose key changed, through `<node>-repartition` or `<name>-left/right-repartition`, and joins across partitions', () => {
    const build = (options?: StreamJoinedOptions<string, string, string>) => {
      const builder = new StreamsBuilder();
      const orders = builder.stream<string, string>('orders').selectKey((_k, v) => v.split(':')[0]!);
      const payments = builder.stream<string, string>('payments').selectKey((_k, v) => v.split(':')[0]!);
      orders.join(payments, (o, p) => `${o}|${p}`, JoinWindows.ofTimeDifferenceWithNoGrace(100), options).to('out');
      return builder;
    };
    const unnamed = build();
    expect([...unnamed.build().internalTopics.keys()]).toEqual(['KSTREAM-KEY-SELECT-0000000001-repartition', 'KSTREAM-KEY-SELECT-0000000003-repartition']);
    // Three names burnt per repartition (sink, filter, source), as Kafka does.
    expect(names(unnamed)).toContain('KSTREAM-JOINTHIS-0000000012');
    const named = build(StreamJoined.with<string, string, string>().withName('op'));
    expect([...named.build().internalTopics.keys()]).toEqual(['op-left-repartition', 'op-right-repartition']);

    const driver = new TestDriver(named, { partitions: 3 });
    const orders = driver.createInputTopic<string, string>('orders');
    const payments = driver.createInputTopic<string, string>('payments');
    for (let i = 0; i < 6; i++) orders.pipeInput(`o${i}`, `c${i}:order${i}`, 10 + i);
    for (let i = 0; i < 6; i++) payments.pipeInput(`p${i}`, `c${i}:pay${i}`, 20 + i);
    const out = driver.createOutputTopic<string, string>('out').readKeyValuesToList();
    expect(out.map((kv) => `${kv.key}=${kv.value}`).sort()).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `c${i}=c${i}:order${i}|c${i}:pay${i}`),
    );
    expect(driver.broker.partitionCount('streamsim-test-op-left-repartition')).toBe(3);
  });

  it('enforces co-partitioning: sides with different partition counts fail at start with a clear error', () => {
    const build = () => joinTopology('inner', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    expect(() => new TestDriver(build(), { partitions: { left: 2, right: 3 } })).toThrow(/not co-partitioned: \[left, right\] have 2, 3 partitions/);
    // A repartitioned side is sized to match the other side instead.
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('left')
      .selectKey((_k, v) => v)
      .join(builder.stream<string, string>('right'), joiner, JoinWindows.ofTimeDifferenceWithNoGrace(10))
      .to('out');
    const driver = new TestDriver(builder, { partitions: { left: 2, right: 3 } });
    expect(driver.broker.partitionCount('streamsim-test-KSTREAM-KEY-SELECT-0000000001-repartition')).toBe(3);
  });

  it('rejects a stream-stream join without JoinWindows', () => {
    const builder = new StreamsBuilder();
    const a = builder.stream<string, string>('a');
    const b = builder.stream<string, string>('b');
    expect(() => a.join(b, joiner, undefined as unknown as JoinWindows)).toThrow(/needs JoinWindows/);
  });
});

describe('KStream-KStream join stores', () => {
  /** A store context that records the changelog instead of writing a topic. */
  function loggingContext(log: [unknown, unknown][]): StoreContext {
    return {
      applicationId: 'app',
      taskId: '0_0',
      partition: 0,
      logChange: (k, v) => log.push([k, v]),
      currentTimestampMs: () => 0,
      currentStreamTimeMs: () => 0,
    } as StoreContext;
  }

  it('the join buffers forget records once they are past retention, and the outer store empties as windows close', () => {
    const { driver, left, right } = harness('left', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    for (let i = 0; i < 100; i++) {
      left.pipeInput(`k${i}`, 'L', i * 10);
      right.pipeInput(`j${i}`, 'R', i * 10);
    }
    const thisBuffer = driver.getStateStore<JoinWindowStore<string, string>>('KSTREAM-JOINTHIS-0000000004-store');
    const outer = driver.getStateStore<OuterJoinStore<string>>('KSTREAM-OUTERSHARED-0000000004-store');
    expect(thisBuffer.approximateNumEntries()).toBeLessThan(10); // retention 20 ms: a few records, not 100
    expect(outer.approximateNumEntries()).toBeLessThanOrEqual(2); // only the windows still open at 990
  });

  it('both stores rebuild from their changelog records (restore), as after a restart', () => {
    const log: [unknown, unknown][] = [];
    const buffer = new JoinWindowStore<string, string>('b', 100);
    buffer.init(loggingContext(log));
    buffer.put('k', 'v1', 10);
    buffer.put('k', 'v2', 10);
    buffer.put('k', 'v3', 5);
    const restoredBuffer = new JoinWindowStore<string, string>('b', 100);
    for (const [k, v] of log) restoredBuffer.restore(k, v);
    expect(restoredBuffer.fetch('k', 0, 20)).toEqual(buffer.fetch('k', 0, 20));
    expect(restoredBuffer.fetch('k', 0, 20).map((r) => r.value)).toEqual(['v3', 'v1', 'v2']);

    log.length = 0;
    const outer = new OuterJoinStore<string>('o');
    outer.init(loggingContext(log));
    outer.put({ timestamp: 3, leftSide: true, key: 'a' }, 'A1');
    outer.put({ timestamp: 3, leftSide: true, key: 'a' }, 'A2');
    outer.put({ timestamp: 1, leftSide: false, key: 'b' }, 'B');
    outer.put({ timestamp: 2, leftSide: true, key: 'c' }, 'C');
    outer.delete({ timestamp: 2, leftSide: true, key: 'c' });
    const restoredOuter = new OuterJoinStore<string>('o');
    for (const [k, v] of log) restoredOuter.restore(k, v);
    expect(restoredOuter.entriesInOrder()).toEqual(outer.entriesInOrder());
    expect(restoredOuter.entriesInOrder().map((e) => [e.timestamp, e.key, e.values])).toEqual([
      [1, 'b', ['B']],
      [3, 'a', ['A1', 'A2']],
    ]);
  });
});

describe('KStream-KStream join properties (fast-check)', () => {
  const recordArb = fc.record({
    side: fc.constantFrom('L' as const, 'R' as const),
    key: fc.constantFrom('a', 'b', 'c'),
    ts: fc.integer({ min: 0, max: 60 }),
  });

  it('inner join output equals a brute-force join over the arrival order (nothing expires: large grace)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (records, before, after) => {
        const windows = JoinWindows.ofTimeDifferenceAndGrace(0, 1_000).before(before).after(after);
        const { left, right, read } = harness('inner', windows);
        const expected: (string | number)[][] = [];
        records.forEach((rec, i) => {
          const value = `${rec.side}${i}`;
          (rec.side === 'L' ? left : right).pipeInput(rec.key, value, rec.ts);
          // Reference: every earlier record of the other side and key inside the window, by timestamp then arrival.
          const partners = records
            .map((o, j) => ({ ...o, j }))
            .filter((o) => o.j < i && o.side !== rec.side && o.key === rec.key)
            .filter((o) => {
              const [l, r] = rec.side === 'L' ? [rec.ts, o.ts] : [o.ts, rec.ts];
              return r >= l - before && r <= l + after;
            })
            .sort((x, y) => x.ts - y.ts || x.j - y.j);
          for (const o of partners) {
            const [lv, rv] = rec.side === 'L' ? [value, `R${o.j}`] : [`L${o.j}`, value];
            expected.push([rec.key, `${lv}+${rv}`, Math.max(rec.ts, o.ts)]);
          }
        });
        expect(read()).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('left join, records in timestamp order: every left record is either joined or emitted once with null, never both, and never early', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 5 }), (raw, diff, grace) => {
        const records = [...raw].sort((a, b) => a.ts - b.ts);
        const { left, right, read } = harness('left', JoinWindows.ofTimeDifferenceAndGrace(diff, grace));
        const nullResults: { value: string; emittedAtStreamTime: number; ts: number }[] = [];
        const joined = new Set<string>();
        records.forEach((rec, i) => {
          (rec.side === 'L' ? left : right).pipeInput(rec.key, `${rec.side}${i}`, rec.ts);
          for (const [, value, ts] of read() as [string, string, number][]) {
            const [l, r] = value.split('+') as [string, string];
            if (r === 'null') nullResults.push({ value: l, emittedAtStreamTime: rec.ts, ts });
            else joined.add(l);
          }
        });
        left.pipeInput('flush', 'F', 10_000);
        for (const [, value] of read() as [string, string, number][]) nullResults.push({ value: value.split('+')[0]!, emittedAtStreamTime: 10_000, ts: -1 });
        const lefts = records.flatMap((rec, i) => (rec.side === 'L' ? [{ name: `L${i}`, ts: rec.ts }] : []));
        for (const l of lefts) {
          const nulls = nullResults.filter((n) => n.value === l.name);
          expect(nulls.length + (joined.has(l.name) ? 1 : 0)).toBe(1);
          for (const n of nulls) expect(n.emittedAtStreamTime).toBeGreaterThan(l.ts + diff + grace);
        }
      }),
      { numRuns: 150 },
    );
  });
});
