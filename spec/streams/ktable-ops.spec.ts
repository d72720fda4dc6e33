import { describe, expect, it } from 'vitest';
import {
  Materialized,
  Named,
  StreamsBuilder,
  TestDriver,
  type Change,
  type KTable,
  type ProcessorContext,
  type StreamRecord,
  type ValueAndTimestamp,
} from '../../src/index.js';

/** [key, newValue, oldValue, timestamp] of every change a table node forwards (Kafka tests' MockApiProcessor). */
type Seen<K, V> = [K, V | null, V | null, number][];

function captureChanges<K, V>(builder: StreamsBuilder, table: KTable<K, V>, name: string): Seen<K, V> {
  const seen: Seen<K, V> = [];
  builder.build().addProcessor(
    name,
    () => ({
      process(r: StreamRecord<K, Change<V>>) {
        seen.push([r.key, r.value.newValue, r.value.oldValue, r.timestamp]);
      },
    }),
    table.nodeName,
  );
  return seen;
}

/** Reads a table's current values through its value getter, from a probe processor connected to its stores. */
function probeGetter<K, V>(builder: StreamsBuilder, table: KTable<K, V>, name: string): { get(key: K): ValueAndTimestamp<V> | null } {
  const topology = builder.build();
  let getter: { get(key: K): ValueAndTimestamp<V> | null } | undefined;
  topology.addProcessor(
    name,
    () => ({
      init(c: ProcessorContext) {
        const g = table.valueGetterSupplier.get();
        g.init(c);
        getter = g;
      },
      process() {},
    }),
    table.nodeName,
  );
  topology.connectProcessorAndStateStores(name, ...table.valueGetterSupplier.storeNames);
  return { get: (key) => getter!.get(key) };
}

const isEven = (_k: string, v: number): boolean => v % 2 === 0;

