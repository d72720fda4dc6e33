import type { Broker } from '../broker.js';
import { AssertionFailure, BrokerError } from '../errors.js';

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

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export type AssignmentStrategy = 'range' | 'cooperative-sticky';

/** Kafka's group states; `CompletingRebalance` lasts here until every member has picked up its assignment. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** A commit refused because the member was removed from the group (Kafka's CommitFailedException). */
export class CommitFailedError extends Error {
  override readonly name = 'CommitFailedError';
}

/** A member whose assignment strategy differs from the group's (Kafka's INCONSISTENT_GROUP_PROTOCOL). */
export class InconsistentGroupProtocolError extends Error {
  override readonly name = 'InconsistentGroupProtocolError';
}

export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}

export function sortTopicPartitions(tps: Iterable<TopicPartition>): TopicPartition[] {
  return [...tps].sort(compareTopicPartitions);
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Assignors: pure functions of (partitions per topic, subscriptions), so specs can check them against Kafka's docs.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Kafka's RangeAssignor (org.apache.kafka.clients.consumer.RangeAssignor): per topic, partitions in numeric order
 * and subscribed members in lexicographic order; each member gets a contiguous range of partitions/members
 * partitions, the first partitions%members members one extra. Topics are taken in name order for determinism
 * (Java iterates a HashMap; the result per topic is the same).
 */
export function rangeAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  subscriptions: ReadonlyMap<string, readonly string[]>,
): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>();
  const membersPerTopic = new Map<string, string[]>();
  for (const [member, topics] of subscriptions) {
    assignment.set(member, []);
    for (const topic of new Set(topics)) {
      const list = membersPerTopic.get(topic) ?? [];
      list.push(member);
      membersPerTopic.set(topic, list);
    }
  }
  for (const topic of [...membersPerTopic.keys()].sort(byId)) {
    const numPartitions = partitionsPerTopic.get(topic);
    if (numPartitions === undefined) continue; // unknown topic: nothing to assign, as in Kafka
    const members = membersPerTopic.get(topic)!.sort(byId);
    const perMember = Math.floor(numPartitions / members.length);
    const withExtra = numPartitions % members.length;
    members.forEach((member, i) => {
      const start = perMember * i + Math.min(i, withExtra);
      const length = perMember + (i + 1 > withExtra ? 0 : 1);
      for (let p = start; p < start + length; p++) assignment.get(member)!.push({ topic, partition: p });
    });
  }
  return assignment;
}

/** What a cooperative member reports when it joins (ConsumerPartitionAssignor.Subscription + sticky MemberData). */
export interface StickySubscription {
  readonly topics: readonly string[];
  readonly ownedPartitions: readonly TopicPartition[];
  /** The generation the owned partitions belong to; -1 (DEFAULT_GENERATION) for a member that owns nothing yet. */
  readonly generation: number;
}

/**
 * Kafka's CooperativeStickyAssignor: the AbstractStickyAssignor assignment (balanced, keeping owned partitions),
 * minus every partition that moves between members (`adjustAssignment`). Such a partition is left unassigned in this
 * generation, its owner sees it revoked and rejoins, and the follow-up rebalance hands it to the new owner, since by
 * then nobody owns it: the COOPERATIVE protocol's two phases (KIP-429).
 */
export function cooperativeStickyAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  subscriptions: ReadonlyMap<string, StickySubscription>,
): Map<string, TopicPartition[]> {
  const members = [...subscriptions.keys()].sort(byId);
  const existingTopics = new Set([...partitionsPerTopic.keys()]);
  const { owned, multipleOwners, allEqual } = validOwnedPartitions(members, subscriptions, partitionsPerTopic);

  let assignment: Map<string, TopicPartition[]>;
  let transferring: Map<string, string>;
  if (allEqual) {
    const topics = (subscriptions.get(members[0]!)?.topics ?? []).filter((t) => existingTopics.has(t));
    const perTopic = new Map(topics.map((t) => [t, partitionsPerTopic.get(t)!] as const));
    ({ assignment, transferring } = constrainedAssign(members, perTopic, owned, multipleOwners));
  } else {
    assignment = generalAssign(members, partitionsPerTopic, subscriptions, owned);
    transferring = partitionsTransferringOwnership(subscriptions, assignment);
  }
  // CooperativeStickyAssignor.adjustAssignment: a partition changing owner is first revoked, then assigned.
  for (const [key, member] of transferring) {
    assignment.set(member, assignment.get(member)!.filter((tp) => tpKey(tp) !== key));
  }
  for (const [member, tps] of assignment) assignment.set(member, sortTopicPartitions(tps));
  return assignment;
}

