import { TopologyError } from '../../sim/errors.js';
import type { StoreBuilder } from '../../sim/stores/state-store.js';
import { Stores } from '../../sim/stores/stores.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { KGroupedStream } from '../kgrouped-stream.js';
import type { KTable } from '../ktable.js';
import type { Aggregator, Initializer, Reducer } from '../operators/stream-aggregate.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { EmitStrategy } from './emit-strategy.js';
import { slidingWindowAggregateSupplier } from './sliding-window-aggregate.js';
import { SlidingWindows } from './sliding-windows.js';
import { timeWindowAggregateSupplier, windowStoreValueGetter } from './time-window-aggregate.js';
import type { TimeWindows } from './time-windows.js';
import { addWindowedAggregation, frozenFold, namedAndMaterialized, type WindowFold } from './windowed-aggregation.js';
import type { Windowed } from './windowed.js';

/**
 * Kafka's TimeWindowedKStream: a grouped stream windowed by TimeWindows (tumbling, hopping) or
 * SlidingWindows, aggregated per key and window into a KTable<Windowed<K>, VA> backed by a window store.
 * Every update is forwarded (in cache mode, the latest per window and key at each commit or eviction: see
 * CachingWindowStore); for final results only, set emitStrategy(EmitStrategy.onWindowClose()) or combine
 * with suppress(untilWindowCloses).
 */
export class TimeWindowedKStream<K, V> {
  private strategy = EmitStrategy.onWindowUpdate();

  constructor(
    /** @internal */ readonly grouped: KGroupedStream<K, V>,
    /** @internal */ readonly windows: TimeWindows | SlidingWindows,
  ) {}

  /**
   * Kafka's TimeWindowedKStream#emitStrategy (KIP-825): applies to the aggregation built next from this
   * stream. onWindowClose forwards each window once when it closes, read back from the window store.
   */
  emitStrategy(emitStrategy: EmitStrategy): TimeWindowedKStream<K, V> {
    if (!(emitStrategy instanceof EmitStrategy)) throw new TopologyError('TimeWindowedKStream#emitStrategy needs an EmitStrategy (EmitStrategy.onWindowClose() or onWindowUpdate())');
    this.strategy = emitStrategy;
    return this;
  }

  count(materialized?: MaterializedOptions<K, number>): KTable<Windowed<K>, number>;
  count(named: NamedOptions, materialized?: MaterializedOptions<K, number>): KTable<Windowed<K>, number>;
  count(a?: NamedOptions | MaterializedOptions<K, number>, b?: MaterializedOptions<K, number>): KTable<Windowed<K>, number> {
    const { named, materialized } = namedAndMaterialized(a, b);
    return this.build<number>('KSTREAM-AGGREGATE-', { initializer: () => 0, aggregator: (_k, _v, n) => (n ?? 0) + 1 }, named, materialized);
  }

