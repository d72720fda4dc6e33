import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Materialized, Named, StreamsBuilder, TestDriver, type KTable } from '../../src/index.js';

/**
 * KTable-KTable foreign-key joins (KIP-213) as Kafka's KTableImpl#doJoinOnForeignKey and the
 * foreignkeyjoin package build them: SubscriptionSendProcessorSupplier, SubscriptionReceiveProcessorSupplier,
 * SubscriptionJoinProcessorSupplier, ForeignTableJoinProcessorSupplier, ResponseJoinProcessorSupplier.
 */

interface Order {
  readonly product: string | null;
  readonly qty: number;
}

const describeOrder = (o: Order, name: string | null) => `${o.qty}x${name}`;
// Kafka's extractor may return null; the DSL types the result as KO, hence the cast.
const productOf = (o: Order) => o.product as string;

function fkJoin(kind: 'inner' | 'left', options: { partitions?: number; materialized?: boolean; shuffle?: boolean; seed?: number } = {}) {
  const builder = new StreamsBuilder();
  const orders = builder.table<string, Order>('orders');
  const products = builder.table<string, string>('products');
  const materialized = options.materialized === true ? Materialized.as<string, string>('order-details') : undefined;
  const joined =
    kind === 'inner'
      ? orders.join(products, productOf, describeOrder, undefined, materialized)
      : orders.leftJoin(products, productOf, describeOrder, undefined, materialized);
  joined.toStream().to('out');
  const driver = new TestDriver(builder, { partitions: options.partitions ?? 1, shuffle: options.shuffle ?? false, seed: options.seed ?? 0 });
  return {
    builder,
    joined,
    driver,
    orders: driver.createInputTopic<string, Order | null>('orders'),
    products: driver.createInputTopic<string, string | null>('products'),
    out: driver.createOutputTopic<string, string | null>('out'),
  };
}

const records = (out: ReturnType<typeof fkJoin>['out']) => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);

describe('foreign-key join topology: names as Kafka generates them', () => {
  it('unnamed: subscription/response topics, subscription store and processors numbered in Kafka\'s order', () => {
    const { builder, driver, orders, products } = fkJoin('inner');
    const t = builder.build();
    // orders: store 0, source 1, table 2; products: store 3, source 4, table 5.
    expect([...t.internalTopics.keys()]).toEqual([
      'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic',
      'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic',
    ]);
    const names = t.nodes.map((n) => n.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007',
        'KTABLE-SINK-0000000008',
        'KTABLE-SOURCE-0000000009',
        'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011',
        'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012',
        'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013',
        'KTABLE-SINK-0000000015',
        'KTABLE-SOURCE-0000000016',
        'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017',
        'KTABLE-FK-JOIN-OUTPUT-0000000018',
        // 19 is the result's (unused) store name, KTABLE-FK-JOIN-OUTPUT-STATE-STORE-0000000019
        'KTABLE-TOSTREAM-0000000020',
      ]),
    );
    const receive = t.node('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011');
    const foreignJoin = t.node('KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013');
    expect(receive?.kind === 'processor' && receive.stores).toEqual(['KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010']);
    expect(foreignJoin?.kind === 'processor' && foreignJoin.parents).toEqual(['KTABLE-SOURCE-0000000005']);
    expect(t.copartitionGroups).toEqual([
      ['products', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic'],
      ['orders', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic'],
    ]);
    products.pipeInput('p1', 'pen', 1);
    orders.pipeInput('o1', { product: 'p1', qty: 2 }, 2);
    expect([...driver.producedTopicNames()].filter((n) => n.includes('FK-JOIN')).sort()).toEqual([
      'streamsim-test-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic',
      'streamsim-test-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic',
      'streamsim-test-KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010-changelog',
    ]);
    // Not materialized and read by nobody: no result store.
    expect(t.stores.has('KTABLE-FK-JOIN-OUTPUT-STATE-STORE-0000000019')).toBe(false);
  });

  it('named: every internal name derives from the Named (TableJoined) name', () => {
    const builder = new StreamsBuilder();
    const joined = builder.table<string, Order>('orders').join(builder.table<string, string>('products'), productOf, describeOrder, Named.as('fk'));
    const t = builder.build();
    expect([...t.internalTopics.keys()]).toEqual(['fk-subscription-registration-topic', 'fk-subscription-response-topic']);
    expect(joined.nodeName).toBe('fk-result');
    expect(t.stores.has('fk-subscription-store')).toBe(true);
    for (const n of [
      'fk-subscription-registration-processor',
      'fk-subscription-registration-sink',
      'fk-subscription-registration-source',
      'fk-subscription-receive',
      'fk-subscription-join-foreign',
      'fk-foreign-join-subscription',
      'fk-subscription-response-sink',
      'fk-subscription-response-source',
      'fk-subscription-response-resolver',
    ]) {
      expect(t.node(n), n).toBeDefined();
    }
  });
});

