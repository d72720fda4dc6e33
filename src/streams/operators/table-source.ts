import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { KeyValueStore } from '../../sim/stores/key-value-store.js';
import { Stores } from '../../sim/stores/stores.js';
import type { BuilderContext } from '../internal/builder-context.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import type { MaterializedOptions } from '../options.js';
import { TimestampedTupleForwarder } from './timestamped-tuple-forwarder.js';

export type TimestampedStore<K, V> = KeyValueStore<K, ValueAndTimestamp<V>>;

/** Adds the store a KTable materializes into, honouring Materialized's logging and caching choices. */
export function addTimestampedStore<K, V>(
  ctx: BuilderContext,
  storeName: string,
  materialized: MaterializedOptions<K, V> | undefined,
  processorName: string,
): void {
  let b = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore<K, ValueAndTimestamp<V>>(storeName));
  if (materialized?.loggingEnabled === false) b = b.withLoggingDisabled();
  else if (materialized?.logConfig !== undefined) b = b.withLoggingEnabled(materialized.logConfig);
  if (materialized?.cachingEnabled !== false) b = b.withCachingEnabled();
  ctx.addStore(b, processorName);
}

/** A value getter reading a materialized table's store. */
export function storeValueGetter<K, V>(storeName: string): KTableValueGetterSupplier<K, V> {
  return {
    storeNames: [storeName],
    get() {
      let store!: TimestampedStore<K, V>;
      return {
        init(c: ProcessorContext) {
          store = c.getStateStore(storeName);
        },
        get: (key: K) => store.get(key),
      };
    },
  };
}

/**
 * Kafka's KTableSource is materialized only when its Materialized names a store or a downstream forces it
 * (enableSendingOldValues(true): groupBy, joins). Unmaterialized, it cannot send old values unless forced, and
 * it forwards every update directly (no record cache). Here the store always exists; this marks the table so
 * (KTable#trySendingOldValues) and returns whether Kafka would materialize it, read when the processor starts.
 */
export function sourceMaterialization(
  table: { sendOldValues: boolean; trySendingOldValues: () => boolean },
  storeNamed: boolean,
): () => boolean {
  if (!storeNamed) table.trySendingOldValues = () => table.sendOldValues;
  return () => storeNamed || table.sendOldValues;
}

/**
 * Kafka's KTableSource: upserts each record into the table's store and forwards the change. A null key is
 * dropped (counted); a null value deletes. The old value travels only when a downstream asked for it. A
 * materialized source forwards through TimestampedTupleForwarder (through the record cache, when there is one).
 */
export function tableSourceSupplier<K, V>(
  storeName: string,
  sendOldValues: () => boolean,
  materialized: () => boolean = () => true,
): () => Processor<K, V, K, Change<V>> {
  return () => {
    let context!: ProcessorContext<K, Change<V>>;
    let store!: TimestampedStore<K, V>;
    let forwarder: TimestampedTupleForwarder<K, V> | null = null;
    return {
      init(c) {
        context = c;
        store = c.getStateStore(storeName);
        if (materialized()) forwarder = new TimestampedTupleForwarder(store, c, sendOldValues());
      },
      process(r: StreamRecord<K, V>) {
        if (r.key === null || r.key === undefined) {
          context.recordDropped('null key: a table record needs a primary key');
          return;
        }
        const old = store.get(r.key);
        const value = r.value === undefined ? null : r.value;
        store.put(r.key, value === null ? null : { value, timestamp: r.timestamp });
        const out = {
          key: r.key,
          value: { newValue: value, oldValue: sendOldValues() && old !== null ? old.value : null },
          timestamp: r.timestamp,
          headers: r.headers,
        };
        if (forwarder === null) context.forward(out);
        else forwarder.maybeForward(out);
      },
    };
  };
}
