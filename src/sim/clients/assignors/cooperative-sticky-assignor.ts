import { AssertionFailure } from '../../errors.js';
import { compareStrings, compareTopicPartitions, sortTopicPartitions, tpKey, type TopicPartition } from '../topic-partition.js';

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
  const members = [...subscriptions.keys()].sort(compareStrings);
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
  unfilledUnderMin.sort(compareStrings);
  unfilledExactlyMin.sort(compareStrings);

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
    const byLoad = [...members].sort((a, b) => load(b) - load(a) || compareStrings(a, b));
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
