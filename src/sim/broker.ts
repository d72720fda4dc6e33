import { VirtualClock } from './clock.js';
import { BrokerError, RecordRejectedError } from './errors.js';
import { defaultKeyBytes } from './key-id.js';
import { partitionFor, utf8 } from './murmur2.js';
import { SerdeError } from './serde.js';
import { PartitionLog } from './partition-log.js';
import { NO_HEADERS, type Header, type Headers, type ProducerRecord, type StoredRecord } from './record.js';
import {
  DEFAULT_DELETE_RETENTION_MS,
  DEFAULT_MIN_CLEANABLE_DIRTY_RATIO,
  DEFAULT_TOPIC_CONFIG,
  DLT_HEADER_OFFSET,
  DLT_HEADER_PARTITION,
  DLT_HEADER_REASON,
  DLT_HEADER_TOPIC,
  type TopicConfig,
  type TopicConfigInput,
} from './topic-config.js';

/** Bound on a topic's string-key partition cache (see Topic#partitionByStringKey). */
const PARTITION_CACHE_LIMIT = 8192;
/** Kafka's log.retention.check.interval.ms default: how often the broker looks for logs past retention.ms. */
const DEFAULT_RETENTION_CHECK_INTERVAL_MS = 300_000;
/**
 * Records a partition's dirty part must hold before the cleaner compacts it during a run. Stands in for Kafka's
 * active segment (segment.bytes / segment.ms), which the cleaner never touches: small logs are left whole.
 */
const DEFAULT_CLEANER_MIN_DIRTY_RECORDS = 1024;

export interface TopicDescription {
  readonly name: string;
  readonly config: TopicConfig;
  readonly partitions: ReadonlyArray<{ partition: number; logStartOffset: number; logEndOffset: number; size: number }>;
}

class Topic {
  readonly logs: PartitionLog[];
  /** Next partition for a record with a null key (SCENARIOS.md §0.3: round-robin from 0). */
  nextNullKeyPartition = 0;
  /**
   * Partition per string key, when the topic has no key serde: keys repeat, and hashing one means encoding
   * it to UTF-8 first. Bounded: cleared when it reaches PARTITION_CACHE_LIMIT entries.
   */
  readonly partitionByStringKey = new Map<string, number>();
  /** cleanup.policy includes compact: the cleaner compacts its partitions as they get dirty. */
  readonly compacted: boolean;
  /** min.cleanable.dirty.ratio, resolved. */
  readonly dirtyRatio: number;
  /** message.timestamp.type is LogAppendTime: the broker stamps records with its clock. */
  readonly logAppendTime: boolean;
  /** A schema or serde checks every record (checkRecord); else nothing can refuse one. */
  readonly checksRecords: boolean;

  constructor(
    readonly name: string,
    readonly config: TopicConfig,
    logs?: PartitionLog[],
  ) {
    this.logs = logs ?? Array.from({ length: config.partitions }, (_, p) => new PartitionLog(name, p));
    this.compacted = config['cleanup.policy'].includes('compact');
    this.dirtyRatio = config['min.cleanable.dirty.ratio'] ?? DEFAULT_MIN_CLEANABLE_DIRTY_RATIO;
    // Resolved once: configs differ in shape from topic to topic, so reading them per record is a slow lookup.
    this.logAppendTime = config['message.timestamp.type'] === 'LogAppendTime';
    this.checksRecords = config.valueSchema !== undefined || config.valueSerde !== undefined || config.keySerde !== undefined;
  }
}

export interface BrokerOptions {
  readonly clock?: VirtualClock;
  /** Create a topic on first produce, like the broker's auto.create.topics.enable (default false). */
  readonly autoCreateTopics?: boolean;
  readonly defaultPartitions?: number;
  /**
   * Kafka's log.retention.check.interval.ms (default 300000) on the virtual clock: a produce after the clock
   * moved this far since the last check deletes what retention.ms expired, on every delete-policy topic.
   */
  readonly logRetentionCheckIntervalMs?: number;
  /** Dirty records a compacted partition needs before the cleaner runs (stand-in for the active segment; default 1024). */
  readonly cleanerMinDirtyRecords?: number;
}

