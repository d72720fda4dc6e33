import type { ProcessorContext, ProcessorSupplier, StreamRecord } from '../../sim/processor.js';
import { callWithFrozenState, deepFreeze } from '../internal/freeze.js';
import { CachingSessionStore } from '../../sim/stores/caching-session-store.js';
import { CachingWindowStore } from '../../sim/stores/caching-window-store.js';
import type { StateStore, StoreBuilder } from '../../sim/stores/state-store.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
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

/**
 * Kafka's TimestampedTupleForwarder as windowed aggregations use it. The processor writes its store, then
 * calls maybeForward with the change (old value already dropped unless old values were asked for): without a
 * record cache the change goes downstream at once; with one (CachingWindowStore, CachingSessionStore)
 * maybeForward does nothing and the cache forwards the latest change of each window when it flushes, with the
 * headers of the write that put it there and the old value the store held (when old values were asked for).
 * The flushed timestamp is Kafka's: the window's aggregate timestamp (TimestampedCacheFlushListener; for a
 * delete, the write's), or the session end (SessionCacheFlushListener).
 * With `cacheForwards` false (emit on window close: Kafka builds its TimestampedTupleForwarder without a flush
 * listener) the cache flushes silently and every maybeForward goes downstream at once.
 */
export class WindowedTupleForwarder<K, VA> {
  private readonly cachingActive: boolean;

  constructor(
    store: StateStore,
    private readonly context: ProcessorContext<Windowed<K>, Change<VA>>,
    sendOldValues: boolean,
    cacheForwards = true,
  ) {
    if (!cacheForwards) {
      this.cachingActive = false;
    } else if (store instanceof CachingWindowStore) {
      this.cachingActive = (store as CachingWindowStore<K, ValueAndTimestamp<VA>>).setFlushListener((key, newValue, oldValue, timestampMs, headers) => {
        context.forward({
          key,
          value: { newValue: newValue === null ? null : newValue.value, oldValue: oldValue === null ? null : oldValue.value },
          timestamp: newValue === null ? timestampMs : newValue.timestamp,
          headers,
        });
      }, sendOldValues);
    } else if (store instanceof CachingSessionStore) {
      this.cachingActive = (store as CachingSessionStore<K, VA>).setFlushListener((key, newValue, oldValue, _timestampMs, headers) => {
        context.forward({ key, value: { newValue, oldValue }, timestamp: key.window.end, headers });
      }, sendOldValues);
    } else {
      this.cachingActive = false;
    }
  }

  maybeForward(record: StreamRecord<Windowed<K>, Change<VA>>): void {
    if (!this.cachingActive) this.context.forward(record);
  }
}

/** Splits Kafka's overloads `(named?, materialized?)` and `(materialized?)`. */
export function namedAndMaterialized<K, VA>(
  a: NamedOptions | MaterializedOptions<K, VA> | undefined,
  b: MaterializedOptions<K, VA> | undefined,
): { named: NamedOptions | undefined; materialized: MaterializedOptions<K, VA> | undefined } {
  if (a !== undefined && a !== null && typeof a === 'object' && 'name' in a) return { named: a, materialized: b };
  return { named: undefined, materialized: a as MaterializedOptions<K, VA> | undefined };
}

/**
 * The fold with every result frozen (see deepFreeze): window stores keep values, so an aggregator that
 * changed its aggregate in place would change the stored window and the old value already forwarded.
 */
export function frozenFold<K, V, VA>(fold: WindowFold<K, V, VA>, operator: string): WindowFold<K, V, VA> {
  return {
    initializer: fold.initializer,
    aggregator: (key, value, aggregate) => deepFreeze(callWithFrozenState(operator, 'the aggregator', () => fold.aggregator(key, value, aggregate))),
  };
}