/**
 * AbstractStickyAssignor.allSubscriptionsEqual: keeps each member's owned partitions that still exist and are still
 * subscribed, only from members of the highest generation seen, and drops partitions claimed by two members.
 */
function validOwnedPartitions(
  members: readonly string[],
  subscriptions: ReadonlyMap<string, StickySubscription>,
  partitionsPerTopic: ReadonlyMap<string, number>,
): { owned: Map<string, TopicPartition[]>; multipleOwners: Set<string>; allEqual: boolean } {
  const owned = new Map<string, TopicPartition[]>();
  const multipleOwners = new Set<string>();
  const previousOwner = new Map<string, string>();
  let currentHighest: string[] = [];
  let maxGeneration = -1;
  let allEqual = true;
  let firstTopics: Set<string> | undefined;
  for (const member of members) {
    const sub = subscriptions.get(member)!;
    const topics = new Set(sub.topics);
    if (firstTopics === undefined) firstTopics = topics;
    else if (topics.size !== firstTopics.size || [...topics].some((t) => !firstTopics!.has(t))) allEqual = false;
    const list: TopicPartition[] = [];
    owned.set(member, list);
    if (sub.generation < maxGeneration) continue;
    if (sub.generation > maxGeneration) {
      // A higher generation invalidates what members of older generations claim to own.
      previousOwner.clear();
      multipleOwners.clear();
      for (const m of currentHighest) owned.set(m, []);
      currentHighest = [];
      maxGeneration = sub.generation;
    }
    currentHighest.push(member);
    for (const tp of sortTopicPartitions(sub.ownedPartitions)) {
      const count = partitionsPerTopic.get(tp.topic);
      if (count === undefined || tp.partition >= count || !topics.has(tp.topic)) continue;
      const key = tpKey(tp);
      const other = previousOwner.get(key);
      previousOwner.set(key, member);
      if (other === undefined) list.push(tp);
      else {
        owned.set(other, owned.get(other)!.filter((o) => tpKey(o) !== key));
        multipleOwners.add(key);
      }
    }
  }
  for (const [m, list] of owned) owned.set(m, list.filter((tp) => !multipleOwners.has(tpKey(tp))));
  return { owned, multipleOwners, allEqual };
}

function allPartitions(partitionsPerTopic: ReadonlyMap<string, number>): TopicPartition[] {
  const all: TopicPartition[] = [];
  for (const [topic, n] of partitionsPerTopic) for (let p = 0; p < n; p++) all.push({ topic, partition: p });
  return sortTopicPartitions(all);
}

/**
 * AbstractStickyAssignor.constrainedAssign (Kafka 3.x), for groups whose members all subscribe to the same topics:
 * 1. each member keeps its owned partitions up to minQuota, or maxQuota while fewer than partitions%members
 *    members are over minQuota; the rest are revoked;
 * 2. unassigned partitions (topic, partition order) fill members round-robin up to minQuota, then up to maxQuota.
 * A partition revoked from one member and given to another is recorded as transferring ownership.
 * Members are visited in id order where Java iterates a HashMap, so the result is deterministic.
 */