/**
 * The virtual broker: topics of partition logs, the partitioner, admin operations, and the log cleaner
 * (compaction, retention) on the virtual clock.
 */
export class Broker {
  readonly clock: VirtualClock;
  private readonly topics = new Map<string, Topic>();
  private readonly autoCreateTopics: boolean;
  private readonly defaultPartitions: number;
  private readonly retentionCheckIntervalMs: number;
  private readonly cleanerMinDirtyRecords: number;
  /** Clock time at or after which a produce runs the retention check. */
  private nextRetentionCheckMs: number;

  constructor(options: BrokerOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.autoCreateTopics = options.autoCreateTopics ?? false;
    this.defaultPartitions = options.defaultPartitions ?? 1;
    this.retentionCheckIntervalMs = options.logRetentionCheckIntervalMs ?? DEFAULT_RETENTION_CHECK_INTERVAL_MS;
    this.cleanerMinDirtyRecords = options.cleanerMinDirtyRecords ?? DEFAULT_CLEANER_MIN_DIRTY_RECORDS;
    this.nextRetentionCheckMs = this.clock.now() + this.retentionCheckIntervalMs;
  }

  // ---- admin ----

  createTopic(name: string, config: TopicConfigInput = {}): TopicDescription {
    if (this.topics.has(name)) throw new BrokerError(`topic '${name}' already exists`);
    validateTopicName(name);
    const full: TopicConfig = { ...DEFAULT_TOPIC_CONFIG, partitions: this.defaultPartitions, ...config };
    if (!Number.isInteger(full.partitions) || full.partitions < 1) {
      throw new BrokerError(`topic '${name}': partitions must be a positive integer, got ${full.partitions}`);
    }
    this.topics.set(name, new Topic(name, full));
    return this.describeTopic(name);
  }

  /** Creates the topic unless it exists; returns its description either way. */
  ensureTopic(name: string, config: TopicConfigInput = {}): TopicDescription {
    return this.topics.has(name) ? this.describeTopic(name) : this.createTopic(name, config);
  }

  deleteTopic(name: string): void {
    const t = this.topics.get(name);
    if (t === undefined) throw new BrokerError(`cannot delete unknown topic '${name}'`);
    this.topics.delete(name);
    for (const log of t.logs) log.deleted = true;
  }

  hasTopic(name: string): boolean {
    return this.topics.has(name);
  }

  listTopics(): string[] {
    return [...this.topics.keys()].sort();
  }

  describeTopic(name: string): TopicDescription {
    const t = this.topic(name);
    return {
      name,
      config: t.config,
      partitions: t.logs.map((l) => ({
        partition: l.partition,
        logStartOffset: l.logStartOffset,
        logEndOffset: l.logEndOffset,
        size: l.size,
      })),
    };
  }

  /** Adds partitions to a topic (Kafka's createPartitions); the count can only grow. */
  createPartitions(name: string, totalCount: number): void {
    const t = this.topic(name);
    if (!Number.isInteger(totalCount) || totalCount <= t.logs.length) {
      throw new BrokerError(`topic '${name}' has ${t.logs.length} partitions: a new count must be a larger integer, got ${totalCount}`);
    }
    for (let p = t.logs.length; p < totalCount; p++) t.logs.push(new PartitionLog(name, p));
    this.topics.set(name, new Topic(name, { ...t.config, partitions: totalCount }, t.logs));
  }

  /** The topic's partition count, or 0 when there is no such topic. */
  partitionCountOrZero(name: string): number {
    return this.topics.get(name)?.logs.length ?? 0;
  }

  partitionCount(name: string): number {
    return this.topic(name).logs.length;
  }

