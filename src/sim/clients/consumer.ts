import type { Broker } from '../broker.js';
import { BrokerError } from '../errors.js';
import type { StoredRecord } from '../record.js';
import { CommitFailedError, NoOffsetForPartitionError, OffsetOutOfRangeError } from './errors.js';
import { GroupCoordinator, type AssignmentStrategy, type OffsetCommit } from './group-coordinator.js';
import { sortTopicPartitions, tpKey, type TopicPartition } from './topic-partition.js';

export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

export interface ConsumerOptions {
  /** group.id: needed for subscribe() and for committing offsets. */
  readonly groupId?: string;
  /** client.id; member ids are `${clientId}-${n}`. Default 'consumer'. */
  readonly clientId?: string;
  /** auto.offset.reset for partitions without a committed offset or out of range. Kafka's default: 'latest'. */
  readonly autoOffsetReset?: AutoOffsetReset;
  /** partition.assignment.strategy; all members of a group must agree. Default 'range' (what Kafka ends up using). */
  readonly partitionAssignmentStrategy?: AssignmentStrategy;
  /** max.poll.records (default 500). */
  readonly maxPollRecords?: number;
  /** At most this many records per partition per poll, in place of max.partition.fetch.bytes. Default: no limit. */
  readonly maxPartitionFetchRecords?: number;
  /** max.poll.interval.ms: the rebalance timeout, on the virtual clock (default 300000). */
  readonly maxPollIntervalMs?: number;
  /**
   * enable.auto.commit. Default false, unlike Kafka (true): simulations commit explicitly unless they ask for it.
   * When on, poll() commits the positions every autoCommitIntervalMs of virtual time, and before partitions are
   * revoked or the consumer closes, as Kafka's ConsumerCoordinator does.
   */
  readonly enableAutoCommit?: boolean;
  readonly autoCommitIntervalMs?: number;
  /** The group coordinator to use; default: the one shared by every client of the broker. */
  readonly coordinator?: GroupCoordinator;
}

/**
 * Kafka's ConsumerRebalanceListener. Callbacks run inside poll() (and close/unsubscribe) of their own consumer, with
 * the partitions still assigned in onPartitionsRevoked so that it can commit their positions. An exception thrown by
 * a callback is rethrown from that poll() once the rebalance step is done. Without onPartitionsLost, lost partitions
 * go to onPartitionsRevoked (the interface's default method in Java).
 */
export interface ConsumerRebalanceListener {
  onPartitionsRevoked?(partitions: TopicPartition[]): void;
  onPartitionsAssigned?(partitions: TopicPartition[]): void;
  onPartitionsLost?(partitions: TopicPartition[]): void;
}

export type ConsumerRecord<K = unknown, V = unknown> = StoredRecord<K, V>;

/**
 * Kafka's KafkaConsumer over the virtual broker, without threads or real time: subscribe()/assign(), poll(), seek,
 * commits and pause/resume. Group membership runs inside poll(), following ConsumerCoordinator: eager (range)
 * members revoke everything before rejoining, cooperative members keep what they own and revoke only what moves.
 * poll() serves partitions round-robin in assignment order, starting after the last partition it took records from.
 */
export class Consumer<K = unknown, V = unknown> {
  readonly clientId: string;
  readonly groupId: string | undefined;
  private readonly coordinator: GroupCoordinator;
  private readonly strategy: AssignmentStrategy;
  private readonly autoOffsetReset: AutoOffsetReset;
  private readonly maxPollRecords: number;
  private readonly maxPartitionFetchRecords: number;
  private readonly maxPollIntervalMs: number;
  private readonly enableAutoCommit: boolean;
  private readonly autoCommitIntervalMs: number;

