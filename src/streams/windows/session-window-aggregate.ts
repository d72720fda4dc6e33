import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import { NO_HEADERS } from '../../sim/record.js';
import type { SessionStore } from '../../sim/stores/session-store.js';
import type { KeyValue } from '../../sim/stores/key-value.js';
import type { Change } from '../internal/change.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import type { EmitStrategy } from './emit-strategy.js';
import type { SessionWindows } from './session-windows.js';
import { WindowAggregateState } from './window-aggregate-state.js';
import type { WindowFold } from './windowed-aggregation.js';
import { windowed, type Merger, type Windowed } from './windowed.js';

/**
 * Kafka's KStreamSessionWindowAggregate (emit on every update). A record at t merges with every session
 * of its key that ends at or after t - gap and starts at or before t + gap; the merged sessions are
 * removed and a tombstone is forwarded for each, then the merged session is stored and forwarded. Output
 * timestamps are the session's end, and output records carry no headers (Kafka builds a new Record; flushed
 * from a record cache they carry those of the write, as the cache restores its record context).
 * Stream time is the processor's own; a record is dropped when the session it would land in ends before
 * streamTime - gap - grace. Only a null key drops the record: a null value reaches the aggregator (count
 * counts it), as KStreamSessionWindowAggregate checks `record.key() == null` alone.
 * Updates go through WindowedTupleForwarder. With a record cache (CachingSessionStore) the removal of a merged
 * session is a cached delete: it is forwarded as a tombstone at flush only if the session had been flushed
 * (so was known downstream), and the merged session's latest aggregate follows it.
 *
 * With EmitStrategy.onWindowClose (KStreamSessionWindowAggregate's emit-final path) merges and updates forward
 * nothing; after each record, closeTime = streamTime - gap - grace and, when it progressed past the last emit,
 * every session ending in [max(0, lastEmitCloseTime), closeTime - 1] (both inclusive: a session may be a
 * single point) is read from the store and forwarded once, ordered by end, key, start (the time-ordered
 * session store Kafka requires), stamped with its end and the triggering record's headers; only a fetch
 * records the close time. As for time windows, the wall-clock emit throttle is not simulated.
 */
export function sessionWindowAggregateSupplier<K, V, VA>(
  windows: SessionWindows,
  storeName: string,
  fold: WindowFold<K, V, VA>,
  merger: Merger<K, VA | null>,
  sendOldValues: () => boolean,
  emitStrategy: EmitStrategy,
): () => Processor<K, V, Windowed<K>, Change<VA>> {
  const gap = windows.inactivityGapMs;
  const emitFinal = emitStrategy.type() === 'ON_WINDOW_CLOSE';
  return () => {
    const state = new WindowAggregateState<K, V, VA, SessionStore<K, VA>>(storeName, sendOldValues, !emitFinal, false, 'null key in session-window aggregation');
    let lastEmitWindowCloseTime: number | null = null;

    const maybeForwardFinalResult = (r: StreamRecord<K, V>, closeTime: number) => {
      if (lastEmitWindowCloseTime !== null && lastEmitWindowCloseTime >= closeTime) return;
      const upper = closeTime - 1;
      if (upper < 0) return;
      const lower = Math.max(0, lastEmitWindowCloseTime ?? -1);
      if (upper < lower) return;
      const closed = state.store.findSessions(null, null, lower, upper).filter((s) => s.key.window.end <= upper);
      closed.sort((a, b) => a.key.window.end - b.key.window.end);
      for (const s of closed) {
        state.forwarder.maybeForward({ key: s.key, value: { newValue: s.value, oldValue: null }, timestamp: s.key.window.end, headers: r.headers });
      }
      lastEmitWindowCloseTime = closeTime;
    };

    const forwardUpdate = (sessionKey: Windowed<K>, oldAgg: VA | null, newAgg: VA | null) => {
      if (emitFinal) return;
      state.forwarder.maybeForward({
        key: sessionKey,
        value: { newValue: newAgg, oldValue: sendOldValues() ? oldAgg : null },
        timestamp: sessionKey.window.end,
        headers: NO_HEADERS,
      });
    };

    return state.processor((r) => {
      const t = r.timestamp;
      const closeTime = state.observedStreamTime - windows.graceMs - gap;
      const merged: KeyValue<Windowed<K>, VA>[] = state.store.findSessions(r.key, t - gap, t + gap);
      let start = t;
      let end = t;
      let agg = fold.initializer();
      for (const session of merged) {
        agg = merger(r.key, agg, session.value);
        if (session.key.window.start < start) start = session.key.window.start;
        if (session.key.window.end > end) end = session.key.window.end;
      }
      if (end < closeTime) {
        state.context.recordDropped(`late record for session [${start},${end}]: stream time ${state.observedStreamTime}, gap ${gap} ms, grace ${windows.graceMs} ms`);
        if (emitFinal) maybeForwardFinalResult(r, closeTime);
        return;
      }
      if (start !== t || end !== t) {
        for (const session of merged) {
          state.store.remove(session.key);
          forwardUpdate(session.key, session.value, null);
        }
      }
      const newAgg = fold.aggregator(r.key, r.value, agg);
      const sessionKey = windowed(r.key, start, end);
      state.store.put(sessionKey, newAgg);
      forwardUpdate(sessionKey, null, newAgg);
      if (emitFinal) maybeForwardFinalResult(r, closeTime);
    });
  };
}

/** Reads a session table's value: the session's aggregate, stamped with the session end. */
export function sessionStoreValueGetter<K, VA>(storeName: string): KTableValueGetterSupplier<Windowed<K>, VA> {
  return {
    storeNames: [storeName],
    get() {
      let store!: SessionStore<K, VA>;
      return {
        init(c: ProcessorContext) {
          store = c.getStateStore(storeName);
        },
        get: (wk: Windowed<K>) => {
          const value = store.fetchSession(wk.key, wk.window.start, wk.window.end);
          return value === null ? null : { value, timestamp: wk.window.end };
        },
      };
    },
  };
}
