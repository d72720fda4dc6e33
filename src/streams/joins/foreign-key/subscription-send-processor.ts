import type { Processor, ProcessorContext, StreamRecord } from '../../../sim/processor.js';
import type { Change } from '../../internal/change.js';
import { sameForeignKey, valueHash, type SubscriptionInstruction, type SubscriptionWrapper } from './subscription.js';

/**
 * Kafka's SubscriptionSendProcessorSupplier: turns each change of the left table into subscription
 * records keyed by foreign key, bound for the right table's partition of that key. The left table sends
 * old values, so that a changed foreign key unsubscribes from the old one (its subscription lives on
 * another partition).
 */
export function subscriptionSendSupplier<K, V, KO>(
  foreignKeyExtractor: (value: V) => KO | null,
  leftJoin: boolean,
): () => Processor<K, Change<V>, KO | null, SubscriptionWrapper<K>> {
  return () => {
    let context!: ProcessorContext<KO | null, SubscriptionWrapper<K>>;

    const send = (r: StreamRecord<K, Change<V>>, hash: string | null, foreignKey: KO | null, instruction: SubscriptionInstruction) => {
      const primaryPartition = context.recordMetadata()?.partition ?? context.taskId.partition;
      context.forward({
        key: foreignKey,
        value: { hash, instruction, primaryKey: r.key, primaryPartition },
        timestamp: r.timestamp,
        headers: r.headers,
      });
    };

    /**
     * Left join (KAFKA-15417 / KIP-962): every insert, update and delete asks for an answer, even with a
     * null foreign key (no subscription is stored for it, but the answer comes back), so that the result
     * is always the left value joined with the current right value or null.
     */
    const leftJoinInstructions = (r: StreamRecord<K, Change<V>>) => {
      const { oldValue, newValue } = r.value;
      if (oldValue === null && newValue === null) return; // an idempotent delete of a missing row
      const oldForeignKey = oldValue === null ? null : nullable(foreignKeyExtractor(oldValue));
      const newForeignKey = newValue === null ? null : nullable(foreignKeyExtractor(newValue));
      const hash = valueHash(newValue);
      if (oldForeignKey !== null && !sameForeignKey(newForeignKey, oldForeignKey)) {
        send(r, hash, oldForeignKey, 'DELETE_KEY_NO_PROPAGATE');
      }
      send(r, hash, newForeignKey, 'PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE');
    };

    /** Inner join: a null foreign key cannot join (dropped and counted); it only unsubscribes the old one. */
    const innerJoinInstructions = (r: StreamRecord<K, Change<V>>) => {
      const { oldValue, newValue } = r.value;
      const oldForeignKey = oldValue === null ? null : nullable(foreignKeyExtractor(oldValue));
      const hash = valueHash(newValue);
      if (newValue === null) {
        if (oldForeignKey !== null) send(r, hash, oldForeignKey, 'DELETE_KEY_AND_PROPAGATE');
        return;
      }
      const newForeignKey = nullable(foreignKeyExtractor(newValue));
      if (newForeignKey === null) {
        context.recordDropped('null foreign key: an inner foreign-key join cannot subscribe');
        if (oldForeignKey !== null) send(r, hash, oldForeignKey, 'DELETE_KEY_AND_PROPAGATE');
        return;
      }
      if (oldForeignKey === null) {
        // An insert: there is no earlier result to delete, so answer only on a match.
        send(r, hash, newForeignKey, 'PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE');
      } else if (!sameForeignKey(newForeignKey, oldForeignKey)) {
        send(r, hash, oldForeignKey, 'DELETE_KEY_NO_PROPAGATE');
        // The old key may have joined: a null answer deletes that result.
        send(r, hash, newForeignKey, 'PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE');
      } else {
        // Same key: without a match now, there was none before either.
        send(r, hash, newForeignKey, 'PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE');
      }
    };

    const instructions = leftJoin ? leftJoinInstructions : innerJoinInstructions;
    return {
      init(c) {
        context = c;
      },
      process: instructions,
    };
  };
}

function nullable<T>(value: T | null | undefined): T | null {
  return value === undefined ? null : value;
}
