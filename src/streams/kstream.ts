import { TopologyError } from '../sim/errors.js';
import type { ProcessorContext, ProcessorSupplier, StreamRecord } from '../sim/processor.js';
import type { StoreBuilder } from '../sim/stores/state-store.js';
import { BranchedKStream } from './branched-kstream.js';
import type { GlobalKTable } from './global-ktable.js';
import type { BuilderContext } from './internal/builder-context.js';
import { addRepartition } from './internal/repartition.js';
import { streamGlobalTableJoin } from './joins/stream-global-table-join.js';
import { streamStreamJoin, type StreamJoinedOptions } from './joins/stream-stream-join.js';
import { streamTableJoin, type JoinedOptions } from './joins/stream-table-join.js';
import type { JoinWindows } from './windows/join-windows.js';
import { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import { statelessSupplier, toPair, type KeyValueLike } from './operators/stateless.js';
import { streamToTable } from './operators/to-table.js';
import type {
  GroupedOptions,
  MaterializedOptions,
  NamedOptions,
  ProducedOptions,
  RepartitionedOptions,
  TopicTarget,
} from './options.js';

export type JoinKind = 'inner' | 'left' | 'outer';
/**
 * Kafka's ValueJoiner, with the key as an optional third parameter: TypeScript cannot tell Kafka's
 * ValueJoinerWithKey `(key, v1, v2)` from a plain joiner by type, so the key comes last here.
 */
export type ValueJoiner<V1, V2, VR, K = unknown> = (value1: V1, value2: V2, readOnlyKey: K) => VR;

/**
 * Kafka's KStream: a record stream. Every operator adds nodes to the builder's topology and returns a
 * new KStream (or KTable, KGroupedStream); nothing runs until a driver runs the built topology.
 */
export class KStream<K, V> {
  constructor(
    /** @internal */ readonly ctx: BuilderContext,
    /** @internal the node that emits this stream's records */ readonly nodeName: string,
    /** @internal true after an operation that may change keys: grouping or joining must repartition first */
    readonly repartitionRequired: boolean,
    /** @internal topics whose partitions this stream's records are in (for co-partitioning checks) */
    readonly copartitionTopics: readonly string[],
    /** @internal */ readonly options: { keySerde?: unknown; valueSerde?: unknown } = {},
  ) {}

  filter(predicate: (key: K, value: V) => boolean, named?: NamedOptions): KStream<K, V> {
    return this.stateless<K, V>('KSTREAM-FILTER-', named, false, (r, c) => {
      if (predicate(r.key, r.value)) c.forward(r);
    });
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: NamedOptions): KStream<K, V> {
    return this.stateless<K, V>('KSTREAM-FILTER-', named, false, (r, c) => {
      if (!predicate(r.key, r.value)) c.forward(r);
    });
  }

  /** Changes key and value: downstream grouping and joins repartition. */
  map<KR, VR>(mapper: (key: K, value: V) => KeyValueLike<KR, VR>, named?: NamedOptions): KStream<KR, VR> {
    return this.stateless<KR, VR>('KSTREAM-MAP-', named, true, (r, c) => {
      const kv = toPair(mapper(r.key, r.value));
      c.forward({ key: kv.key, value: kv.value, timestamp: r.timestamp, headers: r.headers });
    });
  }

  /**
   * Kafka's ValueMapper `(value) => ...`; the key comes as an optional second parameter (Kafka's
   * ValueMapperWithKey has it first, a shape TypeScript cannot tell apart by type).
   */
  mapValues<VR>(mapper: (value: V, readOnlyKey: K) => VR, named?: NamedOptions): KStream<K, VR> {
    return this.stateless<K, VR>('KSTREAM-MAPVALUES-', named, false, (r, c) => {
      c.forward({ key: r.key, value: mapper(r.value, r.key), timestamp: r.timestamp, headers: r.headers });
    });
  }

  flatMap<KR, VR>(mapper: (key: K, value: V) => Iterable<KeyValueLike<KR, VR>>, named?: NamedOptions): KStream<KR, VR> {
    return this.stateless<KR, VR>('KSTREAM-FLATMAP-', named, true, (r, c) => {
      for (const out of mapper(r.key, r.value)) {
        const kv = toPair(out);
        c.forward({ key: kv.key, value: kv.value, timestamp: r.timestamp, headers: r.headers });
      }
    });
  }

  flatMapValues<VR>(mapper: (value: V, readOnlyKey: K) => Iterable<VR>, named?: NamedOptions): KStream<K, VR> {
    return this.stateless<K, VR>('KSTREAM-FLATMAPVALUES-', named, false, (r, c) => {
      for (const v of mapper(r.value, r.key)) c.forward({ key: r.key, value: v, timestamp: r.timestamp, headers: r.headers });
    });
  }

  selectKey<KR>(mapper: (key: K, value: V) => KR, named?: NamedOptions): KStream<KR, V> {
    return this.stateless<KR, V>('KSTREAM-KEY-SELECT-', named, true, (r, c) => {
      c.forward({ key: mapper(r.key, r.value), value: r.value, timestamp: r.timestamp, headers: r.headers });
    });
  }

  peek(action: (key: K, value: V) => void, named?: NamedOptions): KStream<K, V> {
    return this.stateless<K, V>('KSTREAM-PEEK-', named, false, (r, c) => {
      action(r.key, r.value);
      c.forward(r);
    });
  }

  /** A terminal operation: calls the action per record and forwards nothing. */
  foreach(action: (key: K, value: V) => void, named?: NamedOptions): void {
    this.stateless<K, V>('KSTREAM-FOREACH-', named, false, (r) => action(r.key, r.value));
  }

  /** Kafka's split(): route each record to the first branch whose predicate matches. */
  split(named?: NamedOptions): BranchedKStream<K, V> {
    const name = this.ctx.nameOr(named?.name, 'KSTREAM-BRANCH-');
    // Kafka's BranchedKStreamImpl prefixes branch names with the split's name, generated or not.
    return new BranchedKStream<K, V>(this, name, name);
  }

  merge(stream: KStream<K, V>, named?: NamedOptions): KStream<K, V> {
    if (stream.ctx !== this.ctx) throw new TopologyError('cannot merge streams from different StreamsBuilders');
    const name = this.ctx.nameOr(named?.name, 'KSTREAM-MERGE-');
    this.ctx.topology.addProcessor(name, statelessSupplier<K, V, K, V>((r, c) => c.forward(r)), this.nodeName, stream.nodeName);
    return new KStream<K, V>(
      this.ctx,
      name,
      this.repartitionRequired || stream.repartitionRequired,
      [...new Set([...this.copartitionTopics, ...stream.copartitionTopics])],
      this.options,
    );
  }

  /** Sends records through a repartition topic named `<app>-<name>-repartition` (Kafka 2.6+ repartition()). */
  repartition(options: RepartitionedOptions<K, V> = {}): KStream<K, V> {
    const base = options.name ?? this.ctx.newProcessorName('KSTREAM-REPARTITION-');
    const r = addRepartition(this.ctx, this.nodeName, base, {
      partitions: options.numberOfPartitions,
      partitioner: options.partitioner as never,
    });
    return new KStream<K, V>(this.ctx, r.sourceNode, false, [r.topic], { keySerde: options.keySerde, valueSerde: options.valueSerde });
  }

  /** Writes to a fixed topic, or to the topic a TopicNameExtractor picks per record. */
  to(topic: TopicTarget<K, V>, produced: ProducedOptions<K, V> = {}): void {
    const name = this.ctx.nameOr(produced.processorName, 'KSTREAM-SINK-');
    this.ctx.topology.addSink(
      {
        name,
        topic: topic as never,
        keySerde: produced.keySerde as never,
        valueSerde: produced.valueSerde as never,
        partitioner: produced.partitioner as never,
      },
      this.nodeName,
    );
  }

  /** The processor API inside the DSL (Kafka 3.3+ process returns a KStream). */
  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, ...storeNames: string[]): KStream<KR, VR> {
    const name = this.ctx.newProcessorName('KSTREAM-PROCESSOR-');
    this.ctx.topology.addProcessor(name, supplier as ProcessorSupplier, this.nodeName);
    this.ctx.connect(name, storeNames);
    return new KStream<KR, VR>(this.ctx, name, true, this.copartitionTopics);
  }

  /** Like process, but the key may not change: no repartition downstream (Kafka's processValues). */
  processValues<VR>(supplier: ProcessorSupplier<K, V, K, VR>, ...storeNames: string[]): KStream<K, VR> {
    const name = this.ctx.newProcessorName('KSTREAM-PROCESSVALUES-');
    const checked: ProcessorSupplier<K, V, K, VR> = () => {
      const inner = supplier();
      let currentKey: K;
      return {
        init(c) {
          inner.init?.({
            ...c,
            forward(r: StreamRecord<K, VR>, child?: string) {
              if (r.key !== currentKey) throw new TopologyError(`processValues processor '${name}' changed the key: use process() instead`);
              c.forward(r, child);
            },
          } as typeof c);
        },
        process(r) {
          currentKey = r.key;
          inner.process(r);
        },
        close() {
          inner.close?.();
        },
      };
    };
    this.ctx.topology.addProcessor(name, checked as ProcessorSupplier, this.nodeName);
    this.ctx.connect(name, storeNames);
    return new KStream<K, VR>(this.ctx, name, this.repartitionRequired, this.copartitionTopics, { keySerde: this.options.keySerde });
  }

  /** Adds a store that processors can use by name (StreamsBuilder#addStateStore is the same). */
  addStateStore(builder: StoreBuilder): void {
    this.ctx.topology.addStateStore(builder);
  }

  /** Treats the stream as a changelog: the latest value per key, null values delete (Kafka 2.5+). */
  toTable(named?: NamedOptions, materialized?: MaterializedOptions<K, V>): KTable<K, V> {
    return streamToTable(this, named, materialized);
  }

  groupByKey(grouped: GroupedOptions<K, V> = {}): KGroupedStream<K, V> {
    return new KGroupedStream<K, V>(this, grouped, this.repartitionRequired);
  }

  groupBy<KR>(selector: (key: K, value: V) => KR, grouped: GroupedOptions<KR, V> = {}): KGroupedStream<KR, V> {
    // KStreamImpl#groupBy names the key selector after the Grouped name, when there is one.
    const selected = this.stateless<KR, V>('KSTREAM-KEY-SELECT-', grouped.name === undefined ? undefined : { name: grouped.name }, true, (r, c) => {
      c.forward({ key: selector(r.key, r.value), value: r.value, timestamp: r.timestamp, headers: r.headers });
    });
    return new KGroupedStream<KR, V>(selected, grouped, true);
  }

  /** Stream-stream join within a JoinWindows, or stream-table join, or stream-globalTable join. */
  join<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V, VO, VR, K>, windows: JoinWindows, streamJoined?: StreamJoinedOptions<K, V, VO>): KStream<K, VR>;
  join<VO, VR>(table: KTable<K, VO>, joiner: ValueJoiner<V, VO, VR, K>, joined?: JoinedOptions<K, V, VO>): KStream<K, VR>;
  join<KG, VG, VR>(globalTable: GlobalKTable<KG, VG>, keySelector: (key: K, value: V) => KG, joiner: ValueJoiner<V, VG, VR, K>, named?: NamedOptions): KStream<K, VR>;
  join(other: unknown, a: unknown, b?: unknown, c?: unknown): unknown {
    return this.dispatchJoin('inner', other, a, b, c);
  }

  leftJoin<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V, VO | null, VR, K>, windows: JoinWindows, streamJoined?: StreamJoinedOptions<K, V, VO>): KStream<K, VR>;
  leftJoin<VO, VR>(table: KTable<K, VO>, joiner: ValueJoiner<V, VO | null, VR, K>, joined?: JoinedOptions<K, V, VO>): KStream<K, VR>;
  leftJoin<KG, VG, VR>(globalTable: GlobalKTable<KG, VG>, keySelector: (key: K, value: V) => KG, joiner: ValueJoiner<V, VG | null, VR, K>, named?: NamedOptions): KStream<K, VR>;
  leftJoin(other: unknown, a: unknown, b?: unknown, c?: unknown): unknown {
    return this.dispatchJoin('left', other, a, b, c);
  }

  outerJoin<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V | null, VO | null, VR, K>, windows: JoinWindows, streamJoined?: StreamJoinedOptions<K, V, VO>): KStream<K, VR> {
    return streamStreamJoin(this, other, joiner as never, windows, streamJoined, 'outer') as KStream<K, VR>;
  }

  private dispatchJoin(kind: JoinKind, other: unknown, a: unknown, b: unknown, c: unknown): unknown {
    if (other instanceof KStream) return streamStreamJoin(this, other, a as never, b as JoinWindows, c as never, kind);
    if (other instanceof KTable) return streamTableJoin(this, other, a as never, b as never, kind);
    if (isGlobalKTable(other)) return streamGlobalTableJoin(this, other, a as never, b as never, c as never, kind);
    throw new TopologyError(`${kind} join: the other side must be a KStream, KTable or GlobalKTable`);
  }

  /** @internal adds a stateless processor and wraps it as a stream. */
  stateless<KR, VR>(
    prefix: string,
    named: NamedOptions | undefined,
    keyMayChange: boolean,
    fn: (r: StreamRecord<K, V>, c: ProcessorContext<KR, VR>) => void,
  ): KStream<KR, VR> {
    const name = this.ctx.nameOr(named?.name, prefix);
    this.ctx.topology.addProcessor(name, statelessSupplier(fn) as ProcessorSupplier, this.nodeName);
    return new KStream<KR, VR>(
      this.ctx,
      name,
      this.repartitionRequired || keyMayChange,
      this.copartitionTopics,
      keyMayChange ? {} : (this.options as never),
    );
  }
}

function isGlobalKTable(x: unknown): x is GlobalKTable<unknown, unknown> {
  return typeof x === 'object' && x !== null && (x as { kind?: string }).kind === 'GlobalKTable';
}
