import type { Processor, StreamRecord } from '../../sim/processor.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { SlidingWindows } from './sliding-windows.js';
import type { TimestampedWindowStore } from './time-window-aggregate.js';
import { WindowAggregateState } from './window-aggregate-state.js';
import type { WindowFold } from './windowed-aggregation.js';
import { windowed, type Windowed } from './windowed.js';

/**
 * Kafka's KStreamSlidingWindowAggregate (the reverse-iterator path it takes on an in-memory store). Each
 * record t owns a left window [t - d, t]; the right window [t + 1, t + 1 + d] exists only while some later
 * record falls in it. A record updates every existing window containing it and creates the windows that
 * its arrival opens: its own left window, its right window (if a later record is already there) and the
 * right window of the previous record. Windows are stored by start with size d, so a window's end is
 * start + d and both ends are inclusive. Stream time is the processor's own; a record is dropped entirely
 * when even its right window is closed (t + 1 + d <= streamTime - grace), and a single window is skipped
 * when its end < streamTime - grace. Records before d (t < d) share one window [0, d]. Unlike the time and
 * session window aggregations, a null value is dropped too (KStreamSlidingWindowAggregate checks
 * `key == null || value == null`). Updates go through WindowedTupleForwarder: through the record cache, when
 * the store has one.
 */
