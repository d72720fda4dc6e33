/** One partition of one topic, as Kafka's TopicPartition. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A map key for a partition: `${topic}-${partition}`, as TopicPartition#toString prints it. */
export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** Orders by code unit, as Java's String#compareTo does; member ids, group ids and topics sort this way. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Topic name first, then partition number. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

/** A sorted copy. */
export function sortTopicPartitions(tps: Iterable<TopicPartition>): TopicPartition[] {
  return [...tps].sort(compareTopicPartitions);
}
