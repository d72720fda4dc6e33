import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';

/** A per-record function with the context to forward through: the shape of every stateless operator. */
export type RecordFn<KIn, VIn, KOut, VOut> = (record: StreamRecord<KIn, VIn>, context: ProcessorContext<KOut, VOut>) => void;

export function statelessSupplier<KIn, VIn, KOut, VOut>(fn: RecordFn<KIn, VIn, KOut, VOut>): () => Processor<KIn, VIn, KOut, VOut> {
  return () => {
    let context!: ProcessorContext<KOut, VOut>;
    return {
      init(c) {
        context = c;
      },
      process(r) {
        fn(r, context);
      },
    };
  };
}

/** Kafka's KeyValueMapper may return a KeyValue; tuples are accepted too. */
export type KeyValueLike<K, V> = { readonly key: K; readonly value: V } | readonly [K, V];

export function toPair<K, V>(kv: KeyValueLike<K, V>): { key: K; value: V } {
  if (Array.isArray(kv)) return { key: kv[0] as K, value: kv[1] as V };
  const o = kv as { readonly key: K; readonly value: V };
  return { key: o.key, value: o.value };
}
