import type { KTableValueGetterSupplier } from './internal/value-getter.js';

/**
 * Kafka's GlobalKTable: a table fully replicated to every task, filled from every partition of its topic.
 * Only joins read it; it has no downstream of its own.
 */
export class GlobalKTable<K, V> {
  readonly kind = 'GlobalKTable' as const;

  constructor(
    readonly queryableStoreName: string,
    /** @internal */ readonly valueGetterSupplier: KTableValueGetterSupplier<K, V>,
  ) {}
}