export function slidingWindowAggregateSupplier<K, V, VA>(
  windows: SlidingWindows,
  storeName: string,
  fold: WindowFold<K, V, VA>,
  sendOldValues: () => boolean,
): () => Processor<K, V, Windowed<K>, Change<VA>> {
  const d = windows.timeDifferenceMs;
  return () => {
    const state = new WindowAggregateState<K, V, VA, TimestampedWindowStore<K, VA>>(storeName, sendOldValues, true, true, 'null key or value in sliding-window aggregation');

    /** The initial aggregate with a timestamp; null when the initializer gives null (reduce). */
    const initial = (timestamp: number): ValueAndTimestamp<VA> | null => {
      const v = fold.initializer();
      return v === null || v === undefined ? null : { value: v, timestamp };
    };

    const updateWindowAndForward = (start: number, current: ValueAndTimestamp<VA> | null, r: StreamRecord<K, V>, closeTime: number) => {
      const end = start + d;
      if (end < closeTime) {
        state.context.recordDropped(`late record for sliding window [${start},${end}]: stream time ${state.observedStreamTime}, grace ${windows.graceMs} ms`);
        return;
      }
      const oldAgg = current === null ? null : current.value;
      const newAgg = fold.aggregator(r.key, r.value, oldAgg);
      const timestamp = current === null ? r.timestamp : Math.max(r.timestamp, current.timestamp);
      state.store.put(r.key, newAgg === null || newAgg === undefined ? null : { value: newAgg, timestamp }, start);
      state.forwarder.maybeForward({
        key: windowed(r.key, start, end),
        value: { newValue: newAgg, oldValue: sendOldValues() ? oldAgg : null },
        timestamp,
        headers: r.headers,
      });
    };

    /** The new record's right window copies the aggregate of the later records already there. */
    const createCurrentRecordRightWindow = (r: StreamRecord<K, V>, rightWinAgg: ValueAndTimestamp<VA>) => {
      const start = r.timestamp + 1;
      state.store.put(r.key, rightWinAgg, start);
      state.forwarder.maybeForward({
        key: windowed(r.key, start, start + d),
        value: { newValue: rightWinAgg.value, oldValue: null },
        timestamp: rightWinAgg.timestamp,
        headers: r.headers,
      });
    };

    const createPreviousRecordRightWindow = (start: number, r: StreamRecord<K, V>, closeTime: number) => {
      updateWindowAndForward(start, initial(r.timestamp), r, closeTime);
    };

    const rightWindowIsNotEmpty = (rightWinAgg: ValueAndTimestamp<VA> | null, t: number): rightWinAgg is ValueAndTimestamp<VA> =>
      rightWinAgg !== null && rightWinAgg.timestamp > t;

    const createWindows = (
      r: StreamRecord<K, V>,
      closeTime: number,
      windowStarts: Set<number>,
      rightWinAgg: ValueAndTimestamp<VA> | null,
      leftWinAgg: ValueAndTimestamp<VA> | null,
      leftWinAlreadyCreated: boolean,
      rightWinAlreadyCreated: boolean,
      previousRecordTimestamp: number | null,
    ) => {
      const t = r.timestamp;
      if (previousRecordTimestamp !== null) {
        const previousRightWinStart = previousRecordTimestamp + 1;
        if (!windowStarts.has(previousRightWinStart) && previousRightWinStart + d >= t) {
          createPreviousRecordRightWindow(previousRightWinStart, r, closeTime);
        }
      }
      if (!leftWinAlreadyCreated) {
        const leftWindowNotEmpty = previousRecordTimestamp !== null && t - d <= previousRecordTimestamp;
        const start = leftWindowNotEmpty && leftWinAgg !== null ? { value: leftWinAgg.value, timestamp: t } : initial(t);
        updateWindowAndForward(t - d, start, r, closeTime);
      }
      if (!rightWinAlreadyCreated && rightWindowIsNotEmpty(rightWinAgg, t)) createCurrentRecordRightWindow(r, rightWinAgg);
    };

    const processReverse = (r: StreamRecord<K, V>, closeTime: number) => {
      const t = r.timestamp;
      const windowStarts = new Set<number>();
      let leftWinAgg: ValueAndTimestamp<VA> | null = null;
      let rightWinAgg: ValueAndTimestamp<VA> | null = null;
      let leftWinAlreadyCreated = false;
      let rightWinAlreadyCreated = false;
      let previousRecordTimestamp: number | null = null;
      // From the latest window down: t + 1 catches the record's own right window.
      for (const { key: start, value } of state.store.backwardFetch(r.key, Math.max(0, t - 2 * d), t + 1)) {
        windowStarts.add(start);
        const end = start + d;
        if (start === t + 1) {
          rightWinAlreadyCreated = true;
        } else if (end > t) {
          if (rightWinAgg === null) rightWinAgg = value;
          updateWindowAndForward(start, value, r, closeTime);
        } else if (end === t) {
          leftWinAlreadyCreated = true;
          updateWindowAndForward(start, value, r, closeTime);
          if (value.timestamp < t) previousRecordTimestamp = value.timestamp;
          else return; // a record at t already created every window this one needs
        } else {
          leftWinAgg = value;
          previousRecordTimestamp = value.timestamp;
          break;
        }
      }
      createWindows(r, closeTime, windowStarts, rightWinAgg, leftWinAgg, leftWinAlreadyCreated, rightWinAlreadyCreated, previousRecordTimestamp);
    };

    /** Records with t < d would open windows starting before 0: they share [0, d] instead (Kafka's processEarly). */
    const processEarly = (r: StreamRecord<K, V>, closeTime: number) => {
      const t = r.timestamp;
      let combined: ValueAndTimestamp<VA> | null = null;
      let rightWinAgg: ValueAndTimestamp<VA> | null = null;
      let rightWinAlreadyCreated = false;
      const windowStarts = new Set<number>();
      let previousRecordTimestamp: number | null = null;
      for (const { key: start, value } of state.store.fetch(r.key, 0, t + 1)) {
        windowStarts.add(start);
        if (start === 0) {
          combined = value;
          if (value.timestamp < t) previousRecordTimestamp = value.timestamp;
        } else if (start <= t) {
          rightWinAgg = value;
          updateWindowAndForward(start, value, r, closeTime);
        } else if (start === t + 1) {
          rightWinAlreadyCreated = true;
        }
      }
      // Without a later window, the combined window holds exactly the records of this record's right window.
      if (rightWinAgg === null && combined !== null && combined.timestamp > t) rightWinAgg = combined;
      if (!rightWinAlreadyCreated && rightWindowIsNotEmpty(rightWinAgg, t)) createCurrentRecordRightWindow(r, rightWinAgg);
      if (previousRecordTimestamp !== null && !windowStarts.has(previousRecordTimestamp + 1)) {
        createPreviousRecordRightWindow(previousRecordTimestamp + 1, r, closeTime);
      }
      updateWindowAndForward(0, combined ?? initial(t), r, closeTime);
    };

    return state.processor((r) => {
      const closeTime = state.observedStreamTime - windows.graceMs;
      if (r.timestamp + 1 + d <= closeTime) {
        state.context.recordDropped(
          `late record for sliding windows [${r.timestamp - d},${r.timestamp}]: stream time ${state.observedStreamTime}, grace ${windows.graceMs} ms`,
        );
        return;
      }
      if (r.timestamp < d) processEarly(r, closeTime);
      else processReverse(r, closeTime);
    });
  };
}
