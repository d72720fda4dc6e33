import type { Broker } from '../broker.js';
import type { StoreBuilder, StateStore } from '../stores/state-store.js';
import type { TopicConfigInput } from '../topic-config.js';
import type { StreamTask } from './task.js';

/** Kafka's StreamsConfig repartition.purge.interval.ms default. */
export const DEFAULT_REPARTITION_PURGE_INTERVAL_MS = 30_000;
/** Kafka's StreamsConfig windowstore.changelog.additional.retention.ms default (1 day). */
export const DEFAULT_WINDOW_CHANGELOG_ADDITIONAL_RETENTION_MS = 86_400_000;

/**
 * Kafka's TaskManager#maybePurgeCommittedRecords with StreamTask#purgeableOffsets: for every repartition
 * partition a task reads, Admin#deleteRecords up to the committed offset. Nothing the application still needs
 * goes: a restart resumes at the committed offset, which is the new log start at most.
 */
export function purgeCommittedRepartitionRecords(broker: Broker, tasks: readonly StreamTask[], repartitionTopics: ReadonlySet<string>): void {
  for (const t of tasks) {
    for (const q of t.queues) {
      if (!repartitionTopics.has(q.topic)) continue;
      if (q.committedOffset > broker.logStartOffset(q.topic, q.partition)) broker.deleteRecords(q.topic, q.partition, q.committedOffset);
    }
  }
}

/**
 * The topic config of a store's changelog (InternalTopologyBuilder#createChangelogTopicConfig): key-value stores
 * get UnwindowedChangelogTopicConfig (cleanup.policy=compact); window and session stores get
 * WindowedChangelogTopicConfig (compact,delete, retention.ms = store retention + the additional retention), so
 * that old windows leave the log. The store's logConfig (withLoggingEnabled) overrides either.
 */
export function changelogTopicConfig(builder: StoreBuilder<StateStore>, additionalRetentionMs = DEFAULT_WINDOW_CHANGELOG_ADDITIONAL_RETENTION_MS): TopicConfigInput {
  const windowed = builder.kind === 'window' || builder.kind === 'timestampedWindow' || builder.kind === 'session';
  let config: TopicConfigInput = { 'cleanup.policy': 'compact' };
  if (windowed) {
    const retention = (builder.build() as Partial<{ retentionPeriodMs: number }>).retentionPeriodMs;
    if (retention !== undefined) config = { 'cleanup.policy': 'compact,delete', 'retention.ms': retention + additionalRetentionMs };
  }
  return { ...config, ...fromLogConfig(builder.logConfig) };
}

/** The topic configs streamsim models, read from a store's string-valued logConfig. */
function fromLogConfig(log: Readonly<Record<string, string>>): TopicConfigInput {
  const out: { -readonly [K in keyof TopicConfigInput]: TopicConfigInput[K] } = {};
  const policy = log['cleanup.policy']?.replace(/\s/g, '');
  if (policy === 'delete' || policy === 'compact') out['cleanup.policy'] = policy;
  else if (policy === 'compact,delete' || policy === 'delete,compact') out['cleanup.policy'] = 'compact,delete';
  for (const k of ['retention.ms', 'delete.retention.ms', 'min.cleanable.dirty.ratio'] as const) {
    const v = log[k];
    if (v !== undefined && Number.isFinite(Number(v))) out[k] = Number(v);
  }
  return out;
}
