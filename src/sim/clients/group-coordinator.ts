import type { Broker } from '../broker.js';
import { AssertionFailure, BrokerError } from '../errors.js';
import { cooperativeStickyAssign } from './assignors/cooperative-sticky-assignor.js';
import { rangeAssign } from './assignors/range-assignor.js';
import { roundRobinAssign } from './assignors/round-robin-assignor.js';
import { CommitFailedError, InconsistentGroupProtocolError } from './errors.js';
import { compareStrings, compareTopicPartitions, sortTopicPartitions, tpKey, type TopicPartition } from './topic-partition.js';

/**
 * partition.assignment.strategy: RangeAssignor (EAGER protocol), CooperativeStickyAssignor (COOPERATIVE), or
 * RoundRobinAssignor (EAGER; kafkajs' default assigner, used by streamsim/kafkajs).
 */
export type AssignmentStrategy = 'range' | 'cooperative-sticky' | 'round-robin';

/** Kafka's group states; `CompletingRebalance` lasts here until every member has picked up its assignment. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** What a consumer sends when it (re)joins: JoinGroupRequest with its subscription and owned partitions. */
export interface JoinRequest {
  /** Unset for a new member: the coordinator assigns `${clientId}-${n}`, n counting joins on this coordinator. */
  readonly memberId?: string | undefined;
  readonly clientId: string;
  readonly strategy: AssignmentStrategy;
  readonly topics: readonly string[];
  /** Partitions the member still owns (cooperative); empty for eager members, which revoke everything first. */
  readonly ownedPartitions: readonly TopicPartition[];
  /** max.poll.interval.ms: how long a rebalance waits for this member to rejoin. */
  readonly rebalanceTimeoutMs: number;
}

/** What a member must do next: rejoin, pick up a new assignment, wait for the others, or nothing. */
export type MemberStatus = 'unknown' | 'sync' | 'join' | 'wait' | 'stable';

export interface SyncResult {
  readonly generation: number;
  readonly assignment: readonly TopicPartition[];
}

/** One partition's entry of an OffsetCommit request: the offset of the next record to read. */
export interface OffsetCommit extends TopicPartition {
  readonly offset: number;
  readonly metadata?: string;
}

/** An offset as the group holds it (OffsetFetch / listConsumerGroupOffsets). */
export interface CommittedOffset extends TopicPartition {
  readonly offset: number;
  readonly metadata: string;
  readonly commitTimestampMs: number;
}

/** The coordinator's own, updatable copy of a committed offset. */
type HeldOffset = { -readonly [F in keyof CommittedOffset]: CommittedOffset[F] };

/**
 * A committer whose commits the group holds by reference (deferCommits): it has committed offsets it has not handed
 * over yet, and hands them over with publishDeferred when asked. The coordinator asks before anything reads or changes
 * the group's offsets, so every reader sees what committing at once would have left.
 */
export interface DeferredCommitter {
  publish(): void;
}

export interface MemberDescription {
  readonly memberId: string;
  readonly clientId: string;
  readonly topics: readonly string[];
  /** The member's assignment in the current generation; empty while the group is preparing a rebalance. */
  readonly assignment: readonly TopicPartition[];
}

export interface GroupDescription {
  readonly groupId: string;
  readonly state: GroupState;
  readonly protocol: AssignmentStrategy | '';
  readonly generation: number;
  readonly members: readonly MemberDescription[];
}

interface Member {
  readonly memberId: string;
  readonly clientId: string;
  topics: readonly string[];
  owned: readonly TopicPartition[];
  /** Last generation whose assignment this member picked up; -1 before its first. */
  generation: number;
  joined: boolean;
  rebalanceTimeoutMs: number;
}

interface Group {
  state: 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';
  strategy: AssignmentStrategy | undefined;
  generation: number;
  readonly members: Map<string, Member>;
  /** Assignments of the current generation, by member id. */
  assignments: Map<string, TopicPartition[]>;
  rebalanceStartedMs: number;
  /** Partition counts the current assignment was computed from; a change triggers a rebalance. */
  metadataSnapshot: string;
  /** Committed offsets by topic, then partition: commits run after every processed batch, so no string key is built. */
  readonly offsets: Map<string, Map<number, HeldOffset>>;
  /** The committer whose latest commits are not in `offsets` yet; null when there is none. */
  deferred: DeferredCommitter | null;
}

const coordinators = new WeakMap<Broker, GroupCoordinator>();

