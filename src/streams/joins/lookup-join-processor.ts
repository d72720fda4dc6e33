import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { KTableValueGetter, KTableValueGetterSupplier } from '../internal/value-getter.js';

export interface LookupJoinConfig<K, V, KT, VT> {
  /** Reads the table's current value (a KTable's store, or a global store through the context fallback). */
  readonly valueGetterSupplier: KTableValueGetterSupplier<KT, VT>;
  /** The table key a stream record joins with: its own key (KTable) or a keySelector (GlobalKTable). */
  readonly keyMapper: (key: K, value: V) => KT;
  readonly joiner: (value: V, tableValue: VT | null, key: unknown) => unknown;
  readonly leftJoin: boolean;
}

/**
 * Kafka's KStreamKTableJoinProcessor, shared by stream-table and stream-globalTable joins: each stream
 * record looks up the table's current value for its (mapped) key and joins with it; the output keeps the
 * stream record's key and timestamp. Table updates never trigger output. A null value is dropped and
 * counted; so is a null (mapped) key, except in a left join, which joins it with null (KIP-962, Kafka 3.7+).
 */
export function lookupJoinSupplier<K, V, KT, VT>(config: LookupJoinConfig<K, V, KT, VT>): () => Processor<K, V, K, unknown> {
  const { keyMapper, joiner, leftJoin } = config;
  return () => {
    let context!: ProcessorContext<K, unknown>;
    let getter!: KTableValueGetter<KT, VT>;
    return {
      init(c) {
        context = c;
        getter = config.valueGetterSupplier.get();
        getter.init(c);
      },
      process(r: StreamRecord<K, V>) {
        // Kafka maps the key first, whatever the value.
        const mappedKey = keyMapper(r.key, r.value);
        const nullKey = mappedKey === null || mappedKey === undefined;
        const nullValue = r.value === null || r.value === undefined;
        if (nullValue || (nullKey && !leftJoin)) {
          context.recordDropped('null join key or value in stream-table join');
          return;
        }
        const tableValue = nullKey ? null : (getter.get(mappedKey)?.value ?? null);
        if (tableValue === null && !leftJoin) return;
        context.forward({ key: r.key, value: joiner(r.value, tableValue, r.key), timestamp: r.timestamp, headers: r.headers });
      },
    };
  };
}
