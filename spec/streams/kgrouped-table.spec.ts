import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Grouped, Materialized, Named, StreamsBuilder, TestDriver, type Change } from '../../src/index.js';

function records<K, V>(driver: TestDriver, topic: string): [K, V, number][] {
  return driver
    .createOutputTopic<K, V>(topic)
    .readRecordsToList()
    .map((r) => [r.key, r.value, r.timestamp]);
}

/** users: user -> region; regionCounts: region -> number of users (KGroupedTable#count). */
function regionCount(grouped = Grouped.as<string, string>('by-region')) {
  const builder = new StreamsBuilder();
  builder
    .table<string, string>('users')
    .groupBy((user, region) => [region, user], grouped)
    .count(Materialized.as('region-counts'))
    .toStream()
    .to('counts');
  return builder;
}

describe('KTable#groupBy + KGroupedTable (Kafka KTableRepartitionMap, KTableAggregate, KTableReduce)', () => {
  it('count adds a key to its new group and subtracts it from its old one; a delete subtracts (KGroupedTable#count)', () => {
    const driver = new TestDriver(regionCount());
    const users = driver.createInputTopic<string, string | null>('users');
    users.pipeInput('alice', 'europe', 1);
    users.pipeInput('bob', 'asia', 2);
    users.pipeInput('charlie', 'europe', 3);
    users.pipeInput('alice', 'asia', 4); // moves: subtract from europe first, then add to asia
    users.pipeInput('bob', null, 5);
    users.pipeInput('charlie', null, 6); // europe drops to 0: a count is never deleted
    expect(records(driver, 'counts')).toEqual([
      ['europe', 1, 1],
      ['asia', 1, 2],
      ['europe', 2, 3],
      ['europe', 1, 4],
      ['asia', 2, 4],
      ['asia', 1, 5],
      ['europe', 0, 6],
    ]);
    expect(driver.getKeyValueStore<string, number>('region-counts').get('asia')).toBe(1);
  });

  it('sends the subtraction (old pair) and the addition (new pair) through <Grouped name>-repartition as Changes', () => {
    const driver = new TestDriver(regionCount());
    const users = driver.createInputTopic<string, string>('users');
    users.pipeInput('alice', 'europe', 1);
    users.pipeInput('alice', 'asia', 2);
    const repartitioned = driver.createOutputTopic<string, Change<string>>('streamsim-test-by-region-repartition').readRecordsToList();
    expect(repartitioned.map((r) => [r.key, r.value.newValue, r.value.oldValue, r.timestamp])).toEqual([
      ['europe', 'alice', null, 1],
      ['europe', null, 'alice', 2],
      ['asia', 'alice', null, 2],
    ]);
  });

  it('an update that keeps its group travels as one Change(new, old) and yields one result (KIP-904: subtract before add)', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, { region: string; score: number }>('players')
      .groupBy((_player, p) => [p.region, p.score] as const, Grouped.as<string, number>('by-region'))
      .aggregate(
        () => 0,
        (_region, score, sum) => sum + score,
        (_region, score, sum) => sum - score,
      )
      .toStream()
      .to('sums');
    const driver = new TestDriver(builder);
    const players = driver.createInputTopic<string, { region: string; score: number }>('players');
    players.pipeInput('p1', { region: 'eu', score: 10 }, 1);
    players.pipeInput('p1', { region: 'eu', score: 15 }, 2);
    // One record, not (eu, 0) then (eu, 15): the intermediate state is never visible.
    expect(records(driver, 'sums')).toEqual([
      ['eu', 10, 1],
      ['eu', 15, 2],
    ]);
    const repartitioned = driver.createOutputTopic<string, Change<number>>('streamsim-test-by-region-repartition').readRecordsToList();
    expect(repartitioned.map((r) => [r.key, r.value.newValue, r.value.oldValue])).toEqual([
      ['eu', 10, null],
      ['eu', 15, 10],
    ]);
  });

  it('reduce starts from the first value, adds and subtracts; timestamps are max(record, aggregate) once the aggregate takes part (KTableReduce)', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, number>('items')
      .groupBy((item, n) => [item.charAt(0), n])
      .reduce(
        (agg, v) => agg + v,
        (agg, v) => agg - v,
      )
      .toStream()
      .to('totals');
    const driver = new TestDriver(builder);
    const items = driver.createInputTopic<string, number | null>('items');
    items.pipeInput('a1', 5, 1);
    items.pipeInput('a2', 3, 2);
    items.pipeInput('a1', 7, 3); // same group: one Change(7, 5)
    items.pipeInput('a2', null, 4);
    items.pipeInput('b1', 1, 5);
    items.pipeInput('a3', 1, 0); // late record: the aggregate keeps its later timestamp 4
    expect(records(driver, 'totals')).toEqual([
      ['a', 5, 1],
      ['a', 8, 2],
      ['a', 10, 3],
      ['a', 7, 4],
      ['b', 1, 5],
      ['a', 8, 4],
    ]);
  });

  it('aggregate folds with initializer, adder and subtractor; the key reaches both (KTableAggregate)', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('users')
      .groupBy((user, region) => [region, user])
      .aggregate<string[]>(
        () => [],
        (region, user, members) => [...members, `${user}@${region}`].sort(),
        (_region, user, members) => members.filter((m) => !m.startsWith(`${user}@`)),
        Materialized.as('members'),
      )
      .toStream()
      .to('members-out');
    const driver = new TestDriver(builder);
    const users = driver.createInputTopic<string, string | null>('users');
    users.pipeInput('bob', 'eu', 1);
    users.pipeInput('amy', 'eu', 2);
    users.pipeInput('bob', 'us', 3);
    expect(records(driver, 'members-out')).toEqual([
      ['eu', ['bob@eu'], 1],
      ['eu', ['amy@eu', 'bob@eu'], 2],
      ['eu', ['amy@eu'], 3],
      ['us', ['bob@us'], 3],
    ]);
    expect(driver.getKeyValueStore<string, string[]>('members').get('eu')).toEqual(['amy@eu']);
  });

  it('a selected null key or null value is skipped, and counted as dropped once, when it would be added; the rest of the change still applies', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('users')
      .groupBy((user, region) => [region === 'none' ? null : region, region === 'anon' ? null : user])
      .count()
      .toStream()
      .to('counts');
    const driver = new TestDriver(builder);
    const users = driver.createInputTopic<string, string>('users');
    users.pipeInput('x', 'none', 1); // new pair has a null key: skipped
    users.pipeInput('y', 'anon', 2); // new pair has a null value: skipped
    users.pipeInput('x', 'eu', 3); // old pair (null key) skipped again, uncounted; new pair added
    expect(records(driver, 'counts')).toEqual([['eu', 1, 3]]);
    expect(driver.droppedRecords()).toBe(2);
  });

  it('an upstream filter that rejects everything sends nothing to the aggregation (KTableFilterTest#shouldSkipNullToRepartition)', () => {
    const builder = new StreamsBuilder();
    const reduced = builder
      .table<string, string>('topic1')
      .filter((_k, v) => v === 'accept')
      .groupBy((k, v) => [k, v])
      .reduce(
        (a, b) => a + b,
        (a, b) => a.replace(b, ''),
      );
    reduced.toStream().to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('topic1');
    input.pipeInput('A', 'reject', 5);
    input.pipeInput('B', 'reject', 10);
    input.pipeInput('C', 'reject', 20);
    expect(driver.createOutputTopic('out').getQueueSize()).toBe(0);
    expect(driver.producedTopicNames().has('streamsim-test-KTABLE-AGGREGATE-STATE-STORE-0000000005-repartition')).toBe(false);
  });

  it('names nodes and topics as KTableImpl#groupBy and KGroupedTableImpl#doAggregate do', () => {
    const builder = new StreamsBuilder();
    const table = builder.table<string, string>('users'); // users-STATE-STORE-0, KSTREAM-SOURCE-1, KTABLE-SOURCE-2
    const grouped = table.groupBy((u, r) => [r, u]); // KTABLE-SELECT-3
    grouped.count(); // store 4, sink 5, source 6, KTABLE-AGGREGATE-7
    grouped.reduce((a) => a, (a) => a, Named.as('r')); // store 8; r-sink and r-source use up 9 and 10; processor 'r'
    const topology = builder.build();
    expect(topology.nodes.map((n) => n.name)).toEqual([
      'KSTREAM-SOURCE-0000000001',
      'KTABLE-SOURCE-0000000002',
      'KTABLE-SELECT-0000000003',
      'KSTREAM-SINK-0000000005',
      'KSTREAM-SOURCE-0000000006',
      'KTABLE-AGGREGATE-0000000007',
      'r-sink',
      'r-source',
      'r',
    ]);
    expect([...topology.internalTopics.keys()]).toEqual([
      'KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition',
      'KTABLE-AGGREGATE-STATE-STORE-0000000008-repartition',
    ]);
    expect(table.sendOldValues).toBe(true);
  });

  it('with a Grouped name, the select processor takes it and every aggregation shares <name>-repartition', () => {
    const builder = new StreamsBuilder();
    const grouped = builder.table<string, string>('users').groupBy((u, r) => [r, u], Grouped.as('g'));
    grouped.count(Materialized.as('c1')).toStream().to('out1');
    grouped.count(Materialized.as('c2')).toStream().to('out2');
    const topology = builder.build();
    expect(topology.node('g')?.kind).toBe('processor');
    expect([...topology.internalTopics.keys()]).toEqual(['g-repartition']);
    const driver = new TestDriver(builder);
    driver.createInputTopic<string, string>('users').pipeInput('u', 'eu', 1);
    expect(records(driver, 'out1')).toEqual([['eu', 1, 1]]);
    expect(records(driver, 'out2')).toEqual([['eu', 1, 1]]);
  });

  it('property: after random upserts, deletes and group moves, the per-group sums equal a recomputation from the final table', () => {
    type Op = { key: string; value: { group: string; amount: number } | null };
    const op = fc.record({
      key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6'),
      value: fc.option(fc.record({ group: fc.constantFrom('g1', 'g2', 'g3'), amount: fc.integer({ min: -50, max: 50 }) }), { freq: 4 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), (ops: Op[], partitions, cached) => {
        const builder = new StreamsBuilder();
        builder
          .table<string, { group: string; amount: number }>('entries')
          .groupBy((_k, v) => [v.group, v.amount])
          .aggregate(
            () => 0,
            (_g, amount, sum) => sum + amount,
            (_g, amount, sum) => sum - amount,
            Materialized.as('sums'),
          )
          .toStream()
          .to('sums-out');
        const driver = new TestDriver(builder, { partitions, cacheMaxBytes: cached ? 1_000_000 : 0 });
        const input = driver.createInputTopic<string, { group: string; amount: number } | null>('entries');
        ops.forEach((o, i) => input.pipeInput(o.key, o.value, i));
        driver.close(); // commits: flushes the cache in cache mode

        // Brute force: the final table is the last value per key; a group's sum is over its current members.
        const finalTable = new Map<string, { group: string; amount: number } | null>();
        for (const o of ops) finalTable.set(o.key, o.value);
        const expected = { g1: 0, g2: 0, g3: 0 };
        for (const v of finalTable.values()) if (v !== null) expected[v.group as keyof typeof expected] += v.amount;

        // A group nobody is in has sum 0, or no aggregate at all (a key added and removed between two commits
        // never reaches the aggregation in cache mode).
        const stored = new Map(driver.getKeyValueStore<string, number>('sums').all().map((kv) => [kv.key, kv.value]));
        const emitted = driver.createOutputTopic<string, number>('sums-out').readKeyValuesToMap();
        for (const m of [stored, emitted]) {
          expect({ g1: m.get('g1') ?? 0, g2: m.get('g2') ?? 0, g3: m.get('g3') ?? 0 }).toEqual(expected);
          expect([...m.keys()].every((g) => g in expected)).toBe(true);
        }
      }),
      { numRuns: 150, seed: 904 },
    );
  });
});
