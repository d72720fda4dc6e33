import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Materialized, Named, StreamsBuilder, TestDriver, TopologyError, type Change, type JoinKind, type KTable } from '../../src/index.js';
import type { Processor, StreamRecord } from '../../src/sim/processor.js';

/**
 * KTable-KTable equi-joins as Kafka's KTableImpl#doJoin builds them (KTableKTableJoinNode with
 * KTableKTable{Inner,Left,Right,Outer}Join sides and KTableKTableJoinMerger).
 */

const pair = (l: string | null, r: string | null) => `${l}+${r}`;

function join<V1, V2>(kind: JoinKind, left: KTable<string, V1>, right: KTable<string, V2>, ...rest: unknown[]): KTable<string, string> {
  const j = pair as never;
  if (kind === 'inner') return (left.join as (...a: unknown[]) => KTable<string, string>)(right, j, ...rest);
  if (kind === 'left') return (left.leftJoin as (...a: unknown[]) => KTable<string, string>)(right, j, ...rest);
  return (left.outerJoin as (...a: unknown[]) => KTable<string, string>)(right, j, ...rest);
}

/** Records every Change a table node emits (toStream would drop the old values). */
function captureChanges<V>(table: KTable<string, V>): Array<{ key: string; value: Change<V>; timestamp: number }> {
  const seen: Array<{ key: string; value: Change<V>; timestamp: number }> = [];
  table.ctx.topology.addProcessor(
    'capture-changes',
    (): Processor<string, Change<V>> => ({
      process: (r: StreamRecord<string, Change<V>>) => void seen.push({ key: r.key, value: { newValue: r.value.newValue, oldValue: r.value.oldValue }, timestamp: r.timestamp }),
    }),
    table.nodeName,
  );
  return seen;
}

describe('table-table join topology (KTableImpl#doJoin, KTableKTableJoinNode#writeToTopology)', () => {
  it('names merge, this and other as Kafka does (merge first) and connects each side to the other table\'s store', () => {
    for (const kind of ['inner', 'left', 'outer'] as const) {
      const builder = new StreamsBuilder();
      // left: store 0, source 1, table 2; right: store 3, source 4, table 5.
      join(kind, builder.table('left'), builder.table('right')).toStream().to('out');
      const t = builder.build();
      const names = t.nodes.map((n) => n.name);
      expect(names).toContain('KTABLE-MERGE-0000000006');
      expect(names).toContain('KTABLE-TOSTREAM-0000000009');
      const joinThis = t.node('KTABLE-JOINTHIS-0000000007');
      const joinOther = t.node('KTABLE-JOINOTHER-0000000008');
      const merge = t.node('KTABLE-MERGE-0000000006');
      expect(joinThis?.kind === 'processor' && joinThis.parents).toEqual(['KTABLE-SOURCE-0000000002']);
      expect(joinThis?.kind === 'processor' && joinThis.stores).toEqual(['right-STATE-STORE-0000000003']);
      expect(joinOther?.kind === 'processor' && joinOther.parents).toEqual(['KTABLE-SOURCE-0000000005']);
      expect(joinOther?.kind === 'processor' && joinOther.stores).toEqual(['left-STATE-STORE-0000000000']);
      expect(merge?.kind === 'processor' && merge.parents).toEqual(['KTABLE-JOINTHIS-0000000007', 'KTABLE-JOINOTHER-0000000008']);
      expect(merge?.kind === 'processor' && merge.stores).toEqual([]);
      expect(t.copartitionGroups).toEqual([['left', 'right']]);
    }
  });

  it('Materialized without a name burns the store index before the merge name (MaterializedInternal with MERGE_NAME)', () => {
    const builder = new StreamsBuilder();
    const joined = builder.table('left').join(builder.table('right'), pair as never, undefined, Materialized.with<string, string>());
    const t = builder.build();
    expect(joined.nodeName).toBe('KTABLE-MERGE-0000000007');
    expect(joined.queryableStoreName).toBe('KTABLE-MERGE-STATE-STORE-0000000006');
    expect(t.node('KTABLE-JOINTHIS-0000000008')).toBeDefined();
    expect(t.node('KTABLE-JOINOTHER-0000000009')).toBeDefined();
    const merge = t.node('KTABLE-MERGE-0000000007');
    expect(merge?.kind === 'processor' && merge.stores).toEqual(['KTABLE-MERGE-STATE-STORE-0000000006']);
  });

  it('Named names the merge node <name> and the sides <name>-join-this / <name>-join-other', () => {
    const builder = new StreamsBuilder();
    const joined = builder.table('left').leftJoin(builder.table('right'), pair as never, Named.as('j'), Materialized.as<string, string>('j-store'));
    const t = builder.build();
    expect(joined.nodeName).toBe('j');
    expect(joined.queryableStoreName).toBe('j-store');
    expect(t.node('j-join-this')).toBeDefined();
    expect(t.node('j-join-other')).toBeDefined();
  });

  it('refuses tables whose topics are not co-partitioned', () => {
    const builder = new StreamsBuilder();
    builder.table('left').join(builder.table('right'), pair as never).toStream().to('out');
    expect(() => new TestDriver(builder, { partitions: { left: 2, right: 3, out: 1 } })).toThrow(TopologyError);
    expect(() => new TestDriver(builder, { partitions: { left: 2, right: 3, out: 1 } })).toThrow(/co-partitioned/);
  });
});

