import { describe, expect, it } from 'vitest';
import {
  Branched,
  Grouped,
  Named,
  Repartitioned,
  Stores,
  StreamsBuilder,
  TestDriver,
  type KStream,
  type KeyValueStore,
  type ProcessorContext,
  type RecordMetadata,
} from '../../src/index.js';

/** [key, value, timestamp] of every record read from a topic. */
function kvt<K, V>(driver: TestDriver, topic: string): [K, V, number][] {
  return driver
    .createOutputTopic<K, V>(topic)
    .readRecordsToList()
    .map((r) => [r.key, r.value, r.timestamp]);
}

describe('KStream stateless operators (Kafka KStreamFilter, KStreamMap, KStreamMapValues, KStreamFlatMap, KStreamPeek, ...)', () => {
  it('filter keeps records whose predicate holds, filterNot the others; both see null values (KStreamFilter)', () => {
    const builder = new StreamsBuilder();
    const input = builder.stream<string, number | null>('in');
    input.filter((_k, v) => v !== null && v % 2 === 0).to('even');
    input.filterNot((_k, v) => v !== null && v % 2 === 0).to('not-even');
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string, number | null>('in');
    pipe.pipeInput('a', 1, 10);
    pipe.pipeInput('b', 2, 20);
    pipe.pipeInput('c', null, 30);
    expect(kvt(driver, 'even')).toEqual([['b', 2, 20]]);
    expect(kvt(driver, 'not-even')).toEqual([
      ['a', 1, 10],
      ['c', null, 30],
    ]);
  });

  it('map and selectKey change the key, mapValues and flatMapValues keep it; timestamps and headers travel unchanged', () => {
    const builder = new StreamsBuilder();
    const input = builder.stream<string, string>('in');
    input.map((k, v) => [v, k.length]).to('mapped');
    input.map((k, v) => ({ key: `${k}!`, value: v })).to('mapped-kv');
    input.selectKey((_k, v) => v.toUpperCase()).to('selected');
    input.mapValues((v, k) => `${k}=${v}`).to('values');
    input.flatMapValues((v) => v.split('')).to('chars');
    const driver = new TestDriver(builder);
    const headers = [{ key: 'h', value: 'x' }];
    driver.createInputTopic<string, string>('in').pipeInput('key', 'ab', 7, headers);
    expect(kvt(driver, 'mapped')).toEqual([['ab', 3, 7]]);
    expect(kvt(driver, 'mapped-kv')).toEqual([['key!', 'ab', 7]]);
    expect(kvt(driver, 'selected')).toEqual([['AB', 'ab', 7]]);
    expect(kvt(driver, 'values')).toEqual([['key', 'key=ab', 7]]);
    expect(kvt(driver, 'chars')).toEqual([
      ['key', 'a', 7],
      ['key', 'b', 7],
    ]);
    expect(driver.createOutputTopic('values').readRecord().headers).toEqual(headers);
  });

  it('flatMap emits every pair the mapper returns, in order, and nothing for an empty result (KStreamFlatMap)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, number>('in')
      .flatMap((k, n) => Array.from({ length: n }, (_, i) => [`${k}${i}`, i] as const))
      .to('out');
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string, number>('in');
    pipe.pipeInput('x', 2, 1);
    pipe.pipeInput('y', 0, 2);
    pipe.pipeInput('z', 1, 3);
    expect(kvt(driver, 'out')).toEqual([
      ['x0', 0, 1],
      ['x1', 1, 1],
      ['z0', 0, 3],
    ]);
  });

  it('peek calls its action and forwards the record unchanged; foreach is terminal (KStreamPeek, KStreamForeach)', () => {
    const builder = new StreamsBuilder();
    const seenByPeek: string[] = [];
    const seenByForeach: string[] = [];
    const input = builder.stream<string, string>('in');
    input.peek((k, v) => seenByPeek.push(`${k}:${v}`)).to('out');
    input.foreach((k, v) => seenByForeach.push(`${k}:${v}`));
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string, string>('in');
    pipe.pipeInput('a', '1', 1);
    pipe.pipeInput('b', '2', 2);
    expect(seenByPeek).toEqual(['a:1', 'b:2']);
    expect(seenByForeach).toEqual(['a:1', 'b:2']);
    expect(kvt(driver, 'out')).toEqual([
      ['a', '1', 1],
      ['b', '2', 2],
    ]);
  });

  it('operators get Kafka generated names (KSTREAM-FILTER-, -MAP-, -MAPVALUES-, ...) or the Named one', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .filter(() => true)
      .filterNot(() => false)
      .map((k, v) => [k, v])
      .mapValues((v) => v)
      .flatMap((k, v) => [[k, v] as const])
      .flatMapValues((v) => [v])
      .selectKey((k) => k)
      .peek(() => undefined, Named.as('my-peek'))
      .to('out');
    expect(builder.build().nodes.map((n) => n.name)).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'KSTREAM-FILTER-0000000001',
      'KSTREAM-FILTER-0000000002',
      'KSTREAM-MAP-0000000003',
      'KSTREAM-MAPVALUES-0000000004',
      'KSTREAM-FLATMAP-0000000005',
      'KSTREAM-FLATMAPVALUES-0000000006',
      'KSTREAM-KEY-SELECT-0000000007',
      'my-peek',
      // NamedInternal#orElseGenerateWithPrefix uses up index 8 for the named peek (Kafka Streams 4.3.1's
      // TopologyDescription of this topology, printed with the reference jar, ends with KSTREAM-SINK-0000000009).
      'KSTREAM-SINK-0000000009',
    ]);
  });
});

