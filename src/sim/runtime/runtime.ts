import type { Broker } from '../broker.js';
import { TopologyError } from '../errors.js';
import type { StreamPartitioner } from '../processor.js';
import type { Headers, ProducerRecord, StoredRecord } from '../record.js';
import { SeededRng, type RandomStream } from '../rng.js';
import type { StateStore } from '../stores/state-store.js';
import type { Topology } from '../topology.js';
import { CommitFailedError } from '../clients/errors.js';
import { GroupCoordinator, type OffsetCommit } from '../clients/group-coordinator.js';
import { GlobalTask } from './global-task.js';
import { computeSubtopologies, type Subtopology } from './subtopologies.js';
import { changelogTopicName, type TaskHost } from './task-host.js';
import { compareTaskIds } from './task-assignor.js';
import { StreamTask } from './task.js';
import { Trace } from './trace.js';
import { defaultCommitIntervalMs, PendingTransaction, type ProcessingGuarantee } from './transaction.js';
import { changelogTopicConfig, DEFAULT_REPARTITION_PURGE_INTERVAL_MS, purgeCommittedRepartitionRecords } from './internal-topic-cleanup.js';

export type { ProcessingGuarantee } from './transaction.js';

/** Bounds the memory a long run with many late records spends on drop reasons. */
const DROPPED_SAMPLE_LIMIT = 1000;

export interface RuntimeConfig {
  /** Kafka's application.id: prefixes internal topic names and names the consumer group. */
  readonly applicationId: string;
  /** Seeds every choice the runtime makes (ties, shuffled interleaving). */
  readonly seed?: number;
  /**
   * Interleave tasks, and break head-timestamp ties, by the seeded RNG instead of in task order, to expose
   * code that depends on an order Kafka does not guarantee.
   */
  readonly shuffle?: boolean;
  /** Partitions of output topics the runtime has to create itself. */
  readonly defaultPartitions?: number;
  /** Keep every record in and out for trace()/traceHash() (default true). */
  readonly trace?: boolean;
  /** Kafka's commit.interval.ms, on the virtual wall clock; commits flush caches. Default 30 s, 100 ms under exactly-once. */
  readonly commitIntervalMs?: number;
  /**
   * Kafka's processing.guarantee. at_least_once (default): outputs reach the log as they are produced, a crash
   * leaves them there and the records after the last commit are processed again. exactly_once_v2: outputs,
   * changelog writes and offsets become visible together at commit; a crash aborts what was not committed.
   */
  readonly processingGuarantee?: ProcessingGuarantee;
  /**
   * Commit after every this many processed records (repartitioned records count), instead of whenever the
   * run is idle; Infinity commits only on commitAll() and the commit interval. A test's way to place the
   * last commit before a crash. Unset (default): commit when idle (no cache) or on the interval (cache).
   */
  readonly commitEvery?: number;
  /** Kafka's statestore.cache.max.bytes; 0 (default) forwards every update. */
  readonly cacheMaxBytes?: number;
  /**
   * One instance among several (ApplicationInstances): start() creates no stream task; the instance runs the
   * tasks given to assignTasks(). Unset (default): the runtime owns every task of the topology.
   */
  readonly assignedTasksOnly?: boolean;
  /**
   * Kafka's repartition.purge.interval.ms (default 30000) on the virtual wall clock: after a commit, once this
   * long has passed since the last purge, repartition records below the committed offsets are deleted
   * (StreamThread#maybeCommit, TaskManager#maybePurgeCommittedRecords). Infinity never purges.
   */
  readonly repartitionPurgeIntervalMs?: number;
  /**
   * Kafka's windowstore.changelog.additional.retention.ms (default 1 day): a window or session store's changelog
   * is cleanup.policy=compact,delete with retention.ms = the store's retention + this.
   */
  readonly windowStoreChangelogAdditionalRetentionMs?: number;
}

/** The generation of the group an instance belongs to (ApplicationInstances): what fences zombies. */
export interface GroupGeneration {
  readonly generation: number;
}

export interface DroppedRecord {
  readonly task: string;
  readonly node: string;
  readonly reason: string;
}

