import { Broker } from '../broker.js';
import { VirtualClock } from '../clock.js';
import { TopologyError } from '../errors.js';
import type { Headers, StoredRecord } from '../record.js';
import { ApplicationInstances } from '../runtime/application-instances.js';
import type { OutputListener } from '../runtime/application-output.js';
import type { DroppedRecord, ProcessingGuarantee, StreamsRuntime } from '../runtime/runtime.js';
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
import { CapturedTopic } from './captured-topic.js';
import { changelogTopicName } from '../runtime/task-host.js';

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
  /** Kafka's commit.interval.ms on the virtual wall clock; default 30000, 100 under exactly_once_v2. */
  readonly commitIntervalMs?: number;
  /** Kafka's processing.guarantee (default at_least_once); see crash() and restart(). */
  readonly processingGuarantee?: ProcessingGuarantee;
  /**
   * Commit after every this many processed records, or only on commit() and the commit interval (Infinity),
   * instead of after every pipe. Places the last commit before a crash.
   */
  readonly commitEvery?: number;
  /** Run on this broker instead of a fresh one (its clock is then the driver's clock). */
  readonly broker?: Broker;
  /**
   * Topic configs by topic name, e.g. `{ orders: { valueSchema: Serdes.ZodJson(Order), deadLetterTopic: 'orders-dlt' } }`.
   * A source read with a zod serde (Consumed.with) validates its topic without this.
   */
  readonly topicConfig?: Readonly<Record<string, TopicConfigInput>>;
  /**
   * Instances of the application (default 1), sharing its tasks by the sticky task assignor; see addInstance(),
   * removeInstance(), crashInstance(), rebalance(). One instance is the single runtime of earlier versions.
   */
  readonly instances?: number;
  /** Kafka's repartition.purge.interval.ms on the virtual wall clock (default 30000; Infinity never purges). */
  readonly repartitionPurgeIntervalMs?: number;
  /** Kafka's windowstore.changelog.additional.retention.ms (default 86400000). */
  readonly windowStoreChangelogAdditionalRetentionMs?: number;
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
  readonly topology: Topology;
  /** The application's instances (one unless `instances` or addInstance() says otherwise). */
  readonly application: ApplicationInstances;
  /** Captured records per topic written; null for an internal topic nobody reads while the trace is off. */
  private readonly captured = new Map<string, CapturedTopic | null>();
  /** Repartition and changelog topics: captured only with the trace on or once a reader asks for them. */
  private readonly internalTopicNames = new Set<string>();
  private readonly captureInternal: boolean;
  /** Every topic the run wrote to, captured or not. */
  private readonly writtenTopics = new Set<string>();
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
    const applicationId = options.applicationId ?? 'streamsim-test';
    for (const t of this.topology.internalTopics.keys()) this.internalTopicNames.add(`${applicationId}-${t}`);
    for (const s of this.topology.stores.keys()) this.internalTopicNames.add(changelogTopicName(applicationId, s));
    this.captureInternal = options.trace ?? true;
    const outputListener = (r: StoredRecord): void => {
      let topic = this.captured.get(r.topic);
      if (topic === undefined) {
        this.captured.set(r.topic, (topic = this.captureInternal || !this.internalTopicNames.has(r.topic) ? new CapturedTopic() : null));
        this.writtenTopics.add(r.topic);
      }
      if (topic === null) return;
      if (topic.end === 0) this.writtenTopics.add(r.topic); // captured since createOutputTopic, first write
      topic.push(r);
    };
    // An internal topic's records are ignored once its first write is noted (until a reader asks for them).
    const wants = (topic: string): boolean => this.captured.get(topic) !== null;
    const listener: OutputListener = Object.assign(outputListener, { wants });
    const config = {
      applicationId,
      seed: options.seed ?? 0,
      shuffle: options.shuffle ?? false,
      trace: options.trace ?? true,
      defaultPartitions: typeof options.partitions === 'number' ? options.partitions : 1,
      cacheMaxBytes: options.cacheMaxBytes ?? 0,
      commitIntervalMs: options.commitIntervalMs,
      processingGuarantee: options.processingGuarantee ?? 'at_least_once',
      commitEvery: options.commitEvery,
      repartitionPurgeIntervalMs: options.repartitionPurgeIntervalMs,
      windowStoreChangelogAdditionalRetentionMs: options.windowStoreChangelogAdditionalRetentionMs,
    };
    this.application = new ApplicationInstances(this.topology, this.broker, config, { instances: options.instances, outputListener: listener });
  }

  /** The running runtime: the lowest live instance's (after restart(), the new one; while crashed, the crashed one). */
  get runtime(): StreamsRuntime {
    return this.application.primary;
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
    let captured = this.captured.get(topic);
    // An internal topic not captured so far (trace off) is captured from now on.
    if (captured === undefined || captured === null) this.captured.set(topic, (captured = new CapturedTopic()));
    return new TestOutputTopic<K, V>(topic, captured);
  }

  /** Internal use by TestInputTopic: append one record, then process until idle. */
  pipe(topic: string, key: unknown, value: unknown, timestamp: number, headers: Headers): void {
    this.broker.append(topic, key, value, timestamp, headers, undefined);
    if (this.batchDepth === 0) this.processIfUp();
  }

  /** Internal use by TestInputTopic: append every record, then process until idle. */
  pipeBatch(records: ReadonlyArray<{ topic: string; key: unknown; value: unknown; timestamp: number; headers: Headers }>): void {
    for (const r of records) this.broker.produce(r.topic, { key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers });
    if (this.batchDepth === 0) this.processIfUp();
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
    if (this.batchDepth === 0) this.processIfUp();
  }

  /** Moves the virtual wall clock: fires wall-clock punctuations and interval commits (only the clock while crashed). */
  advanceWallClockTime(ms: number): void {
    if (this.application.isDown) this.broker.clock.advance(ms);
    else this.application.advanceWallClockTime(ms);
  }

  getStateStore<S extends StateStore = StateStore>(name: string): S {
    const instances = this.application.storeInstances(name);
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
    return new Set(this.writtenTopics);
  }

  /** Every record in and out, in processing order, across crashes, restarts and instances. */
  trace(): readonly TraceEvent[] {
    return this.application.trace.events;
  }

  traceLines(): string[] {
    return this.application.trace.lines();
  }

  /** SHA-256 of the whole trace: two runs are identical exactly when their hashes are. */
  traceHash(): string {
    return this.application.trace.hash();
  }

  // ---- commits and faults ----

  /** Forces a commit now (Kafka's commit, as if commit.interval.ms had elapsed): flush, then outputs and offsets. */
  commit(): void {
    this.application.commitAll();
  }

  /** The offsets committed for the application's group: where a restart resumes. */
  committedOffsets(): { topic: string; partition: number; offset: number }[] {
    return this.application.committedOffsets();
  }

  /** Kills every instance without flushing or committing (StreamsRuntime#crash); piped records wait for restart(). */
  crash(): void {
    this.application.crashAll();
  }

  /**
   * Starts the crashed instances again on the same broker: they restore stores from changelogs, resume every input
   * partition at its committed offset and process what is there (the redelivered records).
   */
  restart(): void {
    this.application.restart();
    this.application.runUntilIdle();
  }

  /**
   * Crashes the application once it has processed `records` more records (repartitioned ones count): in the
   * middle of a pipe or batch, before the commit that record would have triggered. isCrashed() tells whether it
   * happened; restart() brings the application back. With several instances use crashInstanceAfter().
   */
  crashAfter(records: number): void {
    const live = this.application.liveInstanceIds();
    if (live.length !== 1) throw new TopologyError(`crashAfter needs one live instance, there are ${live.length}: use crashInstanceAfter(i, n)`);
    this.application.crashInstanceAfter(live[0]!, records);
  }

  /** True while the application is down (between a crash of its last instance and restart()). */
  isCrashed(): boolean {
    return this.application.isDown;
  }

  crashAndRestart(): void {
    this.crash();
    this.restart();
  }

  /** How many times an instance crashed (crash() counts each live instance, crashInstance(), armed crashes). */
  crashCount(): number {
    return this.application.crashCount;
  }

  // ---- instances and rebalances (see ApplicationInstances); each processes what is pending afterwards ----

  get instanceCount(): number {
    return this.application.instanceCount;
  }

  /** Ids of the live instances, ascending (ids count up from 0 and are never reused). */
  instanceIds(): number[] {
    return this.application.liveInstanceIds();
  }

  /** Task ids (`<subtopology>_<partition>`) instance `i` runs. */
  tasksOf(i: number): string[] {
    return this.application.tasksOf(i);
  }

  /** Starts one more instance; a rebalance gives it its share of the tasks. Returns its id. */
  addInstance(): number {
    const id = this.application.addInstance();
    this.processIfUp();
    return id;
  }

  /** Instance `i` leaves cleanly: commits, hands its tasks over; nothing is processed twice. */
  removeInstance(i: number): void {
    this.application.removeInstance(i);
    this.processIfUp();
  }

  /** Instance `i` dies; survivors take its tasks over from the last commit (the last one: isCrashed(), restart()). */
  crashInstance(i: number): void {
    this.application.crashInstance(i);
    this.processIfUp();
  }

  /** Instance `i` crashes once it has processed `records` more records (in the middle of a pipe or batch). */
  crashInstanceAfter(i: number, records: number): void {
    this.application.crashInstanceAfter(i, records);
    this.processIfUp();
  }

  /** A rebalance without a membership change (sticky: moves nothing when balanced). */
  rebalance(): void {
    this.application.rebalance();
    this.processIfUp();
  }

  /** Records skipped by operators (late, null keys...), as Kafka's dropped-records metric counts them. */
  droppedRecords(): number {
    return this.application.droppedRecordsTotal();
  }

  /** Why records were dropped: task, node and reason of the first 1000 drops (per runtime). */
  droppedRecordReasons(): readonly DroppedRecord[] {
    return this.application.droppedRecords();
  }

  droppedRecordsByNode(): ReadonlyMap<string, number> {
    return this.application.droppedRecordsByNode();
  }

  close(): void {
    if (!this.application.isDown) this.application.close();
  }

  /** While crashed, piped records only reach their topics; restart() processes them. */
  private processIfUp(): void {
    if (this.batchDepth === 0 && !this.application.isDown) this.application.runUntilIdle();
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
