import { compareStrings, type TopicPartition } from '../topic-partition.js';

/**
 * Kafka's RoundRobinAssignor (org.apache.kafka.clients.consumer.RoundRobinAssignor): every partition of every
 * subscribed topic, topics in name order and partitions in numeric order, dealt out one by one to the members in
 * lexicographic member-id order, skipping members not subscribed to the partition's topic. When all members subscribe
 * to the same topics this is also kafkajs' default RoundRobinAssigner
 * (node_modules/kafkajs/src/consumer/assigners/roundRobinAssigner/index.js: sorted member ids, partition i to member
 * i % members). A pure function of (partitions per topic, subscriptions).
 */
export function roundRobinAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  subscriptions: ReadonlyMap<string, readonly string[]>,
): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>();
  const members = [...subscriptions.keys()].sort(compareStrings);
  for (const m of members) assignment.set(m, []);
  if (members.length === 0) return assignment;
  const topics = [...new Set([...subscriptions.values()].flat())].sort(compareStrings);
  let next = 0;
  for (const topic of topics) {
    const count = partitionsPerTopic.get(topic);
    if (count === undefined) continue; // unknown topic: nothing to assign, as in Kafka
    for (let partition = 0; partition < count; partition++) {
      // The circular iterator moves on until it finds a member subscribed to this topic.
      for (let tries = 0; tries < members.length; tries++) {
        const member = members[next % members.length]!;
        next++;
        if (subscriptions.get(member)!.includes(topic)) {
          assignment.get(member)!.push({ topic, partition });
          break;
        }
      }
    }
  }
  return assignment;
}
