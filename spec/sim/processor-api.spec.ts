import { describe, expect, it } from 'vitest';
import { Topology } from '../../src/sim/topology.js';
import { TestDriver } from '../../src/sim/driver/test-driver.js';
import { Stores } from '../../src/sim/stores/stores.js';
import type { KeyValueStore } from '../../src/sim/stores/key-value-store.js';
import type { Processor, ProcessorContext, StreamRecord } from '../../src/sim/processor.js';

/** Counts words per key in a store and forwards the running count (Kafka's WordCountProcessorDemo shape). */
function countingTopology(punctuateEveryMs?: number): Topology {
  const t = new Topology();
  t.addSource('src', 'input');
  t.addProcessor(
    'count',
    (): Processor<string, string, string, number> => {
      let ctx!: ProcessorContext<string, number>;
      let store!: KeyValueStore<string, number>;
      return {
        init(c) {
          ctx = c;
          store = c.getStateStore('counts');
          if (punctuateEveryMs !== undefined) {
            c.schedule(punctuateEveryMs, 'STREAM_TIME', (ts) => {
              for (const kv of store.all()) ctx.forward({ key: `tick:${kv.key}`, value: ts, timestamp: ts, headers: [] });
            });
          }
        },
        process(r: StreamRecord<string, string>) {
          const n = (store.get(r.key) ?? 0) + 1;
          store.put(r.key, n);
          ctx.forward({ ...r, value: n });
        },
      };
    },
    'src',
  );
  t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore<string, number>('counts')), 'count');
  t.addSink('out', 'output', 'count');
  return t;
}

describe('processor API on the runtime', () => {
  it('processes piped records at once and keeps state per key', () => {
    const driver = new TestDriver(countingTopology());
    const input = driver.createInputTopic<string, string>('input');
    const output = driver.createOutputTopic<string, number>('output');
    input.pipeInput('a', 'x', 10);
    input.pipeInput('b', 'y', 11);
    input.pipeInput('a', 'z', 12);
    expect(output.readKeyValuesToList()).toEqual([
      { key: 'a', value: 1 },
      { key: 'b', value: 1 },
      { key: 'a', value: 2 },
    ]);
    expect(driver.getKeyValueStore<string, number>('counts').get('a')).toBe(2);
    expect(driver.producedTopicNames()).toEqual(new Set(['output', 'streamsim-test-counts-changelog']));
  });

  it('runs one task per partition, each with its own store instance', () => {
    const driver = new TestDriver(countingTopology(), { partitions: 3 });
    expect(driver.runtime.tasks.map((t) => t.idString)).toEqual(['0_0', '0_1', '0_2']);
    const input = driver.createInputTopic<string, string>('input');
    for (const k of ['a', 'b', 'c', 'd', 'a', 'b']) input.pipeInput(k, 'v', 1);
    const counts = driver.getKeyValueStore<string, number>('counts');
    expect(counts.all()).toEqual([
      { key: 'a', value: 2 },
      { key: 'b', value: 2 },
      { key: 'c', value: 1 },
      { key: 'd', value: 1 },
    ]);
    // Each key lives in exactly one task: the one owning its murmur2 partition.
    const owners = driver.runtime.tasks.map((t) => (t.stores.get('counts') as KeyValueStore<string, number>).all().map((kv) => kv.key));
    expect(owners.flat().sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const k of ['a', 'b', 'c', 'd']) {
      const p = driver.broker.partitionForKey('input', k);
      expect(owners[p]).toContain(k);
    }
  });

  it('fires stream-time punctuation aligned to 0 with the current stream time (Kafka StreamTask#schedule, PunctuationSchedule#next)', () => {
    const driver = new TestDriver(countingTopology(10));
    const input = driver.createInputTopic<string, string>('input');
    const output = driver.createOutputTopic<string, number>('output');
    input.pipeInput('a', 'x', 3); // first record: schedule at 0 is due -> punctuate(3)
    input.pipeInput('a', 'x', 7); // next due at 10: nothing
    input.pipeInput('a', 'x', 25); // due 10 <= 25 -> punctuate(25); missed 20 is skipped, next 30
    input.pipeInput('a', 'x', 29);
    input.pipeInput('a', 'x', 30); // due 30 -> punctuate(30)
    const ticks = output.readKeyValuesToList().filter((kv) => kv.key.startsWith('tick:'));
    expect(ticks.map((t) => t.value)).toEqual([3, 25, 30]);
  });

  it('restores a store from its changelog when a new runtime starts on the same broker', () => {
    const first = new TestDriver(countingTopology(), { partitions: 2 });
    const input = first.createInputTopic<string, string>('input');
    for (const k of ['a', 'b', 'a']) input.pipeInput(k, 'v', 1);
    first.close();
    const second = new TestDriver(countingTopology(), { partitions: 2, broker: first.broker });
    expect(second.getKeyValueStore<string, number>('counts').get('a')).toBe(2);
    // It resumes after the committed offsets: nothing is counted twice.
    second.createInputTopic<string, string>('input').pipeInput('a', 'v', 2);
    expect(second.getKeyValueStore<string, number>('counts').get('a')).toBe(3);
    expect(second.getKeyValueStore<string, number>('counts').get('b')).toBe(1);
    expect(second.createOutputTopic<string, number>('output').readKeyValuesToList()).toEqual([{ key: 'a', value: 3 }]);
  });

  it('refuses topics nothing reads or writes, with the names that exist', () => {
    const driver = new TestDriver(countingTopology());
    expect(() => driver.createInputTopic('nope')).toThrow(/no source reads topic 'nope'; the topology reads: input/);
    expect(() => driver.createOutputTopic('nope')).toThrow(/nothing writes topic 'nope'; the topology writes: output/);
  });

  it('the same input gives the same trace hash; a different input does not', () => {
    const run = (last: string) => {
      const d = new TestDriver(countingTopology(5), { partitions: 3, seed: 7 });
      const i = d.createInputTopic<string, string>('input');
      for (const [n, k] of ['a', 'b', 'c', last].entries()) i.pipeInput(k, 'v', n * 4);
      return d.traceHash();
    };
    expect(run('a')).toBe(run('a'));
    expect(run('a')).not.toBe(run('b'));
  });
});
