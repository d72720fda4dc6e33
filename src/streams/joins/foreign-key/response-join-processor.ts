import type { Processor, ProcessorContext, StreamRecord } from '../../../sim/processor.js';
import type { KTableValueGetter, KTableValueGetterSupplier } from '../../internal/value-getter.js';
import { valueHash, type SubscriptionResponseWrapper } from './subscription.js';

/**
 * Kafka's ResponseJoinProcessorSupplier, back on the left key's partition: drops (and counts) a response
 * whose hash is not the hash of the left row's current value (the row changed since it subscribed), then
 * joins. A missing right value gives a tombstone for an inner join, and for a left join whose left row
 * is gone; otherwise the left join emits joiner(left, null).
 */
export function responseJoinSupplier<K, V, VO, VR>(
  leftValues: KTableValueGetterSupplier<K, V>,
  joiner: (value: V, other: VO | null) => VR,
  leftJoin: boolean,
): () => Processor<K, SubscriptionResponseWrapper<VO>, K, VR | null> {
  return () => {
    let context!: ProcessorContext<K, VR | null>;
    let getter!: KTableValueGetter<K, V>;
    return {
      init(c) {
        context = c;
        getter = leftValues.get();
        getter.init(c);
      },
      process(r: StreamRecord<K, SubscriptionResponseWrapper<VO>>) {
        const current = getter.get(r.key);
        const currentHash = current === null ? null : valueHash(current.value);
        if (currentHash !== r.value.originalValueHash) {
          context.recordDropped('stale foreign-key join response: the left row changed after subscribing');
          return;
        }
        const foreignValue = r.value.foreignValue;
        const result =
          foreignValue === null && (!leftJoin || current === null)
            ? null
            : joiner((current === null ? null : current.value) as V, foreignValue);
        context.forward({ key: r.key, value: result, timestamp: r.timestamp, headers: r.headers });
      },
    };
  };
}