describe('KStream#split (Kafka BranchedKStreamImpl)', () => {
  it('routes each record to the first matching branch, else to the default branch', () => {
    const builder = new StreamsBuilder();
    const branches = builder
      .stream<string, number>('in')
      .split(Named.as('split-'))
      .branch((_k, v) => v < 0, Branched.as('negative'))
      .branch((_k, v) => v % 2 === 0)
      .defaultBranch();
    expect([...branches.keys()]).toEqual(['split-negative', 'split-2', 'split-0']);
    branches.get('split-negative')!.to('negative');
    branches.get('split-2')!.to('even');
    branches.get('split-0')!.to('rest');
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string, number>('in');
    for (const [i, v] of [-2, 4, 3, -1].entries()) pipe.pipeInput(`k${i}`, v, i);
    // -2 is negative and even: the first matching branch wins, once.
    expect(kvt(driver, 'negative')).toEqual([
      ['k0', -2, 0],
      ['k3', -1, 3],
    ]);
    expect(kvt(driver, 'even')).toEqual([['k1', 4, 1]]);
    expect(kvt(driver, 'rest')).toEqual([['k2', 3, 2]]);
  });

  it('drops records no branch matches when there is no default branch; a consumer branch is not in the map, a function branch maps to its result', () => {
    const builder = new StreamsBuilder();
    const branches = builder
      .stream<string, number>('in')
      .split(Named.as('s-'))
      .branch((_k, v) => v === 1, Branched.withConsumer((b: KStream<string, number>) => b.to('ones'), 'one'))
      .branch((_k, v) => v === 2, Branched.withFunction((b: KStream<string, number>) => b.mapValues((v) => v * 10), 'two'))
      .branch((_k, v) => v === 3, Branched.withFunction(() => undefined, 'three'))
      .noDefaultBranch();
    expect([...branches.keys()]).toEqual(['s-two']);
    branches.get('s-two')!.to('twos');
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string, number>('in');
    [1, 2, 3, 4].forEach((v, i) => pipe.pipeInput('k', v, i));
    expect(kvt(driver, 'ones')).toEqual([['k', 1, 0]]);
    expect(kvt(driver, 'twos')).toEqual([['k', 20, 1]]);
  });

  it('names branch processors <split name><branch name | index> and uses up one generated index per branch, as Kafka does', () => {
    // BranchedKStreamImpl#createBranch: childName = splitterName + (name | index), then builder.newProcessorName(childName).
    const builder = new StreamsBuilder();
    const branches = builder
      .stream<string, number>('in')
      .split()
      .branch((_k, v) => v > 0, Branched.as('pos'))
      .branch((_k, v) => v < 0)
      .defaultBranch();
    branches.get('KSTREAM-BRANCH-0000000001pos')!.to('out');
    // The map keys are the child names: without Named the generated split name is the prefix (Kafka's code).
    expect([...branches.keys()]).toEqual(['KSTREAM-BRANCH-0000000001pos', 'KSTREAM-BRANCH-00000000012', 'KSTREAM-BRANCH-00000000010']);
    expect(builder.build().nodes.map((n) => n.name)).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'KSTREAM-BRANCH-0000000001',
      'KSTREAM-BRANCH-0000000001pos',
      'KSTREAM-BRANCH-00000000012',
      'KSTREAM-BRANCH-00000000010',
      // indexes 2, 3 and 4 went to the three branches
      'KSTREAM-SINK-0000000005',
    ]);
  });
});

