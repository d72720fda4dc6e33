import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Joined, StreamsBuilder, TestDriver, type JoinedOptions } from '../../src/index.js';

type Key = string | null;
type Value = string | null;

const joiner = (s: string, t: string | null): string => `${s}+${t}`;

function joinTopology(kind: 'inner' | 'left', joined?: JoinedOptions<Key, string, string>): StreamsBuilder {
  const builder = new StreamsBuilder();
  const stream = builder.stream<Key, string>('stream');
  const table = builder.table<Key, string>('table');
  (kind === 'inner' ? stream.join(table, joiner, joined) : stream.leftJoin(table, joiner, joined)).to('out');
  return builder;
}

function harness(kind: 'inner' | 'left', partitions = 1) {
  const driver = new TestDriver(joinTopology(kind), { partitions });
  const stream = driver.createInputTopic<Key, Value>('stream');
  const table = driver.createInputTopic<Key, Value>('table');
  const out = driver.createOutputTopic<Key, string>('out');
  const read = () => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  return { driver, stream, table, read };
}

describe('KStream-KTable join (KStreamKTableJoinProcessor)', () => {
  it('joins each stream record with the table value current at processing time, keeps the stream record key and timestamp; table updates never trigger output', () => {
    const { stream, table, read } = harness('inner');
    table.pipeInput('k', 't1', 10);
    expect(read()).toEqual([]);
    stream.pipeInput('k', 'A', 5); // older than the table value: not a temporal join on plain tables
    expect(read()).toEqual([['k', 'A+t1', 5]]);
    table.pipeInput('k', 't2', 20);
    expect(read()).toEqual([]);
    stream.pipeInput('k', 'B', 15);
    expect(read()).toEqual([['k', 'B+t2', 15]]);
    table.pipeInput('k', null, 30); // tombstone
    stream.pipeInput('k', 'C', 31);
    stream.pipeInput('x', 'D', 32); // no such key
    expect(read()).toEqual([]);
  });

  it('left join: a stream record without a table value is joined with null', () => {
    const { stream, table, read } = harness('left');
    stream.pipeInput('k', 'A', 1);
    table.pipeInput('k', 't', 2);
    stream.pipeInput('k', 'B', 3);
    table.pipeInput('k', null, 4);
    stream.pipeInput('k', 'C', 5);
    expect(read()).toEqual([
      ['k', 'A+null', 1],
      ['k', 'B+t', 3],
      ['k', 'C+null', 5],
    ]);
  });

  it('inner join drops and counts stream records with a null key or a null value', () => {
    const { driver, stream, table, read } = harness('inner');
    table.pipeInput('k', 't', 0);
    stream.pipeInput(null, 'A', 1);
    stream.pipeInput('k', null, 2);
    expect(read()).toEqual([]);
    expect(driver.droppedRecords()).toBe(2);
  });

  it('left join joins a null-key stream record with null (KIP-962, Kafka 3.7+); a null value is still dropped and counted', () => {
    const { driver, stream, read } = harness('left');
    stream.pipeInput(null, 'A', 1);
    stream.pipeInput('k', null, 2);
    expect(read()).toEqual([[null, 'A+null', 1]]);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('reads a derived table through its value getter: a filtered-out value counts as missing', () => {
    const builder = new StreamsBuilder();
    const table = builder.table<string, string>('table').filter((_k, v) => v !== 'hidden');
    builder
      .stream<string, string>('stream')
      .leftJoin(table, joiner)
      .to('out');
    const driver = new TestDriver(builder);
    driver.createInputTopic<string, string>('table').pipeInput('a', 'shown', 1);
    driver.createInputTopic<string, string>('table').pipeInput('b', 'hidden', 1);
    const stream = driver.createInputTopic<string, string>('stream');
    stream.pipeInput('a', 'A', 2);
    stream.pipeInput('b', 'B', 3);
    expect(driver.createOutputTopic<string, string>('out').readValuesToList()).toEqual(['A+shown', 'B+null']);
  });
});

describe('KStream-KTable join topology (KStreamImpl#doStreamTableJoin)', () => {
  it('names the processor KSTREAM-JOIN-n / KSTREAM-LEFTJOIN-n, or after Joined, and connects it to the table store', () => {
    const inner = joinTopology('inner').build();
    const join = inner.nodes.find((n) => n.name.startsWith('KSTREAM-JOIN-'));
    expect(join?.name).toBe('KSTREAM-JOIN-0000000004');
    expect(join?.kind === 'processor' ? join.stores : []).toEqual(['table-STATE-STORE-0000000001']);
    expect(joinTopology('left').build().node('KSTREAM-LEFTJOIN-0000000004')).toBeDefined();
    expect(joinTopology('left', Joined.as('enrich')).build().node('enrich')).toBeDefined();
    expect(inner.copartitionGroups).toEqual([['stream', 'table']]);
  });

  it('repartitions a stream whose key changed (`<node>-repartition`, or `<Joined name>-repartition`), sized like the table', () => {
    const build = (joined?: JoinedOptions<string, string, string>) => {
      const builder = new StreamsBuilder();
      const clicks = builder.stream<string, string>('clicks').selectKey((_k, v) => v.split('/')[0]!);
      const users = builder.table<string, string>('users');
      clicks.join(users, (c, u) => `${u}:${c}`, joined).to('out');
      return builder;
    };
    expect([...build().build().internalTopics.keys()]).toEqual(['KSTREAM-KEY-SELECT-0000000001-repartition']);
    const builder = build(Joined.as('enrich'));
    expect([...builder.build().internalTopics.keys()]).toEqual(['enrich-repartition']);

    const driver = new TestDriver(builder, { partitions: { clicks: 2, users: 3 } });
    expect(driver.broker.partitionCount('streamsim-test-enrich-repartition')).toBe(3);
    const users = driver.createInputTopic<string, string>('users');
    for (const u of ['u1', 'u2', 'u3', 'u4']) users.pipeInput(u, u.toUpperCase(), 1);
    const clicks = driver.createInputTopic<string, string>('clicks');
    ['u1/home', 'u2/cart', 'u3/pay', 'u4/exit'].forEach((path, i) => clicks.pipeInput(`c${i}`, path, 10 + i));
    const out = driver.createOutputTopic<string, string>('out').readKeyValuesToList();
    expect(out.map((kv) => `${kv.key}=${kv.value}`).sort()).toEqual(['u1=U1:u1/home', 'u2=U2:u2/cart', 'u3=U3:u3/pay', 'u4=U4:u4/exit']);
  });

  it('enforces co-partitioning of stream and table topics', () => {
    expect(() => new TestDriver(joinTopology('inner'), { partitions: { stream: 2, table: 4 } })).toThrow(
      /not co-partitioned: \[stream, table\] have 2, 4 partitions/,
    );
  });

  it('rejects a Joined grace period: it needs a versioned table (KIP-923), which streamsim does not have', () => {
    expect(() => joinTopology('inner', Joined.as<Key, string, string>('j').withGracePeriod(100))).toThrow(/versioned.*remove the grace period/);
  });
});

describe('KStream-KTable join property (fast-check)', () => {
  type Op =
    | { readonly kind: 'table'; readonly key: string; readonly value: string | null; readonly ts: number }
    | { readonly kind: 'stream'; readonly key: string | null; readonly value: string | null; readonly ts: number };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant('table' as const),
      key: fc.constantFrom('a', 'b', 'c'),
      value: fc.option(fc.constantFrom('t1', 't2', 't3'), { nil: null, freq: 4 }),
      ts: fc.integer({ min: 0, max: 1000 }),
    }),
    fc.record({
      kind: fc.constant('stream' as const),
      key: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null, freq: 8 }),
      value: fc.option(fc.constantFrom('s1', 's2'), { nil: null, freq: 8 }),
      ts: fc.integer({ min: 0, max: 1000 }),
    }),
  );

  it('output equals a reference join against the table state at each stream record, in processing order (1 and 3 partitions)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.constantFrom<'inner' | 'left'>('inner', 'left'), fc.constantFrom(1, 3), (ops, kind, partitions) => {
        const { stream, table, read } = harness(kind, partitions);
        const state = new Map<string, string>();
        const expected: (string | number | null)[][] = [];
        for (const op of ops) {
          if (op.kind === 'table') {
            table.pipeInput(op.key, op.value, op.ts);
            if (op.value === null) state.delete(op.key);
            else state.set(op.key, op.value);
            continue;
          }
          stream.pipeInput(op.key, op.value, op.ts);
          if (op.value === null) continue;
          const current = op.key === null ? undefined : state.get(op.key);
          if (current !== undefined) expected.push([op.key, `${op.value}+${current}`, op.ts]);
          else if (kind === 'left') expected.push([op.key, `${op.value}+null`, op.ts]);
        }
        expect(read()).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('joiner key parameter', () => {
  it("passes the read-only key as the joiner's third parameter (Kafka's ValueJoinerWithKey, key last in TypeScript)", () => {
    const b = new StreamsBuilder();
    const table = b.table<string, string>('users');
    b.stream<string, string>('clicks')
      .leftJoin(table, (click, user, key) => `${key}:${click}:${user ?? '-'}`)
      .to('joined');
    const driver = new TestDriver(b);
    driver.createInputTopic<string, string>('users').pipeInput('u1', 'ann', 1);
    const clicks = driver.createInputTopic<string, string>('clicks');
    clicks.pipeInput('u1', 'home', 2);
    clicks.pipeInput('u2', 'cart', 3);
    expect(driver.createOutputTopic<string, string>('joined').readValuesToList()).toEqual(['u1:home:ann', 'u2:cart:-']);
  });
});
