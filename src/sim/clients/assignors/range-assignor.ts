import { compareStrings, type TopicPartition } from '../topic-partition.js';

/**
 * Kafka's RangeAssignor (org.apache.kafka.clients.consumer.RangeAssignor): per topic, partitions in numeric order
 * and subscribed members in lexicographic order; each member gets a contiguous range of partitions/members
 * partitions, the first partitions%members members one extra. Topics are taken in name order for determinism
 * (Java iterates a HashMap; the result per topic is the same). A pure function of (partitions per topic,
 * subscriptions), so specs can check it against Kafka's docs.
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
  for (const topic of [...membersPerTopic.keys()].sort(compareStrings)) {
    const numPartitions = partitionsPerTopic.get(topic);
    if (numPartitions === undefined) continue; // unknown topic: nothing to assign, as in Kafka
    const members = membersPerTopic.get(topic)!.sort(compareStrings);
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
