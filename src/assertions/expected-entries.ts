import type { KeyValue } from '../sim/stores/key-value.js';
import type { RecordLike } from './record-like.js';

/**
 * Expected key-value entries, written the handiest way: a Map (any keys), a plain object (string
 * keys), or a list of `[key, value]` pairs or `{ key, value }` objects.
 */
export type ExpectedEntries<K, V> =
  | ReadonlyMap<K, V>
  | Readonly<Record<string, V>>
  | ReadonlyArray<readonly [K, V] | KeyValue<K, V>>;

export function entryRecords<K, V>(expected: ExpectedEntries<K, V>): RecordLike<K, V>[] {
  if (expected instanceof Map) return [...(expected as ReadonlyMap<K, V>)].map(([key, value]) => ({ key, value }));
  if (Array.isArray(expected)) {
    const entries = expected as ReadonlyArray<readonly [K, V] | KeyValue<K, V>>;
    return entries.map((e) => (isPair(e) ? { key: e[0], value: e[1] } : { key: e.key, value: e.value }));
  }
  return Object.entries(expected as Readonly<Record<string, V>>).map(([key, value]) => ({ key: key as K, value }));
}

function isPair<K, V>(e: readonly [K, V] | KeyValue<K, V>): e is readonly [K, V] {
  return Array.isArray(e);
}
