import type { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { addDerivedTable } from './derived-table.js';

/**
 * KTable#filter / #filterNot (Kafka's KTableFilter). A key whose new value fails becomes a tombstone, so that
 * downstream forgets it. When the table sends old values, a change whose old and new values both fail is not
 * forwarded at all (that key was already absent downstream). The filter asks its parent for old values when
 * that needs no new materialization (KTableFilter's constructor): a materialized parent sends them. Storage and
 * forwarding are those of every derived table (see addDerivedTable).
 */
export function tableFilter<K, V>(
  parent: KTable<K, V>,
  predicate: (key: K, value: V) => boolean,
  filterNot: boolean,
  named?: NamedOptions,
  materialized?: MaterializedOptions<K, V>,
): KTable<K, V> {
  const table = addDerivedTable<K, V, V>(
    parent,
    {
      prefix: 'KTABLE-FILTER-',
      // KTableFilter#computeValue: the value if present and kept, else null (a tombstone downstream).
      computeValue: (key, value) => (value !== null && value !== undefined && filterNot !== predicate(key, value) ? value : null),
      skipChangesOfAbsentKeys: true,
    },
    named,
    materialized,
  );
  // "If upstream is already materialized, enable sending old values to avoid sending unnecessary tombstones."
  if (parent.trySendingOldValues()) table.sendOldValues = true;
  return table;
}