/**
 * Runs a Topology on the virtual broker: one task per (sub-topology, partition), global stores, repartition
 * and changelog topics, punctuation, commits and the trace.
 *
 * Scheduling. Records are processed in rounds: every task drains what it has buffered, then new records
 * (repartition topics included) are fetched, until nothing is left, so repartitioned records are processed
 * breadth-first as in Kafka's TopologyTestDriver. Inside a task the next record is the one with the lowest
 * head timestamp (PartitionGroup); ties go to the input that comes first in the topology. Since every
 * fetch here is complete, a task never waits for data on another partition: this is Kafka's
 * max.task.idle.ms = 0 with the consumer caught up.
 */
export class StreamsRuntime implements TaskHost {
  readonly applicationId: string;
  readonly subtopologies: readonly Subtopology[];
  readonly tasks: StreamTask[] = [];
  readonly globalTasks: GlobalTask[] = [];
  readonly trace: Trace;
  /** The first DROPPED_SAMPLE_LIMIT dropped records with their reasons; counts are kept for all of them. */
  readonly dropped: DroppedRecord[] = [];
  private droppedTotal = 0;
  private readonly droppedByNode = new Map<string, number>();
  private readonly partitionsByTopic = new Map<string, number>();
  private readonly scheduler: RandomStream;
  /** Holds the application's committed offsets (Kafka: the consumer group named by application.id). */
  private readonly coordinator: GroupCoordinator;
  private readonly shuffle: boolean;
  private readonly commitIntervalMs: number;
  private lastCommitMs: number;
  private readonly purgeIntervalMs: number;
  private lastPurgeMs: number;
  /** Full names of the repartition topics (the topology's internal topics): what the purge deletes from. */
  private readonly repartitionTopics = new Set<string>();
  readonly processingGuarantee: ProcessingGuarantee;
  /** The open transaction under exactly_once_v2; null under at_least_once. */
  private readonly transaction: PendingTransaction | null;
  private readonly commitEvery: number | undefined;
  private recordsSinceCommit = 0;
  /** Set by ProcessorContext#commit; honoured after the record or punctuation that asked. */
  private commitRequested = false;
  private crashed = false;
  /** crashAfter(): records left to process before the armed crash; null when none is armed. */
  private crashCountdown: number | null = null;
  /** Called with every record a sink or store writes (the test driver captures outputs through it). */
  outputListener: ((record: StoredRecord) => void) | null = null;
  private started = false;
  private closed = false;
  /** The group whose generation fences this instance's commits; null for a lone runtime. */
  private group: GroupGeneration | null = null;
  private memberGeneration = 0;

  /** `trace`: a trace shared with other instances of the application (default: its own). */
  constructor(
    readonly topology: Topology,
    readonly broker: Broker,
    readonly config: RuntimeConfig,
    trace?: Trace,
  ) {
    if (!/^[a-zA-Z0-9._-]+$/.test(config.applicationId)) {
      throw new TopologyError(`application id '${config.applicationId}' must be made of [a-zA-Z0-9._-]`);
    }
    this.applicationId = config.applicationId;
    this.subtopologies = computeSubtopologies(topology);
    this.trace = trace ?? new Trace(config.trace ?? true);
    this.scheduler = new SeededRng(config.seed ?? 0).stream('scheduler');
    this.shuffle = config.shuffle ?? false;
    this.processingGuarantee = config.processingGuarantee ?? 'at_least_once';
    if (this.processingGuarantee !== 'at_least_once' && this.processingGuarantee !== 'exactly_once_v2') {
      throw new TopologyError(`processing guarantee must be 'at_least_once' or 'exactly_once_v2', got '${String(this.processingGuarantee)}'`);
    }
    this.transaction = this.processingGuarantee === 'exactly_once_v2' ? new PendingTransaction() : null;
    const every = config.commitEvery;
    if (every !== undefined && !(every === Infinity || (Number.isInteger(every) && every > 0))) {
      throw new TopologyError(`commitEvery must be a positive integer or Infinity, got ${every}`);
    }
    this.commitEvery = every;
    this.commitIntervalMs = config.commitIntervalMs ?? defaultCommitIntervalMs(this.processingGuarantee);
    this.lastCommitMs = broker.clock.now();
    this.purgeIntervalMs = config.repartitionPurgeIntervalMs ?? DEFAULT_REPARTITION_PURGE_INTERVAL_MS;
    this.lastPurgeMs = broker.clock.now();
    this.coordinator = GroupCoordinator.forBroker(broker);
  }

  get clock() {
    return this.broker.clock;
  }

  get cacheMaxBytes(): number {
    return this.config.cacheMaxBytes ?? 0;
  }