  private mode: 'none' | 'subscribe' | 'assign' = 'none';
  private topics: string[] = [];
  private listener: ConsumerRebalanceListener | undefined;
  private assigned: TopicPartition[] = [];
  private readonly positions = new Map<string, number>();
  private readonly pendingResets = new Map<string, 'earliest' | 'latest'>();
  private readonly pausedKeys = new Set<string>();
  /** Index into the fetchable partitions where the next poll starts. */
  private cursor = 0;
  private member: string | undefined;
  private generationId = -1;
  private needsRejoin = false;
  private closed = false;
  private lastAutoCommitMs: number;
  private listenerError: { error: unknown } | undefined;

  constructor(
    readonly broker: Broker,
    options: ConsumerOptions = {},
  ) {
    this.groupId = options.groupId;
    if (this.groupId !== undefined && this.groupId.length === 0) throw new BrokerError('groupId must be a non-empty string');
    this.clientId = options.clientId ?? 'consumer';
    this.coordinator = options.coordinator ?? GroupCoordinator.forBroker(broker);
    this.strategy = options.partitionAssignmentStrategy ?? 'range';
    this.autoOffsetReset = options.autoOffsetReset ?? 'latest';
    this.maxPollRecords = positiveInt('maxPollRecords', options.maxPollRecords ?? 500);
    this.maxPartitionFetchRecords =
      options.maxPartitionFetchRecords === undefined
        ? Number.POSITIVE_INFINITY
        : positiveInt('maxPartitionFetchRecords', options.maxPartitionFetchRecords);
    this.maxPollIntervalMs = positiveInt('maxPollIntervalMs', options.maxPollIntervalMs ?? 300_000);
    this.enableAutoCommit = options.enableAutoCommit ?? false;
    this.autoCommitIntervalMs = positiveInt('autoCommitIntervalMs', options.autoCommitIntervalMs ?? 5_000);
    this.lastAutoCommitMs = broker.clock.now();
  }

  /** The member id the group coordinator gave this consumer, while it is a member. */
  get memberId(): string | undefined {
    return this.member;
  }

  /** The generation of the consumer's current assignment (-1 before the first). */
  get generation(): number {
    return this.generationId;
  }

  // ---- subscription / assignment ----

  /** Subscribes to `topics`, replacing any previous subscription; the group rebalances on the next poll(). */
  subscribe(topics: readonly string[], listener?: ConsumerRebalanceListener): void {
    this.ensureOpen();
    if (this.mode === 'assign') {
      throw new BrokerError('subscribe() and assign() are mutually exclusive: call unsubscribe() first');
    }
    this.requireGroupId('subscribe()');
    if (topics.length === 0) {
      this.unsubscribe();
      return;
    }
    for (const t of topics) if (typeof t !== 'string' || t.length === 0) throw new BrokerError(`invalid topic name '${String(t)}'`);
    const next = [...new Set(topics)].sort();
    if (next.join('\u0000') !== this.topics.join('\u0000')) this.needsRejoin = true;
    this.topics = next;
    this.listener = listener;
    this.mode = 'subscribe';
  }

  /** Manual assignment: no group membership and no rebalances (the partitions must exist). */
  assign(partitions: readonly TopicPartition[]): void {
    this.ensureOpen();
    if (this.mode === 'subscribe') {
      throw new BrokerError('subscribe() and assign() are mutually exclusive: call unsubscribe() first');
    }
    if (partitions.length === 0) {
      this.unsubscribe();
      return;
    }
    const unique = new Map<string, TopicPartition>();
    for (const tp of partitions) {
      const count = this.broker.partitionCount(tp.topic);
      if (!Number.isInteger(tp.partition) || tp.partition < 0 || tp.partition >= count) {
        throw new BrokerError(`partition ${tp.partition} does not exist: '${tp.topic}' has ${count}`);
      }
      if (!unique.has(tpKey(tp))) unique.set(tpKey(tp), { topic: tp.topic, partition: tp.partition });
    }
    this.setAssignment([...unique.values()]);
    this.mode = 'assign';
  }

