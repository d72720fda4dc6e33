import type { Serde } from './serde.js';

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';
export type TimestampType = 'CreateTime' | 'LogAppendTime';

/** Validates a typed value without encoding it (zod-backed serdes provide one). */
export interface ValueValidator {
  validate(value: unknown): { ok: true; value: unknown } | { ok: false; reason: string };
}

/** Topic-level configuration, named after Kafka's topic configs. */
export interface TopicConfig {
  readonly partitions: number;
  readonly 'cleanup.policy': CleanupPolicy;
  /** -1 keeps records forever (Kafka's meaning). */
  readonly 'retention.ms': number;
  readonly 'message.timestamp.type': TimestampType;
  /**
   * Compacted topics: the log cleaner compacts a partition once its dirty part (records appended since the last
   * cleaning) exceeds this share of the log. Kafka's default 0.5.
   */
  readonly 'min.cleanable.dirty.ratio'?: number | undefined;
  /** How long a tombstone survives compaction, measured on the virtual clock. Kafka's default 86400000 (1 day). */
  readonly 'delete.retention.ms'?: number | undefined;
  /** Serde used to turn keys into the bytes the partitioner hashes; strings are UTF-8 when unset. */
  readonly keySerde?: Serde<unknown> | undefined;
  readonly valueSerde?: Serde<unknown> | undefined;
  /** Records whose value fails this are rejected (or sent to the dead-letter topic). */
  readonly valueSchema?: ValueValidator | undefined;
  /** Where rejected records go, with the reason in a header; unset means the producer throws. */
  readonly deadLetterTopic?: string | undefined;
}

export type TopicConfigInput = Partial<TopicConfig>;

export const DEFAULT_TOPIC_CONFIG: TopicConfig = {
  partitions: 1,
  'cleanup.policy': 'delete',
  'retention.ms': -1,
  'message.timestamp.type': 'CreateTime',
};

/** Kafka's defaults for the cleaner configs left unset above. */
export const DEFAULT_MIN_CLEANABLE_DIRTY_RATIO = 0.5;
export const DEFAULT_DELETE_RETENTION_MS = 86_400_000;

/** Header names set on dead-lettered records, after Kafka Connect's errors.deadletterqueue.context. */
export const DLT_HEADER_REASON = '__streamsim.error.reason';
export const DLT_HEADER_TOPIC = '__streamsim.error.topic';
export const DLT_HEADER_PARTITION = '__streamsim.error.partition';
export const DLT_HEADER_OFFSET = '__streamsim.error.offset';
