import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import { keyId } from '../../sim/key-id.js';
import type { Change } from '../internal/change.js';
import { toPair, type KeyValueLike } from './stateless.js';

/**
 * Kafka's KTableRepartitionMap (KTable#groupBy): maps the old and the new value of each change to (new key,
 * value) pairs bound for the repartition topic: the old pair to subtract, the new pair to add. When both
 * pairs select the same key, one Change carries both (KIP-904), so the aggregation subtracts then adds in one
 * step and emits one result; otherwise the old pair goes first, as `Change(null, old)`, then the new pair as
 * `Change(new, null)`. A pair whose selected key or value is null is skipped; it is counted as dropped when it
 * would have been added (the same pair skipped again later as an old value was never added, so is not counted).
 */
export function tableRepartitionMapSupplier<K, V, KR, VR>(
  selector: (key: K, value: V) => KeyValueLike<KR, VR>,
): () => Processor<K, Change<V>, KR, Change<VR>> {
  return () => {
    let context!: ProcessorContext<KR, Change<VR>>;
    const select = (key: K, value: V | null): { key: KR; value: VR } | null =>
      value === null || value === undefined ? null : toPair(selector(key, value));
    const usable = (pair: { key: KR; value: VR } | null, added: boolean): pair is { key: KR; value: VR } => {
      if (pair === null) return false;
      if (pair.key !== null && pair.key !== undefined && pair.value !== null && pair.value !== undefined) return true;
      if (added) context.recordDropped('KTable#groupBy selected a null key or value');
      return false;
    };
    return {
      init(c) {
        context = c;
      },
      process(r: StreamRecord<K, Change<V>>) {
        if (r.key === null || r.key === undefined) throw new Error('Record key for the grouping KTable should not be null.');
        const newPair = select(r.key, r.value.newValue);
        const oldPair = select(r.key, r.value.oldValue);
        const oldOk = usable(oldPair, false);
        const newOk = usable(newPair, true);
        if (oldOk && newOk && keyId(oldPair.key) === keyId(newPair.key)) {
          context.forward({ key: newPair.key, value: { newValue: newPair.value, oldValue: oldPair.value }, timestamp: r.timestamp, headers: r.headers });
          return;
        }
        if (oldOk) context.forward({ key: oldPair.key, value: { newValue: null, oldValue: oldPair.value }, timestamp: r.timestamp, headers: r.headers });
        if (newOk) context.forward({ key: newPair.key, value: { newValue: newPair.value, oldValue: null }, timestamp: r.timestamp, headers: r.headers });
      },
    };
  };
}
