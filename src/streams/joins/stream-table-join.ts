import { TopologyError } from '../../sim/errors.js';
import { KStream, type JoinKind } from '../kstream.js';
import { KTable } from '../ktable.js';
import type { JoinedOptions } from './joined.js';
import { joinInput } from './join-repartition.js';
import { lookupJoinSupplier } from './lookup-join-processor.js';

export type { JoinedOptions } from './joined.js';

/**
 * Kafka's KStreamImpl#join/leftJoin(KTable) and doStreamTableJoin: the stream side is repartitioned if its
 * key may have changed (`<Joined name | stream node>-repartition`), must be co-partitioned with the table,
 * and one processor (`KSTREAM-JOIN-n` / `KSTREAM-LEFTJOIN-n`, or the Joined name) reads the table's
 * current value through its value getter, whose stores it is connected to.
 */
export function streamTableJoin<K, V1, V2, VR>(
  stream: KStream<K, V1>,
  table: KTable<K, V2>,
  joiner: (value1: V1, value2: V2 | null) => VR,
  joined: JoinedOptions<K, V1, V2> | undefined,
  kind: JoinKind,
): KStream<K, VR> {
  if (kind === 'outer') throw new TopologyError('a KStream-KTable join is inner or left: Kafka has no outer stream-table join');
  if (!(table instanceof KTable) || table.ctx !== stream.ctx) {
    throw new TopologyError(`${kind} join: the table must come from the same StreamsBuilder as the stream`);
  }
  if (typeof joiner !== 'function') throw new TopologyError(`${kind} join: the joiner must be a function (streamValue, tableValue) => result`);
  if (joined?.gracePeriodMs !== undefined) {
    throw new TopologyError(
      'Joined grace period: Kafka allows it only when the table is versioned (KIP-923), and streamsim tables are not: remove the grace period',
    );
  }
  const ctx = stream.ctx;
  const name = joined?.name;
  const input = joinInput(stream, name ?? stream.nodeName);
  const copartitionTopics = [...new Set([...input.copartitionTopics, ...table.copartitionTopics])];
  ctx.topology.copartition(copartitionTopics);

  const processorName = ctx.nameOr(name, kind === 'left' ? 'KSTREAM-LEFTJOIN-' : 'KSTREAM-JOIN-');
  const supplier = lookupJoinSupplier<K, V1, K, V2>({
    valueGetterSupplier: table.valueGetterSupplier,
    keyMapper: (key) => key,
    joiner: joiner as (value: V1, tableValue: V2 | null, key: unknown) => unknown,
    leftJoin: kind === 'left',
  });
  ctx.topology.addProcessor(processorName, supplier as never, input.nodeName);
  ctx.connect(processorName, table.valueGetterSupplier.storeNames);
  return new KStream<K, VR>(ctx, processorName, false, copartitionTopics, { keySerde: joined?.keySerde ?? stream.options.keySerde });
}
