import { DEFAULT_REPARTITION_PURGE_INTERVAL_MS } from './internal-topic-cleanup.js';
import { commitEveryOf, type RuntimeConfig } from './runtime-config.js';
import { defaultCommitIntervalMs, type ProcessingGuarantee } from './transaction.js';

/**
 * When a runtime commits: on request (ProcessorContext#commit), after every `commitEvery` records, once
 * commit.interval.ms has passed on the virtual wall clock; and when a commit may also purge repartition topics
 * (repartition.purge.interval.ms, StreamThread#maybeCommit).
 */
export class CommitSchedule {
  /** Set by ProcessorContext#commit; honoured after the record or punctuation that asked. */
  requested = false;
  private recordsSinceCommit = 0;
  private lastCommitMs: number;
  private lastPurgeMs: number;

  constructor(
    /** Commit after this many records; undefined: no count. */
    readonly commitEvery: number | undefined,
    private readonly commitIntervalMs: number,
    private readonly purgeIntervalMs: number,
    nowMs: number,
  ) {
    this.lastCommitMs = nowMs;
    this.lastPurgeMs = nowMs;
  }

  /** The schedule a runtime's config asks for, with Kafka's defaults for the intervals; starts at `nowMs`. */
  static forConfig(config: RuntimeConfig, guarantee: ProcessingGuarantee, nowMs: number): CommitSchedule {
    return new CommitSchedule(
      commitEveryOf(config),
      config.commitIntervalMs ?? defaultCommitIntervalMs(guarantee),
      config.repartitionPurgeIntervalMs ?? DEFAULT_REPARTITION_PURGE_INTERVAL_MS,
      nowMs,
    );
  }

  /** After each processed record: true when a requested or commitEvery commit is due. */
  dueAfterRecord(): boolean {
    if (this.requested) return true;
    return this.commitEvery !== undefined && ++this.recordsSinceCommit >= this.commitEvery;
  }

  /** True when a commit was requested or commit.interval.ms has passed since the last commitAll. */
  intervalDue(nowMs: number): boolean {
    return this.requested || nowMs - this.lastCommitMs >= this.commitIntervalMs;
  }

  /** A commit of every task starts (commitAll): the interval counts from now. */
  startInterval(nowMs: number): void {
    this.lastCommitMs = nowMs;
  }

  /** Offsets were committed: the record count and any request start over. */
  committed(): void {
    this.recordsSinceCommit = 0;
    this.requested = false;
  }

  /** After a commit: true, once per interval, when more than repartition.purge.interval.ms has passed (strictly). */
  purgeDue(nowMs: number): boolean {
    if (nowMs - this.lastPurgeMs <= this.purgeIntervalMs) return false;
    this.lastPurgeMs = nowMs;
    return true;
  }
}
