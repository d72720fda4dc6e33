/**
 * Runs a streamsim Topology on a real Kafka cluster with kafkajs: the second runtime of ARCHITECTURE.md. The tasks,
 * processors and stores are the simulator's own (StreamTask, createStreamTasks); this class is their TaskHost on
 * Kafka, as StreamsRuntime is on the virtual broker:
 *
 * - a consumer group named by the application id reads the sub-topologies' source topics (repartition topics
 *   included); its assignor hands out whole tasks (task-assigner.ts), so instances of one application id share the
 *   work task by task, as Kafka Streams instances do;
 * - a task's stores are restored from their changelog partitions before it processes anything (on start and when a
 *   rebalance gives it to this instance); repartition and changelog topics have the simulator's names and sizes;
 * - inside a task the next record is the one with the lowest head timestamp, and a task whose input partition has
 *   nothing buffered but is known to have more on the broker waits for it (Kafka's max.task.idle.ms = 0);
 * - outputs (sinks, repartition topics, changelogs) are produced with the simulator's partitioning (murmur2 of the
 *   key bytes, wire-codec.ts); after every fetched batch the outputs are sent and acknowledged, and only then are
 *   the consumed offsets committed (at_least_once), or outputs and offsets commit in one transaction
 *   (exactly_once_v2);
 * - wall-clock time is event time: the clock given to processors follows the largest stream time seen, so
 *   wall-clock punctuations fire as they do in the simulator, where the clock follows the records' append times.
 */