describe('KTable#filter / #filterNot (Kafka KTableFilter; cases from KTableFilterTest)', () => {
  function pipeABCD(driver: TestDriver): void {
    const input = driver.createInputTopic<string, number | null>('topic1');
    input.pipeInput('A', 1, 10);
    input.pipeInput('B', 2, 5);
    input.pipeInput('C', 3, 8);
    input.pipeInput('D', 4, 14);
    input.pipeInput('A', null, 18);
    input.pipeInput('B', null, 15);
  }

  const filtered = [
    ['A', null, 10],
    ['B', 2, 5],
    ['C', null, 8],
    ['D', 4, 14],
    ['A', null, 18],
    ['B', null, 15],
  ];
  const filteredNot = [
    ['A', 1, 10],
    ['B', null, 5],
    ['C', 3, 8],
    ['D', null, 14],
    ['A', null, 18],
    ['B', null, 15],
  ];

  it('on a source table nobody materialized, turns every failing update into a tombstone (shouldPassThroughWithoutMaterialization)', () => {
    const builder = new StreamsBuilder();
    const table1 = builder.table<string, number>('topic1');
    table1.filter(isEven).toStream().to('out2');
    table1.filterNot(isEven).toStream().to('out3');
    const driver = new TestDriver(builder);
    pipeABCD(driver);
    const read = (t: string) => driver.createOutputTopic(t).readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
    expect(read('out2')).toEqual(filtered);
    expect(read('out3')).toEqual(filteredNot);
  });

  it('forwards the same when the filter itself is materialized, and its store is queryable (shouldPassThroughOnMaterialization)', () => {
    const builder = new StreamsBuilder();
    const table1 = builder.table<string, number>('topic1');
    const table2 = table1.filter(isEven, undefined, Materialized.as('store2'));
    expect(table2.queryableStoreName).toBe('store2');
    expect(table1.filterNot(isEven).queryableStoreName).toBeNull();
    table2.toStream().to('out2');
    const driver = new TestDriver(builder);
    pipeABCD(driver);
    expect(driver.createOutputTopic('out2').readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual(filtered);
    const store = driver.getTimestampedKeyValueStore<string, number>('store2');
    expect(store.get('D')).toEqual({ value: 4, timestamp: 14 });
    expect(store.get('B')).toBeNull();
    expect(store.get('A')).toBeNull();
  });

  // KTableFilterTest#doTestNotSendingOldValue
  function expectNotSendingOldValues(table1: Seen<string, number>, table2: Seen<string, number>, driver: TestDriver): void {
    const input = driver.createInputTopic<string, number | null>('topic1');
    input.pipeInput('A', 1, 5);
    input.pipeInput('B', 1, 10);
    input.pipeInput('C', 1, 15);
    input.pipeInput('A', 2, 15);
    input.pipeInput('B', 2, 8);
    input.pipeInput('A', 3, 20);
    input.pipeInput('A', null, 10);
    input.pipeInput('B', null, 20);
    expect(table1).toEqual([
      ['A', 1, null, 5],
      ['B', 1, null, 10],
      ['C', 1, null, 15],
      ['A', 2, null, 15],
      ['B', 2, null, 8],
      ['A', 3, null, 20],
      ['A', null, null, 10],
      ['B', null, null, 20],
    ]);
    expect(table2).toEqual([
      ['A', null, null, 5],
      ['B', null, null, 10],
      ['C', null, null, 15],
      ['A', 2, null, 15],
      ['B', 2, null, 8],
      ['A', null, null, 20],
      ['A', null, null, 10],
      ['B', null, null, 20],
    ]);
  }

  // KTableFilterTest#doTestSendingOldValue
  function expectSendingOldValues(table1: Seen<string, number>, table2: Seen<string, number>, driver: TestDriver): void {
    const input = driver.createInputTopic<string, number | null>('topic1');
    input.pipeInput('A', 1, 5);
    input.pipeInput('B', 1, 10);
    input.pipeInput('C', 1, 15);
    input.pipeInput('A', 2, 15);
    input.pipeInput('B', 2, 8);
    input.pipeInput('A', 3, 20);
    input.pipeInput('A', null, 10);
    input.pipeInput('B', null, 20);
    expect(table1).toEqual([
      ['A', 1, null, 5],
      ['B', 1, null, 10],
      ['C', 1, null, 15],
      ['A', 2, 1, 15],
      ['B', 2, 1, 8],
      ['A', 3, 2, 20],
      ['A', null, 3, 10],
      ['B', null, 2, 20],
    ]);
    // Odd values never passed: no tombstone for A, B, C at first, nor for A's delete (its old value 3 failed too).
    expect(table2).toEqual([
      ['A', 2, null, 15],
      ['B', 2, null, 8],
      ['A', null, 2, 20],
      ['B', null, 2, 20],
    ]);
  }

  it('does not send old values when nothing upstream is materialized (shouldNotSendOldValuesWithoutMaterialization)', () => {
    const builder = new StreamsBuilder();
    const table1 = builder.table<string, number>('topic1');
    const table2 = table1.filter(isEven);
    expect(table2.sendOldValues).toBe(false);
    const seen1 = captureChanges(builder, table1, 'proc1');
    const seen2 = captureChanges(builder, table2, 'proc2');
    expectNotSendingOldValues(seen1, seen2, new TestDriver(builder));
  });

  it('does not send old values when only the filter is materialized (shouldNotSendOldValuesOnMaterialization)', () => {
    const builder = new StreamsBuilder();
    const table1 = builder.table<string, number>('topic1');
    const table2 = table1.filter(isEven, undefined, Materialized.as('store2'));
    const seen1 = captureChanges(builder, table1, 'proc1');
    const seen2 = captureChanges(builder, table2, 'proc2');
    expectNotSendingOldValues(seen1, seen2, new TestDriver(builder));
  });

  it('asking without forcing leaves an unmaterialized chain alone (shouldNotEnableSendingOldValuesIfNotAlreadyMaterializedAndNotForcedToMaterialize)', () => {
    const builder = new StreamsBuilder();
    const table1 = builder.table<string, number>('topic1');
    const table2 = table1.filter(isEven);
    expect(table2.trySendingOldValues()).toBe(false);
    const seen1 = captureChanges(builder, table1, 'proc1');
    const seen2 = captureChanges(builder, table2, 'proc2');
    expectNotSendingOldValues(seen1, seen2, new TestDriver(builder));
  });

  it('sends old values, skipping needless tombstones, once forced (shouldEnableSendOldValuesWhenNotMaterializedAlreadyButForcedToMaterialize)', () => {
    const builder = new StreamsBuilder();
    const table1 = builder.table<string, number>('topic1');
    const table2 = table1.filter(isEven);
    table2.enableSendingOldValues();
    expect(table1.sendOldValues).toBe(true);
    expect(table2.sendOldValues).toBe(true);
    const seen1 = captureChanges(builder, table1, 'proc1');
    const seen2 = captureChanges(builder, table2, 'proc2');
    expectSendingOldValues(seen1, seen2, new TestDriver(builder));
  });

  it('a materialized filter forced to send old values reads them from its own store (shouldEnableSendOldValuesWhenMaterializedAlreadyAndForcedToMaterialize)', () => {
    const builder = new StreamsBuilder();
    const table1 = builder.table<string, number>('topic1');
    const table2 = table1.filter(isEven, undefined, Materialized.as('store2'));
    table2.enableSendingOldValues();
    // Materialized, the filter does not need its parent's old values: the parent stays as it was.
    expect(table1.sendOldValues).toBe(false);
    const seen2 = captureChanges(builder, table2, 'proc2');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, number | null>('topic1');
    for (const [k, v, ts] of [['A', 1, 5], ['B', 1, 10], ['C', 1, 15], ['A', 2, 15], ['B', 2, 8], ['A', 3, 20], ['A', null, 10], ['B', null, 20]] as const) {
      input.pipeInput(k, v, ts);
    }
    expect(seen2).toEqual([
      ['A', 2, null, 15],
      ['B', 2, null, 8],
      ['A', null, 2, 20],
      ['B', null, 2, 20],
    ]);
  });

  it('on a materialized source, sends old values by itself and skips needless tombstones (shouldSendOldValuesWhenEnabledOnUpStreamMaterialization)', () => {
    const builder = new StreamsBuilder();
    const table1 = builder.table<string, number>('topic1', {}, Materialized.as('store1'));
    const table2 = table1.filter(isEven);
    // KTableFilter's constructor: parent.enableSendingOldValues(false) succeeds on a materialized parent.
    expect(table1.sendOldValues).toBe(true);
    expect(table2.sendOldValues).toBe(true);
    const seen1 = captureChanges(builder, table1, 'proc1');
    const seen2 = captureChanges(builder, table2, 'proc2');
    expectSendingOldValues(seen1, seen2, new TestDriver(builder));
  });

  it('behind an aggregation (always materialized) never emits a tombstone for a key that was never in the filtered table', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, number>('in')
      .groupByKey()
      .reduce((a, b) => a + b)
      .filter((_k, sum) => sum > 10)
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, number>('in');
    input.pipeInput('a', 4, 1);
    input.pipeInput('a', 8, 2);
    input.pipeInput('b', 1, 3);
    expect(driver.createOutputTopic('out').readKeyValuesToList()).toEqual([{ key: 'a', value: 12 }]);
  });

  it('value getters: the materialized store, or the parent getter filtered on the fly (shouldGetValuesOnMaterialization)', () => {
    for (const materialize of [true, false]) {
      const builder = new StreamsBuilder();
      const table1 = builder.table<string, number>('topic1');
      const table2 = materialize ? table1.filter(isEven, undefined, Materialized.as('store2')) : table1.filter(isEven);
      const table3 = materialize ? table1.filterNot(isEven, undefined, Materialized.as('store3')) : table1.filterNot(isEven);
      expect(table2.valueGetterSupplier.storeNames).toEqual(materialize ? ['store2'] : [table1.queryableStoreName]);
      const getter2 = probeGetter(builder, table2, 'probe2');
      const getter3 = probeGetter(builder, table3, 'probe3');
      const driver = new TestDriver(builder);
      const input = driver.createInputTopic<string, number | null>('topic1');
      input.pipeInput('A', 1, 5);
      input.pipeInput('B', 1, 10);
      input.pipeInput('C', 1, 15);
      expect(['A', 'B', 'C'].map((k) => getter2.get(k))).toEqual([null, null, null]);
      expect(['A', 'B', 'C'].map((k) => getter3.get(k))).toEqual([
        { value: 1, timestamp: 5 },
        { value: 1, timestamp: 10 },
        { value: 1, timestamp: 15 },
      ]);
      input.pipeInput('A', 2, 10);
      input.pipeInput('B', 2, 5);
      expect(['A', 'B', 'C'].map((k) => getter2.get(k))).toEqual([{ value: 2, timestamp: 10 }, { value: 2, timestamp: 5 }, null]);
      expect(['A', 'B', 'C'].map((k) => getter3.get(k))).toEqual([null, null, { value: 1, timestamp: 15 }]);
      input.pipeInput('A', 3, 15);
      expect(['A', 'B', 'C'].map((k) => getter2.get(k))).toEqual([null, { value: 2, timestamp: 5 }, null]);
      expect(['A', 'B', 'C'].map((k) => getter3.get(k))).toEqual([{ value: 3, timestamp: 15 }, null, { value: 1, timestamp: 15 }]);
      input.pipeInput('A', null, 10);
      input.pipeInput('B', null, 20);
      expect(['A', 'B', 'C'].map((k) => getter2.get(k))).toEqual([null, null, null]);
      expect(['A', 'B', 'C'].map((k) => getter3.get(k))).toEqual([null, null, { value: 1, timestamp: 15 }]);
    }
  });

  it('is named KTABLE-FILTER-n; a Materialized without a store name uses up an index and materializes nothing (KTableImpl#doFilter)', () => {
    const builder = new StreamsBuilder();
    const table = builder.table<string, number>('t'); // store 0, source 1, KTABLE-SOURCE-2
    const a = table.filter(isEven);
    const b = a.filter(isEven, undefined, Materialized.with<string, number>());
    const c = b.filterNot(isEven, Named.as('named-filter'), Materialized.as('kept'));
    expect([a.nodeName, b.nodeName, c.nodeName]).toEqual(['KTABLE-FILTER-0000000003', 'KTABLE-FILTER-0000000005', 'named-filter']);
    expect([a.queryableStoreName, b.queryableStoreName, c.queryableStoreName]).toEqual([null, null, 'kept']);
    expect([...builder.build().stores.keys()]).toEqual(['t-STATE-STORE-0000000000', 'kept']);
  });
});

