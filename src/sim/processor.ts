import type { Headers } from './record.js';
import type { StateStore } from './stores/state-store.js';

/** The record a processor sees, as in Kafka Streams' `org.apache.kafka.streams.processor.api.Record`. */
export interface StreamRecord<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers: Headers;
}

export const PunctuationType = {
  /** Fires as stream time (record timestamps) advances; aligned to 0 (Kafka's StreamTask#schedule). */
  STREAM_TIME: 'STREAM_TIME',
  /** Fires as the virtual wall clock advances; aligned to the time it was scheduled. */
  WALL_CLOCK_TIME: 'WALL_CLOCK_TIME',
} as const;
export type PunctuationType = (typeof PunctuationType)[keyof typeof PunctuationType];

export type Punctuator = (timestampMs: number) => void;

export interface Cancellable {
  cancel(): void;
}

/** Where the current record came from; absent during a punctuation. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface TaskId {
  readonly subtopology: number;
  readonly partition: number;
  toString(): string;
}

export interface ProcessorContext<KOut = unknown, VOut = unknown> {
  readonly applicationId: string;
  readonly taskId: TaskId;
  /** Name of the processor node this context belongs to. */
  readonly nodeName: string;
  recordMetadata(): RecordMetadata | null;
  /** The task's stream time: the largest record timestamp it has processed (-1 before any). */
  currentStreamTimeMs(): number;
  /** The virtual wall clock. */
  currentSystemTimeMs(): number;
  /** Sends a record to every child, or to the named child only. */
  forward<K extends KOut, V extends VOut>(record: StreamRecord<K, V>, childName?: string): void;
  getStateStore<S extends StateStore>(name: string): S;
  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  /**
   * Asks for a commit (Kafka's ProcessorContext#commit). Ignored here: the runtime commits on its own schedule,
   * every commit.interval.ms of virtual wall-clock time and on close, and without a record cache also whenever
   * a run goes idle.
   */
  commit(): void;
  /** Counts a record this node skipped (Kafka's task-level dropped-records metric), with the reason. */
  recordDropped(reason: string): void;
}

export interface Processor<KIn = unknown, VIn = unknown, KOut = unknown, VOut = unknown> {
  init?(context: ProcessorContext<KOut, VOut>): void;
  process(record: StreamRecord<KIn, VIn>): void;
  close?(): void;
}

/** Called once per task, so that every task gets its own processor instance, as in Kafka. */
export type ProcessorSupplier<KIn = unknown, VIn = unknown, KOut = unknown, VOut = unknown> = () => Processor<
  KIn,
  VIn,
  KOut,
  VOut
>;

/** Picks a record timestamp (Kafka's TimestampExtractor); a negative result drops the record. */
export type TimestampExtractor = (
  record: { key: unknown; value: unknown; timestamp: number; topic: string; partition: number },
  partitionTimeMs: number,
) => number;

/** Chooses an output topic per record (Kafka's TopicNameExtractor). */
export type TopicNameExtractor<K = unknown, V = unknown> = (key: K, value: V, context: RecordMetadata | null) => string;

/** Chooses an output partition (Kafka's StreamPartitioner); undefined means the default murmur2 partitioner. */
export type StreamPartitioner<K = unknown, V = unknown> = (
  topic: string,
  key: K,
  value: V,
  numPartitions: number,
) => number | undefined;
