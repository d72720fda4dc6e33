import type { Processor, ProcessorContext, StreamRecord } from '../../../sim/processor.js';
import type { Change } from '../../internal/change.js';
import type { ValueAndTimestamp } from '../../internal/value-and-timestamp.js';
import type { KTableValueGetter, KTableValueGetterSupplier } from '../../internal/value-getter.js';
import type { CombinedKey, SubscriptionResponseWrapper, SubscriptionWrapper } from './subscription.js';

/**
 * Kafka's SubscriptionJoinProcessorSupplier: answers a subscription with the right table's current value
 * for its foreign key, as its instruction says, keyed by the primary key again and timestamped
 * max(subscription, right value).
 */
export function subscriptionJoinSupplier<K, KO, VO>(
  foreignValues: KTableValueGetterSupplier<KO, VO>,
): () => Processor<CombinedKey<KO, K>, Change<ValueAndTimestamp<SubscriptionWrapper<K>>>, K, SubscriptionResponseWrapper<VO>> {
  return () => {
    let context!: ProcessorContext<K, SubscriptionResponseWrapper<VO>>;
    let getter!: KTableValueGetter<KO, VO>;
    return {
      init(c) {
        context = c;
        getter = foreignValues.get();
        getter.init(c);
      },
      process(r: StreamRecord<CombinedKey<KO, K>, Change<ValueAndTimestamp<SubscriptionWrapper<K>>>>) {
        const received = r.value.newValue!;
        const subscription = received.value;
        const foreign = r.key.foreignKey === null ? null : getter.get(r.key.foreignKey);
        const timestamp = foreign === null ? received.timestamp : Math.max(received.timestamp, foreign.timestamp);
        let foreignValue: VO | null;
        switch (subscription.instruction) {
          case 'DELETE_KEY_NO_PROPAGATE':
            return;
          case 'DELETE_KEY_AND_PROPAGATE':
            foreignValue = null;
            break;
          case 'PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE':
            foreignValue = foreign === null ? null : foreign.value;
            break;
          case 'PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE':
            if (foreign === null) return;
            foreignValue = foreign.value;
            break;
        }
        context.forward({
          key: r.key.primaryKey,
          value: { originalValueHash: subscription.hash, foreignValue, primaryPartition: subscription.primaryPartition },
          timestamp,
          headers: r.headers,
        });
      },
    };
  };
}
