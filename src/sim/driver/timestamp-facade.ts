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
