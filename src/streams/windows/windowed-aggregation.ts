import type { ProcessorSupplier } from '../../sim/processor.js';
import type { StoreBuilder } from '../../sim/stores/state-store.js';
import type { Change } from '../internal/change.js';
import { addRepartition } from '../internal/repartition.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import type { KGroupedStream } from '../kgrouped-stream.js';
import { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { registerWindowGrace } from './window-grace.js';
import type { Windowed } from './windowed.js';

/** A windowed aggregation's fold: the initial aggregate (null for reduce) and how a value updates it. */
export interface WindowFold<K, V, VA> {
  readonly initializer: () => VA | null;
  readonly aggregator: (key: K, value: V, aggregate: VA | null) => VA;
}

export interface WindowedAggregationSpec<K, V, VA> {
  readonly grouped: KGroupedStream<K, V>;
  /** `KSTREAM-AGGREGATE-` (count, aggregate) or `KSTREAM-REDUCE-`, as Kafka names them. */
  readonly prefix: string;
  readonly named: NamedOptions | undefined;
  readonly materialized: MaterializedOptions<K, VA> | undefined;
  /** How long after a window's end suppress(untilWindowCloses) must wait (sessions: gap + grace). */
  readonly closeAfterEndMs: number;
  /** The store builder, given the store's name; validates retention against the windows. */
  storeBuilder(storeName: string): StoreBuilder;
  processor(storeName: string, sendOldValues: () => boolean): ProcessorSupplier<K, V, Windowed<K>, Change<VA>>;
  valueGetter(storeName: string): KTableValueGetterSupplier<Windowed<K>, VA>;
}

/**
 * Adds a windowed aggregation, named as Kafka names it: the store first (`<PREFIX>STATE-STORE-n` unless
 * Materialized names it), then the processor, and a repartition topic `<grouped name | store>-repartition`
 * when the grouping changed the key.
 */
export function addWindowedAggregation<K, V, VA>(spec: WindowedAggregationSpec<K, V, VA>): KTable<Windowed<K>, VA> {
  const ctx = spec.grouped.stream.ctx;
  const storeName = spec.materialized?.storeName ?? ctx.newStoreName(spec.prefix);
  const builder = applyMaterialized(spec.storeBuilder(storeName), spec.materialized);
  const name = ctx.nameOr(spec.named?.name, spec.prefix);
  let parent = spec.grouped.stream.nodeName;
  let copartition = spec.grouped.stream.copartitionTopics;
  if (spec.grouped.repartitionRequired) {
    const r = addRepartition(ctx, parent, spec.grouped.grouped.name ?? storeName);
    parent = r.sourceNode;
    copartition = [r.topic];
  }
  const table = new KTable<Windowed<K>, VA>(ctx, name, storeName, spec.valueGetter(storeName), copartition);
  ctx.topology.addProcessor(name, spec.processor(storeName, () => table.sendOldValues) as ProcessorSupplier, parent);
  ctx.addStore(builder, name);
  registerWindowGrace(ctx.topology, name, spec.closeAfterEndMs);
  return table;
}

/** Materialized's logging and caching choices (caching on unless disabled, as Kafka materializes). */
function applyMaterialized(builder: StoreBuilder, materialized: MaterializedOptions<unknown, unknown> | undefined): StoreBuilder {
  let b = builder;
  if (materialized?.loggingEnabled === false) b = b.withLoggingDisabled();
  else if (materialized?.logConfig !== undefined) b = b.withLoggingEnabled(materialized.logConfig);
  if (materialized?.cachingEnabled !== false) b = b.withCachingEnabled();
  return b;
}

/** Splits Kafka's overloads `(named?, materialized?)` and `(materialized?)`. */
export function namedAndMaterialized<K, VA>(
  a: NamedOptions | MaterializedOptions<K, VA> | undefined,
  b: MaterializedOptions<K, VA> | undefined,
): { named: NamedOptions | undefined; materialized: MaterializedOptions<K, VA> | undefined } {
  if (a !== undefined && a !== null && typeof a === 'object' && 'name' in a) return { named: a, materialized: b };
  return { named: undefined, materialized: a as MaterializedOptions<K, VA> | undefined };
}
