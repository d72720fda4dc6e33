import { KTable } from './ktable.js';
import type { Aggregator, Initializer, Reducer } from './operators/stream-aggregate.js';
import type { KeyValueLike } from './operators/stateless.js';
import { tableAggregateSupplier, type TableFold } from './operators/table-aggregate.js';
import { tableRepartitionMapSupplier } from './operators/table-repartition-map.js';
import { addTimestampedStore, storeValueGetter } from './operators/table-source.js';
import type { GroupedOptions, MaterializedOptions, NamedOptions } from './options.js';

/**
 * Kafka's KGroupedTable: a table re-keyed by groupBy; aggregations add new values and subtract old ones.
 *
 * Names follow KTableImpl#groupBy and KGroupedTableImpl#doAggregate: the select processor is the Grouped name
 * or `KTABLE-SELECT-n`; each aggregation then generates its store name (`KTABLE-AGGREGATE-STATE-STORE-n`, for
 * reduce too), sink, source and processor (`KTABLE-AGGREGATE-n` / `KTABLE-REDUCE-n`), and reads
 * `<Grouped name | store name>-repartition`. With a Grouped name, every aggregation of this grouping shares
 * that one topic, as in Kafka.
 */
export class KGroupedTable<K, V> {
  private readonly selectName: string;
  private sharedRepartition: { readonly sourceName: string; readonly topic: string } | null = null;

  constructor(
    /** @internal */ readonly table: KTable<unknown, unknown>,
    /** @internal */ readonly selector: (key: unknown, value: unknown) => KeyValueLike<K, V>,
    /** @internal */ readonly grouped: GroupedOptions<K, V>,
  ) {
    const ctx = table.ctx;
    this.selectName = ctx.nameOr(grouped.name, 'KTABLE-SELECT-');
    ctx.topology.addProcessor(this.selectName, tableRepartitionMapSupplier(selector) as never, table.nodeName);
    // The subtractor needs the value each update replaces (KTableImpl#groupBy: enableSendingOldValues(true)).
    table.enableSendingOldValues();
  }

  /** count(), count(materialized), count(named) or count(named, materialized). */
  count(materialized?: MaterializedOptions<K, number>): KTable<K, number>;
  count(named: NamedOptions, materialized?: MaterializedOptions<K, number>): KTable<K, number>;
  count(a?: NamedOptions | MaterializedOptions<K, number>, b?: MaterializedOptions<K, number>): KTable<K, number> {
    const [named, materialized] = namedAndMaterialized(a, b);
    return this.aggregateWith<number>(
      'KTABLE-AGGREGATE-',
      { add: (_k, _v, n) => (n ?? 0) + 1, subtract: (_k, _v, n) => n - 1 },
      named,
      materialized,
    );
  }

  /** Kafka's KTableReduce: the first value of a key is its aggregate; later ones are added, replaced ones subtracted. */
  reduce(adder: Reducer<V>, subtractor: Reducer<V>, materialized?: MaterializedOptions<K, V>): KTable<K, V>;
  reduce(adder: Reducer<V>, subtractor: Reducer<V>, named: NamedOptions, materialized?: MaterializedOptions<K, V>): KTable<K, V>;
  reduce(adder: Reducer<V>, subtractor: Reducer<V>, a?: NamedOptions | MaterializedOptions<K, V>, b?: MaterializedOptions<K, V>): KTable<K, V> {
    const [named, materialized] = namedAndMaterialized(a, b);
    return this.aggregateWith<V>(
      'KTABLE-REDUCE-',
      { add: (_k, v, agg) => (agg === null ? v : adder(agg, v)), subtract: (_k, v, agg) => subtractor(agg, v) },
      named,
      materialized,
    );
  }

  /** Kafka's KTableAggregate: adder and subtractor fold values into an aggregate that starts from the initializer. */
  aggregate<VA>(initializer: Initializer<VA>, adder: Aggregator<K, V, VA>, subtractor: Aggregator<K, V, VA>, materialized?: MaterializedOptions<K, VA>): KTable<K, VA>;
  aggregate<VA>(
    initializer: Initializer<VA>,
    adder: Aggregator<K, V, VA>,
    subtractor: Aggregator<K, V, VA>,
    named: NamedOptions,
    materialized?: MaterializedOptions<K, VA>,
  ): KTable<K, VA>;
  aggregate<VA>(
    initializer: Initializer<VA>,
    adder: Aggregator<K, V, VA>,
    subtractor: Aggregator<K, V, VA>,
    a?: NamedOptions | MaterializedOptions<K, VA>,
    b?: MaterializedOptions<K, VA>,
  ): KTable<K, VA> {
    const [named, materialized] = namedAndMaterialized(a, b);
    return this.aggregateWith<VA>(
      'KTABLE-AGGREGATE-',
      { add: (k, v, agg) => adder(k, v, agg === null ? initializer() : agg), subtract: (k, v, agg) => subtractor(k, v, agg) },
      named,
      materialized,
    );
  }

  /** KGroupedTableImpl#doAggregate: the repartition topic, then the aggregating processor and its store. */
  private aggregateWith<VA>(
    prefix: 'KTABLE-AGGREGATE-' | 'KTABLE-REDUCE-',
    fold: TableFold<K, V, VA>,
    named: NamedOptions | undefined,
    materialized: MaterializedOptions<K, VA> | undefined,
  ): KTable<K, VA> {
    const ctx = this.table.ctx;
    const storeName = materialized?.storeName ?? ctx.newStoreName('KTABLE-AGGREGATE-');
    // Named#suffixWithOrElseGet uses up an index even when a name is given (as orElseGenerateWithPrefix does).
    const generatedSink = ctx.newProcessorName('KSTREAM-SINK-');
    const generatedSource = ctx.newProcessorName('KSTREAM-SOURCE-');
    const sinkName = named?.name === undefined ? generatedSink : `${named.name}-sink`;
    const sourceName = named?.name === undefined ? generatedSource : `${named.name}-source`;
    const name = ctx.nameOr(named?.name, prefix);
    let repartition = this.sharedRepartition;
    if (repartition === null || this.grouped.name === undefined) {
      const topic = `${this.grouped.name ?? storeName}-repartition`;
      ctx.topology.addInternalTopic(topic);
      ctx.topology.addSink({ name: sinkName, topic }, this.selectName);
      ctx.topology.addSource(sourceName, topic);
      repartition = this.sharedRepartition = { sourceName, topic };
    }
    const result = new KTable<K, VA>(ctx, name, storeName, storeValueGetter<K, VA>(storeName), [repartition.topic]);
    ctx.topology.addProcessor(name, tableAggregateSupplier<K, V, VA>(storeName, fold, () => result) as never, repartition.sourceName);
    addTimestampedStore(ctx, storeName, materialized, name);
    return result;
  }
}

/** Kafka's overloads take (Named, Materialized); a lone Materialized is told apart by having no `name`. */
function namedAndMaterialized<K, VA>(
  a: NamedOptions | MaterializedOptions<K, VA> | undefined,
  b: MaterializedOptions<K, VA> | undefined,
): [NamedOptions | undefined, MaterializedOptions<K, VA> | undefined] {
  if (b !== undefined) return [a as NamedOptions | undefined, b];
  if (a !== undefined && 'name' in a) return [a, undefined];
  return [undefined, a as MaterializedOptions<K, VA> | undefined];
}
