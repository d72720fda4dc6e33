import { addRepartition } from '../internal/repartition.js';
import type { KStream } from '../kstream.js';
import { KTable } from '../ktable.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { addTimestampedStore, sourceMaterialization, storeValueGetter, tableSourceSupplier } from './table-source.js';

/** KStream#toTable (Kafka 2.5+): repartitions first if the key may have changed, then upserts into a store. */
export function streamToTable<K, V>(stream: KStream<K, V>, named?: NamedOptions, materialized?: MaterializedOptions<K, V>): KTable<K, V> {
  const ctx = stream.ctx;
  const name = ctx.nameOr(named?.name, 'KSTREAM-TOTABLE-');
  const storeName = materialized?.storeName ?? ctx.newStoreName('KSTREAM-TOTABLE-');
  let parent = stream.nodeName;
  let copartition = stream.copartitionTopics;
  if (stream.repartitionRequired) {
    const r = addRepartition(ctx, parent, name);
    parent = r.sourceNode;
    copartition = [r.topic];
  }
  const table = new KTable<K, V>(ctx, name, storeName, storeValueGetter<K, V>(storeName), copartition);
  const materializedInKafka = sourceMaterialization(table, materialized?.storeName !== undefined);
  ctx.topology.addProcessor(name, tableSourceSupplier<K, V>(storeName, () => table.sendOldValues, materializedInKafka) as never, parent);
  addTimestampedStore(ctx, storeName, materialized, name);
  return table;
}
