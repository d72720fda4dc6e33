import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { WindowStore } from '../../sim/stores/window-store.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import type { EmitStrategy } from './emit-strategy.js';
import type { TimeWindows } from './time-windows.js';
import { WindowAggregateState } from './window-aggregate-state.js';
import type { WindowFold } from './windowed-aggregation.js';
import { windowed, type Window, type Windowed } from './windowed.js';

export type TimestampedWindowStore<K, VA> = WindowStore<K, ValueAndTimestamp<VA>>;

/**
 * Kafka's KStreamWindowAggregate (on AbstractKStreamTimeWindowAggregateProcessor). Stream time is the processor's own observed
 * stream time (the largest timestamp it has seen, as AbstractKStreamTimeWindowAggregateProcessor keeps
 * it); a window takes the record while `end > streamTime - grace`, otherwise the record is dropped for
 * that window and counted. The window's timestamp is the max of its records' timestamps. Only a null key
 * drops the record: a null value reaches the aggregator (count counts it), as KStreamWindowAggregate checks
 * `record.key() == null` alone. Updates go through WindowedTupleForwarder: through the record cache, when
 * the store has one.
 *
 * With EmitStrategy.onWindowClose nothing is forwarded per update; instead, after each record, every window
 * that closed since the last emit is fetched from the store and forwarded once (maybeForwardFinalResult):
 * closeTime = streamTime - grace, and windows starting in [lower, closeTime - size] are emitted, where lower
 * is 0 the first time and max(0, lastEmitCloseTime - size) + 1 after. Nothing is fetched unless closeTime
 * progressed past the last emit, closeTime - size >= 0, and (after the first emit) the window holding the
 * upper bound differs from the one holding lower - 1; only a fetch records the close time. The store bounds
 * the fetch by its retention (windows starting at or before its observed time - retention are gone). Emitted
 * records carry the stored aggregate and timestamp, no old value, and the triggering record's headers.
 * Kafka throttles emits by wall-clock time (__emit.interval.ms.kstreams.windowed.aggregation__, default
 * 1000 ms); the simulator emits after every record, as that interval set to 0 does.
 */
export function timeWindowAggregateSupplier<K, V, VA>(
  windows: TimeWindows,
  storeName: string,
  fold: WindowFold<K, V, VA>,
  sendOldValues: () => boolean,
  emitStrategy: EmitStrategy,
): () => Processor<K, V, Windowed<K>, Change<VA>> {
  const emitFinal = emitStrategy.type() === 'ON_WINDOW_CLOSE';
  return () => {
    const state = new WindowAggregateState<K, V, VA, TimestampedWindowStore<K, VA>>(storeName, sendOldValues, !emitFinal, false, 'null key in windowed aggregation');
    let lastEmitWindowCloseTime: number | null = null;

    /** KStreamWindowAggregate#emitRangeLowerBound / emitRangeUpperBound / shouldRangeFetch, then fetchAndEmit. */
    const maybeForwardFinalResult = (r: StreamRecord<K, V>, closeTime: number) => {
      if (lastEmitWindowCloseTime !== null && lastEmitWindowCloseTime >= closeTime) return;
      const upper = closeTime - windows.sizeMs;
      if (upper < 0) return;
      const lower = lastEmitWindowCloseTime === null ? 0 : Math.max(0, lastEmitWindowCloseTime - windows.sizeMs) + 1;
      if (lastEmitWindowCloseTime !== null && sameWindows(windows.windowsFor(upper), windows.windowsFor(lower - 1))) return;
      for (const kv of state.store.fetchAll(lower, upper)) {
        state.forwarder.maybeForward({ key: kv.key, value: { newValue: kv.value.value, oldValue: null }, timestamp: kv.value.timestamp, headers: r.headers });
      }
      lastEmitWindowCloseTime = closeTime;
    };

    return state.processor((r) => {
      const closeTime = state.observedStreamTime - windows.graceMs;
      // The windows of windowsFor(r.timestamp), oldest first, without building its list (this runs per record).
      for (let start = windows.firstWindowStart(r.timestamp); start <= r.timestamp; start += windows.advanceMs) {
        const end = start + windows.sizeMs;
        if (end <= closeTime) {
          state.context.recordDropped(`late record for window [${start},${end}): stream time ${state.observedStreamTime}, grace ${windows.graceMs} ms`);
          continue;
        }
        const old = state.store.fetch(r.key, start);
        const oldAgg = old === null ? fold.initializer() : old.value;
        const timestamp = old === null ? r.timestamp : Math.max(r.timestamp, old.timestamp);
        const newAgg = fold.aggregator(r.key, r.value, oldAgg);
        state.store.put(r.key, newAgg === null || newAgg === undefined ? null : { value: newAgg, timestamp }, start);
        if (emitFinal) continue;
        state.forwarder.maybeForward({
          key: windowed(r.key, start, end),
          value: { newValue: newAgg, oldValue: sendOldValues() ? oldAgg : null },
          timestamp,
          headers: r.headers,
        });
      }
      if (emitFinal) maybeForwardFinalResult(r, closeTime);
    });
  };
}

/** Kafka compares the two windowsFor maps: same starts (a start fixes its window's end). */
function sameWindows(a: readonly Window[], b: readonly Window[]): boolean {
  return a.length === b.length && a.every((w, i) => w.start === b[i]!.start);
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