  reduce(reducer: Reducer<V>, materialized?: MaterializedOptions<K, V>): KTable<Windowed<K>, V>;
  reduce(reducer: Reducer<V>, named: NamedOptions, materialized?: MaterializedOptions<K, V>): KTable<Windowed<K>, V>;
  reduce(reducer: Reducer<V>, a?: NamedOptions | MaterializedOptions<K, V>, b?: MaterializedOptions<K, V>): KTable<Windowed<K>, V> {
    if (typeof reducer !== 'function') throw new TopologyError('TimeWindowedKStream#reduce needs a reducer function');
    const { named, materialized } = namedAndMaterialized(a, b);
    // Kafka's reduce: no initial value; the first record's value becomes the aggregate.
    return this.build<V>('KSTREAM-REDUCE-', { initializer: () => null, aggregator: (_k, v, agg) => (agg === null ? v : reducer(agg, v)) }, named, materialized);
  }

  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, materialized?: MaterializedOptions<K, VA>): KTable<Windowed<K>, VA>;
  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, named: NamedOptions, materialized?: MaterializedOptions<K, VA>): KTable<Windowed<K>, VA>;
  aggregate<VA>(
    initializer: Initializer<VA>,
    aggregator: Aggregator<K, V, VA>,
    a?: NamedOptions | MaterializedOptions<K, VA>,
    b?: MaterializedOptions<K, VA>,
  ): KTable<Windowed<K>, VA> {
    if (typeof initializer !== 'function' || typeof aggregator !== 'function') {
      throw new TopologyError('TimeWindowedKStream#aggregate needs an initializer and an aggregator function');
    }
    const { named, materialized } = namedAndMaterialized(a, b);
    return this.build<VA>('KSTREAM-AGGREGATE-', { initializer, aggregator: (k, v, agg) => aggregator(k, v, agg as VA) }, named, materialized);
  }

  private build<VA>(
    prefix: string,
    fold: WindowFold<K, V, VA>,
    named: NamedOptions | undefined,
    materialized: MaterializedOptions<K, VA> | undefined,
  ): KTable<Windowed<K>, VA> {
    const windows = this.windows;
    const emitStrategy = this.strategy;
    fold = frozenFold(fold, `${prefix}${windows.constructor.name}`);
    if (windows instanceof SlidingWindows) {
      if (emitStrategy.type() === 'ON_WINDOW_CLOSE') {
        throw new TopologyError('EmitStrategy.onWindowClose() is not simulated for SlidingWindows: use TimeWindows, or suppress(Suppressed.untilWindowCloses(...))');
      }
      return addWindowedAggregation<K, V, VA>({
        grouped: this.grouped,
        prefix,
        named,
        materialized,
        closeAfterEndMs: windows.graceMs,
        storeBuilder: (storeName) => slidingWindowStore<K, VA>(storeName, windows, materialized?.retentionMs),
        processor: (storeName, sendOld) => slidingWindowAggregateSupplier<K, V, VA>(windows, storeName, fold, sendOld),
        valueGetter: (storeName) => windowStoreValueGetter<K, VA>(storeName),
      });
    }
    return addWindowedAggregation<K, V, VA>({
      grouped: this.grouped,
      prefix,
      named,
      materialized,
      closeAfterEndMs: windows.graceMs,
      storeBuilder: (storeName) => timeWindowStore<K, VA>(storeName, windows, materialized?.retentionMs, emitStrategy),
      processor: (storeName, sendOld) => timeWindowAggregateSupplier<K, V, VA>(windows, storeName, fold, sendOld, emitStrategy),
      valueGetter: (storeName) => windowStoreValueGetter<K, VA>(storeName),
    });
  }
}

/**
 * Kafka's WindowStoreMaterializer: retention defaults to size + grace and may not be shorter. For
 * onWindowClose Kafka materializes a time-ordered store (RocksDbTimeOrderedWindowStore), whose fetchAll keeps
 * window starts >= observed - retention (AbstractDualSchemaRocksDBSegmentedBytesStore#getActualFrom drops the
 * + 1 there, so a window closing exactly at retention is still emitted); the in-memory store keeps starts
 * > observed - retention, so one more millisecond of retention gives that bound.
 */
function timeWindowStore<K, VA>(storeName: string, windows: TimeWindows, retentionMs: number | undefined, emitStrategy: EmitStrategy): StoreBuilder {
  const retention = retentionMs ?? windows.sizeMs + windows.graceMs;
  if (windows.sizeMs + windows.graceMs > retention) {
    throw new TopologyError(
      `The retention period of the window store ${storeName} must be no smaller than its window size plus the grace period. ` +
        `Got size=[${windows.sizeMs}], grace=[${windows.graceMs}], retention=[${retention}]`,
    );
  }
  const storeRetention = emitStrategy.type() === 'ON_WINDOW_CLOSE' ? retention + 1 : retention;
  return Stores.timestampedWindowStoreBuilder(Stores.inMemoryWindowStore<K, ValueAndTimestamp<VA>>(storeName, storeRetention, windows.sizeMs, false));
}

/**
 * Kafka's SlidingWindowStoreMaterializer: windows are stored with size = time difference, and retention
 * (default 2 * difference + grace) must reach back to every window a new record may need.
 */
function slidingWindowStore<K, VA>(storeName: string, windows: SlidingWindows, retentionMs: number | undefined): StoreBuilder {
  const retention = retentionMs ?? 2 * windows.timeDifferenceMs + windows.graceMs;
  if (2 * windows.timeDifferenceMs + windows.graceMs > retention) {
    throw new TopologyError(
      `The retention period of the window store ${storeName} must be no smaller than 2 * time difference plus the grace period. ` +
        `Got time difference=[${windows.timeDifferenceMs}], grace=[${windows.graceMs}], retention=[${retention}]`,
    );
  }
  return Stores.timestampedWindowStoreBuilder(Stores.inMemoryWindowStore<K, ValueAndTimestamp<VA>>(storeName, retention, windows.timeDifferenceMs, false));
}
