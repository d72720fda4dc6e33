import type { Processor } from '../../sim/processor.js';
import type { Change } from '../internal/change.js';
import { callWithFrozenState, deepFreeze } from '../internal/freeze.js';
import type { KTable } from '../ktable.js';
import { aggregationSupplier } from './aggregation-processor.js';

/**
 * How a re-grouped table folds a change into its aggregate: `subtract` takes the old value out, `add` puts the
 * new one in; `add` receives null when there is no aggregate yet (the initializer's turn, or for reduce the
 * value itself).
 */
export interface TableFold<K, V, VA> {
  subtract(key: K, oldValue: V, aggregate: VA): VA | null;
  add(key: K, newValue: V, aggregate: VA | null): VA;
}

/**
 * Kafka's KTableAggregate / KTableReduce over the repartitioned changes of KTable#groupBy: first subtract the
 * old value (if any, and if there is an aggregate), then add the new one. The result is stored and forwarded
 * with its old value; its timestamp is the record's, or max(record, aggregate) once the stored aggregate took
 * part. A result of null (nothing left and nothing added) deletes the key. Aggregates are frozen, as stream
 * aggregations' are: an adder or subtractor must return a new value.
 */
export function tableAggregateSupplier<K, V, VA>(
  storeName: string,
  fold: TableFold<K, V, VA>,
  table: () => KTable<K, VA>,
): () => Processor<K, Change<V>, K, Change<VA>> {
  return aggregationSupplier<K, Change<V>, VA>(storeName, table, (r, { context, store, forwarder }) => {
    if (r.key === null || r.key === undefined) {
      throw new Error(`Record key for KTable aggregate operator with state ${storeName} should not be null.`);
    }
    const old = store.get(r.key);
    const oldAgg = old === null ? null : old.value;
    // Once the stored aggregate takes part, the result is as recent as the later of it and the record.
    const mergedTimestamp = old === null ? r.timestamp : Math.max(r.timestamp, old.timestamp);
    const { newValue, oldValue } = r.value;
    let timestamp = r.timestamp;
    let agg = oldAgg;
    if (oldValue !== null && oldValue !== undefined && oldAgg !== null) {
      agg = fixNull(callWithFrozenState(context.nodeName, 'the subtractor', () => fold.subtract(r.key, oldValue, oldAgg)));
      timestamp = mergedTimestamp;
    }
    if (newValue !== null && newValue !== undefined) {
      const base = agg;
      agg = callWithFrozenState(context.nodeName, 'the adder', () => fold.add(r.key, newValue, base));
      if (base !== null) timestamp = mergedTimestamp;
    }
    const newAgg = deepFreeze(fixNull(agg));
    store.put(r.key, newAgg === null ? null : { value: newAgg, timestamp });
    forwarder.maybeForward({ key: r.key, value: { newValue: newAgg, oldValue: oldAgg }, timestamp, headers: r.headers });
  });
}

function fixNull<T>(value: T | null | undefined): T | null {
  return value === undefined ? null : value;
}
