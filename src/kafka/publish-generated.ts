/**
 * Publishes a scenario's generated records to a real Kafka cluster with kafkajs (`streamsim gen --to kafka://...`).
 * This module imports kafkajs: the CLI loads it with a dynamic import, so the in-memory path never does.
 */
import { Kafka, logLevel, Partitioners, type Admin, type Producer, type TopicMessages } from 'kafkajs';
import { DLQ_SUFFIX, zodValidator, type GeneratedRecord, type ScenarioTopic } from '../scenarios/common/index.js';
import { DLT_HEADER_PARTITION, DLT_HEADER_REASON, DLT_HEADER_TOPIC } from '../sim/topic-config.js';
import type { ValueValidator } from '../sim/topic-config.js';
import { errorReason } from './error-reason.js';
import { WirePlacement, type WireMessage } from './wire-messages.js';

/** The cluster could not be reached or refused the records: the message is the one line the CLI prints. */
export class KafkaPublishError extends Error {}

export interface PublishOptions {
  /** Bootstrap brokers, "host:port" (parseKafkaUrl gives them). */
  readonly brokers: readonly string[];
  /** The scenario's input topics: each is created when missing, a table topic compacted. */
  readonly topics: readonly ScenarioTopic[];
  /** Partitions of a topic created here; an existing topic keeps its own count. */
  readonly partitions: number;
  /** Records per produce call (default 5000, fewer when they weigh over 512 KiB); calls are sequential, so each topic keeps the generated order. */
  readonly batchSize?: number;
  /** After each acknowledged batch: records sent so far and in all. */
  readonly onProgress?: (sent: number, total: number) => void;
}

export interface TopicPublished {
  readonly topic: string;
  readonly partitions: number;
  readonly records: number;
  /** Created by this call (false: it existed, and the records were appended to it). */
  readonly created: boolean;
}

export interface PublishSummary {
  readonly records: number;
  readonly topics: readonly TopicPublished[];
  /** Records whose value failed their topic's schema, sent to `<topic>-dlq` instead. */
  readonly deadLettered: number;
}

/** Bounded: an unreachable cluster fails within about 15 s instead of kafkajs' default retrying. */
const CONNECTION_TIMEOUT_MS = 3000;
const RETRY = { retries: 3, initialRetryTime: 300, maxRetryTime: 2000 };

/**
 * Payload bytes per produce call: a call's records for one partition travel as one record batch, which the broker
 * refuses above message.max.bytes (1 MiB by default), so a call stays well under it whatever the values weigh.
 */
const MAX_CALL_BYTES = 512 * 1024;


async function ensureTopics(admin: Admin, topics: readonly ScenarioTopic[], partitions: number): Promise<{ counts: Map<string, number>; created: Set<string> }> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: partitions,
        // as the simulator creates them: table topics are compacted (SCENARIOS.md §0.3)
        configEntries: [{ name: 'cleanup.policy', value: t.kind === 'table' ? 'compact' : 'delete' }],
      })),
    });
  }
  const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
  const counts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  return { counts, created: new Set(missing.map((t) => t.name)) };
}

/**
 * Where a record goes: its topic, or, when its value fails the topic's schema, the topic's `<topic>-dlq` (one
 * partition) with the reason, topic and partition in headers, as the simulator's broker routes it (the offset it
 * would have had is not known before the cluster appends it, so that header is left out).
 */
function routed(r: GeneratedRecord, placement: WirePlacement, validators: ReadonlyMap<string, ValueValidator>): { topic: string; message: WireMessage } {
  const message = placement.message(r);
  if (r.value === null || r.value === undefined) return { topic: r.topic, message };
  const check = validators.get(r.topic)!.validate(r.value);
  if (check.ok) return { topic: r.topic, message };
  const headers = { ...(message.headers ?? {}), [DLT_HEADER_REASON]: check.reason, [DLT_HEADER_TOPIC]: r.topic, [DLT_HEADER_PARTITION]: String(message.partition) };
  return { topic: `${r.topic}${DLQ_SUFFIX}`, message: { ...message, partition: 0, headers } };
}

