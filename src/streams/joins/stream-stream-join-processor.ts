import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import { JoinTimeTracker, type JoinTimeTrackers } from './join-time-tracker.js';
import type { JoinWindowStore } from './join-window-store.js';
import type { OuterJoinStore } from './outer-join-store.js';

/**
 * Kafka's KStreamJoinWindow: forwards every record to its side's join processor, then buffers it for the
 * other side. Null keys and values are never buffered (they can never join).
 */
export function joinWindowSupplier<K, V>(storeName: string): () => Processor<K, V, K, V> {
  return () => {
    let context!: ProcessorContext<K, V>;
    let store!: JoinWindowStore<K, V>;
    return {
      init(c) {
        context = c;
        store = c.getStateStore(storeName);
      },
      process(r: StreamRecord<K, V>) {
        context.forward(r);
        if (r.key === null || r.key === undefined || r.value === null || r.value === undefined) return;
        if (!store.put(r.key, r.value, r.timestamp)) {
          // Kafka's window store skips it ("expired-window-record-drop"); it still probed the other side above.
          context.recordDropped(`record at ${r.timestamp} is past the join window and grace: not buffered in '${storeName}'`);
        }
      },
    };
  };
}

/** The joiner in Kafka's orientation: left value first, whichever side's processor calls it. */
export type LeftRightJoiner = (left: unknown, right: unknown, key: unknown) => unknown;

export interface JoinSideConfig {
  readonly isLeftSide: boolean;
  /** The other side's buffer, read by this side. */
  readonly otherStoreName: string;
  /** The shared store of unmatched records (left and outer joins), or null (inner join). */
  readonly outerStoreName: string | null;
  /** Whether this side's unmatched records are emitted with null (left: the left side; outer: both). */
  readonly outer: boolean;
  /** JoinWindows before/after and grace, as declared (from the left side's point of view). */
  readonly windowsBeforeMs: number;
  readonly windowsAfterMs: number;
  readonly graceMs: number;
  readonly joiner: LeftRightJoiner;
  readonly trackers: JoinTimeTrackers;
}

/**
 * One side of a stream-stream join: Kafka's KStreamKStreamJoin (LeftSide/RightSide), latest semantics.
 * A record joins the other side's buffered records of its key whose timestamps are within the window
 * (the right side sees the window mirrored), each result stamped with the larger timestamp.
 * In left/outer joins an unmatched record waits in the shared outer store until its window (plus grace)
 * has closed in the join's shared stream time, and is then emitted with null for the other side, stamped
 * with its own timestamp; a match found meanwhile removes it, so no spurious null result is ever emitted.
 * Without the shared store (JoinWindows.of(), Kafka before KAFKA-10847) it is emitted with null at once.
 */
export function streamStreamJoinSideSupplier<K>(config: JoinSideConfig): () => Processor<K, unknown, K, unknown> {
  const { isLeftSide, outer, windowsBeforeMs, windowsAfterMs, graceMs, joiner } = config;
  // The right side looks at the window from the other end.
  const joinBeforeMs = isLeftSide ? windowsBeforeMs : windowsAfterMs;
  const joinAfterMs = isLeftSide ? windowsAfterMs : windowsBeforeMs;
  const joinThis = (key: unknown, thisValue: unknown, otherValue: unknown): unknown =>
    isLeftSide ? joiner(thisValue, otherValue, key) : joiner(otherValue, thisValue, key);

  return () => {
    let context!: ProcessorContext<K, unknown>;
    let otherStore!: JoinWindowStore<K, unknown>;
    let outerStore: OuterJoinStore<K> | null = null;
    let tracker!: JoinTimeTracker;

    /** Kafka's emitNonJoinedOuterRecords, without the wall-clock throttle (as TopologyTestDriver runs it). */
    function emitClosedUnmatched(store: OuterJoinStore<K>, trigger: StreamRecord<K, unknown>): void {
      // The cheap test first: nothing can have closed yet. Kafka's minTime is Long.MAX_VALUE when unknown,
      // and MAX_VALUE + after + grace wraps negative in Java: the scan then runs iff after + grace > 0.
      if (tracker.minTimeMs === null ? joinAfterMs + graceMs <= 0 : tracker.minTimeMs + joinAfterMs + graceMs >= tracker.streamTimeMs) return;
      tracker.minTimeMs = null;
      let leftWindowOpen = false;
      let rightWindowOpen = false;
      for (const entry of store.entriesInOrder()) {
        tracker.minTimeMs = entry.timestamp;
        if (leftWindowOpen && rightWindowOpen) break;
        // A left record can still match right records up to `after` later, a right one up to `before`.
        const lookAheadMs = entry.leftSide ? windowsAfterMs : windowsBeforeMs;
        if (entry.timestamp + lookAheadMs + graceMs >= tracker.streamTimeMs) {
          if (entry.leftSide) leftWindowOpen = true;
          else rightWindowOpen = true;
          continue;
        }
        for (const value of entry.values) {
          const joined = entry.leftSide ? joiner(value, null, entry.key) : joiner(null, value, entry.key);
          context.forward({ key: entry.key, value: joined, timestamp: entry.timestamp, headers: trigger.headers });
        }
        store.delete(entry);
      }
    }

    return {
      init(c) {
        context = c;
        otherStore = c.getStateStore(config.otherStoreName);
        if (config.outerStoreName !== null) {
          const store = c.getStateStore<OuterJoinStore<K>>(config.outerStoreName);
          outerStore = store;
          tracker = config.trackers.get(store);
        } else {
          tracker = new JoinTimeTracker();
        }
      },
      process(r: StreamRecord<K, unknown>) {
        const ts = r.timestamp;
        tracker.advanceStreamTime(ts);
        const nullKey = r.key === null || r.key === undefined;
        const nullValue = r.value === null || r.value === undefined;
        // KIP-962 (Kafka 3.7+): left/outer joins keep null-key records, joined with null at once.
        if (outer && nullKey && !nullValue) {
          context.forward({ key: r.key, value: joinThis(r.key, r.value, null), timestamp: ts, headers: r.headers });
          return;
        }
        if (nullKey || nullValue) {
          context.recordDropped('null key or value in stream-stream join');
          return;
        }
        // Only a record that advances stream time can close windows.
        if (outerStore !== null && ts === tracker.streamTimeMs) emitClosedUnmatched(outerStore, r);

        const timeFrom = Math.max(0, ts - joinBeforeMs);
        const timeTo = Math.max(0, ts + joinAfterMs);
        const matches = otherStore.fetch(r.key, timeFrom, timeTo);
        for (const other of matches) {
          // The partner is matched now: it must never be emitted with null.
          outerStore?.delete({ timestamp: other.timestamp, leftSide: !isLeftSide, key: r.key });
          context.forward({ key: r.key, value: joinThis(r.key, r.value, other.value), timestamp: Math.max(ts, other.timestamp), headers: r.headers });
        }
        if (!outer || matches.length > 0) return;
        if (outerStore === null || timeTo < tracker.streamTimeMs) {
          // An out-of-order record whose window end is already behind stream time: Kafka emits it at once.
          context.forward({ key: r.key, value: joinThis(r.key, r.value, null), timestamp: ts, headers: r.headers });
        } else {
          tracker.updateMinTime(ts);
          outerStore.put({ timestamp: ts, leftSide: isLeftSide, key: r.key }, r.value);
        }
      },
    };
  };
}
