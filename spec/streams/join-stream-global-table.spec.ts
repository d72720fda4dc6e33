import { describe, expect, it } from 'vitest';
import { Named, StreamsBuilder, TestDriver } from '../../src/index.js';

interface Order {
  readonly userId: string | null;
  readonly item: string;
}
type OrderValue = Order | null;

/** Orders keyed by order id, enriched with the user's name from a global table keyed by user id. */
function enrichment(kind: 'inner' | 'left', named?: string) {
  const builder = new StreamsBuilder();
  const users = builder.globalTable<string, string>('users');
  const orders = builder.stream<string | null, OrderValue>('orders');
  // Kafka calls the keySelector for every record, null values included.
  const userOf = (_orderId: string | null, order: OrderValue) => order?.userId ?? null;
  const joiner = (order: OrderValue, user: string | null) => `${order?.item}@${user}`;
  const n = named === undefined ? undefined : Named.as(named);
  (kind === 'inner' ? orders.join(users, userOf, joiner, n) : orders.leftJoin(users, userOf, joiner, n)).to('out');
  return builder;
}

function harness(kind: 'inner' | 'left', partitions: Readonly<Record<string, number>> = {}) {
  const driver = new TestDriver(enrichment(kind), { partitions });
  const users = driver.createInputTopic<string, string | null>('users');
  const orders = driver.createInputTopic<string | null, OrderValue>('orders');
  const out = driver.createOutputTopic<string | null, string>('out');
  const read = () => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  return { driver, users, orders, read };
}

describe('KStream-GlobalKTable join (KStreamGlobalKTableJoin)', () => {
  it('maps each stream record to a table key with the keySelector and joins with the current global value; the output keeps the stream key and timestamp', () => {
    const { users, orders, read } = harness('inner');
    users.pipeInput('u1', 'Ada', 100);
    orders.pipeInput('o1', { userId: 'u1', item: 'book' }, 5);
    orders.pipeInput('o2', { userId: 'u2', item: 'pen' }, 6); // no such user: inner join emits nothing
    expect(read()).toEqual([['o1', 'book@Ada', 5]]);
    users.pipeInput('u2', 'Bob', 7); // table updates never trigger output
    expect(read()).toEqual([]);
    users.pipeInput('u1', null, 8); // tombstone
    orders.pipeInput('o3', { userId: 'u1', item: 'lamp' }, 9);
    orders.pipeInput('o4', { userId: 'u2', item: 'ink' }, 10);
    expect(read()).toEqual([['o4', 'ink@Bob', 10]]);
  });

  it('left join emits a stream record without a table value joined with null', () => {
    const { orders, read } = harness('left');
    orders.pipeInput('o1', { userId: 'u9', item: 'book' }, 5);
    expect(read()).toEqual([['o1', 'book@null', 5]]);
  });

  it('needs no co-partitioning: every task reads the whole global table', () => {
    const { driver, users, orders, read } = harness('inner', { orders: 3, users: 2 });
    expect(driver.topology.copartitionGroups).toEqual([]);
    ['u1', 'u2', 'u3', 'u4'].forEach((u) => users.pipeInput(u, u.toUpperCase(), 1));
    ['u1', 'u2', 'u3', 'u4'].forEach((u, i) => orders.pipeInput(`o${i}`, { userId: u, item: `i${i}` }, 10 + i));
    expect(read().map((r) => r[1]).sort()).toEqual(['i0@U1', 'i1@U2', 'i2@U3', 'i3@U4']);
  });

  it('inner join drops and counts a null mapped key or a null value; a null stream key is fine when the mapped key is not null', () => {
    const { driver, users, orders, read } = harness('inner');
    users.pipeInput('u1', 'Ada', 1);
    orders.pipeInput('o1', { userId: null, item: 'book' }, 2);
    orders.pipeInput('o2', null, 3);
    orders.pipeInput(null, { userId: 'u1', item: 'pen' }, 4);
    expect(read()).toEqual([[null, 'pen@Ada', 4]]);
    expect(driver.droppedRecords()).toBe(2);
  });

  it('left join joins a null mapped key with null (KIP-962, Kafka 3.7+); a null value is dropped and counted', () => {
    const { driver, orders, read } = harness('left');
    orders.pipeInput('o1', { userId: null, item: 'book' }, 2);
    orders.pipeInput('o2', null, 3);
    expect(read()).toEqual([['o1', 'book@null', 2]]);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('names the processor KSTREAM-JOIN-n / KSTREAM-LEFTJOIN-n or after Named, and connects no store (global stores are read through the context)', () => {
    // users store 0, users source 1, users KTABLE-SOURCE 2, orders source 3, join 4.
    const inner = enrichment('inner').build();
    const join = inner.node('KSTREAM-JOIN-0000000004');
    expect(join?.kind === 'processor' ? join.stores : undefined).toEqual([]);
    expect(enrichment('left').build().node('KSTREAM-LEFTJOIN-0000000004')).toBeDefined();
    expect(enrichment('left', 'enrich-orders').build().node('enrich-orders')).toBeDefined();
  });

  it('keeps the stream repartition-required flag: a key change before the join still repartitions a later aggregation', () => {
    const builder = new StreamsBuilder();
    const users = builder.globalTable<string, string>('users');
    builder
      .stream<string, string>('orders')
      .selectKey((_k, v) => v)
      .join(users, (_k, v) => v, (o, u) => `${o}:${u}`)
      .groupByKey()
      .count()
      .toStream()
      .to('counts');
    expect(builder.build().internalTopics.size).toBe(1);
  });
});
