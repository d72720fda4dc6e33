/**
 * What flows between KTable processors: the new value and, when a downstream needs it (groupBy's
 * subtractor, joins), the old one. Kafka's `org.apache.kafka.streams.kstream.internals.Change`.
 * A null newValue is a delete (tombstone).
 */
export interface Change<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
  /** Kafka's isLatest (KIP-904): false when the update is for a key whose newer value is already stored. */
  readonly isLatest?: boolean;
}

export function change<V>(newValue: V | null, oldValue: V | null): Change<V> {
  return { newValue, oldValue };
}
