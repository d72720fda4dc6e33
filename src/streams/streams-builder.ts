import type { ProcessorSupplier } from '../sim/processor.js';
import type { StateStore, StoreBuilder } from '../sim/stores/state-store.js';
import { Stores } from '../sim/stores/stores.js';
import type { Topology } from '../sim/topology.js';
import { GlobalKTable } from './global-ktable.js';
import { BuilderContext } from './internal/builder-context.js';
import type { ValueAndTimestamp } from './internal/value-and-timestamp.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import { addTimestampedStore, sourceMaterialization, storeValueGetter, tableSourceSupplier, type TimestampedStore } from './operators/table-source.js';
import type { ConsumedOptions, MaterializedOptions } from './options.js';

/**
 * Kafka's StreamsBuilder: the entry point of the DSL. Operators add nodes to one Topology, named as Kafka
 * names them, which `build()` returns for a TestDriver (or a runtime) to run.
 */
export class StreamsBuilder {
  private readonly ctx = new BuilderContext();

  stream<K = unknown, V = unknown>(topics: string | readonly string[], consumed: ConsumedOptions<K, V> = {}): KStream<K, V> {
    const list = typeof topics === 'string' ? [topics] : [...topics];
    const name = this.ctx.nameOr(consumed.processorName, 'KSTREAM-SOURCE-');
    this.ctx.topology.addSource({
      name,
      topics: list,
      timestampExtractor: consumed.timestampExtractor,
      keySerde: consumed.keySerde as never,
      valueSerde: consumed.valueSerde as never,
    });
    return new KStream<K, V>(this.ctx, name, false, list, { keySerde: consumed.keySerde, valueSerde: consumed.valueSerde });
  }

  /** A table from a topic: always materialized (store `<topic>-STATE-STORE-n` unless named), as in Kafka. */
  table<K = unknown, V = unknown>(topic: string, consumed: ConsumedOptions<K, V> = {}, materialized?: MaterializedOptions<K, V>): KTable<K, V> {
    const storeName = materialized?.storeName ?? this.ctx.newStoreName(`${topic}-`);
    const sourceName = this.ctx.nameOr(consumed.processorName, 'KSTREAM-SOURCE-');
    const tableName = this.ctx.newProcessorName('KTABLE-SOURCE-');
    this.ctx.topology.addSource({
      name: sourceName,
      topics: [topic],
      timestampExtractor: consumed.timestampExtractor,
      keySerde: consumed.keySerde as never,
      valueSerde: consumed.valueSerde as never,
    });
    const table = new KTable<K, V>(this.ctx, tableName, storeName, storeValueGetter<K, V>(storeName), [topic]);
    const materializedInKafka = sourceMaterialization(table, materialized?.storeName !== undefined);
    this.ctx.topology.addProcessor(tableName, tableSourceSupplier<K, V>(storeName, () => table.sendOldValues, materializedInKafka) as never, sourceName);
    addTimestampedStore(this.ctx, storeName, materialized, tableName);
    return table;
  }

  /** A table replicated to every task from all partitions of its topic; read by stream-globalTable joins. */
  globalTable<K = unknown, V = unknown>(topic: string, consumed: ConsumedOptions<K, V> = {}, materialized?: MaterializedOptions<K, V>): GlobalKTable<K, V> {
    const storeName = materialized?.storeName ?? this.ctx.newStoreName(`${topic}-`);
    const sourceName = this.ctx.nameOr(consumed.processorName, 'KSTREAM-SOURCE-');
    const processorName = this.ctx.newProcessorName('KTABLE-SOURCE-');
    const builder = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore<K, ValueAndTimestamp<V>>(storeName));
    const supplier: ProcessorSupplier<K, V, never, never> = () => {
      let store!: TimestampedStore<K, V>;
      let dropped!: (reason: string) => void;
      return {
        init(c) {
          store = c.getStateStore(storeName);
          dropped = (reason) => c.recordDropped(reason);
        },
        process(r) {
          if (r.key === null || r.key === undefined) return dropped('null key: a table record needs a primary key');
          store.put(r.key, r.value === null || r.value === undefined ? null : { value: r.value, timestamp: r.timestamp });
        },
      };
    };
    this.ctx.topology.addGlobalStore(builder, sourceName, topic, processorName, supplier as ProcessorSupplier, consumed.timestampExtractor);
    return new GlobalKTable<K, V>(storeName, storeValueGetter<K, V>(storeName));
  }

  /** Adds a store for processors added with KStream#process to use by name. */
  addStateStore(builder: StoreBuilder): this {
    this.ctx.topology.addStateStore(builder);
    return this;
  }

  addGlobalStore<S extends StateStore>(builder: StoreBuilder<S>, topic: string, supplier: ProcessorSupplier, consumed: ConsumedOptions<unknown, unknown> = {}): this {
    const sourceName = this.ctx.nameOr(consumed.processorName, 'KSTREAM-SOURCE-');
    const processorName = this.ctx.newProcessorName('KTABLE-SOURCE-');
    this.ctx.topology.addGlobalStore(builder, sourceName, topic, processorName, supplier, consumed.timestampExtractor);
    return this;
  }

  build(): Topology {
    return this.ctx.topology;
  }
}
