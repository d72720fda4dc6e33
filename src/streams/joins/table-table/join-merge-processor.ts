import type { Processor, ProcessorContext, StreamRecord } from '../../../sim/processor.js';
import type { Change } from '../../internal/change.js';
import type { TimestampedStore } from '../../operators/table-source.js';

/**
 * Kafka's KTableKTableJoinMerger: both join sides feed it. Materialized, it writes each result into the
 * store (a null result deletes) before forwarding; either way the old value travels only when a
 * downstream asked for it.
 */
export function joinMergeSupplier<K, VR>(storeName: string | null, sendOldValues: () => boolean): () => Processor<K, Change<VR>, K, Change<VR>> {
  return () => {
    let context!: ProcessorContext<K, Change<VR>>;
    let store: TimestampedStore<K, VR> | null = null;
    return {
      init(c) {
        context = c;
        if (storeName !== null) store = c.getStateStore<TimestampedStore<K, VR>>(storeName);
      },
      process(r: StreamRecord<K, Change<VR>>) {
        const newValue = r.value.newValue;
        if (store !== null) store.put(r.key, newValue === null ? null : { value: newValue, timestamp: r.timestamp });
        if (sendOldValues()) context.forward(r);
        else context.forward({ key: r.key, value: { newValue, oldValue: null, isLatest: r.value.isLatest }, timestamp: r.timestamp, headers: r.headers });
      },
    };
  };
}