  topicConfig(name: string): TopicConfig {
    return this.topic(name).config;
  }

  // ---- produce ----

  /** The partition Kafka's default partitioner picks for this key (murmur2 over the serialized key). */
  partitionForKey(topic: string, key: unknown): number {
    const t = this.topic(topic);
    const bytes = t.config.keySerde ? t.config.keySerde.serialize(topic, key) : defaultKeyBytes(key);
    if (bytes === null) throw new BrokerError(`a null key has no partition on '${topic}'`);
    return partitionFor(bytes, t.logs.length);
  }

  /**
   * Appends one record and returns it as stored (its offset, partition and final timestamp). A value that fails the
   * topic's schema goes to its dead-letter topic with the reason in a header, or is refused with a
   * RecordRejectedError naming topic, partition, offset and reason. `keyIdOfKey`, when given, must be
   * keyId(record.key): a compacted topic's cleaner then need not compute it (stores pass it for their changelogs).
   */
  produce<K, V>(topic: string, record: ProducerRecord<K, V>, keyIdOfKey?: string): StoredRecord {
    return this.append(topic, record.key, record.value, record.timestamp, record.headers, record.partition, keyIdOfKey);
  }

  /** produce() with the record's fields as arguments: the streams runtime appends several records per input record. */
  append(
    topic: string,
    key: unknown,
    value: unknown,
    timestampMs: number | undefined,
    headers: Headers | undefined,
    partition: number | undefined,
    keyIdOfKey?: string,
  ): StoredRecord {
    return this.write(topic, key, value, timestampMs, headers, partition, keyIdOfKey, true)!;
  }

  /**
   * append() for a writer that does not need the record as stored (a store's changelog that no listener watches):
   * no StoredRecord is built. Returns null, or the dead-letter record when the topic's schema refused the record.
   */
  appendUnread(
    topic: string,
    key: unknown,
    value: unknown,
    timestampMs: number | undefined,
    headers: Headers | undefined,
    partition: number | undefined,
    keyIdOfKey?: string,
  ): StoredRecord | null {
    return this.write(topic, key, value, timestampMs, headers, partition, keyIdOfKey, false);
  }

  /** Appends one record; returns it as stored when `stored`, else null (a dead-lettered record is returned either way). */
  private write(
    topic: string,
    key: unknown,
    value: unknown,
    timestampMs: number | undefined,
    headers: Headers | undefined,
    partition: number | undefined,
    keyIdOfKey: string | undefined,
    stored: boolean,
  ): StoredRecord | null {
    const t = this.topicForProduce(topic);
    if (t.compacted && (key === null || key === undefined)) {
      // Kafka's broker refuses these: "Compacted topic cannot accept message without key".
      throw new RecordRejectedError(topic, partition ?? -1, -1, 'compacted topic cannot accept a record without a key');
    }
    const p = this.choosePartition(t, key, partition);
    const log = t.logs[p]!;
    const timestamp = t.logAppendTime ? this.clock.now() : (timestampMs ?? this.clock.now());
    if (!Number.isFinite(timestamp) || timestamp < 0) {
      throw new RecordRejectedError(topic, p, log.logEndOffset, `invalid timestamp ${timestamp}`);
    }
    const problem = t.checksRecords ? this.checkRecord(t, key, value) : null;
    if (problem !== null) return this.reject(t, p, log.logEndOffset, { key, value, headers }, timestamp, problem);
    let record: StoredRecord | null = null;
    if (stored) record = log.append(key ?? null, value, timestamp, headers ?? NO_HEADERS, keyIdOfKey);
    else log.appendUnread(key ?? null, value, timestamp, headers ?? NO_HEADERS, keyIdOfKey);
    // The log cleaner and the retention check, amortized: a compaction halves the dirty part at least, and
    // retention runs once per check interval of the virtual clock.
    if (t.compacted && log.dirtyCount >= this.cleanerMinDirtyRecords && log.dirtyCount > t.dirtyRatio * log.size) this.clean(t, log);
    const now = this.clock.now();
    if (now >= this.nextRetentionCheckMs) {
      this.nextRetentionCheckMs = now + this.retentionCheckIntervalMs;
      this.enforceRetention();
    }
    return record;
  }

