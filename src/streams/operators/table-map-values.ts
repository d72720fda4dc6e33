import type { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { addDerivedTable } from './derived-table.js';

/**
 * KTable#mapValues (Kafka's KTableMapValues): maps the new value and, when old values are sent, the old one, so
 * that a Change stays a change of the mapped table. A null value stays null (a delete) and the mapper may return
 * null too. Materialized, the mapped value is stored with the record's timestamp; unmaterialized, the value
 * getter keeps the parent's timestamp (see addDerivedTable).
 */
export function tableMapValues<K, V, VR>(
  parent: KTable<K, V>,
  mapper: (value: V, key: K) => VR,
  named?: NamedOptions,
  materialized?: MaterializedOptions<K, VR>,
): KTable<K, VR> {
  return addDerivedTable<K, V, VR>(
    parent,
    {
      prefix: 'KTABLE-MAPVALUES-',
      // KTableMapValues#computeValue.
      computeValue: (key, value) => {
        if (value === null || value === undefined) return null;
        const out = mapper(value, key);
        return out === undefined ? null : out;
      },
      skipChangesOfAbsentKeys: false,
    },
    named,
    materialized,
  );
}