function constrainedAssign(
  members: readonly string[],
  partitionsPerTopic: ReadonlyMap<string, number>,
  owned: ReadonlyMap<string, readonly TopicPartition[]>,
  multipleOwners: ReadonlySet<string>,
): { assignment: Map<string, TopicPartition[]>; transferring: Map<string, string> } {
  const all = allPartitions(partitionsPerTopic);
  const total = all.length;
  const minQuota = Math.floor(total / members.length);
  const maxQuota = Math.ceil(total / members.length);
  const expectedOverMin = total % members.length;
  let currentOverMin = 0;
  const allRevoked = new Set<string>();
  const assigned = new Set<string>();
  const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m, []]));
  const transferring = new Map<string, string>();
  const unfilledUnderMin: string[] = [];
  let unfilledExactlyMin: string[] = [];

  const keep = (member: string, tps: readonly TopicPartition[]): void => {
    assignment.get(member)!.push(...tps);
    for (const tp of tps) assigned.add(tpKey(tp));
  };
  for (const member of members) {
    const mine = owned.get(member)!.filter((tp) => !multipleOwners.has(tpKey(tp)));
    if (mine.length < minQuota) {
      keep(member, mine);
      unfilledUnderMin.push(member);
    } else if (mine.length >= maxQuota && currentOverMin < expectedOverMin) {
      currentOverMin++;
      if (currentOverMin === expectedOverMin) unfilledExactlyMin = [];
      keep(member, mine.slice(0, maxQuota));
      for (const tp of mine.slice(maxQuota)) allRevoked.add(tpKey(tp));
    } else {
      keep(member, mine.slice(0, minQuota));
      for (const tp of mine.slice(minQuota)) allRevoked.add(tpKey(tp));
      if (currentOverMin < expectedOverMin) unfilledExactlyMin.push(member);
    }
  }
  unfilledUnderMin.sort(byId);
  unfilledExactlyMin.sort(byId);

  // Round-robin over the under-minQuota members (an index stands in for Java's list iterator).
  let next = 0;
  for (const tp of all.filter((p) => !assigned.has(tpKey(p)))) {
    let member: string;
    if (next < unfilledUnderMin.length) member = unfilledUnderMin[next++]!;
    else if (unfilledUnderMin.length === 0) {
      const m = unfilledExactlyMin.shift();
      if (m === undefined) throw new AssertionFailure('constrainedAssign: no unfilled member left for a partition');
      member = m;
    } else {
      next = 0;
      member = unfilledUnderMin[next++]!;
    }
    const list = assignment.get(member)!;
    list.push(tp);
    const key = tpKey(tp);
    if (allRevoked.has(key) || multipleOwners.has(key)) transferring.set(key, member);
    if (list.length === minQuota) {
      unfilledUnderMin.splice(--next, 1);
      unfilledExactlyMin.push(member);
    } else if (list.length === maxQuota) {
      currentOverMin++;
    }
  }
  return { assignment, transferring };
}

/**
 * The general case (members subscribe to different topics). Kafka's generalAssign keeps owned partitions, gives
 * unassigned partitions (fewest potential owners first) to the least-loaded eligible member, then moves partitions
 * while that makes the assignment more balanced. This is a simpler version of that last step (single moves from a
 * most-loaded to a least-loaded eligible member), so it is balanced and sticky but may differ from Java in detail.
 */
function generalAssign(
  members: readonly string[],
  partitionsPerTopic: ReadonlyMap<string, number>,
  subscriptions: ReadonlyMap<string, StickySubscription>,
  owned: ReadonlyMap<string, readonly TopicPartition[]>,
): Map<string, TopicPartition[]> {
  const eligible = new Map<string, string[]>(); // topic -> members subscribed to it
  for (const m of members) {
    for (const t of new Set(subscriptions.get(m)!.topics)) {
      if (!partitionsPerTopic.has(t)) continue;
      eligible.set(t, [...(eligible.get(t) ?? []), m]);
    }
  }
  const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m, [...owned.get(m)!]]));
  const assigned = new Set([...assignment.values()].flatMap((tps) => tps.map(tpKey)));
  const load = (m: string): number => assignment.get(m)!.length;
  const leastLoaded = (candidates: readonly string[]): string =>
    candidates.reduce((best, m) => (load(m) < load(best) || (load(m) === load(best) && m < best) ? m : best));

  const unassigned = allPartitions(new Map([...partitionsPerTopic].filter(([t]) => eligible.has(t))))
    .filter((tp) => !assigned.has(tpKey(tp)))
    .sort((a, b) => eligible.get(a.topic)!.length - eligible.get(b.topic)!.length || compareTopicPartitions(a, b));
  for (const tp of unassigned) assignment.get(leastLoaded(eligible.get(tp.topic)!))!.push(tp);

  // Each move lowers the sum of squared loads, so this terminates.
  for (;;) {
    let moved = false;
    const byLoad = [...members].sort((a, b) => load(b) - load(a) || byId(a, b));
    outer: for (const from of byLoad) {
      for (const tp of sortTopicPartitions(assignment.get(from)!)) {
        const to = leastLoaded(eligible.get(tp.topic)!);
        if (load(to) < load(from) - 1) {
          assignment.set(from, assignment.get(from)!.filter((o) => tpKey(o) !== tpKey(tp)));
          assignment.get(to)!.push(tp);
          moved = true;
          break outer;
        }
      }
    }
    if (!moved) return assignment;
  }
}

