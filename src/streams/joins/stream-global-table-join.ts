import { TopologyError } from '../../sim/errors.js';
import type { GlobalKTable } from '../global-ktable.js';
import { KStream, type JoinKind } from '../kstream.js';
import type { NamedOptions } from '../options.js';
import { lookupJoinSupplier } from './lookup-join-processor.js';

/**
 * Kafka's KStreamImpl#doGlobalTableJoin (KStreamGlobalKTableJoin): keySelector maps each stream record to
 * a table key, looked up in the global store, which every task holds in full: no repartitioning and no
 * co-partitioning. The store is not connected: the processor context falls back to global stores.
 * The result keeps the stream's key, timestamp and repartition-required flag.
 */
export function streamGlobalTableJoin<K, V1, KG, VG, VR>(
  stream: KStream<K, V1>,
  table: GlobalKTable<KG, VG>,
  keySelector: (key: K, value: V1) => KG,
  joiner: (value1: V1, valueG: VG | null) => VR,
  named: NamedOptions | undefined,
  kind: JoinKind,
): KStream<K, VR> {
  if (kind === 'outer') throw new TopologyError('a KStream-GlobalKTable join is inner or left: Kafka has no outer stream-globalTable join');
  if (typeof keySelector !== 'function') {
    throw new TopologyError(`${kind} join with a GlobalKTable: pass a keySelector (streamKey, streamValue) => tableKey before the joiner`);
  }
  if (typeof joiner !== 'function') throw new TopologyError(`${kind} join: the joiner must be a function (streamValue, tableValue) => result`);
  const ctx = stream.ctx;
  const name = ctx.nameOr(named?.name, kind === 'left' ? 'KSTREAM-LEFTJOIN-' : 'KSTREAM-JOIN-');
  const supplier = lookupJoinSupplier<K, V1, KG, VG>({
    valueGetterSupplier: table.valueGetterSupplier,
    keyMapper: keySelector,
    joiner: joiner as (value: V1, tableValue: VG | null, key: unknown) => unknown,
    leftJoin: kind === 'left',
  });
  ctx.topology.addProcessor(name, supplier as never, stream.nodeName);
  return new KStream<K, VR>(ctx, name, stream.repartitionRequired, stream.copartitionTopics, { keySerde: stream.options.keySerde });
}
