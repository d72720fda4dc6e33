import type { KStream, JoinKind } from '../kstream.js';
import type { JoinWindows } from '../windows/join-windows.js';

export interface StreamJoinedOptions<K, V1, V2> {
  readonly name?: string;
  readonly storeName?: string;
  readonly keySerde?: unknown;
  readonly valueSerde?: unknown;
  readonly otherValueSerde?: unknown;
  readonly loggingEnabled?: boolean;
  readonly _types?: [K, V1, V2];
}

export function streamStreamJoin<K, V1, V2, VR>(
  _left: KStream<K, V1>,
  _right: KStream<K, V2>,
  _joiner: (key: K, v1: V1 | null, v2: V2 | null) => VR,
  _windows: JoinWindows,
  _options: StreamJoinedOptions<K, V1, V2> | undefined,
  _kind: JoinKind,
): KStream<K, VR> {
  throw new Error('stream-stream join: not implemented yet');
}
