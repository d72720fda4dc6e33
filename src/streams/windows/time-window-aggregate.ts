import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { WindowStore } from '../../sim/stores/window-store.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import type { TimeWindows } from './time-windows.js';
import { WindowedTupleForwarder, type WindowFold } from './windowed-aggregation.js';
import { windowed, type Windowed } from './windowed.js';

export type TimestampedWindowStore<K, VA> = WindowStore<K, ValueAndTimestamp<VA>>;

/**
 * Kafka's KStreamWindowAggregate (emit on every update). Stream time is the processor's own observed
 * stream time (the largest timestamp it has seen, as AbstractKStreamTimeWindowAggregateProcessor keeps
 * it); a window takes the record while `end > streamTime - grace`, otherwise the record is dropped for
 * that window and counted. The window's timestamp is the max of its records' timestamps. Only a null key
 * drops the record: a null value reaches the aggregator (count counts it), as KStreamWindowAggregate checks
 * `record.key() == null` alone. Updates go through WindowedTupleForwarder: through the record cache, when
 * the store has one.
 */
export function timeWindowAggregateSupplier<K, V, VA>(
  windows: TimeWindows,
  storeName: string,
  fold: WindowFold<K, V, VA>,
  sendOldValues: () => boolean,
): () => Processor<K, V, Windowed<K>, Change<VA>> {
  return () => {
    let context!: ProcessorContext<Windowed<K>, Change<VA>>;
    let store!: TimestampedWindowStore<K, VA>;
    let forwarder!: WindowedTupleForwarder<K, VA>;
    let observedStreamTime = -1;
    return {
      init(c) {
        context = c;
        store = c.getStateStore(storeName);
        forwarder = new WindowedTupleForwarder(store, c, sendOldValues());
      },
      process(r: StreamRecord<K, V>) {
        if (r.key === null || r.key === undefined) {
          context.recordDropped('null key in windowed aggregation');
          return;
        }
        if (r.timestamp > observedStreamTime) observedStreamTime = r.timestamp;
        const closeTime = observedStreamTime - windows.graceMs;
        for (const w of windows.windowsFor(r.timestamp)) {
          if (w.end <= closeTime) {
            context.recordDropped(`late record for window [${w.start},${w.end}): stream time ${observedStreamTime}, grace ${windows.graceMs} ms`);
            continue;
          }
          const old = store.fetch(r.key, w.start);
          const oldAgg = old === null ? fold.initializer() : old.value;
          const timestamp = old === null ? r.timestamp : Math.max(r.timestamp, old.timestamp);
          const newAgg = fold.aggregator(r.key, r.value, oldAgg);
          store.put(r.key, newAgg === null || newAgg === undefined ? null : { value: newAgg, timestamp }, w.start);
          forwarder.maybeForward({
            key: windowed(r.key, w.start, w.end),
            value: { newValue: newAgg, oldValue: sendOldValues() ? oldAgg : null },
            timestamp,
            headers: r.headers,
          });
        }
      },
    };
  };
}

/** Reads a windowed table's value: the window of the key starting at the windowed key's start. */
export function windowStoreValueGetter<K, VA>(storeName: string): KTableValueGetterSupplier<Windowed<K>, VA> {
  return {
    storeNames: [storeName],
    get() {
      let store!: TimestampedWindowStore<K, VA>;
      return {
        init(c: ProcessorContext) {
          store = c.getStateStore(storeName);
        },
        get: (wk: Windowed<K>) => store.fetch(wk.key, wk.window.start),
      };
    },
  };
}
