import { TopologyError } from '../../sim/errors.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import type { JoinKind } from '../kstream.js';
import { KTable } from '../ktable.js';
import { addTimestampedStore, storeValueGetter } from '../operators/table-source.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { joinMergeSupplier } from './table-table/join-merge-processor.js';
import type { SideKind } from './table-table/join-rules.js';
import { joinSideSupplier } from './table-table/join-side-processor.js';
import { joinValueGetterSupplier } from './table-table/join-value-getter.js';

/** Which Kafka processor each side runs (KTableImpl#doJoin): a left join's other side is a "right join". */
const SIDES: Readonly<Record<JoinKind, readonly [SideKind, SideKind]>> = {
  inner: ['inner', 'inner'],
  left: ['left', 'right'],
  outer: ['outer', 'outer'],
};

/**
 * KTable-KTable equi-join (inner, left, outer), wired as Kafka's KTableKTableJoinNode: a processor under
 * each parent table (`KTABLE-JOINTHIS-n` / `KTABLE-JOINOTHER-n`, or `<name>-join-this` / `-join-other`)
 * reading the other table through its value getter, both feeding `KTABLE-MERGE-n` (or `<name>`), which
 * materializes the result when Materialized is given. Names are generated in Kafka's order: the
 * Materialized store (`KTABLE-MERGE-STATE-STORE-n`), then merge, this, other.
 */
export function tableTableJoin<K, V1, V2, VR>(
  left: KTable<K, V1>,
  right: KTable<K, V2>,
  joiner: (v1: V1 | null, v2: V2 | null) => VR,
  kind: JoinKind,
  named?: NamedOptions,
  materialized?: MaterializedOptions<K, VR>,
): KTable<K, VR> {
  const ctx = left.ctx;
  if (right.ctx !== ctx) throw new TopologyError('a table-table join needs both tables from the same StreamsBuilder');
  const storeName = materialized === undefined ? null : (materialized.storeName ?? ctx.newStoreName('KTABLE-MERGE-'));
  const mergeName = ctx.nameOr(named?.name, 'KTABLE-MERGE-');
  const thisName = named?.name !== undefined ? `${named.name}-join-this` : ctx.newProcessorName('KTABLE-JOINTHIS-');
  const otherName = named?.name !== undefined ? `${named.name}-join-other` : ctx.newProcessorName('KTABLE-JOINOTHER-');

  // Equal keys must live in equal partitions (Kafka's ensureCopartitionWith).
  const copartitionTopics = [...new Set([...left.copartitionTopics, ...right.copartitionTopics])];
  ctx.topology.copartition(copartitionTopics);

  // A left (outer) side needs its parent's old value to turn a delete into a tombstone.
  if (kind !== 'inner') left.enableSendingOldValues();
  if (kind === 'outer') right.enableSendingOldValues();

  const leftGetter = left.valueGetterSupplier;
  const rightGetter = right.valueGetterSupplier;
  const getter: KTableValueGetterSupplier<K, VR> =
    storeName === null ? joinValueGetterSupplier(kind, leftGetter, rightGetter, joiner) : storeValueGetter<K, VR>(storeName);
  const result: KTable<K, VR> = new KTable<K, VR>(ctx, mergeName, storeName, getter, copartitionTopics, () => {
    // Old join results are computed from old parent values (KTableKTableAbstractJoin#enableSendingOldValues).
    left.enableSendingOldValues();
    right.enableSendingOldValues();
  });
  const sendOldValues = () => result.sendOldValues;
  const [thisSide, otherSide] = SIDES[kind];
  const reversed = (v2: V2 | null, v1: V1 | null) => joiner(v1, v2);

  const t = ctx.topology;
  t.addProcessor(thisName, joinSideSupplier<K, V1, V2, VR>(thisSide, joiner, rightGetter, sendOldValues) as never, left.nodeName);
  t.addProcessor(otherName, joinSideSupplier<K, V2, V1, VR>(otherSide, reversed, leftGetter, sendOldValues) as never, right.nodeName);
  t.addProcessor(mergeName, joinMergeSupplier<K, VR>(storeName, sendOldValues) as never, thisName, otherName);
  ctx.connect(thisName, rightGetter.storeNames);
  ctx.connect(otherName, leftGetter.storeNames);
  if (storeName !== null) addTimestampedStore(ctx, storeName, materialized, mergeName);
  return result;
}