/** CooperativeStickyAssignor.computePartitionsTransferringOwnership: partitions both newly added and revoked. */
function partitionsTransferringOwnership(
  subscriptions: ReadonlyMap<string, StickySubscription>,
  assignment: ReadonlyMap<string, readonly TopicPartition[]>,
): Map<string, string> {
  const added = new Map<string, string>();
  const revoked = new Set<string>();
  for (const [member, tps] of assignment) {
    const ownedKeys = new Set(subscriptions.get(member)!.ownedPartitions.map(tpKey));
    const assignedKeys = new Set(tps.map(tpKey));
    for (const k of assignedKeys) if (!ownedKeys.has(k)) added.set(k, member);
    for (const k of ownedKeys) if (!assignedKeys.has(k)) revoked.add(k);
  }
  return new Map([...added].filter(([k]) => revoked.has(k)));
}

// ---------------------------------------------------------------------------------------------------------------
// The coordinator.
// ---------------------------------------------------------------------------------------------------------------

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

export interface OffsetCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata?: string;
}

export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string;
  readonly commitTimestampMs: number;
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
  readonly groupId: string;
  state: 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';
  strategy: AssignmentStrategy | undefined;
  generation: number;
  readonly members: Map<string, Member>;
  /** Assignments of the current generation, by member id. */
  assignments: Map<string, TopicPartition[]>;
  rebalanceStartedMs: number;
  /** Partition counts the current assignment was computed from; a change triggers a rebalance. */
  metadataSnapshot: string;
  readonly offsets: Map<string, CommittedOffset>;
}

const coordinators = new WeakMap<Broker, GroupCoordinator>();

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
      const count = this.broker.hasTopic(o.topic) ? this.broker.partitionCount(o.topic) : 0;
      if (count === 0) throw new BrokerError(`cannot commit an offset for unknown topic '${o.topic}'`);
      if (!Number.isInteger(o.partition) || o.partition < 0 || o.partition >= count) {
        throw new BrokerError(`cannot commit an offset for partition ${o.partition}: '${o.topic}' has ${count}`);
      }
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) {
        throw new BrokerError(`cannot commit offset ${o.offset} for ${tpKey(o)}: offsets are integers >= 0`);
      }
    }
    const now = this.broker.clock.now();
    for (const o of offsets) {
      group.offsets.set(tpKey(o), {
        topic: o.topic,
        partition: o.partition,
        offset: o.offset,
        metadata: o.metadata ?? '',
        commitTimestampMs: now,
      });
    }
  }

  committed(groupId: string, tp: TopicPartition): number | undefined {
    return this.groups.get(groupId)?.offsets.get(tpKey(tp))?.offset;
  }

  committedOffsets(groupId: string): CommittedOffset[] {
    const group = this.groups.get(groupId);
    return group === undefined ? [] : [...group.offsets.values()].sort(compareTopicPartitions);
  }

  /** The broker drops the committed offsets of a deleted topic (GroupMetadataManager.cleanupGroupMetadata). */
  deleteOffsetsOfTopic(topic: string): void {
    for (const group of this.groups.values()) {
      for (const [key, o] of group.offsets) if (o.topic === topic) group.offsets.delete(key);
    }
  }

  // ---- admin views ----

  listGroups(): Array<{ groupId: string; state: GroupState }> {
    return [...this.groups.keys()].sort(byId).map((groupId) => ({ groupId, state: this.describe(groupId).state }));
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
        .sort((a, b) => byId(a.memberId, b.memberId))
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
        groupId,
        state: 'Empty',
        strategy: undefined,
        generation: 0,
        members: new Map(),
        assignments: new Map(),
        rebalanceStartedMs: 0,
        metadataSnapshot: '',
        offsets: new Map(),
      };
      this.groups.set(groupId, group);
    }
    return group;
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
        : rangeAssign(partitionsPerTopic, new Map(members.map((m) => [m.memberId, m.topics])));
    group.generation++;
    group.assignments = new Map([...assignment].map(([m, tps]) => [m, sortTopicPartitions(tps)]));
    group.metadataSnapshot = this.metadataSnapshot(group);
    group.state = 'CompletingRebalance';
    for (const m of members) m.joined = false;
  }

  private metadataSnapshot(group: Group): string {
    const topics = [...new Set([...group.members.values()].flatMap((m) => m.topics))].sort(byId);
    return topics.map((t) => `${t}:${this.broker.hasTopic(t) ? this.broker.partitionCount(t) : -1}`).join(',');
  }
}
