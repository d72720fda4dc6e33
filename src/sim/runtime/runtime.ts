import type { Broker } from '../broker.js';
import { TopologyError } from '../errors.js';
import type { StreamPartitioner } from '../processor.js';
import type { Headers, StoredRecord } from '../record.js';
import { SeededRng, type RandomStream } from '../rng.js';
import type { StateStore } from '../stores/state-store.js';
import type { Topology } from '../topology.js';
import { ApplicationOutput, type OutputListener } from './application-output.js';
import { CommitSchedule } from './commit-schedule.js';
import { CommittedOffsets } from './committed-offsets.js';
import { DroppedRecords, type DroppedRecord } from './dropped-records.js';
import { GlobalTask } from './global-task.js';
import { GroupMembership, type GroupGeneration } from './group-membership.js';
import { purgeCommittedRepartitionRecords } from './internal-topic-cleanup.js';
import { InternalTopics } from './internal-topics.js';
import { checkApplicationId, processingGuaranteeOf, type RuntimeConfig } from './runtime-config.js';
import { fetchNewRecords } from './record-fetching.js';
import { restoreStoresFromChangelogs } from './store-restoration.js';
import { computeSubtopologies, type Subtopology } from './subtopologies.js';
import type { TaskHost } from './task-host.js';
import { compareTaskIds } from './task-assignor.js';
import { allTaskIdsOf, checkAssignable, createStreamTasks, ownedTasksNamed } from './stream-tasks.js';
import { TaskRounds } from './task-rounds.js';
import type { StreamTask } from './task.js';
import { Trace } from './trace.js';
import { PendingTransaction, type ProcessingGuarantee } from './transaction.js';

export type { ProcessingGuarantee } from './transaction.js';
export type { RuntimeConfig } from './runtime-config.js';
export type { DroppedRecord } from './dropped-records.js';
export type { GroupGeneration } from './group-membership.js';

