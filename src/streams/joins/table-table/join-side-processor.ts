import type { Processor, ProcessorContext, StreamRecord } from '../../../sim/processor.js';
import type { Change } from '../../internal/change.js';
import type { KTableValueGetter, KTableValueGetterSupplier } from '../../internal/value-getter.js';
import { sideRule, type SideKind } from './join-rules.js';

/**
 * One side of a table-table join (Kafka's KTableKTable{Inner,Left,Right,Outer}Join processors): on each
 * change of this side's table, looks up the other table's current value through its getter and forwards
 * the joined change, timestamped max(this record, other value) (the record's own time when the other
 * side has no value).
 */
export function joinSideSupplier<K, VThis, VOther, VR>(
  kind: SideKind,
  joiner: (thisValue: VThis | null, otherValue: VOther | null) => VR,
  otherGetterSupplier: KTableValueGetterSupplier<K, VOther>,
  sendOldValues: () => boolean,
): () => Processor<K, Change<VThis>, K, Change<VR>> {
  const rule = sideRule<VThis, VOther, VR>(kind);
  return () => {
    let context!: ProcessorContext<K, Change<VR>>;
    let otherGetter!: KTableValueGetter<K, VOther>;
    return {
      init(c) {
        context = c;
        otherGetter = otherGetterSupplier.get();
        otherGetter.init(c);
      },
      process(r: StreamRecord<K, Change<VThis>>) {
        // Joins match equal keys only: a null key cannot join (Kafka skips and counts it).
        if (r.key === null || r.key === undefined) {
          context.recordDropped('null key: a table-table join needs a key');
          return;
        }
        const other = otherGetter.get(r.key);
        const out = rule(r.value, other === null ? null : other.value, joiner, sendOldValues());
        if (out === null) return;
        const timestamp = other === null ? r.timestamp : Math.max(r.timestamp, other.timestamp);
        context.forward({ key: r.key, value: out, timestamp, headers: r.headers });
      },
    };
  };
}