/** One produce call's worth of records, grouped by topic in their order (per-topic order is what Kafka keeps). */
function topicMessages(batch: readonly { topic: string; message: WireMessage }[]): TopicMessages[] {
  const byTopic = new Map<string, WireMessage[]>();
  for (const { topic, message } of batch) {
    const list = byTopic.get(topic) ?? [];
    if (list.length === 0) byTopic.set(topic, list);
    list.push(message);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Creates the missing topics, then produces `records` in their order, and says what went where. */
export async function publishGenerated(records: readonly GeneratedRecord[], options: PublishOptions): Promise<PublishSummary> {
  const where = options.brokers.join(',');
  const known = new Set(options.topics.map((t) => t.name));
  const stray = records.find((r) => !known.has(r.topic));
  if (stray !== undefined) throw new KafkaPublishError(`a generated record is for '${stray.topic}', which is not an input topic of the scenario`);

  const kafka = new Kafka({
    clientId: 'streamsim-gen',
    brokers: [...options.brokers],
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    retry: RETRY,
    // failures come back as the one error this function throws; kafkajs' own logging would repeat them
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  let producer: Producer | undefined;
  try {
    try {
      await admin.connect();
    } catch (err) {
      throw new KafkaPublishError(`cannot reach Kafka at ${where}: ${errorReason(err)}`);
    }
    let counts: Map<string, number>;
    let created: Set<string>;
    try {
      ({ counts, created } = await ensureTopics(admin, options.topics, options.partitions));
    } catch (err) {
      throw new KafkaPublishError(`could not create the topics on ${where}: ${errorReason(err)}`);
    }
    // idempotent with one request in flight: a retried batch can neither duplicate nor reorder records
    producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    try {
      await producer.connect();
    } catch (err) {
      throw new KafkaPublishError(`cannot reach Kafka at ${where}: ${errorReason(err)}`);
    }

    const placement = new WirePlacement((topic) => counts.get(topic)!);
    const validators = new Map(options.topics.map((t) => [t.name, zodValidator(t.value)]));
    const dlqsMade = new Set<string>();
    let deadLettered = 0;
    const perTopic = new Map<string, number>();
    const batchSize = options.batchSize ?? 5000;
    for (let i = 0; i < records.length; ) {
      const batch: { topic: string; message: WireMessage }[] = [];
      let bytes = 0;
      while (i + batch.length < records.length && batch.length < batchSize && bytes < MAX_CALL_BYTES) {
        const r = records[i + batch.length]!;
        const out = routed(r, placement, validators);
        bytes += (out.message.key?.length ?? 0) + (out.message.value?.length ?? 0);
        batch.push(out);
      }
      for (const { topic } of batch) {
        if (known.has(topic) || dlqsMade.has(topic)) continue;
        dlqsMade.add(topic);
        try {
          if (!(await admin.listTopics()).includes(topic)) await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
        } catch (err) {
          throw new KafkaPublishError(`could not create the dead-letter topic ${topic} on ${where}: ${errorReason(err)}`);
        }
      }
      try {
        await producer.sendBatch({ topicMessages: topicMessages(batch), acks: -1 });
      } catch (err) {
        throw new KafkaPublishError(`Kafka at ${where} did not take records ${i}..${i + batch.length - 1}: ${errorReason(err)}`);
      }
      for (const { topic } of batch) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
      deadLettered += batch.filter((b) => !known.has(b.topic)).length;
      i += batch.length;
      options.onProgress?.(i, records.length);
    }
    return {
      records: records.length,
      deadLettered,
      topics: options.topics.map((t) => ({ topic: t.name, partitions: counts.get(t.name)!, records: perTopic.get(t.name) ?? 0, created: created.has(t.name) })),
    };
  } finally {
    // a failed disconnect must not hide what failed before it
    await producer?.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
