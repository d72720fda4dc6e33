import type { Processor, ProcessorContext, StreamRecord } from '../../../sim/processor.js';
import type { KeyValueStore } from '../../../sim/stores/key-value-store.js';
import type { Change } from '../../internal/change.js';
import type { ValueAndTimestamp } from '../../internal/value-and-timestamp.js';
import { subscriptionStoreKey, type CombinedKey, type SubscriptionWrapper } from './subscription.js';

export type SubscriptionStore<K> = KeyValueStore<string, ValueAndTimestamp<SubscriptionWrapper<K>>>;

/**
 * Kafka's SubscriptionReceiveProcessorSupplier, on the right table's partition: records (or removes) the
 * subscription in the store the right table's updates scan, and passes it on keyed by (FK, PK). A null
 * foreign key (a left join's "answer me anyway") is passed on without being stored.
 */
export function subscriptionReceiveSupplier<K, KO>(
  storeName: string,
): () => Processor<KO | null, SubscriptionWrapper<K>, CombinedKey<KO, K>, Change<ValueAndTimestamp<SubscriptionWrapper<K>>>> {
  return () => {
    let context!: ProcessorContext<CombinedKey<KO, K>, Change<ValueAndTimestamp<SubscriptionWrapper<K>>>>;
    let store!: SubscriptionStore<K>;
    return {
      init(c) {
        context = c;
        store = c.getStateStore<SubscriptionStore<K>>(storeName);
      },
      process(r: StreamRecord<KO | null, SubscriptionWrapper<K>>) {
        const foreignKey = r.key === undefined ? null : r.key;
        const subscription = r.value;
        if (foreignKey === null && subscription.instruction !== 'PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE') {
          context.recordDropped('null foreign key: a subscription needs a foreign key');
          return;
        }
        const newValue: ValueAndTimestamp<SubscriptionWrapper<K>> = { value: subscription, timestamp: r.timestamp };
        let oldValue: ValueAndTimestamp<SubscriptionWrapper<K>> | null = null;
        if (foreignKey !== null) {
          const key = subscriptionStoreKey(foreignKey, subscription.primaryKey);
          oldValue = store.get(key);
          const unsubscribe = subscription.instruction === 'DELETE_KEY_AND_PROPAGATE' || subscription.instruction === 'DELETE_KEY_NO_PROPAGATE';
          if (unsubscribe) store.delete(key);
          else store.put(key, newValue);
        }
        context.forward({
          key: { foreignKey, primaryKey: subscription.primaryKey },
          value: { newValue, oldValue },
          timestamp: r.timestamp,
          headers: r.headers,
        });
      },
    };
  };
}
