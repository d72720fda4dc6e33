import type { Headers } from '../sim/record.js';

/**
 * A record as an expectation states it, or as a topic or list holds it. Key and value are always
 * compared; timestamp and headers only when the expected record states them.
 */
export interface RecordLike<K = unknown, V = unknown> {
  readonly key: K;
  readonly value: V;
  readonly timestamp?: number;
  readonly headers?: Headers;
}

/** The fields that can differ between two records with the same key. */
export type RecordField = 'value' | 'timestamp' | 'headers';
