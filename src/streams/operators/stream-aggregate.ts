import type { Processor } from '../../sim/processor.js';
import type { Change } from '../internal/change.js';
import { callWithFrozenState, deepFreeze } from '../internal/freeze.js';
import { addRepartition } from '../internal/repartition.js';
import type { KGroupedStream } from '../kgrouped-stream.js';
import { KTable } from '../ktable.js';
import type { MaterializedOptions } from '../options.js';
import { aggregationSupplier } from './aggregation-processor.js';
import { addTimestampedStore, storeValueGetter } from './table-source.js';

export type Initializer<VA> = () => VA;
export type Aggregator<K, V, VA> = (key: K, value: V, aggregate: VA) => VA;
export type Reducer<V> = (aggValue: V, newValue: V) => V;

/** How a record folds into the current aggregate (null: no aggregate yet). */
type Fold<K, V, VA> = (key: K, value: V, current: VA | null) => VA;

/**
 * Kafka's KStreamAggregate / KStreamReduce: a record with a null key or value is dropped and counted; the
 * new aggregate is stored with timestamp max(old, record) and forwarded as a change. Aggregates are frozen
 * (see deepFreeze): an aggregator must return a new value rather than change the old one. The change goes
 * through Kafka's TimestampedTupleForwarder: through the record cache, when there is one.
 */
function aggregateSupplier<K, V, VA>(storeName: string, fold: Fold<K, V, VA>, table: () => KTable<K, VA>): () => Processor<K, V, K, Change<VA>> {
  return aggregationSupplier<K, V, VA>(storeName, table, (r, { context, store, forwarder }) => {
    if (r.key === null || r.key === undefined || r.value === null || r.value === undefined) {
      context.recordDropped('null key or value in aggregation');
      return;
    }
    const old = store.get(r.key);
    const newAgg = deepFreeze(callWithFrozenState(context.nodeName, 'the aggregator', () => fold(r.key, r.value, old === null ? null : old.value)));
    const timestamp = old === null ? r.timestamp : Math.max(old.timestamp, r.timestamp);
    store.put(r.key, { value: newAgg, timestamp });
    const oldValue = table().sendOldValues && old !== null ? old.value : null;
    forwarder.maybeForward({ key: r.key, value: { newValue: newAgg, oldValue }, timestamp, headers: r.headers });
  });
}

/**
 * Adds a (possibly repartitioned) aggregation to a grouped stream. Names follow Kafka: the store is
 * generated first (`<PREFIX>STATE-STORE-n`), and the repartition topic is `<grouped name | store>-repartition`.
 */
export function addStreamAggregate<K, V, VA>(
  grouped: KGroupedStream<K, V>,
  prefix: string,
  fold: Fold<K, V, VA>,
  materialized: MaterializedOptions<K, VA> | undefined,
): KTable<K, VA> {
  const ctx = grouped.stream.ctx;
  const storeName = materialized?.storeName ?? ctx.newStoreName(prefix);
  const name = ctx.newProcessorName(prefix);
  let parent = grouped.stream.nodeName;
  let copartition = grouped.stream.copartitionTopics;
  if (grouped.repartitionRequired) {
    const r = addRepartition(ctx, parent, grouped.grouped.name ?? storeName);
    parent = r.sourceNode;
    copartition = [r.topic];
  }
  const table = new KTable<K, VA>(ctx, name, storeName, storeValueGetter<K, VA>(storeName), copartition);
  ctx.topology.addProcessor(name, aggregateSupplier<K, V, VA>(storeName, fold, () => table) as never, parent);
  addTimestampedStore(ctx, storeName, materialized, name);
  return table;
}
