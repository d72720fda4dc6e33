import type { Processor, ProcessorContext, StreamRecord } from '../../../sim/processor.js';
import type { Change } from '../../internal/change.js';
import type { SubscriptionStore } from './subscription-receive-processor.js';
import { foreignKeyPrefix, type SubscriptionResponseWrapper } from './subscription.js';

/**
 * Kafka's ForeignTableJoinProcessorSupplier: an update of the right table answers every subscription to
 * its key (a prefix scan of the subscription store), with the right record's timestamp; a right delete
 * answers null.
 */
export function foreignTableJoinSupplier<K, KO, VO>(storeName: string): () => Processor<KO, Change<VO>, K, SubscriptionResponseWrapper<VO>> {
  return () => {
    let context!: ProcessorContext<K, SubscriptionResponseWrapper<VO>>;
    let store!: SubscriptionStore<K>;
    return {
      init(c) {
        context = c;
        store = c.getStateStore<SubscriptionStore<K>>(storeName);
      },
      process(r: StreamRecord<KO, Change<VO>>) {
        if (r.key === null || r.key === undefined) {
          context.recordDropped('null key: a right-table update needs a key to find its subscribers');
          return;
        }
        const foreignValue = r.value.newValue;
        for (const { value: subscribed } of store.prefixScan(foreignKeyPrefix(r.key))) {
          const subscription = subscribed.value;
          context.forward({
            key: subscription.primaryKey,
            value: { originalValueHash: subscription.hash, foreignValue, primaryPartition: subscription.primaryPartition },
            timestamp: r.timestamp,
            headers: r.headers,
          });
        }
      },
    };
  };
}
