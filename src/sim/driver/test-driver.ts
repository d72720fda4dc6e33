import { Broker } from '../broker.js';
import { VirtualClock } from '../clock.js';
import { TopologyError } from '../errors.js';
import type { Headers, StoredRecord } from '../record.js';
import { StreamsRuntime } from '../runtime/runtime.js';
import type { TraceEvent } from '../runtime/trace.js';
import type { KeyValueStore, ReadOnlyKeyValueStore } from '../stores/key-value-store.js';
import type { ReadOnlyWindowStore, WindowStore } from '../stores/window-store.js';
import { stripTimestamps, withoutTimestamps } from './timestamp-facade.js';
import type { StateStore } from '../stores/state-store.js';
import type { Topology } from '../topology.js';
import type { TopicConfigInput, ValueValidator } from '../topic-config.js';
import { compositeStoreView } from './store-view.js';
import { TestInputTopic, type InputTopicOptions } from './test-input-topic.js';
import { TestOutputTopic } from './test-output-topic.js';

export interface TestDriverOptions {
  /** Seeds every choice the run makes. Same seed, same topology, same input: byte-identical trace. */
  readonly seed?: number;
  /** Partitions of every input and output topic (a number), or per topic; default 1. */
  readonly partitions?: number | Readonly<Record<string, number>>;
  /** Virtual wall-clock start, and the time of records piped without a timestamp. Default 0. */
  readonly startTime?: number;
  /** Kafka's application.id; internal topics are named after it. Default 'streamsim-test'. */
  readonly applicationId?: string;
  /** Interleave tasks by the seed instead of in task order (see StreamsRuntime). */
  readonly shuffle?: boolean;
  /** Keep the trace of every record in and out (default true). */
  readonly trace?: boolean;
  /** Kafka's statestore.cache.max.bytes; >0 turns on the de-duplicating cache mode. Default 0. */
  readonly cacheMaxBytes?: number;
  /** Kafka's commit.interval.ms on the virtual wall clock; default 30000. */
  readonly commitIntervalMs?: number;
  /** Run on this broker instead of a fresh one (its clock is then the driver's clock). */
  readonly broker?: Broker;
  /**
   * Topic configs by topic name, e.g. `{ orders: { valueSchema: Serdes.ZodJson(Order), deadLetterTopic: 'orders-dlt' } }`.
   * A source read with a zod serde (Consumed.with) validates its topic without this.
   */
  readonly topicConfig?: Readonly<Record<string, TopicConfigInput>>;
}

/** Anything that builds a Topology (a StreamsBuilder), or a Topology itself. */
export type TopologySource = Topology | { build(): Topology };

/**
 * Kafka's TopologyTestDriver, with what it lacks: real partitions (one task per partition), fixed
 * application id and internal topic names, a seed for every choice, and a trace of the whole run.
 * Piping a record processes it at once, repartitioned records included, before pipeInput returns.
 */
export class TestDriver {
  readonly broker: Broker;
  readonly runtime: StreamsRuntime;
  readonly topology: Topology;
  private readonly produced = new Map<string, StoredRecord[]>();
  private readonly startTime: number;
  private readonly partitionOption: TestDriverOptions['partitions'];
  private batchDepth = 0;

  constructor(topology: TopologySource, options: TestDriverOptions = {}) {
    this.topology = 'build' in topology && typeof topology.build === 'function' ? topology.build() : (topology as Topology);
    this.startTime = options.startTime ?? 0;
    this.partitionOption = options.partitions;
    this.broker = options.broker ?? new Broker({ clock: new VirtualClock(this.startTime) });
    const sources = [...this.topology.sourceTopics(), ...this.topology.globalStores.map((g) => g.topic)];
    for (const t of [...sources, ...this.topology.sinkTopics()]) {
      if (this.topology.internalTopics.has(t) || this.broker.hasTopic(t)) continue;
      this.broker.createTopic(t, { partitions: this.partitionsFor(t), ...this.sourceSerdes(t), ...options.topicConfig?.[t] });
    }
    this.runtime = new StreamsRuntime(this.topology, this.broker, {
      applicationId: options.applicationId ?? 'streamsim-test',
      seed: options.seed ?? 0,
      shuffle: options.shuffle ?? false,
      trace: options.trace ?? true,
      defaultPartitions: typeof options.partitions === 'number' ? options.partitions : 1,
      cacheMaxBytes: options.cacheMaxBytes ?? 0,
      commitIntervalMs: options.commitIntervalMs ?? 30_000,
    });
    this.runtime.outputListener = (r) => {
      let list = this.produced.get(r.topic);
      if (list === undefined) this.produced.set(r.topic, (list = []));
      list.push(r);
    };
    this.runtime.start();
  }

  createInputTopic<K = unknown, V = unknown>(topic: string, options: InputTopicOptions = {}): TestInputTopic<K, V> {
    const readers = [...this.topology.sourceTopics(), ...this.topology.globalStores.map((g) => g.topic)];
    if (!readers.includes(topic)) {
      throw new TopologyError(`no source reads topic '${topic}'; the topology reads: ${readers.join(', ') || '(nothing)'}`);
    }
    return new TestInputTopic<K, V>(topic, this, { startTimestamp: options.startTimestamp ?? this.startTime, ...options });
  }

  createOutputTopic<K = unknown, V = unknown>(topic: string): TestOutputTopic<K, V> {
    const writesViaExtractor = this.topology.nodes.some((n) => n.kind === 'sink' && typeof n.topic !== 'string');
    const sinks = this.topology.sinkTopics().map((t) => this.runtime.resolveTopic(t));
    const known = sinks.includes(topic) || this.broker.hasTopic(topic);
    if (!known && !writesViaExtractor) {
      throw new TopologyError(`nothing writes topic '${topic}'; the topology writes: ${sinks.join(', ') || '(nothing)'}`);
    }
    return new TestOutputTopic<K, V>(topic, () => this.produced.get(topic) ?? []);
  }

