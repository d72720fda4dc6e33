/**
 * Topics on a real cluster as the simulator knows them. A topology on Kafka keeps its topics' metadata in a Broker
 * that holds no records (the "metadata broker"): partition counts, compaction, retention and serdes, so that the
 * simulator's own code sizes repartition and changelog topics and picks partitions. These functions fill it from
 * the cluster and create on the cluster what it has and the cluster lacks.
 */
import { retrying } from './retrying.js';
import type { Admin, ITopicConfig } from 'kafkajs';
import { Broker } from '../sim/broker.js';
import type { TopicConfig } from '../sim/topic-config.js';

/** The cluster's topic configs for the simulator's: cleanup policy, retention (-1: forever, the simulator's default), cleaner settings. */
function configEntries(c: TopicConfig): { name: string; value: string }[] {
  const entries = [
    { name: 'cleanup.policy', value: c['cleanup.policy'] },
    { name: 'retention.ms', value: String(c['retention.ms']) },
  ];
  if (c['delete.retention.ms'] !== undefined) entries.push({ name: 'delete.retention.ms', value: String(c['delete.retention.ms']) });
  if (c['min.cleanable.dirty.ratio'] !== undefined) entries.push({ name: 'min.cleanable.dirty.ratio', value: String(c['min.cleanable.dirty.ratio']) });
  if (c['message.timestamp.type'] !== 'CreateTime') entries.push({ name: 'message.timestamp.type', value: c['message.timestamp.type'] });
  return entries;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the new topics have leaders everywhere. kafkajs' own waitForLeaders gives up on the "unknown topic"
 * a broker answers while the creation spreads, so this asks again until all are there (or 30 s have passed).
 */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const md = await retrying(() => admin.fetchTopicMetadata({ topics: [...topics] }));
      if (md.topics.length === topics.length && md.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`the new topics ${topics.join(', ')} have no leaders after 30 s`);
    await sleep(100);
  }
}

/**
 * Creates the named topics of `metadata` that the cluster does not have, with the metadata's partition counts and
 * configs. A topic that exists keeps its own settings; one whose partition count differs is refused, since keys
 * would then land elsewhere than the simulator puts them.
 */
export async function ensureClusterTopics(admin: Admin, metadata: Broker, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const existing = new Set(await retrying(() => admin.listTopics()));
  const missing: ITopicConfig[] = names
    .filter((n) => !existing.has(n))
    .map((topic) => {
      const c = metadata.topicConfig(topic);
      return { topic, numPartitions: c.partitions, configEntries: configEntries(c) };
    });
  if (missing.length > 0) {
    await admin.createTopics({ waitForLeaders: false, topics: missing });
    await waitForLeaders(admin, missing.map((t) => t.topic));
  }
  const present = names.filter((n) => existing.has(n));
  if (present.length === 0) return;
  for (const t of (await retrying(() => admin.fetchTopicMetadata({ topics: present }))).topics) {
    const want = metadata.partitionCount(t.name);
    if (t.partitions.length !== want) {
      throw new Error(`topic '${t.name}' has ${t.partitions.length} partitions on the cluster, but the application needs ${want}: delete it or reset the application`);
    }
  }
}

/** Adds the cluster's topics among `names` to `metadata` (partition counts from the cluster); returns the names it did not find. */
export async function mirrorClusterTopics(admin: Admin, metadata: Broker, names: readonly string[]): Promise<string[]> {
  const existing = new Set(await retrying(() => admin.listTopics()));
  const found = names.filter((n) => existing.has(n) && !metadata.hasTopic(n));
  if (found.length > 0) {
    for (const t of (await retrying(() => admin.fetchTopicMetadata({ topics: found }))).topics) metadata.createTopic(t.name, { partitions: t.partitions.length });
  }
  return names.filter((n) => !existing.has(n) && !metadata.hasTopic(n));
}

/** A metadata broker for a topology that runs on a cluster: its external topics as the cluster has them. */
export async function metadataFromCluster(admin: Admin, topics: readonly string[]): Promise<Broker> {
  const metadata = new Broker();
  const missing = await mirrorClusterTopics(admin, metadata, topics);
  if (missing.length > 0) throw new Error(`source topic${missing.length > 1 ? 's' : ''} ${missing.map((t) => `'${t}'`).join(', ')} not found on the cluster: create ${missing.length > 1 ? 'them' : 'it'} first`);
  return metadata;
}
