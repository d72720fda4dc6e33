import type { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';

export function tableFilter<K, V>(
  _table: KTable<K, V>,
  _predicate: (key: K, value: V) => boolean,
  _not: boolean,
  _named?: NamedOptions,
  _materialized?: MaterializedOptions<K, V>,
): KTable<K, V> {
  throw new Error('KTable#filter: not implemented yet');
}

export function tableMapValues<K, V, VR>(
  _table: KTable<K, V>,
  _mapper: (value: V, key: K) => VR,
  _named?: NamedOptions,
  _materialized?: MaterializedOptions<K, VR>,
): KTable<K, VR> {
  throw new Error('KTable#mapValues: not implemented yet');
}