  /** Leaves the group (revoking the partitions) or drops the manual assignment. */
  unsubscribe(): void {
    this.ensureOpen();
    if (this.mode === 'subscribe') this.leaveGroup();
    this.setAssignment([]);
    this.topics = [];
    this.listener = undefined;
    this.mode = 'none';
    this.rethrowListenerError();
  }

  assignment(): TopicPartition[] {
    return this.assigned.map((tp) => ({ ...tp }));
  }

  subscription(): string[] {
    return [...this.topics];
  }

  // ---- poll ----

  /**
   * Runs any pending group step (join, assignment, revocation), then returns up to `maxRecords` (default
   * maxPollRecords) records from the assigned, unpaused partitions, round-robin over them in assignment order.
   */
  poll(maxRecords?: number): Array<ConsumerRecord<K, V>> {
    this.ensureOpen();
    if (this.mode === 'none') throw new BrokerError('poll(): the consumer is not subscribed to any topic nor assigned any partition');
    const budgetLimit = maxRecords === undefined ? this.maxPollRecords : positiveInt('maxRecords', maxRecords);
    if (this.mode === 'subscribe') this.ensureGroupActive();
    this.maybeAutoCommitOnInterval();

    const fetchable = this.assigned.filter((tp) => !this.pausedKeys.has(tpKey(tp)) && this.exists(tp));
    const out: Array<ConsumerRecord<K, V>> = [];
    if (fetchable.length === 0) return out;
    let budget = budgetLimit;
    let lastServed = -1;
    const start = this.cursor % fetchable.length;
    for (let i = 0; i < fetchable.length && budget > 0; i++) {
      const idx = (start + i) % fetchable.length;
      const tp = fetchable[idx]!;
      const from = this.fetchPosition(tp);
      const want = Math.min(budget, this.maxPartitionFetchRecords);
      const records = this.broker.fetch(tp.topic, tp.partition, from, want) as Array<ConsumerRecord<K, V>>;
      if (records.length > 0) {
        out.push(...records);
        budget -= records.length;
        this.positions.set(tpKey(tp), records[records.length - 1]!.offset + 1);
        lastServed = idx;
      }
      // Read to the end of the log: step over offsets compaction removed from its tail, as a fetch response does.
      if (records.length < want) this.positions.set(tpKey(tp), this.broker.logEndOffset(tp.topic, tp.partition));
    }
    if (lastServed >= 0) this.cursor = lastServed + 1;
    return out;
  }

  // ---- positions ----

  /** The offset of the next record poll() returns, resolving it (committed offset or auto.offset.reset) if needed. */
  position(tp: TopicPartition): number {
    this.ensureOpen();
    this.ensureAssigned(tp, 'position()');
    return this.resolvePosition(tp);
  }

  seek(tp: TopicPartition, offset: number): void {
    this.ensureOpen();
    this.ensureAssigned(tp, 'seek()');
    if (!Number.isSafeInteger(offset) || offset < 0) throw new BrokerError(`seek(): offset must be an integer >= 0, got ${offset}`);
    this.pendingResets.delete(tpKey(tp));
    this.positions.set(tpKey(tp), offset);
  }

  /** Lazily, as in Kafka: the log start offset is read at the next poll() or position(). Default: all assigned. */
  seekToBeginning(partitions?: readonly TopicPartition[]): void {
    this.lazySeek(partitions, 'earliest', 'seekToBeginning()');
  }

  /** Lazily, as in Kafka: the log end offset is read at the next poll() or position(). Default: all assigned. */
  seekToEnd(partitions?: readonly TopicPartition[]): void {
    this.lazySeek(partitions, 'latest', 'seekToEnd()');
  }

  // ---- commits ----

  /**
   * Commits `offsets` (the offset of the next record to read, as in Kafka), or by default the position of every
   * assigned partition that has one. A member removed from its group gets a CommitFailedError.
   */
  commitSync(offsets?: readonly OffsetCommit[]): void {
    this.ensureOpen();
    const groupId = this.requireGroupId('commitSync()');
    const list = offsets ?? this.consumedOffsets(this.assigned);
    this.coordinator.commit(groupId, this.mode === 'subscribe' ? this.member : undefined, list);
  }

