import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import type { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { derivedStoreName, derivedTable } from './derived-table.js';
import { addTimestampedStore, storeValueGetter, type TimestampedStore } from './table-source.js';
import { TimestampedTupleForwarder } from './timestamped-tuple-forwarder.js';

type Mapper<K, V, VR> = (value: V, key: K) => VR;

/** Kafka's KTableMapValues#computeValue: a null value stays null (a delete); the mapper may return null too. */
function mapped<K, V, VR>(mapper: Mapper<K, V, VR>, key: K, value: V | null): VR | null {
  if (value === null || value === undefined) return null;
  const out = mapper(value, key);
  return out === undefined ? null : out;
}

/**
 * KTable#mapValues (Kafka's KTableMapValues): maps the new value and, when old values are sent, the old one, so
 * that a Change stays a change of the mapped table. Materialized (a Materialized with a store name), it stores
 * the mapped value with the record's timestamp, takes old values from its own store and forwards through
 * TimestampedTupleForwarder; otherwise its value getter maps the parent's, keeping the parent's timestamp.
 */
export function tableMapValues<K, V, VR>(
  parent: KTable<K, V>,
  mapper: Mapper<K, V, VR>,
  named?: NamedOptions,
  materialized?: MaterializedOptions<K, VR>,
): KTable<K, VR> {
  const ctx = parent.ctx;
  const storeName = derivedStoreName(ctx, materialized, 'KTABLE-MAPVALUES-');
  const name = ctx.nameOr(named?.name, 'KTABLE-MAPVALUES-');
  const getter = storeName === null ? mappedValueGetter(parent.valueGetterSupplier, mapper) : storeValueGetter<K, VR>(storeName);
  const table = derivedTable<K, VR>(parent as KTable<K, unknown>, name, storeName, getter);
  ctx.topology.addProcessor(name, mapValuesSupplier(table, mapper, storeName) as never, parent.nodeName);
  if (storeName !== null) addTimestampedStore(ctx, storeName, materialized, name);
  return table;
}

function mapValuesSupplier<K, V, VR>(table: KTable<K, VR>, mapper: Mapper<K, V, VR>, storeName: string | null): () => Processor<K, Change<V>, K, Change<VR>> {
  return () => {
    let context!: ProcessorContext<K, Change<VR>>;
    let store: TimestampedStore<K, VR> | null = null;
    let forwarder: TimestampedTupleForwarder<K, VR> | null = null;
    let sendOldValues = false;
    return {
      init(c) {
        context = c;
        sendOldValues = table.sendOldValues;
        if (storeName !== null) {
          const own = c.getStateStore<TimestampedStore<K, VR>>(storeName);
          store = own;
          forwarder = new TimestampedTupleForwarder(own, c, sendOldValues);
        }
      },
      process(r: StreamRecord<K, Change<V>>) {
        const newValue = mapped(mapper, r.key, r.value.newValue);
        let oldValue: VR | null = null;
        if (sendOldValues) oldValue = store === null ? mapped(mapper, r.key, r.value.oldValue) : (store.get(r.key)?.value ?? null);
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

/** Kafka's KTableMapValuesValueGetter: the mapped value with the parent's timestamp (null when it maps to null). */
function mappedValueGetter<K, V, VR>(parent: KTableValueGetterSupplier<K, V>, mapper: Mapper<K, V, VR>): KTableValueGetterSupplier<K, VR> {
  return {
    get storeNames() {
      return parent.storeNames;
    },
    get() {
      const getter = parent.get();
      return {
        init: (c: ProcessorContext) => getter.init(c),
        get: (key: K): ValueAndTimestamp<VR> | null => {
          const vt = getter.get(key);
          if (vt === null) return null;
          const value = mapped(mapper, key, vt.value);
          return value === null ? null : { value, timestamp: vt.timestamp };
        },
      };
    },
  };
}
