import type { GlobalKTable } from '../global-ktable.js';
import type { KStream, JoinKind } from '../kstream.js';
import type { NamedOptions } from '../options.js';

export function streamGlobalTableJoin<K, V1, KG, VG, VR>(
  _stream: KStream<K, V1>,
  _table: GlobalKTable<KG, VG>,
  _keySelector: (key: K, value: V1) => KG,
  _joiner: (v1: V1, vg: VG | null) => VR,
  _named: NamedOptions | undefined,
  _kind: JoinKind,
): KStream<K, VR> {
  throw new Error('stream-globalTable join: not implemented yet');
}
