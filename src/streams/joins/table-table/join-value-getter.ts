import type { ProcessorContext } from '../../../sim/processor.js';
import type { ValueAndTimestamp } from '../../internal/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../../internal/value-getter.js';
import type { JoinKind } from '../../kstream.js';

/** Kafka's UNKNOWN timestamp: what a missing side contributes to max(left, right). */
const UNKNOWN = -1;

/**
 * The current join result for a key, computed from both parents' getters: what a non-materialized join
 * table offers downstream (Kafka's KTableKTable{Inner,Left,Outer}JoinValueGetter). Timestamp: the larger
 * of the two sides'. A joiner returning null means no row, as ValueAndTimestamp.make(null, ts) does.
 */
export function joinValueGetterSupplier<K, V1, V2, VR>(
  kind: JoinKind,
  left: KTableValueGetterSupplier<K, V1>,
  right: KTableValueGetterSupplier<K, V2>,
  joiner: (v1: V1 | null, v2: V2 | null) => VR,
): KTableValueGetterSupplier<K, VR> {
  return {
    storeNames: [...new Set([...left.storeNames, ...right.storeNames])],
    get() {
      const leftGetter = left.get();
      const rightGetter = right.get();
      return {
        init(c: ProcessorContext) {
          leftGetter.init(c);
          rightGetter.init(c);
        },
        get(key: K): ValueAndTimestamp<VR> | null {
          const l = leftGetter.get(key);
          if (l === null && kind !== 'outer') return null;
          const r = rightGetter.get(key);
          if (r === null && (kind === 'inner' || l === null)) return null;
          const value = joiner(l === null ? null : l.value, r === null ? null : r.value);
          if (value === null || value === undefined) return null;
          return { value, timestamp: Math.max(l === null ? UNKNOWN : l.timestamp, r === null ? UNKNOWN : r.timestamp) };
        },
      };
    },
  };
}
