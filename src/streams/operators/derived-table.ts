import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { BuilderContext } from '../internal/builder-context.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { addTimestampedStore, storeValueGetter, type TimestampedStore } from './table-source.js';
import { TimestampedTupleForwarder } from './timestamped-tuple-forwarder.js';

/** A derived table's value for a parent value (Kafka's computeValue); null: the key is absent from the table. */
export type ComputeValue<K, V, VR> = (key: K, value: V | null) => VR | null;

/** What sets one derived-table operator (KTableFilter, KTableMapValues) apart from the other. */
export interface DerivedTableOperator<K, V, VR> {
  /** Kafka's name prefix, for the processor and for the store of an unnamed Materialized. */
  readonly prefix: string;
  readonly computeValue: ComputeValue<K, V, VR>;
  /**
   * KTableFilter: while old values are sent, a change whose old and new values are both absent is not forwarded
   * (the key was already absent downstream). KTableMapValues forwards every change.
   */
  readonly skipChangesOfAbsentKeys: boolean;
}

/**
 * Adds a table computed from its parent's changes (KTable#filter, #mapValues), as KTableImpl#doFilter /
 * #doMapValues do. Materialized (a Materialized with a store name), it stores each computed value with the
 * record's timestamp, takes old values from its own store and forwards through TimestampedTupleForwarder;
 * otherwise it forwards at once, computes old values from the parent's, and its value getter computes from the
 * parent's getter, keeping the parent's timestamp.
 */
export function addDerivedTable<K, V, VR>(
  parent: KTable<K, V>,
  operator: DerivedTableOperator<K, V, VR>,
  named: NamedOptions | undefined,
  materialized: MaterializedOptions<K, VR> | undefined,
): KTable<K, VR> {
  const ctx = parent.ctx;
  // Kafka takes the store index before the processor's.
  const storeName = derivedStoreName(ctx, materialized, operator.prefix);
  const name = ctx.nameOr(named?.name, operator.prefix);
  const getter =
    storeName === null ? computedValueGetter(parent.valueGetterSupplier, operator.computeValue) : storeValueGetter<K, VR>(storeName);
  const table = derivedTable<K, VR>(parent as KTable<K, unknown>, name, storeName, getter);
  ctx.topology.addProcessor(name, derivedTableSupplier(table, operator, storeName) as never, parent.nodeName);
  if (storeName !== null) addTimestampedStore(ctx, storeName, materialized, name);
  return table;
}

/**
 * The store of a filter or mapValues, as KTableImpl#doFilter / #doMapValues decide: only a Materialized that
 * names a store materializes the table; a Materialized without a name still uses up a store index (Kafka
 * generates one "to keep compatibility") but stores nothing. Null: not materialized.
 */
function derivedStoreName<K, V>(ctx: BuilderContext, materialized: MaterializedOptions<K, V> | undefined, prefix: string): string | null {
  if (materialized === undefined) return null;
  if (materialized.storeName !== undefined) return materialized.storeName;
  ctx.newStoreName(prefix);
  return null;
}

/**
 * The derived KTable. Materialized, it reads old values from its own store, so asking it for old values asks
 * nothing of the parent; otherwise old values come from the parent, which may refuse them when not forced
 * (Kafka's KTableFilter / KTableMapValues#enableSendingOldValues).
 */
function derivedTable<K, V>(
  parent: KTable<K, unknown>,
  nodeName: string,
  storeName: string | null,
  valueGetterSupplier: KTableValueGetterSupplier<K, V>,
): KTable<K, V> {
  const table = new KTable<K, V>(
    parent.ctx,
    nodeName,
    storeName,
    valueGetterSupplier,
    parent.copartitionTopics,
    storeName === null ? () => parent.enableSendingOldValues() : () => undefined,
  );
  if (storeName === null) {
    table.trySendingOldValues = () => {
      if (!table.sendOldValues) {
        if (!parent.trySendingOldValues()) return false;
        table.sendOldValues = true;
      }
      return true;
    };
  }
  return table;
}

/** Kafka's KTableFilterProcessor / KTableMapValuesProcessor. */
function derivedTableSupplier<K, V, VR>(
  table: KTable<K, VR>,
  operator: DerivedTableOperator<K, V, VR>,
  storeName: string | null,
): () => Processor<K, Change<V>, K, Change<VR>> {
  const { computeValue, skipChangesOfAbsentKeys } = operator;
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
          store = c.getStateStore<TimestampedStore<K, VR>>(storeName);
          forwarder = new TimestampedTupleForwarder(store, c, sendOldValues);
        }
      },
      process(r: StreamRecord<K, Change<V>>) {
        const newValue = computeValue(r.key, r.value.newValue);
        let oldValue: VR | null = null;
        if (sendOldValues) oldValue = store === null ? computeValue(r.key, r.value.oldValue) : (store.get(r.key)?.value ?? null);
        if (skipChangesOfAbsentKeys && sendOldValues && oldValue === null && newValue === null) return;
        const out = { key: r.key, value: { newValue, oldValue }, timestamp: r.timestamp, headers: r.headers };
        if (store === null || forwarder === null) {
          context.forward(out);
          return;
        }
        store.put(r.key, newValue === null ? null : { value: newValue, timestamp: r.timestamp });
        forwarder.maybeForward(out);
      },
    };
  };
}

/** Kafka's KTableFilterValueGetter / KTableMapValuesValueGetter: the computed value with the parent's timestamp. */
function computedValueGetter<K, V, VR>(
  parent: KTableValueGetterSupplier<K, V>,
  computeValue: ComputeValue<K, V, VR>,
): KTableValueGetterSupplier<K, VR> {
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
          const value = computeValue(key, vt.value);
          return value === null ? null : { value, timestamp: vt.timestamp };
        },
      };
    },
  };
}