describe('table-table join semantics', () => {
  it('output timestamp is the max of both sides, whichever side updates (KTableKTableInnerJoin resultTimestamp)', () => {
    const builder = new StreamsBuilder();
    join('inner', builder.table<string, string>('left'), builder.table<string, string>('right')).toStream().to('out');
    const driver = new TestDriver(builder);
    const left = driver.createInputTopic<string, string>('left');
    const right = driver.createInputTopic<string, string>('right');
    const out = driver.createOutputTopic<string, string>('out');
    right.pipeInput('k', 'a', 100);
    left.pipeInput('k', 'A', 40); // older left record: the result carries the right value's 100
    left.pipeInput('k', 'B', 120);
    right.pipeInput('k', 'b', 110); // older right record: the left value's 120 wins
    expect(out.readRecordsToList().map((r) => [r.value, r.timestamp])).toEqual([
      ['A+a', 100],
      ['B+a', 120],
      ['B+b', 120],
    ]);
  });

  it('left and outer joins without a match use the record\'s own timestamp', () => {
    const builder = new StreamsBuilder();
    join('outer', builder.table<string, string>('left'), builder.table<string, string>('right')).toStream().to('out');
    const driver = new TestDriver(builder);
    driver.createInputTopic<string, string>('left').pipeInput('x', 'X', 7);
    driver.createInputTopic<string, string>('right').pipeInput('y', 'y', 9);
    expect(driver.createOutputTopic<string, string>('out').readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['x', 'X+null', 7],
      ['y', 'null+y', 9],
    ]);
  });

  it('forwards Change(new, old) with old results computed from old values once a downstream asks for them', () => {
    const builder = new StreamsBuilder();
    const joined = join('inner', builder.table<string, string>('left'), builder.table<string, string>('right'));
    joined.enableSendingOldValues();
    const changes = captureChanges(joined);
    const driver = new TestDriver(builder);
    const left = driver.createInputTopic<string, string | null>('left');
    const right = driver.createInputTopic<string, string | null>('right');
    left.pipeInput('k', 'A', 1);
    right.pipeInput('k', 'a', 2);
    left.pipeInput('k', 'B', 3);
    right.pipeInput('k', 'b', 4);
    left.pipeInput('k', null, 5);
    expect(changes.map((c) => [c.value.newValue, c.value.oldValue, c.timestamp])).toEqual([
      ['A+a', null, 2], // right side, first value: no old right value to join
      ['B+a', 'A+a', 3],
      ['B+b', 'B+a', 4],
      [null, 'B+b', 5],
    ]);
  });

  it('without a downstream asking, old values stay null', () => {
    const builder = new StreamsBuilder();
    const joined = join('left', builder.table<string, string>('left'), builder.table<string, string>('right'));
    const changes = captureChanges(joined);
    const driver = new TestDriver(builder);
    driver.createInputTopic<string, string>('left').pipeInput('k', 'A', 1);
    driver.createInputTopic<string, string>('left').pipeInput('k', 'B', 2);
    expect(changes.map((c) => c.value)).toEqual([
      { newValue: 'A+null', oldValue: null },
      { newValue: 'B+null', oldValue: null },
    ]);
  });

  it('a materialized result is stored with its timestamp, deleted by a tombstone, and logged to a changelog', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('left')
      .join(builder.table<string, string>('right'), pair as never, undefined, Materialized.as<string, string>('joined'))
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const left = driver.createInputTopic<string, string | null>('left');
    const right = driver.createInputTopic<string, string | null>('right');
    left.pipeInput('k', 'A', 5);
    right.pipeInput('k', 'a', 3);
    const store = driver.getTimestampedKeyValueStore<string, string>('joined');
    expect(store.get('k')).toEqual({ value: 'A+a', timestamp: 5 });
    right.pipeInput('k', null, 8);
    expect(store.get('k')).toBeNull();
    expect(driver.producedTopicNames()).toContain('streamsim-test-joined-changelog');
  });

  it('a non-materialized result offers its value through both parents\' getters (joining it again reads them)', () => {
    const builder = new StreamsBuilder();
    const ab = builder.table<string, string>('a').outerJoin(builder.table<string, string>('b'), pair);
    expect(ab.queryableStoreName).toBeNull();
    expect([...ab.valueGetterSupplier.storeNames].sort()).toEqual(['a-STATE-STORE-0000000000', 'b-STATE-STORE-0000000003']);
    ab.join(builder.table<string, string>('c'), (x, c) => `(${x})*${c}`).toStream().to('out');
    const driver = new TestDriver(builder);
    const a = driver.createInputTopic<string, string>('a');
    const b = driver.createInputTopic<string, string>('b');
    const c = driver.createInputTopic<string, string>('c');
    const out = driver.createOutputTopic<string, string>('out');
    b.pipeInput('k', 'b1', 4);
    c.pipeInput('k', 'c1', 2); // looks up a ⟗ b for k: null+b1, timestamp max(4, 2)
    a.pipeInput('k', 'a1', 3);
    expect(out.readRecordsToList().map((r) => [r.value, r.timestamp])).toEqual([
      ['(null+b1)*c1', 4],
      ['(a1+b1)*c1', 4],
    ]);
  });

  it('gives the same final join table with 1 and 3 partitions', () => {
    const run = (partitions: number) => {
      const builder = new StreamsBuilder();
      join('outer', builder.table<string, string>('left'), builder.table<string, string>('right')).toStream().to('out');
      const driver = new TestDriver(builder, { partitions });
      const left = driver.createInputTopic<string, string | null>('left');
      const right = driver.createInputTopic<string, string | null>('right');
      for (let i = 0; i < 20; i++) {
        const k = `k${i % 7}`;
        (i % 3 === 0 ? right : left).pipeInput(k, i % 5 === 4 ? null : `v${i}`, i);
      }
      return Object.fromEntries([...driver.createOutputTopic<string, string>('out').readKeyValuesToMap()].sort());
    };
    const single = run(1);
    // Final left: k1 v8, k2 v16, k3 v17, k4 v11, k6 v13 (k0 deleted at 14, k5 at 19);
    // final right: k0 v0, k1 v15, k3 v3, k4 v18, k5 v12, k6 v6 (k2 deleted at 9).
    expect(single).toEqual({
      k0: 'null+v0',
      k1: 'v8+v15',
      k2: 'v16+null',
      k3: 'v17+v3',
      k4: 'v11+v18',
      k5: 'null+v12',
      k6: 'v13+v6',
    });
    expect(run(3)).toEqual(single);
  });
});

