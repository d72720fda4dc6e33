/**
 * The key of a windowed table: the record key and its window (Kafka's `Windowed<K>`). Time windows are
 * `[start, end)`; sliding and session windows include their end. Defined next to the window store,
 * which hands them out, and re-exported here for the DSL.
 */
export { windowed, type Window, type Windowed } from '../../sim/stores/window-store.js';

/** Combines the aggregates of two sessions that a record bridges (Kafka's Merger). */
export type Merger<K, VA> = (aggKey: K, aggOne: VA, aggTwo: VA) => VA;
