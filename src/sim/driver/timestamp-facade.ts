import type { ReadOnlyKeyValueStore } from '../stores/key-value-store.js';
import type { KeyValue } from '../stores/key-value.js';

/** Reads a timestamped store as plain values (Kafka's KeyValueStoreFacade in the test driver). */
export function withoutTimestamps<K, V>(store: ReadOnlyKeyValueStore<K, { value: V } | null>): ReadOnlyKeyValueStore<K, V> {
  const strip = (kvs: KeyValue<K, { value: V } | null>[]): KeyValue<K, V>[] => kvs.map((kv) => ({ key: kv.key, value: kv.value!.value }));
  return {
    name: store.name,
    get: (key) => store.get(key)?.value ?? null,
    range: (from, to) => strip(store.range(from, to)),
    reverseRange: (from, to) => strip(store.reverseRange(from, to)),
    all: () => strip(store.all()),
    reverseAll: () => strip(store.reverseAll()),
    prefixScan: (prefix) => strip(store.prefixScan(prefix)),
    approximateNumEntries: () => store.approximateNumEntries(),
  };
}

/**
 * Any read-only store view whose values are `{value, timestamp}`: each read returns plain values instead
 * (single values, and the `value` of every KeyValue in a list). Kafka's WindowStoreFacade.
 */
export function stripTimestamps<S extends object>(store: S): S {
  const unwrap = (v: unknown): unknown => (v !== null && typeof v === 'object' && 'timestamp' in v && 'value' in v ? (v as { value: unknown }).value : v);
  return new Proxy(store, {
    get(target, prop, receiver) {
      const member: unknown = Reflect.get(target, prop, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const result: unknown = (member as (...a: unknown[]) => unknown).apply(target, args);
        if (Array.isArray(result)) return result.map((kv: { key: unknown; value: unknown }) => ({ key: kv.key, value: unwrap(kv.value) }));
        return unwrap(result);
      };
    },
  });
}
