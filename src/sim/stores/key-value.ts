/** A key and a value, as Kafka's `KeyValue`. */
export interface KeyValue<K, V> {
  readonly key: K;
  readonly value: V;
}

export const KeyValue = {
  pair<K, V>(key: K, value: V): KeyValue<K, V> {
    return { key, value };
  },
};
