import type { ProcessorContext } from '../../sim/processor.js';
import type { ValueAndTimestamp } from './value-and-timestamp.js';

/** Reads a table's current value for a key from inside a task (Kafka's KTableValueGetter). */
export interface KTableValueGetter<K, V> {
  init(context: ProcessorContext): void;
  get(key: K): ValueAndTimestamp<V> | null;
}

/**
 * Makes value getters and names the stores they read, so that a processor using one (a join, a
 * filtered table's downstream) gets those stores connected (Kafka's KTableValueGetterSupplier).
 */
export interface KTableValueGetterSupplier<K, V> {
  readonly storeNames: readonly string[];
  get(): KTableValueGetter<K, V>;
}