/**
 * Runs a Topology on the virtual broker: one task per (sub-topology, partition), global stores, repartition
 * and changelog topics, punctuation, commits and the trace. This class coordinates; the parts live beside it:
 * topics (InternalTopics), rounds (TaskRounds), outputs and the exactly-once transaction (ApplicationOutput),
 * when to commit (CommitSchedule), committed offsets (CommittedOffsets), store restoration, dropped records.
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
  readonly processingGuarantee: ProcessingGuarantee;
  private readonly droppedRecords = new DroppedRecords();
  /** Interleaves tasks and breaks ties when config.shuffle is set; null otherwise. */
  private readonly shuffler: RandomStream | null;
  private readonly rounds: TaskRounds;
  private readonly topics: InternalTopics;
  private readonly output: ApplicationOutput;
  private readonly schedule: CommitSchedule;
  private readonly offsets: CommittedOffsets;
  private started = false;
  private closed = false;
  private crashed = false;
  /** crashAfter(): records left to process before the armed crash; null when none is armed. */
  private crashCountdown: number | null = null;
  /** The generation of its group that fences this instance's commits. */
  private readonly membership = new GroupMembership();

  /** `trace`: a trace shared with other instances of the application (default: its own). */
  constructor(
    readonly topology: Topology,
    readonly broker: Broker,
    readonly config: RuntimeConfig,
    trace?: Trace,
  ) {
    checkApplicationId(config.applicationId);
    this.applicationId = config.applicationId;
    this.subtopologies = computeSubtopologies(topology);
    this.trace = trace ?? new Trace(config.trace ?? true);
    this.shuffler = (config.shuffle ?? false) ? new SeededRng(config.seed ?? 0).stream('scheduler') : null;
    this.rounds = new TaskRounds(this.tasks, this.shuffler, () => this.afterRecord());
    this.processingGuarantee = processingGuaranteeOf(config);
    const transaction = this.processingGuarantee === 'exactly_once_v2' ? new PendingTransaction() : null;
    this.output = new ApplicationOutput(broker, this.trace, transaction, config.defaultPartitions);
    this.schedule = CommitSchedule.forConfig(config, this.processingGuarantee, broker.clock.now());
    this.offsets = new CommittedOffsets(broker, this.applicationId);
    this.topics = new InternalTopics(topology, broker, this.subtopologies, this.applicationId, config.windowStoreChangelogAdditionalRetentionMs);
  }

  get clock() {
    return this.broker.clock;
  }

  get cacheMaxBytes(): number {
    return this.config.cacheMaxBytes ?? 0;
  }

  /** Called with every record a sink or store writes (the test driver captures outputs through it). */
  get outputListener(): OutputListener | null {
    return this.output.listener;
  }

  set outputListener(listener: OutputListener | null) {
    this.output.listener = listener;
  }

  /** Without a cache and without commitEvery, a commit flushes nothing: offsets are committed whenever the run is idle. */
  private get commitsWhenIdle(): boolean {
    return !(this.cacheMaxBytes > 0) && this.schedule.commitEvery === undefined;
  }

  /** True once crash() has stopped this runtime. */
  get hasCrashed(): boolean {
    return this.crashed;
  }

  /** Records produced since the last commit and not yet visible (exactly_once_v2); 0 under at_least_once. */
  get pendingRecords(): number {
    return this.output.pendingRecords;
  }

  /** Records crashes have aborted (exactly_once_v2). */
  get abortedRecords(): number {
    return this.output.abortedRecords;
  }

  /**
   * Creates internal topics, global tasks (one set per instance, as in Kafka) and, unless assignedTasksOnly,
   * every stream task, resumed at the committed offsets with stores restored from their changelogs.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.topics.create();
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
    return allTaskIdsOf(this.subtopologies, this.topics);
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
    checkAssignable(ids, new Set(this.allTaskIds()), this.tasks);
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
    const revoked = ownedTasksNamed(ids, this.tasks);
    this.ensureNotFenced();
    if (this.output.transactional) {
      this.commitTasks();
    } else {
      for (const t of revoked) t.commit();
      this.offsets.commit(revoked);
    }
    for (const t of revoked) {
      t.close();
      this.tasks.splice(this.tasks.indexOf(t), 1);
    }
  }

  /** Joins `generation` of `group`: a later rebalance this instance misses fences its commits (ensureNotFenced). */
  joinGeneration(group: GroupGeneration, generation: number): void {
    this.membership.join(group, generation);
  }

  /** True when the group moved to a newer generation without this instance: it is a zombie. */
  get isFenced(): boolean {
    return this.membership.isFenced;
  }

  resolveTopic(name: string): string {
    return this.topics.resolve(name);
  }

  /** Processes until no task has anything left to do; returns how many records were processed. */
  runUntilIdle(): number {
    this.ensureRunning();
    let processed = 0;
    for (;;) {
      fetchNewRecords(this.broker, this.globalTasks, this.tasks);
      const n = this.rounds.run();
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
    if (this.schedule.intervalDue(this.clock.now())) this.commitAll();
    if (!this.crashed) this.runUntilIdle();
  }

  /**
   * Commits every task: flushes caches (cache mode) and records processed offsets. Under exactly_once_v2 it
   * commits the transaction, then processes what the commit made readable (its outputs wait for the next commit).
   */
  commitAll(): void {
    this.ensureRunning();
    this.ensureNotFenced();
    this.schedule.startInterval(this.clock.now());
    if (this.output.transactional) {
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
    this.output.abortTransaction();
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
    return this.offsets.list();
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

  /** The first dropped records with their reasons (a bounded sample); the counts below cover all of them. */
  get dropped(): DroppedRecord[] {
    return this.droppedRecords.sample;
  }

  droppedRecordsTotal(): number {
    return this.droppedRecords.total;
  }

  droppedRecordsByNode(): ReadonlyMap<string, number> {
    return this.droppedRecords.byNode;
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
    return this.output.send(topic, key, value, timestampMs, headers, partitioner);
  }

  logChange(changelogTopic: string, partition: number, key: unknown, value: unknown, timestampMs: number, keyId?: string): void {
    this.output.logChange(changelogTopic, partition, key, value, timestampMs, keyId);
  }

  requestCommit(): void {
    this.schedule.requested = true;
  }

  recordDropped(taskId: string, nodeName: string, reason: string): void {
    this.droppedRecords.record(taskId, nodeName, reason);
  }

  traceInput(taskId: string, record: StoredRecord): void {
    this.trace.input(taskId, record);
  }

  // ---- internals ----

  /**
   * Producer fencing (Kafka: CommitFailedException / ProducerFencedException, then TaskMigratedException): an
   * instance the group has moved on without commits nothing; its open transaction is aborted and it stops.
   */
  private ensureNotFenced(): void {
    if (!this.isFenced) return;
    const aborted = this.output.abortTransaction();
    this.closed = true;
    this.crashed = true;
    throw this.membership.fencedError(this.applicationId, aborted);
  }

  /** Creates the given tasks in task order, resumes them at the committed offsets and restores their stores. */
  private addTasks(ids: ReadonlySet<string>): void {
    const added = createStreamTasks(ids, this.topology, this.subtopologies, this.topics, this, this.shuffler);
    this.tasks.push(...added);
    // Rounds run tasks in task order whoever owned them before.
    this.tasks.sort((a, b) => compareTaskIds(a.idString, b.idString));
    this.offsets.resume(added);
    restoreStoresFromChangelogs(this.broker, this.topology, this.applicationId, added);
  }

  private ensureRunning(): void {
    if (!this.started) this.start();
    if (this.crashed) throw new TopologyError('this runtime has crashed: start a new one on the same broker (restarted(), TestDriver#restart)');
    if (this.closed) throw new TopologyError('this runtime is closed');
  }

  /** After each record: an armed crash, else a requested or commitEvery commit. True when the runtime crashed. */
  private afterRecord(): boolean {
    if (this.crashCountdown !== null && --this.crashCountdown <= 0) {
      this.crashCountdown = null;
      this.crash();
      return true;
    }
    if (this.schedule.dueAfterRecord()) this.commitTasks();
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
    this.output.commitTransaction();
    this.commitOffsets();
  }

  /** Commits every task's offsets; then, once repartition.purge.interval.ms has passed, purges repartition topics. */
  private commitOffsets(): void {
    if (this.crashed) return;
    this.schedule.committed();
    this.offsets.commit(this.tasks);
    // StreamThread#maybeCommit: after a commit, purge once repartition.purge.interval.ms has passed (strictly).
    if (this.schedule.purgeDue(this.clock.now())) purgeCommittedRepartitionRecords(this.broker, this.tasks, this.topics.repartitionTopics);
  }
}
