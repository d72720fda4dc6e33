import { KafkaJSNonRetriableError } from './errors.js';
import type { TopicPartitions } from './types.js';

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** A consumer's pause/resume state (kafkajs' consumer.pause, resume and paused): whole topics or single partitions. */
export class PausedPartitions {
  private readonly topics = new Set<string>();
  private readonly partitions = new Set<string>();

  pause(topicPartitions: ReadonlyArray<{ topic: string; partitions?: number[] }>): void {
    for (const { topic, partitions } of topicPartitions) {
      if (!topic) throw new KafkaJSNonRetriableError(`Invalid topic ${String(topic)}`);
      if (partitions === undefined) this.topics.add(topic);
      else for (const p of partitions) this.partitions.add(key(topic, p));
    }
  }

  resume(topicPartitions: ReadonlyArray<{ topic: string; partitions?: number[] }>): void {
    for (const { topic, partitions } of topicPartitions) {
      if (!topic) throw new KafkaJSNonRetriableError(`Invalid topic ${String(topic)}`);
      if (partitions === undefined) {
        this.topics.delete(topic);
        for (const k of [...this.partitions]) if (k.startsWith(`${topic}\u0000`)) this.partitions.delete(k);
      } else {
        for (const p of partitions) this.partitions.delete(key(topic, p));
      }
    }
  }

  isPaused(topic: string, partition: number): boolean {
    return this.topics.has(topic) || this.partitions.has(key(topic, partition));
  }

  /** Those of `assigned` that are paused, per topic. */
  pausedOf(assigned: ReadonlyArray<{ topic: string; partition: number }>): TopicPartitions[] {
    const byTopic = new Map<string, number[]>();
    for (const tp of assigned) {
      if (!this.isPaused(tp.topic, tp.partition)) continue;
      byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    }
    return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }
}