  /** Internal use by TestInputTopic: append one record, then process until idle. */
  pipe(topic: string, key: unknown, value: unknown, timestamp: number, headers: Headers): void {
    this.broker.produce(topic, { key, value, timestamp, headers });
    if (this.batchDepth === 0) this.runtime.runUntilIdle();
  }

  /** Internal use by TestInputTopic: append every record, then process until idle. */
  pipeBatch(records: ReadonlyArray<{ topic: string; key: unknown; value: unknown; timestamp: number; headers: Headers }>): void {
    for (const r of records) this.broker.produce(r.topic, { key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers });
    if (this.batchDepth === 0) this.runtime.runUntilIdle();
  }

  /**
   * Appends everything piped inside `fill` (to any topics) before processing any of it, so that tasks choose
   * among buffered records as Kafka's PartitionGroup does: lowest head timestamp first.
   */
  batch(fill: () => void): void {
    this.batchDepth++;
    try {
      fill();
    } finally {
      this.batchDepth--;
    }
    if (this.batchDepth === 0) this.runtime.runUntilIdle();
  }

  /** Moves the virtual wall clock: fires wall-clock punctuations and interval commits. */
  advanceWallClockTime(ms: number): void {
    this.runtime.advanceWallClockTime(ms);
  }

  getStateStore<S extends StateStore = StateStore>(name: string): S {
    const instances = this.runtime.storeInstances(name);
    if (instances.length === 0) {
      throw new TopologyError(`no state store named '${name}'; stores: ${[...this.topology.stores.keys()].join(', ') || '(none)'}`);
    }
    return compositeStoreView<S>(name, instances);
  }

  /**
   * A key-value store by name. A KTable's store keeps values with timestamps; like Kafka's
   * TopologyTestDriver#getKeyValueStore, this view strips them (getTimestampedKeyValueStore keeps them).
   */
  getKeyValueStore<K = unknown, V = unknown>(name: string): ReadOnlyKeyValueStore<K, V> {
    const store = this.getStateStore<KeyValueStore<K, V>>(name);
    if (this.topology.stores.get(name)?.builder.kind !== 'timestampedKeyValue') return store;
    return withoutTimestamps(store as unknown as ReadOnlyKeyValueStore<K, { value: V } | null>);
  }

  getTimestampedKeyValueStore<K = unknown, V = unknown>(name: string): ReadOnlyKeyValueStore<K, { value: V; timestamp: number }> {
    return this.getStateStore<KeyValueStore<K, { value: V; timestamp: number }>>(name);
  }

  /**
   * A window store by name. A windowed aggregation's store keeps values with timestamps; like Kafka's
   * TopologyTestDriver#getWindowStore, this view strips them (getTimestampedWindowStore keeps them).
   */
  getWindowStore<K = unknown, V = unknown>(name: string): ReadOnlyWindowStore<K, V> {
    const store: ReadOnlyWindowStore<K, V> = this.getStateStore<WindowStore<K, V>>(name);
    if (this.topology.stores.get(name)?.builder.kind !== 'timestampedWindow') return store;
    return stripTimestamps(store);
  }

  getTimestampedWindowStore<K = unknown, V = unknown>(name: string): ReadOnlyWindowStore<K, { value: V; timestamp: number }> {
    return this.getStateStore<WindowStore<K, { value: V; timestamp: number }>>(name);
  }

  getSessionStore<S extends StateStore = StateStore>(name: string): S {
    return this.getStateStore<S>(name);
  }

  getAllStateStores(): Map<string, StateStore> {
    return new Map([...this.topology.stores.keys()].map((n) => [n, this.getStateStore(n)]));
  }

  /** Every topic the run wrote to: sinks, repartition and changelog topics. */
  producedTopicNames(): Set<string> {
    return new Set(this.produced.keys());
  }

  /** Every record in and out, in processing order. */
  trace(): readonly TraceEvent[] {
    return this.runtime.trace.events;
  }

  traceLines(): string[] {
    return this.runtime.trace.lines();
  }

  /** SHA-256 of the whole trace: two runs are identical exactly when their hashes are. */
  traceHash(): string {
    return this.runtime.trace.hash();
  }

  /** Records skipped by operators (late, null keys...), as Kafka's dropped-records metric counts them. */
  droppedRecords(): number {
    return this.runtime.droppedRecordsTotal();
  }

  /** Why records were dropped: task, node and reason of the first 1000 drops. */
  droppedRecordReasons(): readonly { task: string; node: string; reason: string }[] {
    return this.runtime.dropped;
  }

  droppedRecordsByNode(): ReadonlyMap<string, number> {
    return this.runtime.droppedRecordsByNode();
  }

  close(): void {
    this.runtime.close();
  }

  /** A source's serdes become its topic's: values a zod serde refuses are rejected at the broker. */
  private sourceSerdes(topic: string): TopicConfigInput {
    for (const n of this.topology.nodes) {
      if (n.kind !== 'source' || !n.topics.includes(topic)) continue;
      const schema = n.valueSerde !== undefined && 'validate' in n.valueSerde ? (n.valueSerde as unknown as ValueValidator) : undefined;
      return { keySerde: n.keySerde, valueSerde: n.valueSerde, valueSchema: schema };
    }
    return {};
  }

  private partitionsFor(topic: string): number {
    const p = this.partitionOption;
    if (p === undefined) return 1;
    if (typeof p === 'number') return p;
    return p[topic] ?? 1;
  }
}
