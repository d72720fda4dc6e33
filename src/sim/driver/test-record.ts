import type { Headers } from '../record.js';

/** A record as the test driver pipes and reads it (Kafka's TestRecord). */
export interface TestRecord<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers: Headers;
  /** Set on records read from an output topic. */
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: number;
}
