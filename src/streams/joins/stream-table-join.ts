import type { KStream, JoinKind } from '../kstream.js';
import type { KTable } from '../ktable.js';

export interface JoinedOptions<K, V1, V2> {
  readonly name?: string;
  readonly keySerde?: unknown;
  readonly valueSerde?: unknown;
  readonly otherValueSerde?: unknown;
  /** Kafka 3.2+ (KIP-923): how long a stream record may wait for a late table update (versioned tables). */
  readonly gracePeriodMs?: number;
  readonly _types?: [K, V1, V2];
}

export function streamTableJoin<K, V1, V2, VR>(
  _stream: KStream<K, V1>,
  _table: KTable<K, V2>,
  _joiner: (v1: V1, v2: V2 | null) => VR,
  _joined: JoinedOptions<K, V1, V2> | undefined,
  _kind: JoinKind,
): KStream<K, VR> {
  throw new Error('stream-table join: not implemented yet');
}
