import type { Broker } from '../broker.js';
import { GroupCoordinator, type OffsetCommit } from '../clients/group-coordinator.js';
import type { StreamTask } from './task.js';

/**
 * The application's committed input offsets (Kafka: the consumer group named by application.id), each with the
 * partition time of its commit: what tasks commit, and where a task taken over or restarted resumes.
 */
export class CommittedOffsets {
  private readonly coordinator: GroupCoordinator;

  constructor(
    broker: Broker,
    private readonly applicationId: string,
  ) {
    this.coordinator = GroupCoordinator.forBroker(broker);
  }

  /** The offsets committed for the application's group, sorted by topic and partition. */
  list(): { topic: string; partition: number; offset: number }[] {
    return this.coordinator.committedOffsets(this.applicationId).map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset }));
  }

  /**
   * Commits the offset after the last processed record of every input partition of `tasks` that moved since
   * its last commit, so that a runtime started later on the same broker resumes there (with state restored
   * from changelogs) instead of reprocessing from the beginning.
   */
  commit(tasks: readonly StreamTask[]): void {
    const offsets: OffsetCommit[] = [];
    for (const t of tasks) {
      for (const q of t.queues) {
        if (q.processedOffset === q.committedOffset) continue;
        offsets.push({ topic: q.topic, partition: q.partition, offset: q.processedOffset, metadata: encodePartitionTime(q.processedTimeMs) });
        q.committedOffset = q.processedOffset;
      }
    }
    if (offsets.length > 0) this.coordinator.commit(this.applicationId, undefined, offsets);
  }

  /**
   * Starts each input partition at its committed offset (auto.offset.reset=earliest when none), with the
   * partition time the commit stored, and the task's stream time as their maximum (StreamTask#initializeTaskTime).
   */
  resume(tasks: readonly StreamTask[]): void {
    const committed = new Map(this.coordinator.committedOffsets(this.applicationId).map((o) => [`${o.topic}\u0000${o.partition}`, o]));
    for (const t of tasks) {
      for (const q of t.queues) {
        const c = committed.get(`${q.topic}\u0000${q.partition}`);
        if (c === undefined) continue;
        q.fetchOffset = c.offset;
        q.processedOffset = c.offset;
        q.committedOffset = c.offset;
        const time = decodePartitionTime(c.metadata);
        if (time > q.partitionTimeMs) q.partitionTimeMs = time;
        if (time > q.processedTimeMs) q.processedTimeMs = time;
        if (time > t.streamTimeMs) t.streamTimeMs = time;
      }
    }
  }
}

/**
 * Kafka keeps a partition's time in the metadata of its offset commit (base64 of a version byte and the long);
 * here it is the decimal number, readable in committedOffsets() listings.
 */
function encodePartitionTime(ms: number): string {
  return ms < 0 ? '' : String(ms);
}

/** The partition time of a commit's metadata; unknown (-1) for metadata written by something else. */
function decodePartitionTime(metadata: string): number {
  return /^\d+$/.test(metadata) ? Number(metadata) : -1;
}