describe('KStream#merge, #repartition, #to, #toTable, #process', () => {
  it('merge interleaves both inputs by timestamp (the task picks the lowest head timestamp) under a KSTREAM-MERGE- name', () => {
    const builder = new StreamsBuilder();
    const a = builder.stream<string, string>('a');
    const b = builder.stream<string, string>('b');
    a.merge(b).to('out');
    const driver = new TestDriver(builder);
    driver.batch(() => {
      driver.createInputTopic<string, string>('a').pipeRecordList([
        { key: 'a1', value: 'x', timestamp: 1 },
        { key: 'a2', value: 'x', timestamp: 5 },
      ]);
      driver.createInputTopic<string, string>('b').pipeInput('b1', 'y', 3);
    });
    expect(kvt(driver, 'out')).toEqual([
      ['a1', 'x', 1],
      ['b1', 'y', 3],
      ['a2', 'x', 5],
    ]);
    expect(builder.build().nodes.map((n) => n.name)).toContain('KSTREAM-MERGE-0000000002');
  });

  it('repartition writes through <app>-<name>-repartition with the requested partition count; null keys are dropped and counted', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string | null, string>('in')
      .repartition({ ...Repartitioned.as<string | null, string>('by-key'), numberOfPartitions: 3 })
      .to('out');
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string | null, string>('in');
    pipe.pipeInput('k', 'v', 1);
    pipe.pipeInput(null, 'lost', 2);
    expect(kvt(driver, 'out')).toEqual([['k', 'v', 1]]);
    expect(driver.broker.partitionCount('streamsim-test-by-key-repartition')).toBe(3);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('repartition without a name uses KSTREAM-REPARTITION-n and generated sink/filter/source names (KStreamImpl#createRepartitionedSource)', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in').repartition().to('out');
    const names = builder.build().nodes.map((n) => n.name);
    expect(names).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'KSTREAM-FILTER-0000000003',
      'KSTREAM-SINK-0000000002',
      'KSTREAM-SOURCE-0000000004',
      'KSTREAM-SINK-0000000005',
    ]);
    const driver = new TestDriver(builder);
    driver.createInputTopic<string, string>('in').pipeInput('k', 'v', 1);
    expect(driver.producedTopicNames()).toContain('streamsim-test-KSTREAM-REPARTITION-0000000001-repartition');
  });

  it('to with a TopicNameExtractor picks the topic per record and sees the input record context (KStream#to(TopicNameExtractor))', () => {
    const builder = new StreamsBuilder();
    const contexts: (RecordMetadata | null)[] = [];
    builder.stream<string, number>('in').to((_k, v, ctx) => {
      contexts.push(ctx);
      return v % 2 === 0 ? 'even-topic' : 'odd-topic';
    });
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string, number>('in');
    pipe.pipeInput('a', 1, 1);
    pipe.pipeInput('b', 2, 2);
    pipe.pipeInput('c', 3, 3);
    expect(kvt(driver, 'odd-topic')).toEqual([
      ['a', 1, 1],
      ['c', 3, 3],
    ]);
    expect(kvt(driver, 'even-topic')).toEqual([['b', 2, 2]]);
    expect(contexts.map((c) => [c?.topic, c?.partition, c?.offset])).toEqual([
      ['in', 0, 0],
      ['in', 0, 1],
      ['in', 0, 2],
    ]);
  });

  it('toTable keeps the latest value per key, a null value deletes, a null key is dropped and counted (KStream#toTable)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string | null, string | null>('in')
      .toTable(Named.as('as-table'), { storeName: 'latest' })
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string | null, string | null>('in');
    pipe.pipeInput('k', 'v1', 1);
    pipe.pipeInput('k', 'v2', 2);
    pipe.pipeInput(null, 'x', 3);
    pipe.pipeInput('j', 'w', 4);
    pipe.pipeInput('j', null, 5);
    expect(kvt(driver, 'out')).toEqual([
      ['k', 'v1', 1],
      ['k', 'v2', 2],
      ['j', 'w', 4],
      ['j', null, 5],
    ]);
    const store = driver.getTimestampedKeyValueStore<string, string>('latest');
    expect(store.get('k')).toEqual({ value: 'v2', timestamp: 2 });
    expect(store.get('j')).toBeNull();
    expect(driver.droppedRecords()).toBe(1);
  });

  it('toTable after a key change repartitions through <KSTREAM-TOTABLE-n>-repartition', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .selectKey((_k, v) => v)
      .toTable()
      .toStream()
      .to('out');
    const driver = new TestDriver(builder, { partitions: 2 });
    driver.createInputTopic<string, string>('in').pipeInput('k', 'v', 1);
    expect(kvt(driver, 'out')).toEqual([['v', 'v', 1]]);
    expect(driver.producedTopicNames()).toContain('streamsim-test-KSTREAM-TOTABLE-0000000002-repartition');
  });

  it('process runs a Processor API processor with a connected store and continues the stream with what it forwards', () => {
    const builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore<string, number>('seen')));
    builder
      .stream<string, string>('in')
      .process<string, number>(() => {
        let ctx!: ProcessorContext<string, number>;
        let store!: KeyValueStore<string, number>;
        return {
          init(c) {
            ctx = c;
            store = c.getStateStore('seen');
          },
          process(r) {
            const n = (store.get(r.key) ?? 0) + 1;
            store.put(r.key, n);
            ctx.forward({ key: r.key, value: n, timestamp: r.timestamp, headers: r.headers });
          },
        };
      }, 'seen')
      .to('out');
    const driver = new TestDriver(builder);
    const pipe = driver.createInputTopic<string, string>('in');
    pipe.pipeInput('a', 'x', 1);
    pipe.pipeInput('a', 'y', 2);
    pipe.pipeInput('b', 'z', 3);
    expect(kvt(driver, 'out')).toEqual([
      ['a', 1, 1],
      ['a', 2, 2],
      ['b', 1, 3],
    ]);
    expect(driver.getKeyValueStore<string, number>('seen').get('a')).toBe(2);
    expect(builder.build().nodes.map((n) => n.name)).toContain('KSTREAM-PROCESSOR-0000000001');
  });

  it('process marks the stream for repartitioning: a later groupByKey goes through a repartition topic', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .process<string, string>(() => {
        let ctx!: ProcessorContext<string, string>;
        return {
          init(c) {
            ctx = c;
          },
          process(r) {
            ctx.forward({ ...r, key: r.value });
          },
        };
      })
      .groupByKey(Grouped.as('regrouped'))
      .count()
      .toStream()
      .to('out');
    const driver = new TestDriver(builder, { partitions: 2 });
    driver.createInputTopic<string, string>('in').pipeInput('k', 'v', 1);
    expect(kvt(driver, 'out')).toEqual([['v', 1, 1]]);
    expect(driver.producedTopicNames()).toContain('streamsim-test-regrouped-repartition');
  });

  it('groupBy with a Grouped name names its key-select processor after it (KStreamImpl#groupBy: internalSelectKey(Named(grouped.name)))', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupBy((_k, v) => v, Grouped.as('by-value'))
      .count();
    const names = builder.build().nodes.map((n) => n.name);
    // The named select node still uses up index 1, as in Kafka Streams 4.3.1's TopologyDescription of this
    // topology (reference jar): by-value, then store -0000000002 and KSTREAM-AGGREGATE-0000000003.
    expect(names.slice(0, 2)).toEqual(['KSTREAM-SOURCE-0000000000', 'by-value']);
    expect(names).toContain('KSTREAM-AGGREGATE-0000000003');
    expect([...builder.build().stores.keys()]).toEqual(['KSTREAM-AGGREGATE-STATE-STORE-0000000002']);
  });
});
