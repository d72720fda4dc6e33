import type { KTable } from './ktable.js';
import type { KeyValueLike } from './operators/stateless.js';
import type { GroupedOptions, MaterializedOptions } from './options.js';

/** Kafka's KGroupedTable: a table re-keyed by groupBy; aggregations add new values and subtract old ones. */
export class KGroupedTable<K, V> {
  constructor(
    /** @internal */ readonly table: KTable<unknown, unknown>,
    /** @internal */ readonly selector: (key: unknown, value: unknown) => KeyValueLike<K, V>,
    /** @internal */ readonly grouped: GroupedOptions<K, V>,
  ) {}

  count(_materialized?: MaterializedOptions<K, number>): KTable<K, number> {
    throw new Error('KGroupedTable#count: not implemented yet');
  }

  reduce(_adder: (agg: V, value: V) => V, _subtractor: (agg: V, value: V) => V, _materialized?: MaterializedOptions<K, V>): KTable<K, V> {
    throw new Error('KGroupedTable#reduce: not implemented yet');
  }

  aggregate<VA>(
    _initializer: () => VA,
    _adder: (key: K, value: V, aggregate: VA) => VA,
    _subtractor: (key: K, value: V, aggregate: VA) => VA,
    _materialized?: MaterializedOptions<K, VA>,
  ): KTable<K, VA> {
    throw new Error('KGroupedTable#aggregate: not implemented yet');
  }
}