  private get cacheActive(): boolean {
    return this.cacheMaxBytes > 0;
  }

  /** Without a cache and without commitEvery, a commit flushes nothing: offsets are committed whenever the run is idle. */
  private get commitsWhenIdle(): boolean {
    return !this.cacheActive && this.commitEvery === undefined;
  }

  /** True once crash() has stopped this runtime. */
  get hasCrashed(): boolean {
    return this.crashed;
  }

  /** Records produced since the last commit and not yet visible (exactly_once_v2); 0 under at_least_once. */
  get pendingRecords(): number {
    return this.transaction?.size ?? 0;
  }

  /** Records crashes have aborted (exactly_once_v2). */
  get abortedRecords(): number {
    return this.transaction?.abortedTotal ?? 0;
  }

  /**
   * Creates internal topics, global tasks (one set per instance, as in Kafka) and, unless assignedTasksOnly,
   * every stream task, resumed at the committed offsets with stores restored from their changelogs.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.createTopics();
    // Global stores first, as Kafka's global thread: stream processors may read them from init().
    for (const g of this.topology.globalStores) {
      const store = this.topology.stores.get(g.storeName)!.builder.build();
      this.globalTasks.push(new GlobalTask(g, store, this.broker.partitionCount(g.topic), this));
    }
    if (this.config.assignedTasksOnly !== true) this.addTasks(new Set(this.allTaskIds()));
  }

  /** Every task id of the topology (`<subtopology>_<partition>`), sorted: what an assignor distributes. */
  allTaskIds(): string[] {
    if (!this.started) this.start();
    return this.subtopologies.flatMap((st) => Array.from({ length: this.taskCount(st) }, (_, p) => `${st.id}_${p}`));
  }

  /** The ids of the tasks this instance runs, sorted. */
  ownedTaskIds(): string[] {
    return this.tasks.map((t) => t.idString);
  }

  /**
   * Takes over tasks (Kafka: onAssignment, then task creation and restoration): creates them, resumes each input
   * partition at its committed offset with the partition time of the commit, restores stores from changelogs.
   */
  assignTasks(ids: readonly string[]): void {
    this.ensureRunning();
    const known = new Set(this.allTaskIds());
    for (const id of ids) {
      if (!known.has(id)) throw new TopologyError(`no task '${id}': the topology's tasks are ${[...known].join(', ')}`);
      if (this.tasks.some((t) => t.idString === id)) throw new TopologyError(`task '${id}' is already assigned to this instance`);
    }
    this.addTasks(new Set(ids));
  }

  /**
   * Hands tasks over cleanly (Kafka: onPartitionsRevoked, TaskManager#handleRevocation): commits them, then
   * closes and drops them, so the next owner resumes exactly after what they processed. Under at_least_once
   * only the revoked tasks are flushed and committed; under exactly_once_v2 the instance's one transaction
   * covers all its tasks, so all are committed (TaskManager commits every task when EOS v2 revokes).
   */
  revokeTasks(ids: readonly string[]): void {
    this.ensureRunning();
    const revoked = ids.map((id) => {
      const t = this.tasks.find((x) => x.idString === id);
      if (t === undefined) throw new TopologyError(`task '${id}' is not assigned to this instance; it runs ${this.ownedTaskIds().join(', ') || '(none)'}`);
      return t;
    });
    this.ensureNotFenced();
    if (this.transaction !== null) {
      this.commitTasks();
    } else {
      for (const t of revoked) t.commit();
      this.commitOffsetsOf(revoked);
    }
    for (const t of revoked) {
      t.close();
      this.tasks.splice(this.tasks.indexOf(t), 1);
    }
  }

  /** Joins `generation` of `group`: a later rebalance this instance misses fences its commits (ensureNotFenced). */
  joinGeneration(group: GroupGeneration, generation: number): void {
    this.group = group;
    this.memberGeneration = generation;
  }

  /** True when the group moved to a newer generation without this instance: it is a zombie. */
  get isFenced(): boolean {
    return this.group !== null && this.group.generation !== this.memberGeneration;
  }

  resolveTopic(name: string): string {
    return this.topology.internalTopics.has(name) ? `${this.applicationId}-${name}` : name;
  }

