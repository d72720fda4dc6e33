import type { Broker } from '../broker.js';
import { GroupCoordinator, type DeferredCommitter, type OffsetCommit } from '../clients/group-coordinator.js';
import type { RecordQueue, StreamTask } from './task.js';

/** A partition's commit request (RecordQueue#commitRequest), with what a deferred commit keeps until it is published. */
interface CommitRequest {
  readonly topic: string;
  readonly partition: number;
  offset: number;
  /** encodePartitionTime(timeMs). */
  metadata: string;
  timeMs: number;
  /** The partition time committed with `offset`; `metadata` is brought up to date when the commit is published. */
  partitionTimeMs: number;
  /** Clock time of the last commit of this partition. */
  commitTimestampMs: number;
  /** In the list of deferred commits. */
  deferred: boolean;
}

/**
 * The application's committed input offsets (Kafka: the consumer group named by application.id), each with the
 * partition time of its commit: what tasks commit, and where a task taken over or restarted resumes.
 */
export class CommittedOffsets implements DeferredCommitter {
  private readonly coordinator: GroupCoordinator;
  /** Partitions committed since the coordinator last asked for this committer's commits (see commit). */
  private deferred: CommitRequest[] = [];

  constructor(
    private readonly broker: Broker,
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
    // Commits run after every processed batch: one request object per partition, reused, and an array of the
    // exact size (counted first) for the partitions that moved.
    let moved = 0;
    let deletedLog = false;
    for (let ti = 0; ti < tasks.length; ti++) {
      const queues = tasks[ti]!.queues;
      for (let qi = 0; qi < queues.length; qi++) {
        const q = queues[qi]!;
        if (q.processedOffset === q.committedOffset) continue;
        moved++;
        // A partition that moved was fetched: a live log means its topic and partition exist.
        if (q.log === null || q.log.deleted) deletedLog = true;
      }
    }
    if (moved === 0) return;
    // Usually the group has no members and the partitions exist, so the commit cannot fail: the coordinator takes
    // it by reference and asks for it when something reads the group's offsets (publish).
    if (!deletedLog && this.coordinator.deferCommits(this.applicationId, this)) {
      const now = this.broker.clock.now();
      for (let ti = 0; ti < tasks.length; ti++) {
        const queues = tasks[ti]!.queues;
        for (let qi = 0; qi < queues.length; qi++) {
          const q = queues[qi]!;
          if (q.processedOffset === q.committedOffset) continue;
          const request = requestOf(q);
          request.offset = q.processedOffset;
          request.partitionTimeMs = q.processedTimeMs;
          request.commitTimestampMs = now;
          if (!request.deferred) {
            request.deferred = true;
            this.deferred.push(request);
          }
          q.committedOffset = q.processedOffset;
        }
      }
      return;
    }
    // Deferred commits come first, as they were made first (and stay as they were should this commit fail).
    if (this.deferred.length > 0) this.publish();
    const offsets = new Array<OffsetCommit>(moved);
    let n = 0;
    for (let ti = 0; ti < tasks.length; ti++) {
      const queues = tasks[ti]!.queues;
      for (let qi = 0; qi < queues.length; qi++) {
        const q = queues[qi]!;
        if (q.processedOffset === q.committedOffset) continue;
        const request = requestOf(q);
        request.offset = q.processedOffset;
        request.partitionTimeMs = q.processedTimeMs;
        offsets[n++] = withMetadata(request);
        q.committedOffset = q.processedOffset;
      }
    }
    this.coordinator.commit(this.applicationId, undefined, offsets);
  }

  /** The coordinator asks for the deferred commits: each partition's latest, at the time it was committed. */
  publish(): void {
    const deferred = this.deferred;
    this.deferred = [];
    for (const r of deferred) {
      r.deferred = false;
      this.coordinator.publishDeferred(this.applicationId, r.topic, r.partition, r.offset, withMetadata(r).metadata, r.commitTimestampMs);
    }
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

function requestOf(q: RecordQueue): CommitRequest {
  const request: CommitRequest = (q.commitRequest as CommitRequest | null) ?? {
    topic: q.topic,
    partition: q.partition,
    offset: 0,
    metadata: '',
    timeMs: Number.NaN,
    partitionTimeMs: Number.NaN,
    commitTimestampMs: Number.NaN,
    deferred: false,
  };
  q.commitRequest = request;
  return request;
}

/** The request with `metadata` encoding its partition time (encoded again only when that time changed). */
function withMetadata(request: CommitRequest): CommitRequest {
  if (request.timeMs !== request.partitionTimeMs) {
    request.timeMs = request.partitionTimeMs;
    request.metadata = encodePartitionTime(request.partitionTimeMs);
  }
  return request;
}

/**
 * Kafka keeps a partition's time in the metadata of its offset commit (base64 of a version byte and the long);
 * here it is the decimal number, readable in committedOffsets() listings.
 */
export function encodePartitionTime(ms: number): string {
  if (ms < 0) return '';
  if (ms < SMALL) return String(ms);
  // Epoch milliseconds are heap numbers, whose String() is several times slower than two small integers' (a commit
  // follows every processed batch).
  const high = Math.floor(ms / SMALL);
  const low = String(ms - high * SMALL);
  return `${high}${ZEROS.slice(low.length)}${low}`;
}

const SMALL = 1_000_000;
const ZEROS = '000000';

/** The partition time of a commit's metadata; unknown (-1) for metadata written by something else. */
export function decodePartitionTime(metadata: string): number {
  return /^\d+$/.test(metadata) ? Number(metadata) : -1;
}