describe('foreign-key join semantics', () => {
  it('inner join: a left update joins the current right value at max(left, right) time; a right update answers every subscriber with its own time', () => {
    const { orders, products, out } = fkJoin('inner');
    products.pipeInput('p1', 'pen', 10);
    orders.pipeInput('o1', { product: 'p1', qty: 2 }, 5); // older than the right value: result at 10
    orders.pipeInput('o2', { product: 'p1', qty: 3 }, 20);
    orders.pipeInput('o3', { product: 'p2', qty: 1 }, 21); // no p2 yet: nothing
    // ForeignTableJoinProcessorSupplier forwards the right record's timestamp, not the max.
    products.pipeInput('p1', 'ink pen', 15);
    products.pipeInput('p2', 'pad', 30);
    expect(records(out)).toEqual([
      ['o1', '2xpen', 10],
      ['o2', '3xpen', 20],
      ['o1', '2xink pen', 15],
      ['o2', '3xink pen', 15],
      ['o3', '1xpad', 30],
    ]);
  });

  it('changing the foreign key unsubscribes from the old one: its later updates no longer reach the row', () => {
    const { orders, products, out } = fkJoin('inner');
    products.pipeInput('p1', 'pen', 1);
    products.pipeInput('p2', 'pad', 2);
    orders.pipeInput('o1', { product: 'p1', qty: 1 }, 3);
    orders.pipeInput('o1', { product: 'p2', qty: 1 }, 4);
    products.pipeInput('p1', 'ink pen', 5);
    products.pipeInput('p2', 'note pad', 6);
    expect(records(out)).toEqual([
      ['o1', '1xpen', 3],
      ['o1', '1xpad', 4],
      ['o1', '1xnote pad', 6],
    ]);
  });

  it('inner join: a foreign key changing to one without a match deletes the result; same key without a match sends nothing', () => {
    const { orders, products, out } = fkJoin('inner');
    products.pipeInput('p1', 'pen', 1);
    orders.pipeInput('o1', { product: 'p1', qty: 1 }, 2);
    orders.pipeInput('o1', { product: 'p9', qty: 1 }, 3); // PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE: tombstone
    orders.pipeInput('o1', { product: 'p9', qty: 2 }, 4); // PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE: nothing
    expect(records(out)).toEqual([
      ['o1', '1xpen', 2],
      ['o1', null, 3],
    ]);
  });

  it('inner join: a null foreign key is dropped and counted, and deletes an existing result', () => {
    const { driver, orders, products, out } = fkJoin('inner');
    products.pipeInput('p1', 'pen', 1);
    orders.pipeInput('o1', { product: null, qty: 1 }, 2);
    expect(records(out)).toEqual([]);
    expect(driver.droppedRecords()).toBe(1);
    orders.pipeInput('o2', { product: 'p1', qty: 1 }, 3);
    orders.pipeInput('o2', { product: null, qty: 1 }, 4); // DELETE_KEY_AND_PROPAGATE to p1
    expect(records(out)).toEqual([
      ['o2', '1xpen', 3],
      ['o2', null, 4],
    ]);
    expect(driver.droppedRecords()).toBe(2);
  });

  it('left join: a null foreign key joins the left value with null (KIP-962 / KAFKA-15417), nothing dropped', () => {
    const { driver, orders, products, out } = fkJoin('left');
    products.pipeInput('p1', 'pen', 1);
    orders.pipeInput('o1', { product: null, qty: 1 }, 2);
    orders.pipeInput('o1', { product: 'p1', qty: 1 }, 3);
    orders.pipeInput('o1', { product: null, qty: 2 }, 4);
    expect(records(out)).toEqual([
      ['o1', '1xnull', 2],
      ['o1', '1xpen', 3],
      ['o1', '2xnull', 4],
    ]);
    expect(driver.droppedRecords()).toBe(0);
  });

  it('left join emits with null while no right row matches, and on a right delete', () => {
    const { orders, products, out } = fkJoin('left');
    orders.pipeInput('o1', { product: 'p1', qty: 1 }, 1);
    products.pipeInput('p1', 'pen', 2);
    products.pipeInput('p1', null, 3);
    expect(records(out)).toEqual([
      ['o1', '1xnull', 1],
      ['o1', '1xpen', 2],
      ['o1', '1xnull', 3],
    ]);
  });

  it('a right delete deletes inner results; a left delete deletes both inner and left results', () => {
    for (const kind of ['inner', 'left'] as const) {
      const { orders, products, out } = fkJoin(kind);
      products.pipeInput('p1', 'pen', 1);
      products.pipeInput('p2', 'pad', 1);
      orders.pipeInput('o1', { product: 'p1', qty: 1 }, 2);
      orders.pipeInput('o2', { product: 'p2', qty: 1 }, 2);
      products.pipeInput('p1', null, 3);
      orders.pipeInput('o2', null, 4);
      orders.pipeInput('o3', null, 5); // deleting a row that never existed: nothing
      expect(records(out), kind).toEqual([
        ['o1', '1xpen', 2],
        ['o2', '1xpad', 2],
        ['o1', kind === 'inner' ? null : '1xnull', 3],
        ['o2', null, 4],
      ]);
    }
  });

  it('drops a response whose left value has changed since it subscribed (value-hash check), and counts it', () => {
    const { driver, orders, products, out } = fkJoin('inner');
    products.pipeInput('p1', 'pen', 1);
    products.pipeInput('p2', 'pad', 1);
    // Both updates are processed before either response comes back: the first response is stale.
    orders.pipeRecordList([
      { key: 'o1', value: { product: 'p1', qty: 1 }, timestamp: 2 },
      { key: 'o1', value: { product: 'p2', qty: 5 }, timestamp: 3 },
    ]);
    expect(records(out)).toEqual([['o1', '5xpad', 3]]);
    expect(driver.droppedRecordsByNode().get('KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017')).toBe(1);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('Materialized: the result is stored (with timestamps) and deleted by tombstones', () => {
    const { driver, joined, orders, products } = fkJoin('inner', { materialized: true });
    expect(joined.queryableStoreName).toBe('order-details');
    products.pipeInput('p1', 'pen', 7);
    orders.pipeInput('o1', { product: 'p1', qty: 1 }, 3);
    orders.pipeInput('o2', { product: 'p1', qty: 2 }, 4);
    expect(driver.getTimestampedKeyValueStore<string, string>('order-details').get('o1')).toEqual({ value: '1xpen', timestamp: 7 });
    products.pipeInput('p1', null, 9);
    expect(driver.getKeyValueStore<string, string>('order-details').all()).toEqual([]);
  });

  it('a result read downstream (here joined again) is materialized under its generated store name', () => {
    const builder = new StreamsBuilder();
    const details: KTable<string, string> = builder.table<string, Order>('orders').join(builder.table<string, string>('products'), productOf, describeOrder);
    expect(details.queryableStoreName).toBeNull();
    details.join(builder.table<string, string>('shipping'), (d, s) => `${d} via ${s}`).toStream().to('out');
    expect(builder.build().stores.has('KTABLE-FK-JOIN-OUTPUT-STATE-STORE-0000000019')).toBe(true);
    const driver = new TestDriver(builder);
    driver.createInputTopic<string, string>('products').pipeInput('p1', 'pen', 1);
    driver.createInputTopic<string, string>('shipping').pipeInput('o1', 'post', 2);
    driver.createInputTopic<string, Order>('orders').pipeInput('o1', { product: 'p1', qty: 3 }, 3);
    expect(driver.createOutputTopic<string, string>('out').readKeyValuesToList()).toEqual([{ key: 'o1', value: '3xpen via post' }]);
  });

  it('with 3 partitions the results equal the single-partition results, and each response returns to its left key\'s partition', () => {
    const scenario = (partitions: number) => {
      const { driver, orders, products, out } = fkJoin('left', { partitions });
      for (let i = 0; i < 12; i++) products.pipeInput(`p${i}`, `item${i}`, i);
      for (let i = 0; i < 30; i++) orders.pipeInput(`o${i % 9}`, { product: i % 7 === 6 ? null : `p${(i * 5) % 13}`, qty: i }, 20 + i);
      for (let i = 0; i < 12; i += 3) products.pipeInput(`p${i}`, i % 2 === 0 ? null : `new${i}`, 60 + i);
      // Responses as their tasks consumed them.
      const responses = driver.trace().filter((e) => e.task !== null && e.record.topic.includes('SUBSCRIPTION-RESPONSE'));
      const final = Object.fromEntries([...out.readKeyValuesToMap()].sort());
      return { final, responses, driver };
    };
    const single = scenario(1);
    // Last update of o<k> is i = 27, 28, 29, 21..26; product p((i*5) % 13), or null when i % 7 == 6;
    // p0 and p6 were deleted at the end, p3 and p9 renamed new3 / new9.
    expect(single.final).toEqual({
      o0: '27xnull',
      o1: '28xitem10',
      o2: '29xitem2',
      o3: '21xitem1',
      o4: '22xnull',
      o5: '23xitem11',
      o6: '24xnew3',
      o7: '25xitem8',
      o8: '26xnull',
    });
    const multi = scenario(3);
    expect(multi.final).toEqual(single.final);
    expect(multi.responses.length).toBeGreaterThan(0);
    for (const { record } of multi.responses) {
      expect(record.partition).toBe(multi.driver.broker.partitionForKey('orders', record.key));
    }
  });
});

describe('foreign-key join property: the final join table is the join of the final tables', () => {
  type Op = { side: 'orders'; key: string; value: Order | null } | { side: 'products'; key: string; value: string | null };
  const productKeys = ['p1', 'p2', 'p3'];
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      side: fc.constant('orders' as const),
      key: fc.constantFrom('o1', 'o2', 'o3', 'o4'),
      value: fc.option(fc.record({ product: fc.option(fc.constantFrom(...productKeys), { freq: 5 }), qty: fc.integer({ min: 1, max: 3 }) }), { freq: 4 }),
    }),
    fc.record({ side: fc.constant('products' as const), key: fc.constantFrom(...productKeys), value: fc.option(fc.constantFrom('pen', 'pad'), { freq: 3 }) }),
  );

  const property = (kind: 'inner' | 'left', batched: boolean) =>
    fc.property(fc.array(op, { maxLength: 30 }), fc.constantFrom(1, 3), fc.boolean(), fc.nat(1000), (ops, partitions, shuffle, seed) => {
      const { driver, orders, products, out } = fkJoin(kind, { partitions, materialized: true, shuffle, seed });
      const ordersNow = new Map<string, Order>();
      const productsNow = new Map<string, string>();
      const pipeAll = () =>
        ops.forEach((o, i) => {
          if (o.side === 'orders') {
            orders.pipeInput(o.key, o.value, i);
            if (o.value === null) ordersNow.delete(o.key);
            else ordersNow.set(o.key, o.value);
          } else {
            products.pipeInput(o.key, o.value, i);
            if (o.value === null) productsNow.delete(o.key);
            else productsNow.set(o.key, o.value);
          }
        });
      if (batched) driver.batch(pipeAll);
      else pipeAll();
      const expected: Record<string, string> = {};
      for (const [k, order] of [...ordersNow].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const name = order.product === null ? null : (productsNow.get(order.product) ?? null);
        if (kind === 'inner' && name === null) continue;
        expected[k] = describeOrder(order, name);
      }
      expect(Object.fromEntries([...out.readKeyValuesToMap()].sort())).toEqual(expected);
      const stored = driver.getKeyValueStore<string, string>('order-details').all();
      expect(Object.fromEntries(stored.map((kv) => [kv.key, kv.value]))).toEqual(expected);
    });

  for (const kind of ['inner', 'left'] as const) {
    it(`${kind} join, one record at a time, 1 or 3 partitions, tasks in order or shuffled: output changelog and store equal a brute-force join`, () => {
      fc.assert(property(kind, false), { numRuns: 120 });
    });
  }

  it('left join, all records piped before any is processed (responses race with updates): still the brute-force join', () => {
    fc.assert(property('left', true), { numRuns: 120 });
  });

  it('inner join under the same race can keep a stale row, as Kafka does: a delete\'s tombstone answer is dropped once a null-FK row replaced it', () => {
    const { driver, orders, products, out } = fkJoin('inner');
    orders.pipeInput('o1', { product: 'p2', qty: 1 }, 0);
    products.pipeInput('p2', 'pen', 1);
    // The delete sends DELETE_KEY_AND_PROPAGATE with a null hash; the null-FK update sends nothing (no old FK).
    orders.pipeRecordList([
      { key: 'o1', value: null, timestamp: 4 },
      { key: 'o1', value: { product: null, qty: 1 }, timestamp: 5 },
    ]);
    expect(records(out)).toEqual([['o1', '1xpen', 1]]);
    // Dropped: the null foreign key (send) and the tombstone answer whose hash no longer matches (resolver).
    expect(driver.droppedRecords()).toBe(2);
  });
});
