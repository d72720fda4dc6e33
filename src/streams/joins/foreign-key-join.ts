import type { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';

export function foreignKeyJoin<K, V, KO, VO, VR>(
  _left: KTable<K, V>,
  _right: KTable<KO, VO>,
  _foreignKeyExtractor: (value: V) => KO,
  _joiner: (value: V, other: VO | null) => VR,
  _kind: 'inner' | 'left',
  _named?: NamedOptions,
  _materialized?: MaterializedOptions<K, VR>,
): KTable<K, VR> {
  throw new Error('foreign-key join: not implemented yet');
}
