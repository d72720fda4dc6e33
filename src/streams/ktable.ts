import type { BuilderContext } from './internal/builder-context.js';
import type { Change } from './internal/change.js';
import type { KTableValueGetterSupplier } from './internal/value-getter.js';
import { KGroupedTable } from './kgrouped-table.js';
import { KStream } from './kstream.js';
import { tableFilter, tableMapValues } from './operators/table-ops.js';
import { statelessSupplier, type KeyValueLike } from './operators/stateless.js';
import { foreignKeyJoin } from './joins/foreign-key-join.js';
import { tableTableJoin } from './joins/table-table-join.js';
import type { JoinKind, ValueJoiner } from './kstream.js';
import type { GroupedOptions, MaterializedOptions, NamedOptions } from './options.js';
import { suppressTable } from './suppress/suppress.js';
import type { Suppressed } from './suppress/suppressed.js';

/**
 * Kafka's KTable: a changelog stream read as a table. Its node emits `Change` values (new and, when
 * asked, old); `toStream()` turns them back into plain records, a deletion becoming a null value.
 */
export class KTable<K, V> {
  /** @internal whether downstream needs old values (Kafka's sendOldValues); read at process time. */
  sendOldValues = false;

  constructor(
    /** @internal */ readonly ctx: BuilderContext,
    /** @internal the node that emits this table's Change records */ readonly nodeName: string,
    /** The store holding this table, or null when it is computed from a parent's getter. */
    readonly queryableStoreName: string | null,
    /** @internal how a join or a downstream reads the current value of a key */
    readonly valueGetterSupplier: KTableValueGetterSupplier<K, V>,
    /** @internal topics whose partitions hold this table's keys (co-partitioning checks) */
    readonly copartitionTopics: readonly string[],
    /** @internal called when a downstream asks for old values: parents must send them too */
    private readonly enableParentOldValues: () => void = () => undefined,
  ) {}

  /**
   * @internal Kafka's enableSendingOldValues(forceMaterialization = false): turns old values on only where no
   * new materialization is needed, and says whether they are on. A source table without a store name refuses
   * (Kafka does not materialize it); an unmaterialized filter or mapValues asks its parent.
   */
  trySendingOldValues: () => boolean = () => {
    this.enableSendingOldValues();
    return true;
  };

  /** Kafka's enableSendingOldValues: this table and every parent forward old values from now on. */
  enableSendingOldValues(): void {
    if (this.sendOldValues) return;
    this.sendOldValues = true;
    this.enableParentOldValues();
  }

  filter(predicate: (key: K, value: V) => boolean, named?: NamedOptions, materialized?: MaterializedOptions<K, V>): KTable<K, V> {
    return tableFilter(this, predicate, false, named, materialized);
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: NamedOptions, materialized?: MaterializedOptions<K, V>): KTable<K, V> {
    return tableFilter(this, predicate, true, named, materialized);
  }

  mapValues<VR>(mapper: (value: V, readOnlyKey: K) => VR, named?: NamedOptions, materialized?: MaterializedOptions<K, VR>): KTable<K, VR> {
    return tableMapValues(this, mapper, named, materialized);
  }

  /** The table's changelog as a stream: one record per update, a deletion as a null value. */
  toStream(named?: NamedOptions): KStream<K, V | null>;
  toStream<KR>(mapper: (key: K, value: V | null) => KR, named?: NamedOptions): KStream<KR, V | null>;
  toStream(...args: unknown[]): unknown {
    const [a, b] = args as [NamedOptions | ((key: K, value: V | null) => unknown) | undefined, NamedOptions | undefined];
    const named = typeof a === 'function' ? b : a;
    const name = this.ctx.nameOr(named?.name, 'KTABLE-TOSTREAM-');
    this.ctx.topology.addProcessor(
      name,
      statelessSupplier<K, Change<V>, K, V | null>((r, c) =>
        c.forward({ key: r.key, value: r.value.newValue, timestamp: r.timestamp, headers: r.headers }),
      ) as never,
      this.nodeName,
    );
    const stream = new KStream<K, V | null>(this.ctx, name, false, this.copartitionTopics);
    return typeof a === 'function' ? stream.selectKey(a as (key: K, value: V | null) => unknown) : stream;
  }

  /** Re-groups the table by a new key; aggregations then add new and subtract old values. */
  groupBy<KR, VR>(selector: (key: K, value: V) => KeyValueLike<KR, VR>, grouped: GroupedOptions<KR, VR> = {}): KGroupedTable<KR, VR> {
    return new KGroupedTable<KR, VR>(this as KTable<unknown, unknown>, selector as never, grouped);
  }

  join<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO, VR>, named?: NamedOptions, materialized?: MaterializedOptions<K, VR>): KTable<K, VR>;
  join<KO, VO, VR>(other: KTable<KO, VO>, foreignKeyExtractor: (value: V) => KO, joiner: ValueJoiner<V, VO, VR>, named?: NamedOptions, materialized?: MaterializedOptions<K, VR>): KTable<K, VR>;
  join(...args: unknown[]): unknown {
    const [other, a, b, c, d] = args;
    return this.dispatchJoin('inner', other as KTable<never, never>, a, b, c, d);
  }

  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO | null, VR>, named?: NamedOptions, materialized?: MaterializedOptions<K, VR>): KTable<K, VR>;
  leftJoin<KO, VO, VR>(other: KTable<KO, VO>, foreignKeyExtractor: (value: V) => KO, joiner: ValueJoiner<V, VO | null, VR>, named?: NamedOptions, materialized?: MaterializedOptions<K, VR>): KTable<K, VR>;
  leftJoin(...args: unknown[]): unknown {
    const [other, a, b, c, d] = args;
    return this.dispatchJoin('left', other as KTable<never, never>, a, b, c, d);
  }

  outerJoin<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V | null, VO | null, VR>, named?: NamedOptions, materialized?: MaterializedOptions<K, VR>): KTable<K, VR> {
    return tableTableJoin(this, other, joiner as never, 'outer', named, materialized);
  }

  /** Holds back updates: until a window closes, or for a time limit (Kafka's KTable#suppress). */
  suppress(suppressed: Suppressed<K>): KTable<K, V> {
    return suppressTable(this, suppressed);
  }

  /**
   * A foreign-key join is recognised, as in Kafka, by its extra argument: a function taking the value
   * (the joiner takes two values) followed by the joiner.
   */
  private dispatchJoin(kind: JoinKind, other: KTable<never, never>, a: unknown, b: unknown, c: unknown, d: unknown): unknown {
    if (typeof a === 'function' && typeof b === 'function') {
      return foreignKeyJoin(this, other, a as never, b as never, kind as 'inner' | 'left', c as never, d as never);
    }
    return tableTableJoin(this, other as unknown as KTable<K, unknown>, a as never, kind, b as never, c as never);
  }
}
