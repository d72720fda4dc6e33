import type { BuilderContext } from '../internal/builder-context.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import { KTable } from '../ktable.js';
import type { MaterializedOptions } from '../options.js';

/**
 * The store of a filter or mapValues, as KTableImpl#doFilter / #doMapValues decide: only a Materialized that
 * names a store materializes the table; a Materialized without a name still uses up a store index (Kafka
 * generates one "to keep compatibility") but stores nothing. Null: not materialized.
 */
export function derivedStoreName<K, V>(ctx: BuilderContext, materialized: MaterializedOptions<K, V> | undefined, prefix: string): string | null {
  if (materialized === undefined) return null;
  if (materialized.storeName !== undefined) return materialized.storeName;
  ctx.newStoreName(prefix);
  return null;
}

/**
 * A table computed from its parent's changes (filter, mapValues). Materialized, it reads old values from its own
 * store, so asking it for old values asks nothing of the parent; otherwise old values come from the parent,
 * which may refuse them when not forced (Kafka's KTableFilter / KTableMapValues#enableSendingOldValues).
 */
export function derivedTable<K, V>(
  parent: KTable<K, unknown>,
  nodeName: string,
  storeName: string | null,
  valueGetterSupplier: KTableValueGetterSupplier<K, V>,
): KTable<K, V> {
  const table = new KTable<K, V>(
    parent.ctx,
    nodeName,
    storeName,
    valueGetterSupplier,
    parent.copartitionTopics,
    storeName === null ? () => parent.enableSendingOldValues() : () => undefined,
  );
  if (storeName === null) {
    table.trySendingOldValues = () => {
      if (!table.sendOldValues) {
        if (!parent.trySendingOldValues()) return false;
        table.sendOldValues = true;
      }
      return true;
    };
  }
  return table;
}