  /** The group's committed offset for `tp`, or undefined. */
  committed(tp: TopicPartition): number | undefined {
    this.ensureOpen();
    return this.coordinator.committed(this.requireGroupId('committed()'), tp);
  }

  // ---- flow control ----

  pause(partitions: readonly TopicPartition[]): void {
    this.ensureOpen();
    for (const tp of partitions) this.ensureAssigned(tp, 'pause()');
    for (const tp of partitions) this.pausedKeys.add(tpKey(tp));
  }

  resume(partitions: readonly TopicPartition[]): void {
    this.ensureOpen();
    for (const tp of partitions) this.ensureAssigned(tp, 'resume()');
    for (const tp of partitions) this.pausedKeys.delete(tpKey(tp));
  }

  paused(): TopicPartition[] {
    return this.assigned.filter((tp) => this.pausedKeys.has(tpKey(tp))).map((tp) => ({ ...tp }));
  }

  /** Commits (with auto-commit), revokes the partitions and leaves the group; the consumer cannot be used after. */
  close(): void {
    if (this.closed) return;
    try {
      if (this.mode === 'subscribe') this.leaveGroup();
      else if (this.enableAutoCommit) this.autoCommit(this.assigned);
    } finally {
      this.setAssignment([]);
      this.closed = true;
    }
    this.rethrowListenerError();
  }

  // ---- group membership (ConsumerCoordinator) ----

  private ensureGroupActive(): void {
    const groupId = this.requireGroupId('poll()');
    // Each step moves the member forward; a handful covers join -> sync -> (cooperative) rejoin -> sync.
    for (let step = 0; step < 8; step++) {
      const status = this.member === undefined ? 'join' : this.coordinator.heartbeat(groupId, this.member);
      if (status === 'unknown') this.onFenced();
      else if (status === 'sync') this.onAssignment(groupId);
      else if (status === 'join' || (status === 'stable' && this.needsRejoin)) this.joinGroup(groupId);
      else break;
    }
    this.rethrowListenerError();
  }

  /** The coordinator removed this member: its partitions may already be someone else's, so they are lost, not revoked. */
  private onFenced(): void {
    const lost = sortTopicPartitions(this.assigned);
    if (lost.length > 0) this.invoke('lost', lost);
    this.setAssignment([]);
    this.member = undefined;
    this.generationId = -1;
    this.needsRejoin = true;
  }

  /** ConsumerCoordinator.onJoinPrepare, then JoinGroup. */
  private joinGroup(groupId: string): void {
    if (this.strategy !== 'cooperative-sticky') {
      // EAGER: revoke everything before rejoining (not on the first join, which has nothing).
      if (this.generationId >= 0) {
        const revoked = sortTopicPartitions(this.assigned);
        this.autoCommit(revoked);
        this.invoke('revoked', revoked);
        this.setAssignment([]);
      }
    } else {
      // COOPERATIVE: revoke only partitions of topics no longer subscribed (or deleted); keep the rest.
      const stale = this.assigned.filter((tp) => !this.topics.includes(tp.topic) || !this.exists(tp));
      if (stale.length > 0) {
        this.autoCommit(stale);
        this.invoke('revoked', sortTopicPartitions(stale));
        const staleKeys = new Set(stale.map(tpKey));
        this.setAssignment(this.assigned.filter((tp) => !staleKeys.has(tpKey(tp))));
      }
    }
    this.member = this.coordinator.join(groupId, {
      memberId: this.member,
      clientId: this.clientId,
      strategy: this.strategy,
      topics: this.topics,
      ownedPartitions: this.strategy !== 'cooperative-sticky' ? [] : this.assigned,
      rebalanceTimeoutMs: this.maxPollIntervalMs,
    });
    this.needsRejoin = false;
  }

