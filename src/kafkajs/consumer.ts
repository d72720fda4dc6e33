import { CommitFailedError } from '../sim/clients/errors.js';
import type { OffsetCommit } from '../sim/clients/group-coordinator.js';
import type { StoredRecord } from '../sim/record.js';
import type { RandomStream } from '../sim/rng.js';
import type { VirtualCluster } from './cluster.js';
import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from './errors.js';
import { SimulatedCrash, type ConsumerTarget } from './faults.js';
import { ConsumerSession } from './consumer-session.js';
import { describeGroup } from './group-description.js';
import { CONSUMER_EVENTS, InstrumentationEmitter, silentLogger } from './instrumentation.js';
import { recordBytes, toKafkaMessage } from './messages.js';
import { PausedPartitions } from './paused-partitions.js';
import { isRetriable, RetryPolicy } from './retry.js';
import type { Fiber } from './scheduler.js';
import type {
  Batch,
  ConsumerConfig,
  ConsumerRunConfig,
  ConsumerSubscribeTopic,
  ConsumerSubscribeTopics,
  GroupDescription,
  InstrumentationEvent,
  KafkaMessage,
  Logger,
  Offsets,
  OffsetsByTopicPartition,
  RetryOptions,
  TopicOffsets,
  TopicPartition,
  TopicPartitionOffset,
  TopicPartitionOffsetAndMetadata,
  TopicPartitions,
} from './types.js';

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** kafkajs' special seek offsets (src/constants.js). */
const EARLIEST_OFFSET = -2;
const LATEST_OFFSET = -1;