  /** One cleaner pass over a partition: latest per key, tombstones older than delete.retention.ms dropped. */
  private clean(t: Topic, log: PartitionLog): number {
    const deleteRetention = t.config['delete.retention.ms'] ?? DEFAULT_DELETE_RETENTION_MS;
    return log.compact(this.clock.now() - deleteRetention);
  }

  private reject(
    t: Topic,
    partition: number,
    offset: number,
    record: { key: unknown; value: unknown; headers: Headers | undefined },
    timestamp: number,
    reason: string,
  ): StoredRecord {
    const dlt = t.config.deadLetterTopic;
    if (dlt === undefined) throw new RecordRejectedError(t.name, partition, offset, reason);
    const headers: Header[] = [
      ...(record.headers ?? NO_HEADERS),
      { key: DLT_HEADER_REASON, value: reason },
      { key: DLT_HEADER_TOPIC, value: t.name },
      { key: DLT_HEADER_PARTITION, value: String(partition) },
      { key: DLT_HEADER_OFFSET, value: String(offset) },
    ];
    if (!this.topics.has(dlt)) this.createTopic(dlt, { partitions: 1 });
    return this.produce(dlt, { key: record.key, value: record.value, timestamp, headers });
  }

  /**
   * Why the topic's schema or serdes refuse this record, or null. A schema validates the typed value
   * without encoding it; a serde (without a schema) is tried, since bytes it cannot write never reach Kafka.
   */
  private checkRecord(t: Topic, key: unknown, value: unknown): string | null {
    const { valueSchema, valueSerde, keySerde } = t.config;
    const hasValue = value !== null && value !== undefined;
    if (valueSchema !== undefined) {
      if (hasValue) {
        const check = valueSchema.validate(value);
        if (!check.ok) return check.reason;
      }
    } else if (valueSerde !== undefined && hasValue) {
      const reason = serdeProblem(() => valueSerde.serialize(t.name, value));
      if (reason !== null) return `value: ${reason}`;
    }
    if (keySerde !== undefined && key !== null && key !== undefined) {
      const reason = serdeProblem(() => keySerde.serialize(t.name, key));
      if (reason !== null) return `key: ${reason}`;
    }
    return null;
  }

  private topicForProduce(name: string): Topic {
    const t = this.topics.get(name);
    if (t !== undefined) return t;
    if (!this.autoCreateTopics) {
      throw new BrokerError(`cannot produce to unknown topic '${name}': create it first (broker.createTopic)`);
    }
    this.createTopic(name);
    return this.topics.get(name)!;
  }

  private choosePartition(t: Topic, key: unknown, partition: number | undefined): number {
    if (partition !== undefined) {
      if (!Number.isInteger(partition) || partition < 0 || partition >= t.logs.length) {
        throw new BrokerError(`partition ${partition} does not exist: '${t.name}' has ${t.logs.length}`);
      }
      return partition;
    }
    // One partition: every partitioner picks 0, so the key need not be hashed (nor, for object keys, stringified).
    if (t.logs.length === 1) return 0;
    if (key === null || key === undefined) {
      const p = t.nextNullKeyPartition;
      t.nextNullKeyPartition = (p + 1) % t.logs.length;
      return p;
    }
    if (typeof key !== 'string' || t.config.keySerde !== undefined) return this.partitionForKey(t.name, key);
    let p = t.partitionByStringKey.get(key);
    if (p === undefined) {
      p = partitionFor(utf8(key), t.logs.length);
      if (t.partitionByStringKey.size >= PARTITION_CACHE_LIMIT) t.partitionByStringKey.clear();
      t.partitionByStringKey.set(key, p);
    }
    return p;
  }

