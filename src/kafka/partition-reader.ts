/**
 * Reads topic partitions from their start, as Kafka Streams' restore and global consumers do with assign() and
 * seekToBeginning. kafkajs has no manual assignment, so the reader is a consumer alone in a group of its own (never
 * committed, so it always starts at the beginning), which ignores the partitions it was not asked for.
 * `caughtUp` resolves once every asked partition has been read up to the end offset it had when the reader
 * started (transaction markers count as read); a reader that `follow`s keeps reading after that (global stores).
 */
import { retrying } from './retrying.js';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';

export interface TopicPartitionRef {
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionReaderOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** A group id of its own: nothing else may use it. */
  readonly groupId: string;
  readonly partitions: readonly TopicPartitionRef[];
  /** Called in offset order per partition, for every record of an asked partition. */
  readonly onRecord: (topic: string, partition: number, message: KafkaMessage) => void;
  /** Keep reading after catching up (global stores); default false: stop then. */
  readonly follow?: boolean;
}

const keyOf = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class PartitionReader {
  private consumer: Consumer | null = null;
  private readonly wanted = new Set<string>();
  /** Asked partitions still short of their end offset: end offset by partition. */
  private readonly pending = new Map<string, number>();

  constructor(private readonly options: PartitionReaderOptions) {
    for (const p of options.partitions) this.wanted.add(keyOf(p.topic, p.partition));
  }

  /** Reads up to the end offsets of now; resolves when there (and stops unless following). */
  async caughtUp(): Promise<void> {
    const { admin, kafka, partitions } = this.options;
    const topics = [...new Set(partitions.map((p) => p.topic))];
    for (const topic of topics) {
      for (const o of await retrying(() => admin.fetchTopicOffsets(topic))) {
        const k = keyOf(topic, o.partition);
        if (this.wanted.has(k) && Number(o.high) > Number(o.low)) this.pending.set(k, Number(o.high));
      }
    }
    if (this.pending.size === 0 && this.options.follow !== true) return;
    const consumer = kafka.consumer({ groupId: this.options.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    if (this.pending.size === 0) resolveDone();
    const advanced = (topic: string, partition: number, lastOffset: string): void => {
      const k = keyOf(topic, partition);
      const end = this.pending.get(k);
      if (end !== undefined && Number(lastOffset) + 1 >= end) {
        this.pending.delete(k);
        if (this.pending.size === 0) resolveDone();
      }
    };
    // Fired for batches of transaction markers only too, which never reach eachBatch.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => advanced(payload.topic, payload.partition, payload.lastOffset));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, pause }) => {
        if (!this.wanted.has(keyOf(batch.topic, batch.partition))) {
          pause();
          return;
        }
        for (const m of batch.messages) this.options.onRecord(batch.topic, batch.partition, m);
        await Promise.resolve();
      },
    });
    await done;
    if (this.options.follow !== true) await this.stop();
  }

  async stop(): Promise<void> {
    const c = this.consumer;
    this.consumer = null;
    await c?.disconnect();
  }
}