  /** SyncGroup, then ConsumerCoordinator.onJoinComplete. */
  private onAssignment(groupId: string): void {
    const { generation, assignment } = this.coordinator.sync(groupId, this.member!);
    this.generationId = generation;
    if (this.strategy !== 'cooperative-sticky') {
      this.setAssignment(assignment);
      this.invoke('assigned', sortTopicPartitions(assignment));
      return;
    }
    const newKeys = new Set(assignment.map(tpKey));
    const ownedKeys = new Set(this.assigned.map(tpKey));
    const revoked = sortTopicPartitions(this.assigned.filter((tp) => !newKeys.has(tpKey(tp))));
    const added = sortTopicPartitions(assignment.filter((tp) => !ownedKeys.has(tpKey(tp))));
    if (revoked.length > 0) {
      // Revoked only iff non-empty; then rejoin so the partitions can go to their new owner (KIP-429).
      this.autoCommit(revoked);
      this.invoke('revoked', revoked);
      this.needsRejoin = true;
    }
    // Keep the order of the partitions still owned, new ones after them.
    this.setAssignment([...this.assigned.filter((tp) => newKeys.has(tpKey(tp))), ...added]);
    // Cooperative: called on every completed rebalance, with only the newly added partitions (maybe none).
    this.invoke('assigned', added);
  }

  private leaveGroup(): void {
    if (this.member !== undefined) {
      const groupId = this.groupId!;
      if (this.coordinator.heartbeat(groupId, this.member) === 'unknown') {
        if (this.assigned.length > 0) this.invoke('lost', sortTopicPartitions(this.assigned));
      } else {
        this.autoCommit(this.assigned);
        if (this.assigned.length > 0) this.invoke('revoked', sortTopicPartitions(this.assigned));
        this.coordinator.leave(groupId, this.member);
      }
    }
    this.member = undefined;
    this.generationId = -1;
    this.needsRejoin = false;
    this.setAssignment([]);
  }

  private invoke(kind: 'revoked' | 'assigned' | 'lost', partitions: TopicPartition[]): void {
    const l = this.listener;
    if (l === undefined) return;
    try {
      if (kind === 'assigned') l.onPartitionsAssigned?.(partitions);
      else if (kind === 'revoked') l.onPartitionsRevoked?.(partitions);
      else if (l.onPartitionsLost !== undefined) l.onPartitionsLost(partitions);
      else l.onPartitionsRevoked?.(partitions);
    } catch (error) {
      this.listenerError ??= { error };
    }
  }

  private rethrowListenerError(): void {
    const pending = this.listenerError;
    if (pending === undefined) return;
    this.listenerError = undefined;
    throw pending.error;
  }

  // ---- positions and commits, internals ----

  private setAssignment(partitions: readonly TopicPartition[]): void {
    const keep = new Set(partitions.map(tpKey));
    for (const key of [...this.positions.keys()]) if (!keep.has(key)) this.positions.delete(key);
    for (const key of [...this.pendingResets.keys()]) if (!keep.has(key)) this.pendingResets.delete(key);
    for (const key of [...this.pausedKeys]) if (!keep.has(key)) this.pausedKeys.delete(key);
    this.assigned = partitions.map((tp) => ({ topic: tp.topic, partition: tp.partition }));
    this.cursor = 0;
  }

  /** Position for a fetch: resolved, then reset per auto.offset.reset if retention (or a seek) put it out of range. */
  private fetchPosition(tp: TopicPartition): number {
    const pos = this.resolvePosition(tp);
    const start = this.broker.logStartOffset(tp.topic, tp.partition);
    const end = this.broker.logEndOffset(tp.topic, tp.partition);
    if (pos >= start && pos <= end) return pos;
    // Fetcher.handleOffsetOutOfRange: OFFSET_OUT_OF_RANGE resets the position, or fails with reset 'none'.
    if (this.autoOffsetReset === 'none') throw new OffsetOutOfRangeError(tp, pos, start, end);
    const reset = this.autoOffsetReset === 'earliest' ? start : end;
    this.positions.set(tpKey(tp), reset);
    return reset;
  }