/**
 * Consumer-group state for one broker: members, generations, assignments and committed offsets (the in-memory
 * `__consumer_offsets`), following the classic group protocol of Kafka's GroupCoordinator.
 *
 * Every client of a broker shares one coordinator: `GroupCoordinator.forBroker(broker)` keeps it in a WeakMap, so
 * consumers and admins created for the same Broker see the same groups. Pass a coordinator explicitly to isolate one.
 *
 * Nothing runs in the background. A rebalance starts when a member joins, leaves, changes its subscription, or the
 * partition counts of the subscribed topics change; it completes when the last member rejoins, each member picking
 * up its assignment on its next poll (JoinGroup + SyncGroup). A member that does not rejoin within its rebalance
 * timeout (the consumer's max.poll.interval.ms, on the virtual clock) is removed when the coordinator is next used.
 * There is no heartbeat thread, so members of a stable group never expire on their own: use `removeMember` to
 * simulate a session timeout.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private memberCounter = 0;

  constructor(readonly broker: Broker) {}

  /** The coordinator every client of `broker` shares unless given another. */
  static forBroker(broker: Broker): GroupCoordinator {
    let c = coordinators.get(broker);
    if (c === undefined) {
      c = new GroupCoordinator(broker);
      coordinators.set(broker, c);
    }
    return c;
  }

  // ---- membership (JoinGroup / SyncGroup / Heartbeat / LeaveGroup) ----

  /** JoinGroup: registers or updates the member and starts a rebalance (or joins the one under way). */
  join(groupId: string, req: JoinRequest): string {
    const group = this.getOrCreate(groupId);
    this.tick(group);
    if (group.members.size > 0 && group.strategy !== undefined && group.strategy !== req.strategy) {
      throw new InconsistentGroupProtocolError(
        `group '${groupId}' uses partition.assignment.strategy '${group.strategy}'; a member cannot join with '${req.strategy}'`,
      );
    }
    let member: Member | undefined;
    if (req.memberId !== undefined) {
      member = group.members.get(req.memberId);
      if (member === undefined) throw new BrokerError(`member '${req.memberId}' is not in group '${groupId}': join without a member id`);
      member.topics = [...req.topics];
      member.owned = [...req.ownedPartitions];
      member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    } else {
      member = {
        memberId: `${req.clientId}-${++this.memberCounter}`,
        clientId: req.clientId,
        topics: [...req.topics],
        owned: [...req.ownedPartitions],
        generation: -1,
        joined: false,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      };
      group.members.set(member.memberId, member);
    }
    group.strategy = req.strategy;
    this.prepareRebalance(group);
    member.joined = true;
    this.maybeCompleteRebalance(group);
    return member.memberId;
  }

  /** Heartbeat: what the member has to do next. Also where stragglers expire and metadata changes are noticed. */
  heartbeat(groupId: string, memberId: string): MemberStatus {
    const group = this.groups.get(groupId);
    if (group === undefined) return 'unknown';
    this.tick(group);
    const member = group.members.get(memberId);
    if (member === undefined) return 'unknown';
    if (member.generation < group.generation && group.assignments.has(memberId)) return 'sync';
    if (group.state === 'PreparingRebalance') return member.joined ? 'wait' : 'join';
    return 'stable';
  }

  /** SyncGroup: hands the member its assignment of the current generation. */
  sync(groupId: string, memberId: string): SyncResult {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    const assignment = group?.assignments.get(memberId);
    if (group === undefined || member === undefined || assignment === undefined) {
      throw new AssertionFailure(`sync for '${memberId}' in '${groupId}' without an assignment`);
    }
    member.generation = group.generation;
    member.owned = assignment;
    if (group.state === 'CompletingRebalance' && [...group.assignments.keys()].every((m) => group.members.get(m)?.generation === group.generation)) {
      group.state = 'Stable';
    }
    return { generation: group.generation, assignment: [...assignment] };
  }

  /** LeaveGroup: the member goes at once and the others rebalance. */
  leave(groupId: string, memberId: string): void {
    const group = this.groups.get(groupId);
    if (group === undefined || !group.members.has(memberId)) return;
    this.removeMembers(group, [memberId]);
  }

  /**
   * Removes a member as if its session had timed out: the others rebalance without it, and the consumer finds out
   * on its next poll (onPartitionsLost, then it rejoins under a new member id).
   */
  removeMember(groupId: string, memberId: string): void {
    const group = this.groups.get(groupId);
    if (group === undefined || !group.members.has(memberId)) {
      throw new BrokerError(`group '${groupId}' has no member '${memberId}'`);
    }
    this.removeMembers(group, [memberId]);
  }

  /** True once every member has picked up the current generation's assignment and no rebalance is pending. */
  isSettled(groupId: string): boolean {
    const group = this.groups.get(groupId);
    if (group === undefined) return true;
    this.tick(group);
    return group.state === 'Empty' || group.state === 'Stable';
  }

  // ---- offsets (OffsetCommit / OffsetFetch) ----

  /**
   * OffsetCommit. A group member's commit is refused once it has been removed from the group (its partitions may
   * belong to someone else); a commit without a member id (a consumer using assign()) only when the group has no
   * members, as Kafka accepts "simple" commits only for empty groups.
   */
  commit(groupId: string, memberId: string | undefined, offsets: readonly OffsetCommit[]): void {
    const group = this.getOrCreate(groupId);
    this.publishDeferredOf(group);
    this.tick(group);
    if (memberId !== undefined && !group.members.has(memberId)) {
      throw new CommitFailedError(
        `commit failed: member '${memberId}' is no longer in group '${groupId}' (it was removed and its partitions ` +
          'may have been reassigned); poll() to rejoin, then process and commit again',
      );
    }
    if (memberId === undefined && group.members.size > 0) {
      throw new CommitFailedError(`commit failed: group '${groupId}' has active members; only they can commit`);
    }
    for (const o of offsets) {
      const count = this.broker.partitionCountOrZero(o.topic);
      if (count === 0) throw new BrokerError(`cannot commit an offset for unknown topic '${o.topic}'`);
      if (!Number.isInteger(o.partition) || o.partition < 0 || o.partition >= count) {
        throw new BrokerError(`cannot commit an offset for partition ${o.partition}: '${o.topic}' has ${count}`);
      }
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) {
        throw new BrokerError(`cannot commit offset ${o.offset} for ${tpKey(o)}: offsets are integers >= 0`);
      }
    }
    const now = this.broker.clock.now();
    for (const o of offsets) this.store(group, o.topic, o.partition, o.offset, o.metadata ?? '', now);
  }

  /**
   * True when a commit without a member id to `groupId` may be deferred (the streams runtime commits after every
   * processed batch): the group exists and has no members, so such a commit cannot fail and changes nothing but
   * offsets. The committer then holds its offsets and the group holds the committer: see DeferredCommitter.
   * Committed offsets must be valid (existing partitions, offsets >= 0): deferred commits are not checked.
   */
  deferCommits(groupId: string, committer: DeferredCommitter): boolean {
    const group = this.groups.get(groupId);
    if (group === undefined || group.members.size > 0) return false;
    if (group.deferred !== committer) {
      // Another committer's deferred commits come first, as they were made first.
      this.publishDeferredOf(group);
      group.deferred = committer;
    }
    return true;
  }

  /** A deferred commit handed over (DeferredCommitter#publish): stored as commit() stores it, at its commit time. */
  publishDeferred(groupId: string, topic: string, partition: number, offset: number, metadata: string, commitTimestampMs: number): void {
    this.store(this.getOrCreate(groupId), topic, partition, offset, metadata, commitTimestampMs);
  }

  /**
   * TxnOffsetCommit made visible by a transaction's commit: the offsets a transactional producer sent for the group
   * (kafkajs transaction.sendOffsets). It carries no member id, so membership is not checked.
   */
  commitTransactionalOffsets(groupId: string, offsets: readonly OffsetCommit[]): void {
    const group = this.getOrCreate(groupId);
    this.publishDeferredOf(group);
    const now = this.broker.clock.now();
    for (const o of offsets) {
      let byPartition = group.offsets.get(o.topic);
      if (byPartition === undefined) group.offsets.set(o.topic, (byPartition = new Map()));
      byPartition.set(o.partition, { topic: o.topic, partition: o.partition, offset: o.offset, metadata: o.metadata ?? '', commitTimestampMs: now });
    }
  }

  committed(groupId: string, tp: TopicPartition): number | undefined {
    const group = this.groups.get(groupId);
    if (group === undefined) return undefined;
    this.publishDeferredOf(group);
    return group.offsets.get(tp.topic)?.get(tp.partition)?.offset;
  }

  committedOffsets(groupId: string): CommittedOffset[] {
    const group = this.groups.get(groupId);
    if (group === undefined) return [];
    this.publishDeferredOf(group);
    const all: CommittedOffset[] = [];
    for (const byPartition of group.offsets.values()) for (const o of byPartition.values()) all.push({ ...o });
    return all.sort(compareTopicPartitions);
  }

  /** The broker drops the committed offsets of a deleted topic (GroupMetadataManager.cleanupGroupMetadata). */
  deleteOffsetsOfTopic(topic: string): void {
    for (const group of this.groups.values()) {
      this.publishDeferredOf(group);
      group.offsets.delete(topic);
    }
  }

  // ---- admin views ----

  listGroups(): Array<{ groupId: string; state: GroupState }> {
    return [...this.groups.keys()].sort(compareStrings).map((groupId) => ({ groupId, state: this.describe(groupId).state }));
  }

  /** DescribeGroups; an unknown group is reported as Dead with no members, as Kafka does. */
  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (group === undefined) return { groupId, state: 'Dead', protocol: '', generation: -1, members: [] };
    this.tick(group);
    const preparing = group.state === 'PreparingRebalance';
    return {
      groupId,
      state: group.state,
      protocol: group.strategy ?? '',
      generation: group.generation,
      members: [...group.members.values()]
        .sort((a, b) => compareStrings(a.memberId, b.memberId))
        .map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          topics: [...m.topics],
          assignment: preparing ? [] : [...(group.assignments.get(m.memberId) ?? [])],
        })),
    };
  }

  // ---- internals ----

  private getOrCreate(groupId: string): Group {
    if (groupId.length === 0) throw new BrokerError('group.id must be a non-empty string');
    let group = this.groups.get(groupId);
    if (group === undefined) {
      group = {
        state: 'Empty',
        strategy: undefined,
        generation: 0,
        members: new Map(),
        assignments: new Map(),
        rebalanceStartedMs: 0,
        metadataSnapshot: '',
        offsets: new Map(),
        deferred: null,
      };
      this.groups.set(groupId, group);
    }
    return group;
  }

  /** Stores one committed offset, updating the one held in place (a running application commits after every batch). */
  private store(group: Group, topic: string, partition: number, offset: number, metadata: string, commitTimestampMs: number): void {
    let byPartition = group.offsets.get(topic);
    if (byPartition === undefined) group.offsets.set(topic, (byPartition = new Map()));
    const held = byPartition.get(partition);
    if (held === undefined) {
      byPartition.set(partition, { topic, partition, offset, metadata, commitTimestampMs });
    } else {
      // listings hand out copies
      held.offset = offset;
      held.metadata = metadata;
      held.commitTimestampMs = commitTimestampMs;
    }
  }

  /** Makes the group's offsets current: its deferred committer, if any, hands its commits over. */
  private publishDeferredOf(group: Group): void {
    const committer = group.deferred;
    if (committer === null) return;
    group.deferred = null;
    committer.publish();
  }

  /** The coordinator's timers, run on demand: rebalance timeouts and subscribed-topic metadata changes. */
  private tick(group: Group): void {
    if (group.state === 'PreparingRebalance') {
      const timeoutMs = Math.max(...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
      if (this.broker.clock.now() - group.rebalanceStartedMs > timeoutMs) {
        const stragglers = [...group.members.values()].filter((m) => !m.joined).map((m) => m.memberId);
        if (stragglers.length > 0) this.removeMembers(group, stragglers);
      }
    } else if (group.members.size > 0 && this.metadataSnapshot(group) !== group.metadataSnapshot) {
      this.prepareRebalance(group);
    }
  }

  private removeMembers(group: Group, memberIds: readonly string[]): void {
    for (const id of memberIds) {
      group.members.delete(id);
      group.assignments.delete(id);
    }
    if (group.members.size === 0) {
      // The last member left: the group moves to a new, empty generation and keeps its offsets.
      group.state = 'Empty';
      group.generation++;
      group.assignments = new Map();
      return;
    }
    this.prepareRebalance(group);
    this.maybeCompleteRebalance(group);
  }

  private prepareRebalance(group: Group): void {
    if (group.state === 'PreparingRebalance') return;
    group.state = 'PreparingRebalance';
    group.rebalanceStartedMs = this.broker.clock.now();
    for (const m of group.members.values()) m.joined = false;
  }

  private maybeCompleteRebalance(group: Group): void {
    if (group.state !== 'PreparingRebalance' || group.members.size === 0) return;
    if ([...group.members.values()].some((m) => !m.joined)) return;
    const members = [...group.members.values()];
    const partitionsPerTopic = new Map<string, number>();
    for (const topic of new Set(members.flatMap((m) => m.topics))) {
      if (this.broker.hasTopic(topic)) partitionsPerTopic.set(topic, this.broker.partitionCount(topic));
    }
    const assignment =
      group.strategy === 'cooperative-sticky'
        ? cooperativeStickyAssign(
            partitionsPerTopic,
            new Map(members.map((m) => [m.memberId, { topics: m.topics, ownedPartitions: m.owned, generation: m.generation }])),
          )
        : group.strategy === 'round-robin'
          ? roundRobinAssign(partitionsPerTopic, new Map(members.map((m) => [m.memberId, m.topics])))
          : rangeAssign(partitionsPerTopic, new Map(members.map((m) => [m.memberId, m.topics])));
    group.generation++;
    group.assignments = new Map([...assignment].map(([m, tps]) => [m, sortTopicPartitions(tps)]));
    group.metadataSnapshot = this.metadataSnapshot(group);
    group.state = 'CompletingRebalance';
    for (const m of members) m.joined = false;
  }

  private metadataSnapshot(group: Group): string {
    const topics = [...new Set([...group.members.values()].flatMap((m) => m.topics))].sort(compareStrings);
    return topics.map((t) => `${t}:${this.broker.hasTopic(t) ? this.broker.partitionCount(t) : -1}`).join(',');
  }
}
