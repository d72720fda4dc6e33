import type { VirtualClock } from '../clock.js';
import type { StreamPartitioner } from '../processor.js';
import type { Headers, StoredRecord } from '../record.js';
import type { StateStore } from '../stores/state-store.js';

/** What a task needs from the runtime that owns it. */
export interface TaskHost {
  readonly applicationId: string;
  readonly clock: VirtualClock;
  /** Kafka's statestore.cache.max.bytes: > 0 wraps stores built with caching enabled in a record cache. */
  readonly cacheMaxBytes?: number;
  /** Full topic name for a topology topic name (internal topics get the application id prefix). */
  resolveTopic(name: string): string;
  /** Appends a sink's output (murmur2 unless a partitioner says); null while it waits in an exactly-once transaction. */
  send(
    topic: string,
    key: unknown,
    value: unknown,
    timestampMs: number,
    headers: Headers,
    partitioner: StreamPartitioner | undefined,
  ): StoredRecord | null;
  /** Appends one store change to its changelog partition (`keyId`: see StoreContext#logChange). */
  logChange(changelogTopic: string, partition: number, key: unknown, value: unknown, timestampMs: number, keyId?: string): void;
  globalStore(name: string): StateStore | undefined;
  /** ProcessorContext#commit: asks for a commit after the current record or punctuation. */
  requestCommit(): void;
  recordDropped(taskId: string, nodeName: string, reason: string): void;
  traceInput(taskId: string, record: StoredRecord): void;
}

export function changelogTopicName(applicationId: string, storeName: string): string {
  return `${applicationId}-${storeName}-changelog`;
}