describe('table-table join property: the final join table is the join of the final tables', () => {
  type Op = { side: 'left' | 'right'; key: string; value: string | null };
  const op: fc.Arbitrary<Op> = fc.record({
    side: fc.constantFrom('left' as const, 'right' as const),
    key: fc.constantFrom('a', 'b', 'c', 'd'),
    value: fc.option(fc.constantFrom('1', '2', '3'), { freq: 3 }),
  });

  function bruteForce(kind: JoinKind, l: Map<string, string>, r: Map<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    const keys = kind === 'outer' ? new Set([...l.keys(), ...r.keys()]) : new Set(l.keys());
    for (const k of [...keys].sort()) {
      const lv = l.get(k) ?? null;
      const rv = r.get(k) ?? null;
      if (kind === 'inner' && rv === null) continue;
      out[k] = pair(lv, rv);
    }
    return out;
  }

  for (const kind of ['inner', 'left', 'outer'] as const) {
    it(`${kind} join, 1 or 3 partitions: output changelog and materialized store both equal a brute-force join`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 30 }), fc.constantFrom(1, 3), (ops, partitions) => {
          const builder = new StreamsBuilder();
          join(kind, builder.table<string, string>('left'), builder.table<string, string>('right'), undefined, Materialized.as('joined'))
            .toStream()
            .to('out');
          const driver = new TestDriver(builder, { partitions });
          const inputs = { left: driver.createInputTopic<string, string | null>('left'), right: driver.createInputTopic<string, string | null>('right') };
          const state = { left: new Map<string, string>(), right: new Map<string, string>() };
          ops.forEach((o, i) => {
            inputs[o.side].pipeInput(o.key, o.value, i);
            if (o.value === null) state[o.side].delete(o.key);
            else state[o.side].set(o.key, o.value);
          });
          const expected = bruteForce(kind, state.left, state.right);
          expect(Object.fromEntries([...driver.createOutputTopic<string, string>('out').readKeyValuesToMap()].sort())).toEqual(expected);
          const stored = driver.getKeyValueStore<string, string>('joined').all();
          expect(Object.fromEntries(stored.map((kv) => [kv.key, kv.value]))).toEqual(expected);
        }),
        { numRuns: 150 },
      );
    });
  }
});