  /** Processes until no task has anything left to do; returns how many records were processed. */
  runUntilIdle(): number {
    this.ensureRunning();
    let processed = 0;
    for (;;) {
      this.fetchAll();
      const n = this.shuffle ? this.runShuffledRound() : this.runRound();
      if (this.crashed) return processed + n;
      if (n === 0) {
        // read_committed: what this run wrote to its repartition topics is readable only once committed.
        if (this.commitsWhenIdle && this.pendingRecords > 0) {
          this.commitTasks();
          continue;
        }
        break;
      }
      processed += n;
    }
    // With a cache, commits wait for commit.interval.ms so that the cache can de-duplicate; without one a commit
    // flushes nothing, so offsets are committed as soon as the run is idle.
    if (this.commitsWhenIdle) this.commitTasks();
    return processed;
  }

  /** Moves the virtual wall clock, fires wall-clock punctuations, commits when the interval has passed. */
  advanceWallClockTime(ms: number): void {
    this.ensureRunning();
    this.clock.advance(ms);
    this.wallClockAdvanced();
  }

  /** After the shared clock moved: fires wall-clock punctuations, commits when the interval has passed. */
  wallClockAdvanced(): void {
    this.ensureRunning();
    for (const t of this.tasks) t.maybePunctuateWallClock();
    if (this.commitRequested || this.clock.now() - this.lastCommitMs >= this.commitIntervalMs) this.commitAll();
    if (!this.crashed) this.runUntilIdle();
  }

  /**
   * Commits every task: flushes caches (cache mode) and records processed offsets. Under exactly_once_v2 it
   * commits the transaction, then processes what the commit made readable (its outputs wait for the next commit).
   */
  commitAll(): void {
    this.ensureRunning();
    this.ensureNotFenced();
    this.lastCommitMs = this.clock.now();
    if (this.transaction !== null) {
      this.commitTasks();
      this.runUntilIdle();
      return;
    }
    for (const t of this.tasks) t.commit();
    this.runUntilIdle();
    this.commitOffsets();
  }

  /**
   * The process dies: no flush, no commit, no close hooks. Under at_least_once what it wrote stays in the
   * logs (changelogs included); under exactly_once_v2 its open transaction is aborted. A runtime started
   * later with the same application id on this broker resumes from the committed offsets (see start()).
   */
  crash(): void {
    if (this.closed) throw new TopologyError(this.crashed ? 'this runtime has already crashed' : 'this runtime is closed');
    this.closed = true;
    this.crashed = true;
    this.transaction?.abort();
  }

  /**
   * Arms a crash: once `records` more records have been processed (repartitioned ones count), the runtime
   * crashes at once, before any commit that record would have triggered. 0 crashes now.
   */
  crashAfter(records: number): void {
    this.ensureRunning();
    if (!Number.isInteger(records) || records < 0) throw new TopologyError(`crashAfter takes a record count >= 0, got ${records}`);
    this.crashCountdown = records;
    if (records === 0) this.crash();
  }

  /**
   * A new runtime for the same topology, application id and broker, started with the tasks this one had:
   * Kafka's restart after a crash.
   */
  restarted(): StreamsRuntime {
    if (!this.closed) throw new TopologyError('restart a runtime only after crash() or close(): two live instances would share its tasks');
    const next = new StreamsRuntime(this.topology, this.broker, { ...this.config, assignedTasksOnly: true });
    next.outputListener = this.outputListener;
    next.start();
    next.assignTasks(this.ownedTaskIds());
    return next;
  }

