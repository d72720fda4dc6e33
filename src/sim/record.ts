/** One record header. Kafka allows repeated keys, so headers are an ordered list, not a map. */
export interface Header {
  readonly key: string;
  readonly value: string | Uint8Array | null;
}

export type Headers = readonly Header[];

export const NO_HEADERS: Headers = Object.freeze([]) as Headers;

/** A record as the broker stores it: typed key and value, never re-serialized on the hot path. */
export interface StoredRecord<K = unknown, V = unknown> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers: Headers;
}

/** What a producer hands to the broker. */
export interface ProducerRecord<K = unknown, V = unknown> {
  readonly key?: K;
  readonly value: V;
  readonly timestamp?: number;
  readonly headers?: Headers;
  readonly partition?: number;
}

export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
}

export function headerValue(headers: Headers, key: string): string | Uint8Array | null | undefined {
  // The last header with the key wins, as Kafka's Headers.lastHeader does.
  for (let i = headers.length - 1; i >= 0; i--) {
    const h = headers[i]!;
    if (h.key === key) return h.value;
  }
  return undefined;
}
