import type { JoinKind } from '../kstream.js';
import type { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';

export function tableTableJoin<K, V1, V2, VR>(
  _left: KTable<K, V1>,
  _right: KTable<K, V2>,
  _joiner: (v1: V1 | null, v2: V2 | null) => VR,
  _kind: JoinKind,
  _named?: NamedOptions,
  _materialized?: MaterializedOptions<K, VR>,
): KTable<K, VR> {
  throw new Error('table-table join: not implemented yet');
}
