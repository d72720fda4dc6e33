import { TopologyError } from '../../sim/errors.js';
import { callWithFrozenState, deepFreeze } from '../internal/freeze.js';
import type { StoreBuilder } from '../../sim/stores/state-store.js';
import { Stores } from '../../sim/stores/stores.js';
import type { KGroupedStream } from '../kgrouped-stream.js';
import type { KTable } from '../ktable.js';
import type { Aggregator, Initializer, Reducer } from '../operators/stream-aggregate.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { EmitStrategy } from './emit-strategy.js';
import { sessionStoreValueGetter, sessionWindowAggregateSupplier } from './session-window-aggregate.js';
import type { SessionWindows } from './session-windows.js';
import { addWindowedAggregation, frozenFold, namedAndMaterialized, type WindowFold } from './windowed-aggregation.js';
import type { Merger, Windowed } from './windowed.js';

/**
 * Kafka's SessionWindowedKStream: a grouped stream aggregated per key and session into a
 * KTable<Windowed<K>, VA> backed by a session store. Merging sessions forwards a tombstone for each
 * session that disappears (in cache mode, for each one that had been flushed: see CachingSessionStore).
 * With emitStrategy(EmitStrategy.onWindowClose()) each session is forwarded once, when it closes.
 */
export class SessionWindowedKStream<K, V> {
  private strategy = EmitStrategy.onWindowUpdate();

  constructor(
    /** @internal */ readonly grouped: KGroupedStream<K, V>,
    /** @internal */ readonly windows: SessionWindows,
  ) {}

  /** Kafka's SessionWindowedKStream#emitStrategy (KIP-825): applies to the aggregation built next. */
  emitStrategy(emitStrategy: EmitStrategy): SessionWindowedKStream<K, V> {
    if (!(emitStrategy instanceof EmitStrategy)) throw new TopologyError('SessionWindowedKStream#emitStrategy needs an EmitStrategy (EmitStrategy.onWindowClose() or onWindowUpdate())');
    this.strategy = emitStrategy;
    return this;
  }

  count(materialized?: MaterializedOptions<K, number>): KTable<Windowed<K>, number>;
  count(named: NamedOptions, materialized?: MaterializedOptions<K, number>): KTable<Windowed<K>, number>;
  count(a?: NamedOptions | MaterializedOptions<K, number>, b?: MaterializedOptions<K, number>): KTable<Windowed<K>, number> {
    const { named, materialized } = namedAndMaterialized(a, b);
    return this.build<number>(
      'KSTREAM-AGGREGATE-',
      { initializer: () => 0, aggregator: (_k, _v, n) => (n ?? 0) + 1 },
      (_k, one, two) => (one ?? 0) + (two ?? 0),
      named,
      materialized,
    );
  }

  reduce(reducer: Reducer<V>, materialized?: MaterializedOptions<K, V>): KTable<Windowed<K>, V>;
  reduce(reducer: Reducer<V>, named: NamedOptions, materialized?: MaterializedOptions<K, V>): KTable<Windowed<K>, V>;
  reduce(reducer: Reducer<V>, a?: NamedOptions | MaterializedOptions<K, V>, b?: MaterializedOptions<K, V>): KTable<Windowed<K>, V> {
    if (typeof reducer !== 'function') throw new TopologyError('SessionWindowedKStream#reduce needs a reducer function');
    const { named, materialized } = namedAndMaterialized(a, b);
    const aggregator = (_k: K, v: V, agg: V | null): V => (agg === null ? v : reducer(agg, v));
    // Kafka's mergerForAggregator: merging folds the later session into the earlier one with the reducer.
    const merger: Merger<K, V | null> = (k, one, two) => (two === null ? one : aggregator(k, two, one));
    return this.build<V>('KSTREAM-REDUCE-', { initializer: () => null, aggregator }, merger, named, materialized);
  }