  /** The offsets committed for this application's consumer group, sorted by topic and partition. */
  committedOffsets(): { topic: string; partition: number; offset: number }[] {
    return this.coordinator.committedOffsets(this.applicationId).map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset }));
  }

  close(): void {
    if (this.closed) return;
    if (this.started) {
      this.commitAll();
      // Under exactly-once, processing what a commit made readable opens a new transaction: commit until none is left.
      while (this.pendingRecords > 0) this.commitAll();
    }
    this.closed = true;
    for (const t of this.tasks) t.close();
    for (const g of this.globalTasks) g.close();
  }

  /** The instances of a store, one per task (global stores: one). */
  storeInstances(name: string): StateStore[] {
    const global = this.globalStore(name);
    if (global !== undefined) return [global];
    return this.tasks.flatMap((t) => {
      const s = t.stores.get(name);
      return s === undefined ? [] : [s];
    });
  }

  globalStore(name: string): StateStore | undefined {
    return this.globalTasks.find((g) => g.def.storeName === name)?.store;
  }

  droppedRecordsTotal(): number {
    return this.droppedTotal;
  }

  droppedRecordsByNode(): ReadonlyMap<string, number> {
    return this.droppedByNode;
  }

  // ---- TaskHost ----

  send(
    topic: string,
    key: unknown,
    value: unknown,
    timestampMs: number,
    headers: Headers,
    partitioner: StreamPartitioner | undefined,
  ): StoredRecord | null {
    if (!this.broker.hasTopic(topic)) this.broker.createTopic(topic, { partitions: this.config.defaultPartitions ?? 1 });
    const partition = partitioner?.(topic, key, value, this.broker.partitionCount(topic));
    return this.produce(topic, { key, value, timestamp: timestampMs, headers, partition });
  }

  logChange(changelogTopic: string, partition: number, key: unknown, value: unknown, timestampMs: number): void {
    // A store written before its task processed any record (from init(), say) has timestamp -1, which the broker refuses.
    this.produce(changelogTopic, { key, value, timestamp: Math.max(0, timestampMs), partition });
  }

  requestCommit(): void {
    this.commitRequested = true;
  }

  recordDropped(taskId: string, nodeName: string, reason: string): void {
    this.droppedTotal++;
    if (this.dropped.length < DROPPED_SAMPLE_LIMIT) this.dropped.push({ task: taskId, node: nodeName, reason });
    this.droppedByNode.set(nodeName, (this.droppedByNode.get(nodeName) ?? 0) + 1);
  }

  traceInput(taskId: string, record: StoredRecord): void {
    this.trace.input(taskId, record);
  }

  // ---- internals ----

  /** Every record the application writes (sinks, repartition and changelog topics); under exactly-once it waits for the commit. */
  private produce(topic: string, record: ProducerRecord): StoredRecord | null {
    if (this.transaction !== null) {
      this.transaction.add(topic, record);
      return null;
    }
    return this.append(topic, record);
  }

  /** Appends to the log; what reaches the log goes to the trace and listener. */
  private append(topic: string, record: ProducerRecord): StoredRecord {
    const rec = this.broker.produce(topic, record);
    this.trace.output(rec);
    this.outputListener?.(rec);
    return rec;
  }

  /**
   * Producer fencing (Kafka: CommitFailedException / ProducerFencedException, then TaskMigratedException): an
   * instance the group has moved on without commits nothing; its open transaction is aborted and it stops.
   */
  private ensureNotFenced(): void {
    if (!this.isFenced) return;
    const aborted = this.transaction?.abort();
    this.closed = true;
    this.crashed = true;
    throw new CommitFailedError(
      `commit failed: this instance of '${this.applicationId}' is in generation ${this.memberGeneration} but the group is in ` +
        `generation ${this.group!.generation}: its tasks were reassigned (a zombie)` +
        (aborted === undefined ? '' : `; its open transaction (${aborted} records) was aborted, as Kafka's producer fencing does`),
    );
  }

  /** Creates the given tasks in task order, resumes them at the committed offsets and restores their stores. */
  private addTasks(ids: ReadonlySet<string>): void {
    const added: StreamTask[] = [];
    for (const st of this.subtopologies) {
      const taskCount = this.taskCount(st);
      for (let p = 0; p < taskCount; p++) {
        if (!ids.has(`${st.id}_${p}`)) continue;
        const task = new StreamTask(st, p, this.topology, this);
        if (this.shuffle) task.tieBreak = (c) => this.scheduler.pick(c);
        task.initialize((t) => this.partitionsOf(t));
        added.push(task);
      }
    }
    this.tasks.push(...added);
    // Rounds run tasks in task order whoever owned them before.
    this.tasks.sort((a, b) => compareTaskIds(a.idString, b.idString));
    this.resumeFromCommittedOffsets(added);
    this.restoreStores(added);
  }

  private ensureRunning(): void {
    if (!this.started) this.start();
    if (this.crashed) throw new TopologyError('this runtime has crashed: start a new one on the same broker (restarted(), TestDriver#restart)');
    if (this.closed) throw new TopologyError('this runtime is closed');
  }

  private runRound(): number {
    let n = 0;
    for (const t of this.tasks) {
      while (t.processOne()) {
        n++;
        if (this.afterRecord()) return n;
      }
    }
    return n;
  }

  /** One task, chosen by the seed, processes a seeded number of its buffered records. */
  private runShuffledRound(): number {
    const ready = this.tasks.filter((t) => t.hasBuffered());
    if (ready.length === 0) return 0;
    const task = this.scheduler.pick(ready);
    const burst = this.scheduler.int(1, 4);
    let n = 0;
    while (n < burst && task.processOne()) {
      n++;
      if (this.afterRecord()) return n;
    }
    return n;
  }

  /** After each record: an armed crash, else a requested or commitEvery commit. True when the runtime crashed. */
  private afterRecord(): boolean {
    if (this.crashCountdown !== null && --this.crashCountdown <= 0) {
      this.crashCountdown = null;
      this.crash();
      return true;
    }
    if (this.commitRequested) this.commitTasks();
    else if (this.commitEvery !== undefined && ++this.recordsSinceCommit >= this.commitEvery) this.commitTasks();
    return false;
  }

  /**
   * Kafka's TaskManager#commit without processing: flush every task (caches forward, changelogs are written),
   * then under exactly-once append the transaction's records, then commit the offsets, as one step.
   */
  private commitTasks(): void {
    if (this.crashed) return;
    this.ensureNotFenced();
    for (const t of this.tasks) t.commit();
    this.transaction?.commit((topic, r) => this.append(topic, r));
    this.commitOffsets();
  }

  private fetchAll(): void {
    for (const g of this.globalTasks) {
      for (let p = 0; p < g.positions.length; p++) {
        if (this.broker.logEndOffset(g.topic, p) <= g.positions[p]!) continue;
        for (const r of this.broker.fetch(g.topic, p, g.positions[p]!)) g.process(r);
      }
    }
    for (const t of this.tasks) {
      for (const q of t.queues) {
        if (this.broker.logEndOffset(q.topic, q.partition) <= q.fetchOffset) continue;
        t.enqueue(q, this.broker.fetch(q.topic, q.partition, q.fetchOffset));
      }
    }
  }

  /** One task per partition of the sub-topology's largest source topic (Kafka's PartitionGrouper#partitionGroups). */
  private taskCount(st: Subtopology): number {
    return Math.max(0, ...st.sourceTopics.map((t) => this.partitionsOf(this.resolveTopic(t))));
  }

  private partitionsOf(topic: string): number {
    return this.partitionsByTopic.get(topic) ?? (this.broker.hasTopic(topic) ? this.broker.partitionCount(topic) : 0);
  }

  /**
   * Checks source topics exist, sizes repartition topics (explicit count, else the copartition group's,
   * else the largest source of the writing sub-topology, as Kafka's RepartitionTopics does), checks
   * copartitioning, and creates repartition and changelog topics.
   */
  private createTopics(): void {
    const internal = this.topology.internalTopics;
    for (const t of [...this.topology.sourceTopics(), ...this.topology.globalStores.map((g) => g.topic)]) {
      if (!internal.has(t) && !this.broker.hasTopic(t)) {
        throw new TopologyError(`source topic '${t}' does not exist: create it before starting (TestDriver creates its input topics)`);
      }
    }
    const sized = new Map<string, number>();
    for (const def of internal.values()) if (def.partitions !== undefined) sized.set(def.name, def.partitions);
    for (const group of this.topology.copartitionGroups) {
      const externalCounts = group.filter((t) => !internal.has(t)).map((t) => this.broker.partitionCount(t));
      if (new Set(externalCounts).size > 1) {
        throw new TopologyError(
          `topics not co-partitioned: [${group.join(', ')}] have ${externalCounts.join(', ')} partitions; a join needs equal counts: repartition one side (KStream#repartition) or recreate the topics`,
        );
      }
      // Repartition topics of the group take the count of its external topics.
      const n = externalCounts[0];
      if (n !== undefined) for (const t of group) if (internal.has(t) && !sized.has(t)) sized.set(t, n);
    }
    const sizeOf = (t: string, depth: number): number => {
      if (!internal.has(t)) return this.broker.partitionCount(t);
      const known = sized.get(t);
      if (known !== undefined) return known;
      if (depth > internal.size) throw new TopologyError(`repartition topic '${t}' feeds itself: cannot size it`);
      const writers = this.subtopologies.filter((s) => s.sinkTopics.includes(t));
      const n = Math.max(1, ...writers.flatMap((s) => s.sourceTopics.map((src) => sizeOf(src, depth + 1))));
      sized.set(t, n);
      return n;
    };
    for (const t of internal.keys()) sizeOf(t, 0);
    for (const group of this.topology.copartitionGroups) {
      const counts = new Set(group.map((t) => sizeOf(t, 0)));
      if (counts.size > 1) {
        throw new TopologyError(`topics not co-partitioned: [${group.join(', ')}] have ${group.map((t) => sizeOf(t, 0)).join(', ')} partitions`);
      }
    }
    for (const [t, n] of sized) {
      const full = this.resolveTopic(t);
      this.repartitionTopics.add(full);
      this.partitionsByTopic.set(full, n);
      this.broker.ensureTopic(full, { partitions: n });
    }
    // A changelog has one partition per task of the sub-topology that owns the store.
    for (const st of this.subtopologies) {
      for (const s of st.storeNames) {
        const builder = this.topology.stores.get(s)!.builder;
        if (!builder.loggingEnabled) continue;
        const config = changelogTopicConfig(builder, this.config.windowStoreChangelogAdditionalRetentionMs);
        this.broker.ensureTopic(changelogTopicName(this.applicationId, s), { partitions: this.taskCount(st), ...config });
      }
    }
  }

  /**
   * Commits, for the group named by the application id, the offset after the last processed record of
   * every input partition, so that a runtime started later on the same broker resumes there (with state
   * restored from changelogs) instead of reprocessing from the beginning.
   */
  private commitOffsets(): void {
    if (this.crashed) return;
    this.recordsSinceCommit = 0;
    this.commitRequested = false;
    this.commitOffsetsOf(this.tasks);
    // StreamThread#maybeCommit: after a commit, purge once repartition.purge.interval.ms has passed (strictly).
    const now = this.clock.now();
    if (now - this.lastPurgeMs > this.purgeIntervalMs) {
      this.lastPurgeMs = now;
      purgeCommittedRepartitionRecords(this.broker, this.tasks, this.repartitionTopics);
    }
  }

  /** The offsets part of commitOffsets() for some tasks only (a revocation under at_least_once). */
  private commitOffsetsOf(tasks: readonly StreamTask[]): void {
    const offsets: OffsetCommit[] = [];
    for (const t of tasks) {
      for (const q of t.queues) {
        if (q.processedOffset === q.committedOffset) continue;
        offsets.push({ topic: q.topic, partition: q.partition, offset: q.processedOffset, metadata: encodePartitionTime(q.processedTimeMs) });
        q.committedOffset = q.processedOffset;
      }
    }
    if (offsets.length > 0) this.coordinator.commit(this.applicationId, undefined, offsets);
  }

  /**
   * Starts each input partition at its committed offset (auto.offset.reset=earliest when none), with the
   * partition time the commit stored, and the task's stream time as their maximum (StreamTask#initializeTaskTime).
   */
  private resumeFromCommittedOffsets(tasks: readonly StreamTask[]): void {
    const committed = new Map(this.coordinator.committedOffsets(this.applicationId).map((o) => [`${o.topic}\u0000${o.partition}`, o]));
    for (const t of tasks) {
      for (const q of t.queues) {
        const c = committed.get(`${q.topic}\u0000${q.partition}`);
        if (c === undefined) continue;
        q.fetchOffset = c.offset;
        q.processedOffset = c.offset;
        q.committedOffset = c.offset;
        const time = decodePartitionTime(c.metadata);
        if (time > q.partitionTimeMs) q.partitionTimeMs = time;
        if (time > q.processedTimeMs) q.processedTimeMs = time;
        if (time > t.streamTimeMs) t.streamTimeMs = time;
      }
    }
  }

  /** Rebuilds each task's stores from its changelog partitions, as Kafka does on (re)start. */
  private restoreStores(tasks: readonly StreamTask[]): void {
    for (const t of tasks) {
      for (const [name, store] of t.stores) {
        if (!this.topology.stores.get(name)!.builder.loggingEnabled) continue;
        const topic = changelogTopicName(this.applicationId, name);
        for (const r of this.broker.fetch(topic, t.partition, 0)) store.restore(r.key, r.value);
      }
    }
  }
}

/**
 * Kafka keeps a partition's time in the metadata of its offset commit (base64 of a version byte and the long);
 * here it is the decimal number, readable in committedOffsets() listings.
 */
function encodePartitionTime(ms: number): string {
  return ms < 0 ? '' : String(ms);
}

/** The partition time of a commit's metadata; unknown (-1) for metadata written by something else. */
function decodePartitionTime(metadata: string): number {
  return /^\d+$/.test(metadata) ? Number(metadata) : -1;
}
