import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import type { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { derivedStoreName, derivedTable } from './derived-table.js';
import { addTimestampedStore, storeValueGetter, type TimestampedStore } from './table-source.js';
import { TimestampedTupleForwarder } from './timestamped-tuple-forwarder.js';

/** Kafka's KTableFilter#computeValue: the value if present and kept, else null (a tombstone downstream). */
type Keep<K, V> = (key: K, value: V) => boolean;

function kept<K, V>(keep: Keep<K, V>, key: K, value: V | null): V | null {
  return value !== null && value !== undefined && keep(key, value) ? value : null;
}

/**
 * KTable#filter / #filterNot (Kafka's KTableFilter). A key whose new value fails becomes a tombstone, so that
 * downstream forgets it. When the table sends old values, a change whose old and new values both fail is not
 * forwarded at all (that key was already absent downstream). The filter asks its parent for old values when
 * that needs no new materialization (KTableFilter's constructor): a materialized parent sends them.
 * Materialized (a Materialized with a store name), the filter stores what passes, reads old values from its own
 * store and forwards through TimestampedTupleForwarder; otherwise its value getter filters the parent's.
 */
export function tableFilter<K, V>(
  parent: KTable<K, V>,
  predicate: (key: K, value: V) => boolean,
  filterNot: boolean,
  named?: NamedOptions,
  materialized?: MaterializedOptions<K, V>,
): KTable<K, V> {
  const ctx = parent.ctx;
  const storeName = derivedStoreName(ctx, materialized, 'KTABLE-FILTER-');
  const name = ctx.nameOr(named?.name, 'KTABLE-FILTER-');
  const keep: Keep<K, V> = (key, value) => filterNot !== predicate(key, value);
  const getter = storeName === null ? filteredValueGetter(parent.valueGetterSupplier, keep) : storeValueGetter<K, V>(storeName);
  const table = derivedTable<K, V>(parent as KTable<K, unknown>, name, storeName, getter);
  // "If upstream is already materialized, enable sending old values to avoid sending unnecessary tombstones."
  if (parent.trySendingOldValues()) table.sendOldValues = true;
  ctx.topology.addProcessor(name, filterSupplier(table, keep, storeName) as never, parent.nodeName);
  if (storeName !== null) addTimestampedStore(ctx, storeName, materialized, name);
  return table;
}

function filterSupplier<K, V>(table: KTable<K, V>, keep: Keep<K, V>, storeName: string | null): () => Processor<K, Change<V>, K, Change<V>> {
  return () => {
    let context!: ProcessorContext<K, Change<V>>;
    let store: TimestampedStore<K, V> | null = null;
    let forwarder: TimestampedTupleForwarder<K, V> | null = null;
    let sendOldValues = false;
    return {
      init(c) {
        context = c;
        sendOldValues = table.sendOldValues;
        if (storeName !== null) {
          const own = c.getStateStore<TimestampedStore<K, V>>(storeName);
          store = own;
          forwarder = new TimestampedTupleForwarder(own, c, sendOldValues);
        }
      },
      process(r: StreamRecord<K, Change<V>>) {
        const newValue = kept(keep, r.key, r.value.newValue);
        let oldValue: V | null = null;
        if (sendOldValues) oldValue = store === null ? kept(keep, r.key, r.value.oldValue) : (store.get(r.key)?.value ?? null);
        if (sendOldValues && oldValue === null && newValue === null) return;
        const out = { key: r.key, value: { newValue, oldValue }, timestamp: r.timestamp, headers: r.headers };
        if (store === null) {
          context.forward(out);
          return;
        }
        store.put(r.key, newValue === null ? null : { value: newValue, timestamp: r.timestamp });
        forwarder!.maybeForward(out);
      },
    };
  };
}

/** Kafka's KTableFilterValueGetter: the parent's value and timestamp when the value passes, else null. */
function filteredValueGetter<K, V>(parent: KTableValueGetterSupplier<K, V>, keep: Keep<K, V>): KTableValueGetterSupplier<K, V> {
  return {
    get storeNames() {
      return parent.storeNames;
    },
    get() {
      const getter = parent.get();
      return {
        init: (c: ProcessorContext) => getter.init(c),
        get: (key: K): ValueAndTimestamp<V> | null => {
          const vt = getter.get(key);
          return vt !== null && keep(key, vt.value) ? vt : null;
        },
      };
    },
  };
}