  aggregate<VA>(
    initializer: Initializer<VA>,
    aggregator: Aggregator<K, V, VA>,
    sessionMerger: Merger<K, VA>,
    materialized?: MaterializedOptions<K, VA>,
  ): KTable<Windowed<K>, VA>;
  aggregate<VA>(
    initializer: Initializer<VA>,
    aggregator: Aggregator<K, V, VA>,
    sessionMerger: Merger<K, VA>,
    named: NamedOptions,
    materialized?: MaterializedOptions<K, VA>,
  ): KTable<Windowed<K>, VA>;
  aggregate<VA>(
    initializer: Initializer<VA>,
    aggregator: Aggregator<K, V, VA>,
    sessionMerger: Merger<K, VA>,
    a?: NamedOptions | MaterializedOptions<K, VA>,
    b?: MaterializedOptions<K, VA>,
  ): KTable<Windowed<K>, VA> {
    if (typeof initializer !== 'function' || typeof aggregator !== 'function' || typeof sessionMerger !== 'function') {
      throw new TopologyError('SessionWindowedKStream#aggregate needs an initializer, an aggregator and a session merger (Merger) function');
    }
    const { named, materialized } = namedAndMaterialized(a, b);
    return this.build<VA>(
      'KSTREAM-AGGREGATE-',
      { initializer, aggregator: (k, v, agg) => aggregator(k, v, agg as VA) },
      sessionMerger as Merger<K, VA | null>,
      named,
      materialized,
    );
  }

  private build<VA>(
    prefix: string,
    fold: WindowFold<K, V, VA>,
    merger: Merger<K, VA | null>,
    named: NamedOptions | undefined,
    materialized: MaterializedOptions<K, VA> | undefined,
  ): KTable<Windowed<K>, VA> {
    const windows = this.windows;
    const emitStrategy = this.strategy;
    fold = frozenFold(fold, `${prefix}${windows.constructor.name}`);
    const userMerger = merger;
    merger = (key, a, b) => deepFreeze(callWithFrozenState(`${prefix}SessionWindows`, 'the session merger', () => userMerger(key, a, b)));
    return addWindowedAggregation<K, V, VA>({
      grouped: this.grouped,
      prefix,
      named,
      materialized,
      // Kafka's GracePeriodGraphNode for sessions: a session may still grow for gap + grace after its end.
      closeAfterEndMs: windows.inactivityGapMs + windows.graceMs,
      storeBuilder: (storeName) => sessionStore<K, VA>(storeName, windows, materialized?.retentionMs, emitStrategy),
      processor: (storeName, sendOld) => sessionWindowAggregateSupplier<K, V, VA>(windows, storeName, fold, merger, sendOld, emitStrategy),
      valueGetter: (storeName) => sessionStoreValueGetter<K, VA>(storeName),
    });
  }
}

/**
 * Kafka's SessionStoreMaterializer: retention defaults to gap + grace and may not be shorter. For
 * onWindowClose Kafka materializes a time-ordered session store (RocksDbTimeOrderedSessionStore) whose
 * findSessions(earliestEnd, latestEnd) is bounded only by its segments (max(retention / 2, 60 s) each, dropped
 * whole once older than observed - retention): closed sessions stay readable until their segment goes. The
 * in-memory store stands in with retention + one segment, the most such a store keeps.
 */
function sessionStore<K, VA>(storeName: string, windows: SessionWindows, retentionMs: number | undefined, emitStrategy: EmitStrategy): StoreBuilder {
  const retention = retentionMs ?? windows.inactivityGapMs + windows.graceMs;
  if (windows.inactivityGapMs + windows.graceMs > retention) {
    throw new TopologyError(
      `The retention period of the session store ${storeName} must be no smaller than the session inactivity gap plus the grace period. ` +
        `Got gap=[${windows.inactivityGapMs}], grace=[${windows.graceMs}], retention=[${retention}]`,
    );
  }
  const storeRetention = emitStrategy.type() === 'ON_WINDOW_CLOSE' ? retention + Math.max(Math.floor(retention / 2), 60_000) : retention;
  return Stores.sessionStoreBuilder(Stores.inMemorySessionStore<K, VA>(storeName, storeRetention));
}