import { retrying } from './retrying.js';
import type { Admin, Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import { Broker } from '../sim/broker.js';
import { VirtualClock } from '../sim/clock.js';
import { TopologyError } from '../sim/errors.js';
import type { StreamPartitioner } from '../sim/processor.js';
import type { Headers, StoredRecord } from '../sim/record.js';
import { decodePartitionTime, encodePartitionTime } from '../sim/runtime/committed-offsets.js';
import { DroppedRecords } from '../sim/runtime/dropped-records.js';
import { GlobalTask } from '../sim/runtime/global-task.js';
import { InternalTopics } from '../sim/runtime/internal-topics.js';
import { computeSubtopologies, type Subtopology } from '../sim/runtime/subtopologies.js';
import { changelogTopicName, type TaskHost } from '../sim/runtime/task-host.js';
import { compareTaskIds } from '../sim/runtime/task-assignor.js';
import { allTaskIdsOf, createStreamTasks } from '../sim/runtime/stream-tasks.js';
import type { RecordQueue, StreamTask } from '../sim/runtime/task.js';
import type { ProcessingGuarantee } from '../sim/runtime/transaction.js';
import type { StateStore } from '../sim/stores/state-store.js';
import type { Topology } from '../sim/topology.js';
import { restoreFromChangelogs } from './changelog-restore.js';
import { PartitionReader } from './partition-reader.js';
import { ensureClusterTopics, mirrorClusterTopics } from './cluster-topics.js';
import { taskAssigner, tasksOfAssignment, type TaskLayout } from './task-assigner.js';
import { OutgoingRecords } from './outgoing-records.js';
import { decodeRecord } from './wire-codec.js';

export interface KafkaStreamsAppOptions {
  readonly applicationId: string;
  /** The kafkajs client of the cluster. */
  readonly kafka: Kafka;
  /**
   * The topics' metadata: a Broker that holds no records, only topics with their partition counts and the
   * simulator's configs (serdes, compaction). Topics it lacks are taken from the cluster at start (output topics the
   * cluster lacks too are created with defaultPartitions); a scenario run passes the broker its processors started
   * on. Default: an empty one.
   */
  readonly metadata?: Broker;
  readonly processingGuarantee?: ProcessingGuarantee;
  /** Partitions of an output topic created here (as RuntimeConfig.defaultPartitions); default 1. */
  readonly defaultPartitions?: number;
  /** Tells instances of one application apart in client and transactional ids; default '0'. */
  readonly instanceId?: string;
  /** Kafka's session.timeout.ms for the group; default 10 s. */
  readonly sessionTimeoutMs?: number;
  /** Called when processing fails: the instance has stopped (as a StreamThread dies on an uncaught exception). */
  readonly onError?: (error: Error) => void;
}

export type KafkaAppState = 'created' | 'starting' | 'running' | 'stopped' | 'killed' | 'failed';


const queueKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** An error of the client or the cluster (kafkajs' errors), as opposed to one of the application's code. */
const isKafkaError = (err: unknown): boolean => err instanceof Error && err.name.startsWith('KafkaJS');

export class KafkaStreamsApp implements TaskHost {
  readonly applicationId: string;
  readonly clock = new VirtualClock(0);
  readonly cacheMaxBytes = 0;
  readonly processingGuarantee: ProcessingGuarantee;
  private readonly subtopologies: readonly Subtopology[];
  private readonly metadata: Broker;
  private readonly topics: InternalTopics;
  private readonly tasks: StreamTask[] = [];
  private readonly globalTasks: GlobalTask[] = [];
  private readonly globalReaders: PartitionReader[] = [];
  private readonly queues = new Map<string, { task: StreamTask; queue: RecordQueue }>();
  /** Per input partition: the next offset after what the consumer has read (markers included) and the high watermark it saw. */
  private readonly positions = new Map<string, { position: number; end: number }>();
  private readonly layout: TaskLayout;
  private readonly dropped = new DroppedRecords();
  private producer: Producer | null = null;
  /** Its own admin client: kafkajs' admin refreshes metadata per call and is not safe to share between concurrent users. */
  private adminClient: Admin | null = null;
  private consumer: Consumer | null = null;
  /** Assigned task ids from the last join; the tasks follow before the next batch is processed. */
  private assigned: string[] = [];
  private readonly outgoing = new OutgoingRecords();
  private readonly nextKeyless = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private restores = 0;
  private stateValue: KafkaAppState = 'created';
  private failure: Error | null = null;
  processedTotal = 0;
  /** Records sent to the cluster (outputs, repartition and changelog records; aborted transactions included). */
  get producedTotal(): number {
    return this.outgoing.taken;
  }

  constructor(
    readonly topology: Topology,
    private readonly options: KafkaStreamsAppOptions,
  ) {
    this.applicationId = options.applicationId;
    this.processingGuarantee = options.processingGuarantee ?? 'at_least_once';
    this.subtopologies = computeSubtopologies(topology);
    this.metadata = options.metadata ?? new Broker();
    this.topics = new InternalTopics(topology, this.metadata, this.subtopologies, this.applicationId, undefined);
    const tasks = new Map<string, { topic: string; partition: number }[]>();
    this.layout = { tasks, ownedTasks: () => this.tasks.map((t) => t.idString) };
  }

  get state(): KafkaAppState {
    return this.stateValue;
  }

  /** Why processing stopped, when it failed. */
  get error(): Error | null {
    return this.failure;
  }

  private get instanceId(): string {
    return this.options.instanceId ?? '0';
  }

  /** Creates the internal topics, bootstraps global stores, joins the group and starts consuming. */
  async start(): Promise<void> {
    if (this.stateValue !== 'created') throw new TopologyError(`this application instance is ${this.stateValue}: start a new one`);
    this.stateValue = 'starting';
    const { kafka } = this.options;
    const metadata = this.metadata;
    const admin = kafka.admin();
    this.adminClient = admin;
    await admin.connect();
    const internalNames = this.topology.internalTopics;
    const external = [...this.topology.sourceTopics(), ...this.topology.globalStores.map((g) => g.topic)].filter((t) => !internalNames.has(t));
    const sinks = this.subtopologies.flatMap((st) => st.sinkTopics).filter((t) => !internalNames.has(t));
    const absent = await mirrorClusterTopics(admin, metadata, [...new Set([...external, ...sinks])]);
    const missingSources = absent.filter((t) => external.includes(t));
    if (missingSources.length > 0) throw new TopologyError(`source topic${missingSources.length > 1 ? 's' : ''} ${missingSources.map((t) => `'${t}'`).join(', ')} not found on the cluster: create ${missingSources.length > 1 ? 'them' : 'it'} first`);
    for (const t of sinks) if (!metadata.hasTopic(t)) metadata.createTopic(t, { partitions: this.options.defaultPartitions ?? 1 });
    this.topics.create();
    const internal = [...this.topics.repartitionTopics];
    for (const st of this.subtopologies) for (const s of st.storeNames) if (this.topology.stores.get(s)!.builder.loggingEnabled) internal.push(changelogTopicName(this.applicationId, s));
    await ensureClusterTopics(admin, metadata, [...new Set([...internal, ...sinks])]);

    for (const id of allTaskIdsOf(this.subtopologies, this.topics)) {
      const [st, p] = id.split('_').map(Number) as [number, number];
      const parts = this.subtopologies[st]!.sourceTopics.map((t) => this.topics.resolve(t)).filter((t) => p < this.topics.partitionsOf(t)).map((topic) => ({ topic, partition: p }));
      (this.layout.tasks as Map<string, { topic: string; partition: number }[]>).set(id, parts);
    }

    for (const g of this.topology.globalStores) {
      const store = this.topology.stores.get(g.storeName)!.builder.build();
      const task = new GlobalTask(g, store, metadata.partitionCount(g.topic), this);
      this.globalTasks.push(task);
      const serdes = metadata.topicConfig(g.topic);
      const reader = new PartitionReader({
        kafka,
        admin,
        groupId: `${this.applicationId}-global-${this.instanceId}-${g.storeName}`,
        partitions: Array.from({ length: metadata.partitionCount(g.topic) }, (_, partition) => ({ topic: g.topic, partition })),
        follow: true,
        onRecord: (topic, partition, m) => {
          if (this.stateValue !== 'running' && this.stateValue !== 'starting') return;
          const d = decodeRecord(topic, m, serdes);
          task.process({ topic, partition, offset: Number(m.offset), key: d.key, value: d.value, timestamp: Number(m.timestamp), headers: d.headers });
        },
      });
      this.globalReaders.push(reader);
      // Kafka Streams bootstraps global stores before any stream task runs.
      await reader.caughtUp();
    }

    const eos = this.processingGuarantee === 'exactly_once_v2';
    this.producer = kafka.producer({
      // a topic deleted under a running application must not come back with the broker's default partitions
      allowAutoTopicCreation: false,
      idempotent: true,
      maxInFlightRequests: 1,
      ...(eos ? { transactionalId: `${this.applicationId}-${this.instanceId}` } : {}),
    });
    await this.producer.connect();
    const consumer = kafka.consumer({
      groupId: this.applicationId,
      partitionAssigners: [taskAssigner(this.layout)],
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = tasksOfAssignment(this.layout, payload.memberAssignment);
      // tasks start (and restore) at once, not when their first batch comes: a task may have nothing left to read
      void this.serial(async () => {
        if (this.stateValue !== 'running') return;
        try {
          await this.followAssignment();
        } catch (err) {
          if (this.stateValue === 'running') this.fail(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    // Fired for batches of transaction markers too, which never reach eachBatch: a partition read to its end.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const k = queueKey(payload.topic, payload.partition);
      const p = this.positions.get(k);
      if (p === undefined) return;
      const before = p.position;
      p.position = Math.max(p.position, Number(payload.lastOffset) + 1);
      p.end = Math.max(p.end, Number(payload.highWatermark));
      // markers only: no batch comes for this partition, yet a task may have waited for it to be read to its end
      if (p.position > before && p.position >= p.end) void this.serial(() => this.processAndFlush());
    });
    await consumer.connect();
    const sources = [...new Set([...this.layout.tasks.values()].flatMap((parts) => parts.map((p) => p.topic)))];
    await consumer.subscribe({ topics: sources, fromBeginning: true });
    this.stateValue = 'running';
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.serial(() => this.onBatch(payload)) });
  }

  /** A clean shutdown: the batch in hand is finished and committed, the group is left, tasks and stores close. */
  async close(): Promise<void> {
    if (this.stateValue !== 'running' && this.stateValue !== 'starting') return;
    this.stateValue = 'stopped';
    await this.chain;
    await this.shutDownClients();
    for (const t of this.tasks) t.close();
    for (const g of this.globalTasks) g.close();
  }

  /**
   * The process dies: nothing more is processed, sent or committed (an open transaction is aborted, as the
   * coordinator aborts a dead producer's), and the group rebalances its tasks to the other instances. Unlike a
   * real crash the member leaves the group at once, instead of after session.timeout.ms.
   */
  async kill(): Promise<void> {
    if (this.stateValue !== 'running' && this.stateValue !== 'starting') return;
    this.stateValue = 'killed';
    this.outgoing.clear();
    // a crash from inside a batch (crashAfter) cannot wait for that batch: its clients go down after it returns
    this.down = this.chain.catch(() => undefined).then(() => this.shutDownClients());
    if (!this.inBatch) await this.down;
  }

  /**
   * Arms a crash: once this instance has processed `records` more records, it dies in the middle of its batch, before
   * that batch's outputs are sent or its offsets committed (kill()). For failover tests, as StreamsRuntime#crashAfter.
   */
  crashAfter(records: number): void {
    if (!Number.isSafeInteger(records) || records < 1) throw new RangeError(`crashAfter takes a record count >= 1, got ${records}`);
    this.crashCountdown = records;
  }

  private crashCountdown: number | null = null;
  /** Set while a batch is being processed (a crash from inside it cannot wait for it). */
  private inBatch = false;
  /** Resolves once a killed instance's clients are down. */
  private down: Promise<void> = Promise.resolve();

  /** Resolves once a killed or failed instance has disconnected from the cluster. */
  stopped(): Promise<void> {
    return this.down;
  }

  /** Input partitions of this instance's tasks: how far it has read each (markers included) and what it has processed. */
  progress(): { topic: string; partition: number; position: number; end: number; buffered: number; processed: number }[] {
    return [...this.queues.values()].map(({ queue }) => {
      const p = this.positions.get(queueKey(queue.topic, queue.partition))!;
      return { topic: queue.topic, partition: queue.partition, position: p.position, end: p.end, buffered: queue.buffered, processed: queue.processedOffset };
    });
  }

  /** The task ids this instance runs. */
  ownedTaskIds(): string[] {
    return this.tasks.map((t) => t.idString);
  }

  /** Every task id of the topology. */
  allTaskIds(): string[] {
    return [...this.layout.tasks.keys()];
  }

  droppedRecordsTotal(): number {
    return this.dropped.total;
  }

  /** Stores restored from changelogs so far (tasks started with a non-empty changelog). */
  get restoredStores(): number {
    return this.restores;
  }

  // ---- TaskHost ----

  resolveTopic(name: string): string {
    return this.topics.resolve(name);
  }

  send(topic: string, key: unknown, value: unknown, timestampMs: number, headers: Headers, partitioner: StreamPartitioner | undefined): StoredRecord | null {
    const metadata = this.metadata;
    if (!metadata.hasTopic(topic)) {
      // A topic a TopicNameExtractor names: created here, on the cluster before the next send.
      metadata.createTopic(topic, { partitions: this.options.defaultPartitions ?? 1 });
      this.newTopics.push(topic);
    }
    const count = metadata.partitionCount(topic);
    let partition = partitioner?.(topic, key, value, count);
    if (partition === undefined) {
      if (key === null || key === undefined) {
        partition = this.nextKeyless.get(topic) ?? 0;
        this.nextKeyless.set(topic, (partition + 1) % count);
      } else partition = metadata.partitionForKey(topic, key);
    }
    this.outgoing.add(topic, partition, key, value, timestampMs, headers, metadata.topicConfig(topic));
    return null;
  }

  logChange(changelogTopic: string, partition: number, key: unknown, value: unknown, timestampMs: number): void {
    this.outgoing.add(changelogTopic, partition, key, value, Math.max(0, timestampMs), [], this.metadata.topicConfig(changelogTopic));
  }

  globalStore(name: string): StateStore | undefined {
    return this.globalTasks.find((g) => g.def.storeName === name)?.store;
  }

  requestCommit(): void {
    // Every batch is committed once processed: a requested commit is always honoured.
  }

  recordDropped(taskId: string, nodeName: string, reason: string): void {
    this.dropped.record(taskId, nodeName, reason);
  }

  traceInput(): void {
    // The simulator's trace hashes its broker; a cluster has its own logs.
  }

  // ---- internals ----

  private readonly newTopics: string[] = [];


  /** One batch at a time, whatever kafkajs or the events ask: the tasks are not re-entrant. */
  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async onBatch({ batch, heartbeat }: EachBatchPayload): Promise<void> {
    if (this.stateValue !== 'running') return;
    try {
      await this.followAssignment();
      const entry = this.queues.get(queueKey(batch.topic, batch.partition));
      if (entry === undefined) return; // a partition of a task this instance no longer runs
      const { task, queue } = entry;
      const serdes = this.metadata.topicConfig(batch.topic);
      for (const m of batch.messages) {
        const offset = Number(m.offset);
        // after a rebalance kafkajs fetches from the committed offset again: records already buffered are skipped
        if (offset < queue.fetchOffset) continue;
        const d = decodeRecord(batch.topic, m, serdes);
        task.enqueue(queue, { topic: batch.topic, partition: batch.partition, offset, key: d.key, value: d.value, timestamp: Number(m.timestamp), headers: d.headers });
      }
      const pos = this.positions.get(queueKey(batch.topic, batch.partition))!;
      pos.position = Math.max(pos.position, Number(batch.lastOffset()) + 1);
      pos.end = Math.max(pos.end, Number(batch.highWatermark));
    } catch (err) {
      // the application's own code failed (a timestamp extractor, a serde): fatal, as an uncaught exception kills a StreamThread
      if (this.stateValue === 'running') this.fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    await this.processAndFlush();
    await heartbeat();
  }

  /** Processes what is ready, then sends the outputs and commits; a failure of Kafka resets the tasks, one of the application fails it. */
  private async processAndFlush(): Promise<void> {
    if (this.stateValue !== 'running') return;
    try {
      this.inBatch = true;
      this.processReady();
    } catch (err) {
      if (this.stateValue === 'running') this.fail(err instanceof Error ? err : new Error(String(err)));
      return;
    } finally {
      this.inBatch = false;
    }
    if (this.stateValue !== 'running') return;
    try {
      await this.flush();
    } catch (err) {
      if (this.stateValue !== 'running') return;
      if (!isKafkaError(err)) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      // Kafka Streams' TaskMigratedException: the outputs or the commit did not make it (a rebalance, a fenced
      // transaction), so the tasks' state is ahead of what Kafka holds. They close dirty and start again from the
      // committed offsets with their stores restored from the changelogs.
      this.resetTasks();
    }
  }

  /** Processes every task that can go on: each record is the lowest head timestamp of its task, no input lagging. */
  private processReady(): void {
    for (let progressed = true; progressed && this.stateValue === 'running'; ) {
      progressed = false;
      for (const task of this.tasks) {
        while (task.hasBuffered() && this.ready(task)) {
          task.processOne();
          this.processedTotal++;
          progressed = true;
          if (this.crashCountdown !== null && --this.crashCountdown <= 0) {
            void this.kill();
            return;
          }
        }
        if (task.streamTimeMs > this.clock.now()) {
          this.clock.set(task.streamTimeMs);
          for (const t of this.tasks) t.maybePunctuateWallClock();
        }
      }
    }
  }

  /** Kafka's max.task.idle.ms = 0: an input with nothing buffered holds the task back only while it has more to read. */
  private ready(task: StreamTask): boolean {
    for (const q of task.queues) {
      if (q.buffered > 0) continue;
      const p = this.positions.get(queueKey(q.topic, q.partition))!;
      if (p.position < p.end) return false;
    }
    return true;
  }

  /** Sends what the batch produced and waits for the acknowledgements, then commits offsets (in one transaction under exactly-once). */
  private async flush(): Promise<void> {
    const producer = this.producer!;
    const offsets = new Map<string, { partition: number; offset: string; metadata: string }[]>();
    const committed: RecordQueue[] = [];
    for (const { queue } of this.queues.values()) {
      if (queue.processedOffset <= queue.committedOffset) continue;
      let list = offsets.get(queue.topic);
      if (list === undefined) offsets.set(queue.topic, (list = []));
      list.push({ partition: queue.partition, offset: String(queue.processedOffset), metadata: encodePartitionTime(queue.processedTimeMs) });
      committed.push(queue);
    }
    if (this.outgoing.isEmpty && committed.length === 0) return;
    if (this.newTopics.length > 0) await ensureClusterTopics(this.adminClient!, this.metadata, this.newTopics.splice(0));
    const calls = this.outgoing.take();
    const topics = [...offsets].map(([topic, partitions]) => ({ topic, partitions }));
    if (this.processingGuarantee === 'exactly_once_v2') {
      const trx = await producer.transaction();
      try {
        for (const topicMessages of calls) {
          if (this.stateValue !== 'running') throw new Error('killed');
          await trx.sendBatch({ topicMessages });
        }
        if (topics.length > 0) await trx.sendOffsets({ consumerGroupId: this.applicationId, topics });
        if (this.stateValue !== 'running') throw new Error('killed');
        await trx.commit();
      } catch (err) {
        await trx.abort().catch(() => undefined);
        throw err;
      }
    } else {
      for (const topicMessages of calls) {
        if (this.stateValue !== 'running') return;
        await producer.sendBatch({ topicMessages, acks: -1 });
      }
      if (this.stateValue !== 'running') return;
      if (topics.length > 0) await this.consumer!.commitOffsets(topics.flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, ...p }))));
    }
    for (const q of committed) q.committedOffset = q.processedOffset;
  }


  /**
   * Makes the tasks follow the group's last assignment (Kafka: onPartitionsRevoked / onPartitionsAssigned): tasks
   * taken away close (everything they processed was committed with its batch), new ones start at the committed
   * offsets with the partition time of the commit, their stores restored from the changelogs first.
   */
  private async followAssignment(): Promise<void> {
    const want = new Set(this.assigned);
    const owned = new Set(this.tasks.map((t) => t.idString));
    if (want.size === owned.size && [...want].every((id) => owned.has(id))) return;
    for (let i = this.tasks.length - 1; i >= 0; i--) {
      const t = this.tasks[i]!;
      if (want.has(t.idString)) continue;
      t.close();
      this.tasks.splice(i, 1);
      for (const q of t.queues) {
        this.queues.delete(queueKey(q.topic, q.partition));
        this.positions.delete(queueKey(q.topic, q.partition));
      }
    }
    const added = createStreamTasks(new Set([...want].filter((id) => !owned.has(id))), this.topology, this.subtopologies, this.topics, this, null);
    if (added.length === 0) return;
    const admin = this.adminClient!;
    const inputTopics = [...new Set(added.flatMap((t) => t.queues.map((q) => q.topic)))];
    const committed = new Map<string, { offset: number; metadata: string | null }>();
    for (const group of await retrying(() => admin.fetchOffsets({ groupId: this.applicationId, topics: inputTopics }))) {
      for (const p of group.partitions) committed.set(queueKey(group.topic, p.partition), { offset: Number(p.offset), metadata: p.metadata });
    }
    const bounds = new Map<string, { low: number; high: number }>();
    for (const topic of inputTopics) {
      for (const o of await retrying(() => admin.fetchTopicOffsets(topic))) bounds.set(queueKey(topic, o.partition), { low: Number(o.low), high: Number(o.high) });
    }
    for (const task of added) {
      for (const q of task.queues) {
        const k = queueKey(q.topic, q.partition);
        const c = committed.get(k);
        const b = bounds.get(k) ?? { low: 0, high: 0 };
        const start = c !== undefined && c.offset >= 0 ? c.offset : b.low;
        q.fetchOffset = start;
        q.processedOffset = start;
        q.committedOffset = start;
        const time = c?.metadata ? decodePartitionTime(c.metadata) : -1;
        q.partitionTimeMs = time;
        q.processedTimeMs = time;
        this.queues.set(k, { task, queue: q });
        this.positions.set(k, { position: start, end: b.high });
        // the consumer may have fetched past the commit (before a reset, or for the previous owner's tasks)
        this.consumer?.seek({ topic: q.topic, partition: q.partition, offset: String(start) });
      }
    }
    await this.restore(added);
    this.tasks.push(...added);
    this.tasks.sort((a, b) => compareTaskIds(a.idString, b.idString));
  }

  /** Kafka's StoreChangelogReader (changelog-restore.ts), counting the changelog partitions that held records. */
  private async restore(tasks: readonly StreamTask[]): Promise<void> {
    const groupId = `${this.applicationId}-restore-${this.instanceId}-${++this.restoreRound}`;
    const restored = await restoreFromChangelogs(
      { kafka: this.options.kafka, admin: this.adminClient!, metadata: this.metadata, topology: this.topology, applicationId: this.applicationId, groupId },
      tasks,
    );
    for (const k of restored) this.restored.add(k);
    this.restores = this.restored.size;
  }

  private restoreRound = 0;
  private readonly restored = new Set<string>();

  /** Closes every task without committing; the next batch re-creates them (followAssignment) from what Kafka holds. */
  private resetTasks(): void {
    for (const t of this.tasks) t.close();
    this.tasks.length = 0;
    this.queues.clear();
    this.positions.clear();
    this.outgoing.clear();
    this.resets++;
  }

  /** Times the tasks were reset after a failed flush or commit. */
  resets = 0;

  private fail(error: Error): void {
    this.stateValue = 'failed';
    this.failure = error;
    this.options.onError?.(error);
    this.down = this.shutDownClients();
  }

  private async shutDownClients(): Promise<void> {
    const consumer = this.consumer;
    const producer = this.producer;
    const admin = this.adminClient;
    this.consumer = null;
    this.producer = null;
    this.adminClient = null;
    // a disconnect that fails leaves nothing more to do: the member's session times out
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    for (const r of this.globalReaders) await r.stop().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
}
