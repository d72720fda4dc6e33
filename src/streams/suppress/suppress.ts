import type { KTable } from '../ktable.js';
import type { Suppressed } from './suppressed.js';

export function suppressTable<K, V>(_table: KTable<K, V>, _suppressed: Suppressed<K>): KTable<K, V> {
  throw new Error('KTable#suppress: not implemented yet');
}
