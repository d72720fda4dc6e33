import { TopologyError } from '../../sim/errors.js';
import type { StoreBuilder } from '../../sim/stores/state-store.js';
import { FactoryStoreBuilder } from '../../sim/stores/store-builder.js';
import { KStream, type JoinKind } from '../kstream.js';
import { statelessSupplier } from '../operators/stateless.js';
import { JoinWindows } from '../windows/join-windows.js';
import { joinInput } from './join-repartition.js';
import { JoinTimeTrackers } from './join-time-tracker.js';
import { JoinWindowStore } from './join-window-store.js';
import { OuterJoinStore } from './outer-join-store.js';
import { joinWindowSupplier, streamStreamJoinSideSupplier, type LeftRightJoiner } from './stream-stream-join-processor.js';
import type { StreamJoinedOptions } from './stream-joined.js';

export type { StreamJoinedOptions } from './stream-joined.js';

/**
 * Kafka's KStreamImpl#doJoin + KStreamImplJoin#join: repartitions either side if needed, requires both
 * sides co-partitioned, then builds Kafka's graph with Kafka's names:
 *
 *   left  -> KSTREAM-WINDOWED-a (buffers into the this-store) -> KSTREAM-JOINTHIS-c  (reads the other-store) -\
 *   right -> KSTREAM-WINDOWED-b (buffers into the other-store) -> KSTREAM-JOINOTHER-d (reads the this-store) --> KSTREAM-MERGE-e
 *
 * (OUTERTHIS for outer joins, OUTEROTHER for left and outer joins; stores `<processor>-store`, and for
 * left/outer joins with the spurious-result fix the shared `KSTREAM-OUTERSHARED-c-store`; StreamJoined
 * renames them.)
 */
export function streamStreamJoin<K, V1, V2, VR>(
  left: KStream<K, V1>,
  right: KStream<K, V2>,
  joiner: (value1: V1 | null, value2: V2 | null) => VR,
  windows: JoinWindows,
  options: StreamJoinedOptions<K, V1, V2> | undefined,
  kind: JoinKind,
): KStream<K, VR> {
  if (!(right instanceof KStream) || right.ctx !== left.ctx) {
    throw new TopologyError(`${kind} join: the other stream must come from the same StreamsBuilder`);
  }
  if (typeof joiner !== 'function') throw new TopologyError(`${kind} join: the joiner must be a function (value1, value2) => result`);
  if (!(windows instanceof JoinWindows)) {
    throw new TopologyError(`${kind} join of two streams needs JoinWindows, e.g. JoinWindows.ofTimeDifferenceWithNoGrace(60_000)`);
  }
  const ctx = left.ctx;
  const name = options?.name;
  if (name !== undefined && name.length === 0) throw new TopologyError('StreamJoined name must not be empty');
  const storeBase = options?.storeName;
  if (storeBase !== undefined && storeBase.length === 0) throw new TopologyError('StreamJoined store name must not be empty');

  const leftInput = joinInput(left, name !== undefined ? `${name}-left` : left.nodeName);
  const rightInput = joinInput(right, name !== undefined ? `${name}-right` : right.nodeName);
  const copartitionTopics = [...new Set([...leftInput.copartitionTopics, ...rightInput.copartitionTopics])];
  ctx.topology.copartition(copartitionTopics);

  const leftOuter = kind !== 'inner';
  const rightOuter = kind === 'outer';
  const named = (suffix: string, prefix: string): string => (name !== undefined ? name + suffix : ctx.newProcessorName(prefix));
  const thisWindowedName = named('-this-windowed', 'KSTREAM-WINDOWED-');
  const otherWindowedName = named('-other-windowed', 'KSTREAM-WINDOWED-');
  // Always generated (Kafka burns these numbers even when the join is named): they name the stores.
  const thisPrefix = rightOuter ? 'KSTREAM-OUTERTHIS-' : 'KSTREAM-JOINTHIS-';
  const joinThisGenerated = ctx.newProcessorName(thisPrefix);
  const joinOtherGenerated = ctx.newProcessorName(leftOuter ? 'KSTREAM-OUTEROTHER-' : 'KSTREAM-JOINOTHER-');
  const thisSuffix = rightOuter ? '-outer-this-join' : '-this-join';
  const otherSuffix = leftOuter ? '-outer-other-join' : '-other-join';
  const joinThisName = name !== undefined ? name + thisSuffix : joinThisGenerated;
  const joinOtherName = name !== undefined ? name + otherSuffix : joinOtherGenerated;
  const mergeName = named('-merge', 'KSTREAM-MERGE-');

  const thisStoreName = `${storeBase !== undefined ? storeBase + thisSuffix : joinThisGenerated}-store`;
  const otherStoreName = `${storeBase !== undefined ? storeBase + otherSuffix : joinOtherGenerated}-store`;
  const sharedSuffix = rightOuter ? '-outer-shared-join' : '-left-shared-join';
  // Windows from the deprecated JoinWindows.of() have no spurious-result fix: no shared store, so an
  // unmatched record is joined with null at once (Kafka's KStreamImplJoin skips the outer store then).
  const outerStoreName = !leftOuter || !windows.spuriousResultFix
    ? null
    : `${storeBase !== undefined ? storeBase + sharedSuffix : `KSTREAM-OUTERSHARED-${joinThisGenerated.slice(thisPrefix.length)}`}-store`;

  const t = ctx.topology;
  t.addProcessor(thisWindowedName, joinWindowSupplier(thisStoreName) as never, leftInput.nodeName);
  t.addProcessor(otherWindowedName, joinWindowSupplier(otherStoreName) as never, rightInput.nodeName);
  const trackers = new JoinTimeTrackers();
  const side = (isLeftSide: boolean, otherStore: string, outer: boolean) =>
    streamStreamJoinSideSupplier<K>({
      isLeftSide,
      otherStoreName: otherStore,
      outerStoreName,
      outer,
      windowsBeforeMs: windows.beforeMs,
      windowsAfterMs: windows.afterMs,
      graceMs: windows.graceMs,
      joiner: joiner as LeftRightJoiner,
      trackers,
    });
  t.addProcessor(joinThisName, side(true, otherStoreName, leftOuter) as never, thisWindowedName);
  t.addProcessor(joinOtherName, side(false, thisStoreName, rightOuter) as never, otherWindowedName);
  t.addProcessor(mergeName, statelessSupplier((r, c) => c.forward(r)) as never, joinThisName, joinOtherName);

  // Kafka: window size before+after, retention size+grace, duplicates retained.
  const retentionMs = windows.size() + windows.graceMs;
  ctx.addStore(withLogging(new FactoryStoreBuilder(thisStoreName, 'window', (n) => new JoinWindowStore(n, retentionMs)), options), thisWindowedName, joinOtherName);
  ctx.addStore(withLogging(new FactoryStoreBuilder(otherStoreName, 'window', (n) => new JoinWindowStore(n, retentionMs)), options), otherWindowedName, joinThisName);
  if (outerStoreName !== null) {
    ctx.addStore(withLogging(new FactoryStoreBuilder(outerStoreName, 'keyValue', (n) => new OuterJoinStore(n)), options), joinThisName, joinOtherName);
  }
  return new KStream<K, VR>(ctx, mergeName, false, copartitionTopics, { keySerde: options?.keySerde });
}

function withLogging(builder: StoreBuilder, options: StreamJoinedOptions<unknown, unknown, unknown> | undefined): StoreBuilder {
  if (options?.loggingEnabled === false) return builder.withLoggingDisabled();
  return options?.logConfig !== undefined ? builder.withLoggingEnabled(options.logConfig) : builder;
}
