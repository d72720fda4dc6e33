import type { Processor, ProcessorContext, StreamRecord } from '../../../sim/processor.js';
import type { Change } from '../../internal/change.js';
import type { TimestampedStore } from '../../operators/table-source.js';

/**
 * The foreign-key join's result table (Kafka wraps the join results in a KTableSource,
 * `KTABLE-FK-JOIN-OUTPUT-n`): an upsert per result, a null result deleting. It keeps a store only when
 * materialized (a Materialized store name, or a downstream that reads it or needs old values).
 */
export function resultTableSupplier<K, VR>(
  storeName: string,
  isMaterialized: () => boolean,
  sendOldValues: () => boolean,
): () => Processor<K, VR | null, K, Change<VR>> {
  return () => {
    let context!: ProcessorContext<K, Change<VR>>;
    let store: TimestampedStore<K, VR> | null = null;
    return {
      init(c) {
        context = c;
        if (isMaterialized()) store = c.getStateStore<TimestampedStore<K, VR>>(storeName);
      },
      process(r: StreamRecord<K, VR | null>) {
        if (r.key === null || r.key === undefined) {
          context.recordDropped('null key: a table record needs a primary key');
          return;
        }
        const value = r.value === undefined ? null : r.value;
        let oldValue: VR | null = null;
        if (store !== null) {
          const old = store.get(r.key);
          if (old !== null && sendOldValues()) oldValue = old.value;
          store.put(r.key, value === null ? null : { value, timestamp: r.timestamp });
        }
        context.forward({ key: r.key, value: { newValue: value, oldValue }, timestamp: r.timestamp, headers: r.headers });
      },
    };
  };
}