function isRebalancing(e: unknown): boolean {
  return e instanceof KafkaJSProtocolError && (e.type === 'REBALANCE_IN_PROGRESS' || e.type === 'ILLEGAL_GENERATION' || e.type === 'UNKNOWN_MEMBER_ID');
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

interface RunState {
  readonly config: ConsumerRunConfig;
  readonly autoCommit: boolean;
  readonly autoCommitInterval: number | null;
  readonly autoCommitThreshold: number | null;
  readonly eachBatchAutoResolve: boolean;
}

/**
 * kafkajs' Consumer on the virtual broker, a fiber of the cluster's deterministic scheduler. It follows kafkajs 2.2's
 * runner (node_modules/kafkajs/src/consumer/runner.js): one partition batch at a time, the fetch position is the
 * resolved offset (so an unresolved message is delivered again), autoCommit commits the resolved offsets after every
 * batch (and within eachMessage when autoCommitInterval/Threshold is reached), a failing handler commits what was
 * resolved and is retried with kafkajs' backoff until the retries run out, then the consumer crashes and restarts.
 * Group membership (join, sync, rebalances, commits) is the sim's GroupCoordinator with kafkajs' default
 * round-robin assigner; rebalances are eager, as in kafkajs.
 */
export class Consumer {
  readonly events = CONSUMER_EVENTS;
  private readonly emitter: InstrumentationEmitter;
  private readonly groupId: string;
  private readonly readUncommitted: boolean;
  private readonly maxBytesPerPartition: number;
  private readonly rebalanceTimeout: number;
  private readonly heartbeatInterval: number;
  private readonly allowAutoTopicCreation: boolean;
  private readonly retry: RetryPolicy;
  private readonly fetchPick: RandomStream;
  /** One fiber per partition consumed concurrently (partitionsConsumedConcurrently, default 1). */
  private fibers: Fiber[] = [];

  private readonly topics = new Map<string, { fromBeginning: boolean }>();
  private run_: RunState | undefined;
  private running = false;
  private memberId: string | undefined;
  private generation = -1;
  private assigned: Array<{ topic: string; partition: number }> = [];
  /** Resolved offsets: the next offset to fetch and, with autoCommit, to commit (kafkajs' OffsetManager#resolvedOffsets). */
  private readonly positions = new Map<string, number>();
  private readonly seekOffsets = new Map<string, { topic: string; partition: number; offset: number }>();
  private readonly pauses = new PausedPartitions();
  private lastCommitMs = 0;
  private lastHeartbeatMs = 0;
  private readonly session: ConsumerSession;
  /** Steps running now, and the partitions their batches are from. */
  private stepsInFlight = 0;
  private readonly partitionsInFlight = new Set<string>();
  private leaveAfterStep = false;
  /** Waiting on a retry or restart timer: not ready until it fires. */
  private blocked = false;
  /** Crashed by an injected fault: nothing more is committed until it restarts. */
  private crashed = false;
  /** The crash's restart is due but batches from before it are still in their handlers: restart once they end. */
  private restartWhenIdle = false;
  private restartTimer: number | undefined;
  private joinedWaiters: Array<() => void> = [];

  constructor(
    private readonly cluster: VirtualCluster,
    private readonly clientId: string,
    config: ConsumerConfig,
    kafkaRetry: RetryOptions | undefined,
  ) {
    if (typeof config.groupId !== 'string' || config.groupId.length === 0) {
      throw new KafkaJSNonRetriableError('Consumer groupId must be a non-empty string.');
    }
    this.groupId = config.groupId;
    this.emitter = new InstrumentationEmitter(cluster, new Set(Object.values(CONSUMER_EVENTS)));
    this.readUncommitted = config.readUncommitted ?? false;
    this.maxBytesPerPartition = config.maxBytesPerPartition ?? 1_048_576;
    this.rebalanceTimeout = config.rebalanceTimeout ?? 60_000;
    this.heartbeatInterval = config.heartbeatInterval ?? 3_000;
    this.session = new ConsumerSession(cluster.clock, cluster.scheduler, config.sessionTimeout ?? 30_000, () => this.expireSession());
    this.allowAutoTopicCreation = config.allowAutoTopicCreation ?? true;
    this.fetchPick = cluster.clientStream('consumer-fetch');
    this.retry = new RetryPolicy({ ...kafkaRetry, ...config.retry }, cluster.clientStream('consumer-retry'));
  }

  // ---- lifecycle ----

  async connect(): Promise<void> {
    this.emitter.emit(CONSUMER_EVENTS.CONNECT, null);
  }

  async disconnect(): Promise<void> {
    await this.stop();
    for (const f of this.fibers) this.cluster.scheduler.remove(f);
    this.emitter.emit(CONSUMER_EVENTS.DISCONNECT, null);
  }

  async subscribe(subscription: ConsumerSubscribeTopics | ConsumerSubscribeTopic): Promise<void> {
    if (this.running) throw new KafkaJSNonRetriableError('Cannot subscribe to topic while consumer is running');
    const list = 'topics' in subscription ? subscription.topics : [subscription.topic];
    if (!Array.isArray(list)) throw new KafkaJSNonRetriableError('Argument "topics" must be an array');
    const fromBeginning = subscription.fromBeginning ?? false;
    for (const t of list) {
      // kafkajs matches a RegExp against the topics that exist when subscribe() is called (consumer/index.js).
      const names = t instanceof RegExp ? this.cluster.broker.listTopics().filter((n) => t.test(n)) : [t];
      for (const name of names) {
        if (!this.cluster.broker.hasTopic(name)) {
          if (!this.allowAutoTopicCreation) throw new KafkaJSProtocolError(`This server does not host this topic-partition (${name})`, 'UNKNOWN_TOPIC_OR_PARTITION', 3, true);
          this.cluster.broker.createTopic(name);
        }
        this.topics.set(name, { fromBeginning });
      }
    }
  }

  /**
   * Starts the run loop as a fiber of the cluster's scheduler. Resolves once the consumer has joined the group and
   * picked up its assignment, or once the cluster has settled without that (another member still busy).
   */
  async run(config: ConsumerRunConfig = {}): Promise<void> {
    if (this.running) return;
    if (this.topics.size === 0) throw new KafkaJSNonRetriableError('Consumer has no subscriptions: call subscribe() before run()');
    this.run_ = {
      config,
      autoCommit: config.autoCommit ?? true,
      autoCommitInterval: config.autoCommitInterval ?? null,
      autoCommitThreshold: config.autoCommitThreshold ?? null,
      eachBatchAutoResolve: config.eachBatchAutoResolve ?? true,
    };
    this.start();
    await Promise.race([new Promise<void>((resolve) => this.joinedWaiters.push(resolve)), this.cluster.settle()]);
  }

  /** Stops fetching and leaves the group; a batch in progress finishes first (its offsets are committed), as in kafkajs. */
  async stop(): Promise<void> {
    // A crashed consumer waiting to restart stays stopped.
    this.cluster.scheduler.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.restartWhenIdle = false;
    if (!this.running) return;
    this.running = false;
    if (this.stepsInFlight > 0) this.leaveAfterStep = true;
    else this.leaveGroup();
    this.emitter.emit(CONSUMER_EVENTS.STOP, null);
  }

  // ---- offsets ----

  /** kafkajs' consumer.commitOffsets: commits the given offsets (the next offset to read) for this member. */
  async commitOffsets(topicPartitions: TopicPartitionOffsetAndMetadata[]): Promise<void> {
    this.requireRun('commitOffsets');
    const offsets: OffsetCommit[] = topicPartitions.map((tp) => ({
      topic: tp.topic,
      partition: tp.partition,
      offset: Number(tp.offset),
      ...(tp.metadata === undefined || tp.metadata === null ? {} : { metadata: tp.metadata }),
    }));
    this.commit(offsets);
  }

  /**
   * kafkajs' seek: takes effect at the partition's next fetch, where with autoCommit the offset is committed at once
   * and without it resolved (consumer/offsetManager/index.js, seek). -2 / -1 seek to the earliest / latest offset.
   */
  seek({ topic, partition, offset }: TopicPartitionOffset): void {
    if (!topic) throw new KafkaJSNonRetriableError(`Invalid topic ${String(topic)}`);
    if (Number.isNaN(Number(partition))) throw new KafkaJSNonRetriableError(`Invalid partition, expected a number received ${String(partition)}`);
    const n = Number(offset);
    if (!Number.isSafeInteger(n)) throw new KafkaJSNonRetriableError(`Invalid offset, expected a long received ${offset}`);
    if (n < 0 && n !== EARLIEST_OFFSET && n !== LATEST_OFFSET) throw new KafkaJSNonRetriableError('Offset must not be a negative number');
    this.requireRun('seek');
    this.seekOffsets.set(key(topic, partition), { topic, partition, offset: n });
    this.cluster.scheduler.wake();
  }

  // ---- flow control ----

  pause(topicPartitions: Array<{ topic: string; partitions?: number[] }>): void {
    this.requireRun('pause');
    this.pauses.pause(topicPartitions);
  }

  resume(topicPartitions: Array<{ topic: string; partitions?: number[] }>): void {
    this.requireRun('resume');
    this.pauses.resume(topicPartitions);
    this.cluster.scheduler.wake();
  }

  /** The assigned partitions that are paused, per topic. */
  paused(): TopicPartitions[] {
    return this.pauses.pausedOf(this.assigned);
  }

  // ---- introspection ----

  /** DescribeGroups for this consumer's group. */
  async describeGroup(): Promise<GroupDescription> {
    return describeGroup(this.cluster.coordinator, this.groupId);
  }

  /** The partitions this consumer owns now (streamsim extra, for specs). */
  assignment(): TopicPartition[] {
    return this.assigned.map((tp) => ({ ...tp }));
  }

  logger(): Logger {
    return silentLogger();
  }

  /** Generic in the payload so that it stands for each of kafkajs' typed `on` overloads. */
  on<T>(eventName: string, listener: (event: InstrumentationEvent<T>) => void): () => void {
    return this.emitter.on(eventName, listener as (event: InstrumentationEvent<unknown>) => void);
  }

  // ---- the fiber ----

  private start(): void {
    this.running = true;
    this.blocked = false;
    this.crashed = false;
    this.retry.reset();
    const concurrency = Math.max(1, Math.floor(this.run_?.config.partitionsConsumedConcurrently ?? 1));
    if (this.fibers.length !== concurrency) {
      for (const f of this.fibers) this.cluster.scheduler.remove(f);
      this.fibers = Array.from({ length: concurrency }, () => ({ ready: () => this.ready(), step: () => this.step() }));
    }
    for (const f of this.fibers) this.cluster.scheduler.add(f);
    this.cluster.scheduler.wake();
  }

  /** A group step waits until no batch is in flight (its partitions would be revoked under it). */
  private ready(): boolean {
    if (!this.running || this.blocked) return false;
    if (this.needsGroupStep()) return this.stepsInFlight === 0;
    return this.fetchable().some((tp) => !this.partitionsInFlight.has(key(tp.topic, tp.partition)));
  }

  private async step(): Promise<void> {
    this.stepsInFlight++;
    let partition: string | undefined;
    try {
      if (!this.running) return;
      if (this.needsGroupStep()) {
        if (this.stepsInFlight === 1) this.groupStepOrCrash();
        return;
      }
      const candidates = this.fetchable().filter((tp) => !this.partitionsInFlight.has(key(tp.topic, tp.partition)));
      if (candidates.length === 0) return;
      const tp = this.fetchPick.pick(candidates);
      if (this.cluster.faults.holdDelivery(this.faultTarget(), tp.topic, tp.partition)) return;
      partition = key(tp.topic, tp.partition);
      this.partitionsInFlight.add(partition);
      await this.deliver(tp.topic, tp.partition);
    } finally {
      if (partition !== undefined) this.partitionsInFlight.delete(partition);
      this.stepsInFlight--;
      if (this.leaveAfterStep && this.stepsInFlight === 0) {
        this.leaveAfterStep = false;
        this.leaveGroup();
      }
      if (this.restartWhenIdle && this.stepsInFlight === 0) {
        this.restartWhenIdle = false;
        this.start();
      }
    }
  }

  // ---- group membership (kafkajs ConsumerGroup#joinAndSync over the sim's GroupCoordinator) ----

  private status(): 'unknown' | 'sync' | 'join' | 'wait' | 'stable' {
    return this.memberId === undefined ? 'join' : this.cluster.coordinator.heartbeat(this.groupId, this.memberId);
  }

  private needsGroupStep(): boolean {
    const s = this.status();
    return s !== 'stable' && s !== 'wait';
  }

  /** A group error (say, a member of another protocol in the group) is not retriable: the consumer crashes. */
  private groupStepOrCrash(): void {
    try {
      this.groupStep();
    } catch (e) {
      const error = asError(e);
      this.emitter.emit(CONSUMER_EVENTS.CRASH, { error: new KafkaJSNonRetriableError(error, { cause: error }), groupId: this.groupId, restart: false });
      this.running = false;
      this.leaveAfterStep = true;
    }
  }

  /** Joins, rejoins or syncs until the member is stable or waits for the others. */
  private groupStep(): void {
    for (let i = 0; i < 8; i++) {
      const s = this.status();
      if (s === 'unknown') {
        // UNKNOWN_MEMBER_ID: the coordinator removed this member; its partitions are gone, nothing to commit.
        this.memberId = undefined;
        this.dropAssignment();
      } else if (s === 'join') {
        if (this.memberId !== undefined) {
          // runner.js heartbeat(): on a rebalance, commit what was resolved before rejoining (eager).
          this.autoCommitOffsets();
          this.emitter.emit(CONSUMER_EVENTS.REBALANCING, { groupId: this.groupId, memberId: this.memberId });
        }
        this.dropAssignment();
        this.memberId = this.cluster.coordinator.join(this.groupId, {
          memberId: this.memberId,
          clientId: this.clientId,
          strategy: 'round-robin',
          topics: [...this.topics.keys()],
          ownedPartitions: [],
          rebalanceTimeoutMs: this.rebalanceTimeout,
        });
        this.retry.reset();
      } else if (s === 'sync') {
        this.onSync();
      } else {
        break;
      }
    }
  }

  private onSync(): void {
    const { generation, assignment } = this.cluster.coordinator.sync(this.groupId, this.memberId!);
    this.generation = generation;
    this.assigned = assignment.map((tp) => ({ topic: tp.topic, partition: tp.partition }));
    // OffsetManager#resolveOffsets: the committed offset, else the topic's default (fromBeginning: earliest).
    for (const tp of this.assigned) {
      const committed = this.cluster.coordinator.committed(this.groupId, tp);
      this.positions.set(key(tp.topic, tp.partition), committed ?? this.defaultOffset(tp.topic, tp.partition));
    }
    this.lastCommitMs = this.cluster.clock.now();
    const memberAssignment: Record<string, number[]> = {};
    for (const tp of this.assigned) (memberAssignment[tp.topic] ??= []).push(tp.partition);
    this.emitter.emit(CONSUMER_EVENTS.GROUP_JOIN, {
      duration: 0,
      groupId: this.groupId,
      isLeader: false,
      leaderId: '',
      groupProtocol: 'RoundRobinAssigner',
      memberId: this.memberId,
      memberAssignment,
    });
    const waiters = this.joinedWaiters;
    this.joinedWaiters = [];
    for (const w of waiters) w();
  }

  private dropAssignment(): void {
    this.assigned = [];
    this.positions.clear();
    this.generation = -1;
  }

  private leaveGroup(): void {
    this.autoCommitOffsets();
    if (this.memberId !== undefined) this.cluster.coordinator.leave(this.groupId, this.memberId);
    this.memberId = undefined;
    this.dropAssignment();
    this.cluster.scheduler.wake();
  }

  // ---- fetching ----

  private defaultOffset(topic: string, partition: number): number {
    const fromBeginning = this.topics.get(topic)?.fromBeginning ?? false;
    return fromBeginning ? this.cluster.broker.logStartOffset(topic, partition) : this.cluster.broker.logEndOffset(topic, partition);
  }

  /** Where a read_committed consumer stops: the last stable offset; read_uncommitted reads to the log end. */
  private fetchLimit(topic: string, partition: number): number {
    return this.readUncommitted
      ? this.cluster.broker.logEndOffset(topic, partition)
      : this.cluster.transactions.lastStableOffset(topic, partition);
  }

  private isPaused(topic: string, partition: number): boolean {
    return this.pauses.isPaused(topic, partition);
  }

  private isAssigned(topic: string, partition: number): boolean {
    return this.assigned.some((tp) => tp.topic === topic && tp.partition === partition);
  }

  /** Assigned, unpaused partitions with a pending seek or records below the fetch limit. */
  private fetchable(): Array<{ topic: string; partition: number }> {
    return this.assigned.filter(({ topic, partition }) => {
      if (this.isPaused(topic, partition) || !this.cluster.broker.hasTopic(topic)) return false;
      if (this.cluster.faults.isHeld(this.groupId, topic, partition)) return false;
      if (this.seekOffsets.has(key(topic, partition))) return true;
      const pos = this.positions.get(key(topic, partition)) ?? 0;
      return pos < this.fetchLimit(topic, partition) || pos < this.cluster.broker.logStartOffset(topic, partition);
    });
  }

  /** The resolved offset, reset to the topic's default when retention moved the log start past it (OffsetOutOfRange). */
  private position(topic: string, partition: number): number {
    const k = key(topic, partition);
    const pos = this.positions.get(k) ?? this.defaultOffset(topic, partition);
    const start = this.cluster.broker.logStartOffset(topic, partition);
    const end = this.cluster.broker.logEndOffset(topic, partition);
    if (pos >= start && pos <= end) return pos;
    const reset = this.defaultOffset(topic, partition);
    this.positions.set(k, reset);
    return reset;
  }

  private applySeek(topic: string, partition: number): void {
    const k = key(topic, partition);
    const seek = this.seekOffsets.get(k);
    if (seek === undefined) return;
    this.seekOffsets.delete(k);
    const broker = this.cluster.broker;
    const offset =
      seek.offset === EARLIEST_OFFSET ? broker.logStartOffset(topic, partition) : seek.offset === LATEST_OFFSET ? broker.logEndOffset(topic, partition) : seek.offset;
    this.positions.set(k, offset);
    if (this.run_?.autoCommit === true) this.commit([{ topic, partition, offset }]);
  }

  /** One fetch of one partition, handed to eachMessage or eachBatch (runner.js handleBatch). */
  private async deliver(topic: string, partition: number): Promise<void> {
    const run = this.run_!;
    const k = key(topic, partition);
    this.applySeek(topic, partition);
    const from = this.position(topic, partition);
    const limit = this.fetchLimit(topic, partition);
    const fetched: StoredRecord[] = [];
    let bytes = 0;
    for (const r of this.cluster.broker.fetch(topic, partition, from, Math.max(0, limit - from))) {
      if (r.offset >= limit) break;
      bytes += recordBytes(r);
      if (fetched.length > 0 && bytes > this.maxBytesPerPartition) break;
      fetched.push(r);
    }
    if (fetched.length === 0) {
      // Compaction left no record below the limit: step over the gap.
      this.positions.set(k, Math.max(from, limit));
      return;
    }
    const transactions = this.cluster.transactions;
    const messages: KafkaMessage[] = fetched
      .filter((r) => !transactions.isControl(topic, partition, r.offset) && (this.readUncommitted || !transactions.isAborted(topic, partition, r.offset)))
      .map(toKafkaMessage);
    const lastOffset = fetched[fetched.length - 1]!.offset;
    if (messages.length === 0) {
      // Only control or aborted records (runner.js, isEmptyDueToFiltering): resolve past them.
      this.positions.set(k, lastOffset + 1);
      this.autoCommitOffsetsIfNecessary();
      return;
    }
    const highWatermark = this.cluster.broker.logEndOffset(topic, partition);
    const batch = makeBatch(topic, partition, highWatermark, messages, lastOffset);
    const batchEvent = {
      topic,
      partition,
      highWatermark: batch.highWatermark,
      offsetLag: batch.offsetLag(),
      offsetLagLow: batch.offsetLagLow(),
      batchSize: messages.length,
      firstOffset: batch.firstOffset(),
      lastOffset: batch.lastOffset(),
    };
    this.emitter.emit(CONSUMER_EVENTS.START_BATCH_PROCESS, batchEvent);
    const crash = this.cluster.faults.planCrash(this.faultTarget(), topic, partition, messages.length);
    this.cluster.faults.onHandlerStart(this.faultTarget());
    const hangMs = this.cluster.faults.planHang(this.faultTarget(), topic, partition);
    this.session.handlerStarts();
    try {
      if (run.config.eachMessage !== undefined) await this.processEachMessage(topic, partition, messages, lastOffset, crash?.afterMessages, hangMs);
      else if (run.config.eachBatch !== undefined) await this.processEachBatch(batch, crash !== undefined, hangMs);
    } catch (e) {
      if (e instanceof SimulatedCrash) {
        this.crash(e, crash?.restartAfterMs ?? 0);
        return;
      }
      // runner.js: commit what was resolved, then rethrow into the retrier.
      this.autoCommitOffsets();
      await this.onHandlerError(e);
      return;
    } finally {
      this.session.handlerEnds();
    }
    this.emitter.emit(CONSUMER_EVENTS.END_BATCH_PROCESS, { ...batchEvent, duration: 0 });
    this.autoCommitOffsets();
  }

  /** `crashAfter`: an injected crash once that many messages went through, before their offsets are committed. */
  private async processEachMessage(topic: string, partition: number, messages: KafkaMessage[], lastOffset: number, crashAfter?: number, hangMs?: number): Promise<void> {
    const k = key(topic, partition);
    const eachMessage = this.run_!.config.eachMessage!;
    let handled = 0;
    for (const message of messages) {
      if (!this.running || this.seekOffsets.has(k) || !this.isAssigned(topic, partition)) return;
      // The injected hang holds up the batch's first message only.
      await this.hang(hangMs);
      hangMs = undefined;
      await eachMessage({ topic, partition, message, heartbeat: () => this.heartbeat(), pause: () => this.pauseOne(topic, partition) });
      this.positions.set(k, Number(message.offset) + 1);
      if (crashAfter !== undefined && ++handled >= crashAfter) throw new SimulatedCrash(`injected crash after offset ${message.offset} of ${topic}-${partition}`);
      // runner.js: heartbeat after each message; during a rebalance it throws, which ends the batch and rejoins.
      await this.heartbeat();
      this.autoCommitOffsetsIfNecessary();
      if (this.isPaused(topic, partition)) return;
    }
    // Every message went through: step over the filtered records after the last one too.
    if (this.isAssigned(topic, partition) && !this.seekOffsets.has(k)) this.positions.set(k, lastOffset + 1);
  }

  /** `crash`: an injected crash once the handler returns, before the batch is resolved and committed. */
  private async processEachBatch(batch: Batch, crash = false, hangMs?: number): Promise<void> {
    const { topic, partition } = batch;
    const k = key(topic, partition);
    const lastMessageOffset = batch.messages[batch.messages.length - 1]!.offset;
    const resolve = (offset: string): void => {
      if (!this.isAssigned(topic, partition)) return;
      // runner.js: resolving the last message resolves the batch's last offset (past trailing filtered records).
      const target = offset === lastMessageOffset ? batch.lastOffset() : offset;
      this.positions.set(k, Number(target) + 1);
    };
    await this.hang(hangMs);
    await this.run_!.config.eachBatch!({
      batch,
      resolveOffset: resolve,
      heartbeat: () => this.heartbeat(),
      pause: () => this.pauseOne(topic, partition),
      commitOffsetsIfNecessary: async (offsets?: Offsets) => {
        if (offsets === undefined) this.commitOffsetsIfNecessary();
        else this.commit(offsetsToCommits(offsets));
      },
      uncommittedOffsets: () => this.uncommittedOffsets(),
      isRunning: () => this.running,
      isStale: () => this.seekOffsets.has(k) || !this.isAssigned(topic, partition),
    });
    if (crash) throw new SimulatedCrash(`injected crash after the batch of ${topic}-${partition} up to offset ${batch.lastOffset()}`);
    if (this.run_!.eachBatchAutoResolve && this.running && !this.seekOffsets.has(k)) resolve(batch.lastOffset());
  }

  private pauseOne(topic: string, partition: number): () => void {
    this.pauses.pause([{ topic, partitions: [partition] }]);
    return () => this.resume([{ topic, partitions: [partition] }]);
  }

  /**
   * The payload's heartbeat(): at most once per heartbeatInterval of virtual time; during a rebalance it commits the
   * resolved offsets and throws REBALANCE_IN_PROGRESS, which ends the batch and makes the consumer rejoin.
   */
  private async heartbeat(): Promise<void> {
    const now = this.cluster.clock.now();
    if (now - this.lastHeartbeatMs < this.heartbeatInterval) return;
    this.lastHeartbeatMs = now;
    if (this.memberId === undefined) return;
    const status = this.status();
    if (status === 'unknown') {
      // The session expired while the handler ran: its commit fails (the partitions are someone else's); rejoin.
      this.autoCommitOffsets();
      throw new KafkaJSProtocolError('The coordinator is not aware of this member', 'UNKNOWN_MEMBER_ID', 25, false);
    }
    this.session.heartbeat();
    if (status === 'join') {
      this.autoCommitOffsets();
      throw new KafkaJSProtocolError('The group is rebalancing, so a rejoin is needed', 'REBALANCE_IN_PROGRESS', 27, true);
    }
  }

  /** The coordinator's session check found no heartbeat for sessionTimeout: the member goes, the group rebalances. */
  private expireSession(): void {
    if (this.memberId === undefined || this.status() === 'unknown') return;
    this.cluster.coordinator.removeMember(this.groupId, this.memberId);
    this.cluster.scheduler.wake();
  }

  /** An injected hang: the handler takes `ms` of virtual time (broker-side latency, which settle() waits out). */
  private async hang(ms: number | undefined): Promise<void> {
    if (ms === undefined || ms <= 0) return;
    await new Promise<void>((resolve) => this.cluster.scheduler.setLatencyTimeout(resolve, ms));
  }

  // ---- errors (retry/index.js and consumer/index.js onCrash) ----

  private async onHandlerError(e: unknown): Promise<void> {
    if (isRebalancing(e)) return; // the next step rejoins
    const error = asError(e);
    const wait = isRetriable(e) ? this.retry.nextWait() : undefined;
    if (wait !== undefined) {
      this.blockFor(wait, () => {});
      return;
    }
    const crash = isRetriable(e)
      ? new KafkaJSNumberOfRetriesExceeded(error, this.retry.count, this.retry.retryTime)
      : new KafkaJSNonRetriableError(error, { cause: error });
    const restartOnFailure = this.retry.restartOnFailure;
    const restart = isRetriable(e) && (restartOnFailure === undefined || (await restartOnFailure(crash).catch(() => true)));
    this.emitter.emit(CONSUMER_EVENTS.CRASH, { error: crash, groupId: this.groupId, restart });
    // onCrash: disconnect (leave the group), then start again after the retry time if restarting.
    this.running = false;
    this.leaveAfterStep = true;
    if (restart) this.restartTimer = this.blockFor(this.retry.retryTime || this.retry.initialRetryTime, () => this.start());
  }

  /**
   * An injected crash: the process died before committing, so the resolved offsets are lost; the consumer leaves the
   * group once its other steps end and restarts after `restartAfterMs`, resuming from the last commit.
   */
  private crash(error: SimulatedCrash, restartAfterMs: number): void {
    this.crashed = true;
    this.emitter.emit(CONSUMER_EVENTS.CRASH, { error, groupId: this.groupId, restart: true });
    this.running = false;
    this.leaveAfterStep = true;
    this.restartTimer = this.blockFor(
      restartAfterMs,
      () => {
        // The dead process's batches still running (partitionsConsumedConcurrently) must end before it comes back.
        if (this.stepsInFlight > 0) this.restartWhenIdle = true;
        else this.start();
      },
      true,
    );
  }

  /** `latency`: a fault's delay, which settle() waits out, rather than a backoff that advance() must reach. */
  private blockFor(ms: number, then: () => void, latency = false): number {
    this.blocked = true;
    return this.cluster.scheduler.setTimeout(
      () => {
        this.blocked = false;
        then();
      },
      ms,
      latency,
    );
  }

  private faultTarget(): ConsumerTarget {
    return { groupId: this.groupId, memberId: this.memberId, topics: [...this.topics.keys()] };
  }

  // ---- commits (consumer/offsetManager/index.js) ----

  private uncommittedOffsets(): OffsetsByTopicPartition {
    const byTopic = new Map<string, TopicOffsets>();
    for (const tp of this.assigned) {
      const pos = this.positions.get(key(tp.topic, tp.partition));
      if (pos === undefined || pos === this.cluster.coordinator.committed(this.groupId, tp)) continue;
      let t = byTopic.get(tp.topic);
      if (t === undefined) byTopic.set(tp.topic, (t = { topic: tp.topic, partitions: [] }));
      t.partitions.push({ partition: tp.partition, offset: String(pos) });
    }
    return { topics: [...byTopic.values()] };
  }

  private autoCommitOffsets(): void {
    if (this.run_?.autoCommit === true) this.commit(offsetsToCommits(this.uncommittedOffsets()));
  }

  private autoCommitOffsetsIfNecessary(): void {
    if (this.run_?.autoCommit === true) this.commitOffsetsIfNecessary();
  }

  /** commitOffsetsIfNecessary: when autoCommitInterval has passed (virtual time) or autoCommitThreshold offsets are resolved. */
  private commitOffsetsIfNecessary(): void {
    const run = this.run_;
    if (run === undefined) return;
    const timeoutReached = run.autoCommitInterval !== null && this.cluster.clock.now() >= this.lastCommitMs + run.autoCommitInterval;
    let thresholdReached = false;
    if (run.autoCommitThreshold !== null) {
      let resolved = 0;
      for (const tp of this.assigned) {
        const pos = this.positions.get(key(tp.topic, tp.partition));
        if (pos !== undefined) resolved += pos - (this.cluster.coordinator.committed(this.groupId, tp) ?? 0);
      }
      thresholdReached = resolved >= run.autoCommitThreshold;
    }
    if (timeoutReached || thresholdReached) this.commit(offsetsToCommits(this.uncommittedOffsets()));
  }

  /** OffsetCommit as this member; a member the group no longer knows rejoins at its next step. */
  private commit(offsets: OffsetCommit[]): void {
    if (this.crashed) return;
    this.lastCommitMs = this.cluster.clock.now();
    if (offsets.length === 0) return;
    try {
      this.cluster.coordinator.commit(this.groupId, this.memberId, offsets);
    } catch (e) {
      if (e instanceof CommitFailedError) return;
      throw e;
    }
    this.emitter.emit(CONSUMER_EVENTS.COMMIT_OFFSETS, {
      groupId: this.groupId,
      memberId: this.memberId,
      groupGenerationId: this.generation,
      topics: offsets.map((o) => ({ topic: o.topic, partitions: [{ partition: o.partition, offset: String(o.offset) }] })),
    });
  }

  private requireRun(what: string): void {
    if (this.run_ === undefined) throw new KafkaJSNonRetriableError(`Consumer group was not initialized, consumer#run must be called first (${what})`);
  }
}

function offsetsToCommits(offsets: Offsets): OffsetCommit[] {
  return offsets.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })));
}

/** kafkajs' Batch (consumer/batch.js): lastOffset is the last fetched offset, filtered records included. */
function makeBatch(topic: string, partition: number, highWatermark: number, messages: KafkaMessage[], lastOffset: number): Batch {
  const first = messages[0]!.offset;
  return {
    topic,
    partition,
    highWatermark: String(highWatermark),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => first,
    lastOffset: () => String(lastOffset),
    offsetLag: () => String(highWatermark - 1 - lastOffset),
    offsetLagLow: () => String(highWatermark - 1 - Number(first)),
  };
}