describe('KTable#mapValues (Kafka KTableMapValues; cases from KTableMapValuesTest)', () => {
  it('maps each update with (value, key), keeping key and timestamp; a delete stays a delete', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('topic1')
      .mapValues((v, k) => `${k}:${Number(v)}`)
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string | null>('topic1');
    input.pipeInput('A', '01', 5);
    input.pipeInput('B', '02', 25);
    input.pipeInput('C', '03', 20);
    input.pipeInput('D', '04', 10);
    input.pipeInput('A', null, 30);
    expect(driver.createOutputTopic('out').readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['A', 'A:1', 5],
      ['B', 'B:2', 25],
      ['C', 'C:3', 20],
      ['D', 'D:4', 10],
      ['A', null, 30],
    ]);
  });

  function pipeOldValueCase(driver: TestDriver): void {
    const input = driver.createInputTopic<string, string | null>('topic1');
    input.pipeInput('A', '01', 5);
    input.pipeInput('B', '01', 10);
    input.pipeInput('C', '01', 15);
    input.pipeInput('A', '02', 10);
    input.pipeInput('B', '02', 8);
    input.pipeInput('A', '03', 20);
    input.pipeInput('A', null, 30);
  }

  it('without old values forwards Change(new, null) (KTableMapValuesTest#testNotSendingOldValue)', () => {
    const builder = new StreamsBuilder();
    const table2 = builder.table<string, string>('topic1').mapValues((v) => Number(v));
    const seen = captureChanges(builder, table2, 'proc');
    pipeOldValueCase(new TestDriver(builder));
    expect(seen).toEqual([
      ['A', 1, null, 5],
      ['B', 1, null, 10],
      ['C', 1, null, 15],
      ['A', 2, null, 10],
      ['B', 2, null, 8],
      ['A', 3, null, 20],
      ['A', null, null, 30],
    ]);
  });

  it('with old values forwards the mapped old value too, materialized or not (KTableMapValuesTest#testSendingOldValue)', () => {
    for (const materialize of [false, true]) {
      const builder = new StreamsBuilder();
      const table1 = builder.table<string, string>('topic1');
      const table2 = materialize ? table1.mapValues((v) => Number(v), undefined, Materialized.as<string, number>('mapped')) : table1.mapValues((v) => Number(v));
      table2.enableSendingOldValues();
      // Materialized, the old value comes from its own store: the source need not send it.
      expect(table1.sendOldValues).toBe(!materialize);
      const seen = captureChanges(builder, table2, 'proc');
      pipeOldValueCase(new TestDriver(builder));
      expect(seen).toEqual([
        ['A', 1, null, 5],
        ['B', 1, null, 10],
        ['C', 1, null, 15],
        ['A', 2, 1, 10],
        ['B', 2, 1, 8],
        ['A', 3, 2, 20],
        ['A', null, 3, 30],
      ]);
    }
  });

  it('a mapper returning null deletes the key downstream and from its store', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, number>('topic1')
      .mapValues((v) => (v < 0 ? null : v * 2), undefined, Materialized.as('doubled'))
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, number>('topic1');
    input.pipeInput('k', 2, 1);
    input.pipeInput('k', -1, 2);
    expect(driver.createOutputTopic('out').readKeyValuesToList()).toEqual([
      { key: 'k', value: 4 },
      { key: 'k', value: null },
    ]);
    expect(driver.getTimestampedKeyValueStore<string, number>('doubled').get('k')).toBeNull();
  });

  it('value getters: the materialized store (record timestamps), or the parent value mapped on the fly (its timestamp)', () => {
    for (const materialize of [true, false]) {
      const builder = new StreamsBuilder();
      const table1 = builder.table<string, string>('topic1');
      const table2 = materialize ? table1.mapValues((v) => Number(v), undefined, Materialized.as<string, number>('mapped')) : table1.mapValues((v) => Number(v));
      const getter = probeGetter(builder, table2, 'probe');
      const driver = new TestDriver(builder);
      const input = driver.createInputTopic<string, string | null>('topic1');
      input.pipeInput('A', '01', 50);
      input.pipeInput('B', '01', 10);
      input.pipeInput('A', '02', 60);
      expect(getter.get('A')).toEqual({ value: 2, timestamp: 60 });
      expect(getter.get('B')).toEqual({ value: 1, timestamp: 10 });
      expect(getter.get('C')).toBeNull();
      input.pipeInput('B', null, 70);
      expect(getter.get('B')).toBeNull();
      if (materialize) expect(driver.getKeyValueStore<string, number>('mapped').get('A')).toBe(2);
    }
  });

  it('is named KTABLE-MAPVALUES-n (or by Named), like Kafka', () => {
    const builder = new StreamsBuilder();
    const table = builder.table<string, number>('t');
    expect(table.mapValues((v) => v).nodeName).toBe('KTABLE-MAPVALUES-0000000003');
    expect(table.mapValues((v) => v, Named.as('mv')).nodeName).toBe('mv');
  });
});