  private resolvePosition(tp: TopicPartition): number {
    const key = tpKey(tp);
    const known = this.positions.get(key);
    if (known !== undefined) return known;
    let pos: number;
    const reset = this.pendingResets.get(key);
    if (reset !== undefined) {
      pos = this.offsetFor(tp, reset);
      this.pendingResets.delete(key);
    } else {
      const committed = this.groupId === undefined ? undefined : this.coordinator.committed(this.groupId, tp);
      if (committed !== undefined) pos = committed;
      else if (this.autoOffsetReset === 'none') throw new NoOffsetForPartitionError(tp);
      else pos = this.offsetFor(tp, this.autoOffsetReset);
    }
    this.positions.set(key, pos);
    return pos;
  }

  private offsetFor(tp: TopicPartition, which: 'earliest' | 'latest'): number {
    return which === 'earliest'
      ? this.broker.logStartOffset(tp.topic, tp.partition)
      : this.broker.logEndOffset(tp.topic, tp.partition);
  }

  private lazySeek(partitions: readonly TopicPartition[] | undefined, to: 'earliest' | 'latest', what: string): void {
    this.ensureOpen();
    const targets = partitions === undefined || partitions.length === 0 ? this.assigned : partitions;
    for (const tp of targets) this.ensureAssigned(tp, what);
    for (const tp of targets) {
      this.positions.delete(tpKey(tp));
      this.pendingResets.set(tpKey(tp), to);
    }
  }

  private consumedOffsets(partitions: readonly TopicPartition[]): OffsetCommit[] {
    const out: OffsetCommit[] = [];
    for (const tp of partitions) {
      const pos = this.positions.get(tpKey(tp));
      if (pos !== undefined && this.exists(tp)) out.push({ topic: tp.topic, partition: tp.partition, offset: pos });
    }
    return out;
  }

  /** Auto-commit of `partitions` positions; failures are dropped, as Kafka only logs failed auto-commits. */
  private autoCommit(partitions: readonly TopicPartition[]): void {
    if (!this.enableAutoCommit || this.groupId === undefined) return;
    const offsets = this.consumedOffsets(partitions);
    if (offsets.length === 0) return;
    try {
      this.coordinator.commit(this.groupId, this.mode === 'subscribe' ? this.member : undefined, offsets);
    } catch (e) {
      if (!(e instanceof CommitFailedError)) throw e;
    }
    this.lastAutoCommitMs = this.broker.clock.now();
  }

  private maybeAutoCommitOnInterval(): void {
    if (!this.enableAutoCommit) return;
    if (this.broker.clock.now() - this.lastAutoCommitMs < this.autoCommitIntervalMs) return;
    this.autoCommit(this.assigned);
    this.lastAutoCommitMs = this.broker.clock.now();
  }

  private exists(tp: TopicPartition): boolean {
    return this.broker.hasTopic(tp.topic) && tp.partition < this.broker.partitionCount(tp.topic);
  }

  private ensureAssigned(tp: TopicPartition, what: string): void {
    if (!this.assigned.some((a) => a.topic === tp.topic && a.partition === tp.partition)) {
      throw new BrokerError(`${what}: ${tpKey(tp)} is not assigned to this consumer`);
    }
  }

  private requireGroupId(what: string): string {
    if (this.groupId === undefined) throw new BrokerError(`${what} needs a groupId (group.id) in the consumer options`);
    return this.groupId;
  }

  private ensureOpen(): void {
    if (this.closed) throw new BrokerError('this consumer is closed');
  }
}

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new BrokerError(`${name} must be a positive integer, got ${value}`);
  return value;
}
