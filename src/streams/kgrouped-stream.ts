import { TopologyError } from '../sim/errors.js';
import type { KStream } from './kstream.js';
import type { KTable } from './ktable.js';
import { addStreamAggregate, type Aggregator, type Initializer, type Reducer } from './operators/stream-aggregate.js';
import type { GroupedOptions, MaterializedOptions } from './options.js';
import { SessionWindowedKStream } from './windows/session-windowed-kstream.js';
import { SessionWindows } from './windows/session-windows.js';
import { TimeWindowedKStream } from './windows/time-windowed-kstream.js';
import type { SlidingWindows } from './windows/sliding-windows.js';
import type { TimeWindows } from './windows/time-windows.js';

/** Kafka's KGroupedStream: records grouped by key, ready to aggregate (repartitioned first if needed). */
export class KGroupedStream<K, V> {
  constructor(
    /** @internal */ readonly stream: KStream<K, V>,
    /** @internal */ readonly grouped: GroupedOptions<K, V>,
    /** @internal */ readonly repartitionRequired: boolean,
  ) {}

  count(materialized?: MaterializedOptions<K, number>): KTable<K, number> {
    return addStreamAggregate<K, V, number>(this, 'KSTREAM-AGGREGATE-', (_k, _v, n) => (n ?? 0) + 1, materialized);
  }

  reduce(reducer: Reducer<V>, materialized?: MaterializedOptions<K, V>): KTable<K, V> {
    return addStreamAggregate<K, V, V>(this, 'KSTREAM-REDUCE-', (_k, v, agg) => (agg === null ? v : reducer(agg, v)), materialized);
  }

  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, materialized?: MaterializedOptions<K, VA>): KTable<K, VA> {
    return addStreamAggregate<K, V, VA>(this, 'KSTREAM-AGGREGATE-', (k, v, agg) => aggregator(k, v, agg ?? initializer()), materialized);
  }

  windowedBy(windows: TimeWindows | SlidingWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(windows: TimeWindows | SlidingWindows | SessionWindows): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
    if (windows === null || windows === undefined) throw new TopologyError('windowedBy needs windows (TimeWindows, SlidingWindows or SessionWindows)');
    if (windows instanceof SessionWindows) return new SessionWindowedKStream<K, V>(this, windows);
    return new TimeWindowedKStream<K, V>(this, windows);
  }
}