  // ---- fetch ----

  fetch(topic: string, partition: number, fromOffset: number, maxRecords?: number): StoredRecord[] {
    return this.log(topic, partition).read(fromOffset, maxRecords);
  }

  /**
   * One partition's log, for a reader that fetches from it over and over (a stream task's input): it can skip the
   * lookups by name. A deleted topic's logs say so (`deleted`); the reader must then look the topic up again.
   */
  partitionLog(topic: string, partition: number): PartitionLog {
    return this.log(topic, partition);
  }

  logEndOffset(topic: string, partition: number): number {
    return this.log(topic, partition).logEndOffset;
  }

  logStartOffset(topic: string, partition: number): number {
    return this.log(topic, partition).logStartOffset;
  }

  /**
   * Kafka's Admin#deleteRecords for one partition: moves the log start offset up to `beforeOffset` (-1: the log
   * end offset) and deletes the records below it; offsets are never reused, and a fetch below the new start
   * gets what is left (a consumer resets per auto.offset.reset). An offset past the log end offset is refused
   * (OffsetOutOfRangeException). Returns the new log start offset (Kafka's low watermark).
   */
  deleteRecords(topic: string, partition: number, beforeOffset: number): number {
    const log = this.log(topic, partition);
    const before = beforeOffset === -1 ? log.logEndOffset : beforeOffset;
    if (!Number.isInteger(before) || before < 0 || before > log.logEndOffset) {
      throw new BrokerError(
        `deleteRecords: offset ${beforeOffset} is out of range for ${topic}-${partition}: the log end offset is ${log.logEndOffset} (OffsetOutOfRangeException)`,
      );
    }
    return log.deleteBefore(before);
  }

  /** Every record of a topic, partition by partition, in offset order. */
  records(topic: string): StoredRecord[] {
    return this.topic(topic).logs.flatMap((l) => l.all());
  }

  // ---- log cleaner ----

  /** Compacts every partition of a compacted topic now; returns how many records were removed. */
  compact(topic: string): number {
    const t = this.topic(topic);
    if (!t.config['cleanup.policy'].includes('compact')) {
      throw new BrokerError(`topic '${topic}' has cleanup.policy=${t.config['cleanup.policy']}: only compacted topics compact`);
    }
    return t.logs.reduce((n, l) => n + l.compact(), 0);
  }

  /** Deletes records older than retention.ms, measured on the virtual clock, on every delete-policy topic. */
  enforceRetention(): number {
    let removed = 0;
    for (const t of this.topics.values()) {
      const retention = t.config['retention.ms'];
      if (retention < 0 || !t.config['cleanup.policy'].includes('delete')) continue;
      const cutoff = this.clock.now() - retention;
      for (const l of t.logs) removed += l.truncateBefore(cutoff);
    }
    return removed;
  }

  private topic(name: string): Topic {
    const t = this.topics.get(name);
    if (t === undefined) throw new BrokerError(`unknown topic '${name}'`);
    return t;
  }

  private log(topic: string, partition: number): PartitionLog {
    const t = this.topic(topic);
    const l = t.logs[partition];
    if (l === undefined) throw new BrokerError(`partition ${partition} does not exist: '${topic}' has ${t.logs.length}`);
    return l;
  }
}

function serdeProblem(write: () => unknown): string | null {
  try {
    write();
    return null;
  } catch (err) {
    if (err instanceof SerdeError) return err.reason;
    throw err;
  }
}

/** Kafka's rule: 1-249 chars of [a-zA-Z0-9._-], not "." or "..". */
function validateTopicName(name: string): void {
  if (name.length === 0 || name.length > 249 || name === '.' || name === '..' || !/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw new BrokerError(`illegal topic name '${name}': use 1-249 characters of [a-zA-Z0-9._-]`);
  }
}
