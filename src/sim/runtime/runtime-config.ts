import { TopologyError } from '../errors.js';
import type { ProcessingGuarantee } from './transaction.js';

export interface RuntimeConfig {
  /** Kafka's application.id: prefixes internal topic names and names the consumer group. */
  readonly applicationId: string;
  /** Seeds every choice the runtime makes (ties, shuffled interleaving). */
  readonly seed?: number;
  /**
   * Interleave tasks, and break head-timestamp ties, by the seeded RNG instead of in task order, to expose
   * code that depends on an order Kafka does not guarantee.
   */
  readonly shuffle?: boolean;
  /** Partitions of output topics the runtime has to create itself. */
  readonly defaultPartitions?: number;
  /** Keep every record in and out for trace()/traceHash() (default true). */
  readonly trace?: boolean;
  /** Kafka's commit.interval.ms, on the virtual wall clock; commits flush caches. Default 30 s, 100 ms under exactly-once. */
  readonly commitIntervalMs?: number;
  /**
   * Kafka's processing.guarantee. at_least_once (default): outputs reach the log as they are produced, a crash
   * leaves them there and the records after the last commit are processed again. exactly_once_v2: outputs,
   * changelog writes and offsets become visible together at commit; a crash aborts what was not committed.
   */
  readonly processingGuarantee?: ProcessingGuarantee;
  /**
   * Commit after every this many processed records (repartitioned records count), instead of whenever the
   * run is idle; Infinity commits only on commitAll() and the commit interval. A test's way to place the
   * last commit before a crash. Unset (default): commit when idle (no cache) or on the interval (cache).
   */
  readonly commitEvery?: number;
  /** Kafka's statestore.cache.max.bytes; 0 (default) forwards every update. */
  readonly cacheMaxBytes?: number;
  /**
   * One instance among several (ApplicationInstances): start() creates no stream task; the instance runs the
   * tasks given to assignTasks(). Unset (default): the runtime owns every task of the topology.
   */
  readonly assignedTasksOnly?: boolean;
  /**
   * Kafka's repartition.purge.interval.ms (default 30000) on the virtual wall clock: after a commit, once this
   * long has passed since the last purge, repartition records below the committed offsets are deleted
   * (StreamThread#maybeCommit, TaskManager#maybePurgeCommittedRecords). Infinity never purges.
   */
  readonly repartitionPurgeIntervalMs?: number;
  /**
   * Kafka's windowstore.changelog.additional.retention.ms (default 1 day): a window or session store's changelog
   * is cleanup.policy=compact,delete with retention.ms = the store's retention + this.
   */
  readonly windowStoreChangelogAdditionalRetentionMs?: number;
}

/** The application id names topics and the group: Kafka's legal topic characters only. */
export function checkApplicationId(applicationId: string): void {
  if (!/^[a-zA-Z0-9._-]+$/.test(applicationId)) {
    throw new TopologyError(`application id '${applicationId}' must be made of [a-zA-Z0-9._-]`);
  }
}

/** The configured processing guarantee (default at_least_once), refusing anything else. */
export function processingGuaranteeOf(config: RuntimeConfig): ProcessingGuarantee {
  const guarantee = config.processingGuarantee ?? 'at_least_once';
  if (guarantee !== 'at_least_once' && guarantee !== 'exactly_once_v2') {
    throw new TopologyError(`processing guarantee must be 'at_least_once' or 'exactly_once_v2', got '${String(guarantee)}'`);
  }
  return guarantee;
}

/** The configured commitEvery: unset, Infinity or a positive integer. */
export function commitEveryOf(config: RuntimeConfig): number | undefined {
  const every = config.commitEvery;
  if (every !== undefined && !(every === Infinity || (Number.isInteger(every) && every > 0))) {
    throw new TopologyError(`commitEvery must be a positive integer or Infinity, got ${every}`);
  }
  return every;
}
