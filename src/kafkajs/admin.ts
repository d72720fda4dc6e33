import { BrokerError } from '../sim/errors.js';
import type { TopicConfigInput } from '../sim/topic-config.js';
import type { VirtualCluster } from './cluster.js';
import { KafkaJSNonRetriableError, KafkaJSNotImplemented, KafkaJSProtocolError, unknownTopicError } from './errors.js';
import { ADMIN_EVENTS, InstrumentationEmitter, silentLogger } from './instrumentation.js';
import { describeGroup } from './group-description.js';
import { partitionMetadata } from './producer.js';
import type { FetchOffsetsPartition, GroupDescription, ITopicConfig, ITopicMetadata, InstrumentationEvent, Logger, SeekEntry } from './types.js';

/** The topic configs from kafkajs' configEntries that the virtual broker understands; others are ignored. */
function topicConfig(entries: ITopicConfig['configEntries']): TopicConfigInput {
  const config: { -readonly [K in keyof TopicConfigInput]: TopicConfigInput[K] } = {};
  for (const { name, value } of entries ?? []) {
    if (name === 'cleanup.policy') config['cleanup.policy'] = value.includes('compact') ? (value.includes('delete') ? 'compact,delete' : 'compact') : 'delete';
    else if (name === 'retention.ms') config['retention.ms'] = Number(value);
    else if (name === 'message.timestamp.type') config['message.timestamp.type'] = value === 'LogAppendTime' ? 'LogAppendTime' : 'CreateTime';
  }
  return config;
}

async function notImplemented(what: string): Promise<never> {
  throw new KafkaJSNotImplemented(`admin.${what} is not simulated by streamsim`);
}

/**
 * kafkajs' Admin on the virtual broker (node_modules/kafkajs/src/admin/index.js): topics, offsets, groups. ACLs,
 * configs and partition reassignments have no meaning on one virtual broker: they reject with KafkaJSNotImplemented.
 */
export class Admin {
  readonly events = ADMIN_EVENTS;
  private readonly emitter: InstrumentationEmitter;

  constructor(private readonly cluster: VirtualCluster) {
    this.emitter = new InstrumentationEmitter(cluster, new Set(Object.values(ADMIN_EVENTS)));
  }

  async connect(): Promise<void> {
    this.emitter.emit(ADMIN_EVENTS.CONNECT, null);
  }

  async disconnect(): Promise<void> {
    this.emitter.emit(ADMIN_EVENTS.DISCONNECT, null);
  }

  async listTopics(): Promise<string[]> {
    return this.cluster.broker.listTopics();
  }

  /** Creates the missing topics; false when some already existed (and all others were created), as kafkajs answers. */
  async createTopics(options: { validateOnly?: boolean; waitForLeaders?: boolean; timeout?: number; topics: ITopicConfig[] }): Promise<boolean> {
    const { topics } = options;
    if (!Array.isArray(topics)) throw new KafkaJSNonRetriableError(`Invalid topics array ${String(topics)}`);
    const names = topics.map((t) => t.topic);
    if (names.some((n, i) => names.indexOf(n) !== i)) throw new KafkaJSNonRetriableError('Invalid topics array, it cannot have multiple entries for the same topic');
    const broker = this.cluster.broker;
    const existing = topics.filter((t) => broker.hasTopic(t.topic));
    if (options.validateOnly === true) return existing.length === 0;
    for (const t of topics) {
      if (broker.hasTopic(t.topic)) continue;
      const partitions = t.numPartitions === undefined || t.numPartitions === -1 ? 1 : t.numPartitions;
      try {
        broker.createTopic(t.topic, { ...topicConfig(t.configEntries), partitions });
      } catch (e) {
        if (e instanceof BrokerError) throw new KafkaJSProtocolError(e.message, 'INVALID_TOPIC_EXCEPTION', 17, false);
        throw e;
      }
    }
    return existing.length === 0;
  }

  /** Deletes the topics, their committed offsets and transaction state; an unknown topic fails the call. */
  async deleteTopics(options: { topics: string[]; timeout?: number }): Promise<void> {
    const broker = this.cluster.broker;
    const unknown = options.topics.find((t) => !broker.hasTopic(t));
    if (unknown !== undefined) throw unknownTopicError(unknown);
    for (const t of options.topics) {
      broker.deleteTopic(t);
      this.cluster.coordinator.deleteOffsetsOfTopic(t);
      this.cluster.transactions.forgetTopic(t);
    }
    this.cluster.scheduler.wake();
  }

  async createPartitions(options: { validateOnly?: boolean; timeout?: number; topicPartitions: Array<{ topic: string; count: number }> }): Promise<boolean> {
    for (const { topic, count } of options.topicPartitions) {
      if (!this.cluster.broker.hasTopic(topic)) throw unknownTopicError(topic);
      if (options.validateOnly !== true) this.cluster.broker.createPartitions(topic, count);
    }
    this.cluster.scheduler.wake();
    return true;
  }

  async fetchTopicMetadata(options?: { topics: string[] }): Promise<{ topics: ITopicMetadata[] }> {
    const names = options?.topics ?? this.cluster.broker.listTopics();
    return {
      topics: names.map((name) => {
        if (!this.cluster.broker.hasTopic(name)) throw unknownTopicError(name);
        return { name, partitions: partitionMetadata(this.cluster.broker.partitionCount(name)) };
      }),
    };
  }

  /** ListOffsets: per partition, `offset` and `high` are the log end offset, `low` the log start offset. */
  async fetchTopicOffsets(topic: string): Promise<Array<SeekEntry & { high: string; low: string }>> {
    const broker = this.cluster.broker;
    if (!broker.hasTopic(topic)) throw unknownTopicError(topic);
    return Array.from({ length: broker.partitionCount(topic) }, (_, partition) => {
      const high = String(broker.logEndOffset(topic, partition));
      return { partition, offset: high, high, low: String(broker.logStartOffset(topic, partition)) };
    });
  }

  /** The first offset with a timestamp >= `timestamp` per partition, else the log end offset (kafkajs answers so). */
  async fetchTopicOffsetsByTimestamp(topic: string, timestamp?: number): Promise<SeekEntry[]> {
    const broker = this.cluster.broker;
    if (!broker.hasTopic(topic)) throw unknownTopicError(topic);
    return Array.from({ length: broker.partitionCount(topic) }, (_, partition) => {
      const hit = timestamp === undefined ? undefined : broker.fetch(topic, partition, 0).find((r) => r.timestamp >= timestamp);
      return { partition, offset: String(hit?.offset ?? broker.logEndOffset(topic, partition)) };
    });
  }

  /** OffsetFetch: the group's committed offsets per topic ('-1' where none), every partition of each topic. */
  async fetchOffsets(options: { groupId: string; topics?: string[]; resolveOffsets?: boolean }): Promise<Array<{ topic: string; partitions: FetchOffsetsPartition[] }>> {
    const { groupId } = options;
    const committed = this.cluster.coordinator.committedOffsets(groupId);
    const topics = options.topics ?? [...new Set(committed.map((o) => o.topic))];
    const broker = this.cluster.broker;
    return topics.map((topic) => ({
      topic,
      partitions: Array.from({ length: broker.partitionCountOrZero(topic) }, (_, partition) => {
        const held = committed.find((o) => o.topic === topic && o.partition === partition);
        let offset = held?.offset ?? -1;
        if (options.resolveOffsets === true && offset === -1) offset = broker.logEndOffset(topic, partition);
        return { partition, offset: String(offset), metadata: held?.metadata ?? null };
      }),
    }));
  }

  async describeCluster(): Promise<{ brokers: Array<{ nodeId: number; host: string; port: number }>; controller: number | null; clusterId: string }> {
    return { brokers: [{ nodeId: 0, host: 'streamsim', port: 9092 }], controller: 0, clusterId: 'streamsim' };
  }

  /** Sets a group's offsets; kafkajs requires the group to have no active member (the coordinator refuses otherwise). */
  async setOffsets(options: { groupId: string; topic: string; partitions: SeekEntry[] }): Promise<void> {
    this.commitForEmptyGroup(
      options.groupId,
      options.partitions.map((p) => ({ topic: options.topic, partition: p.partition, offset: Number(p.offset) })),
    );
  }

  async resetOffsets(options: { groupId: string; topic: string; earliest: boolean }): Promise<void> {
    const broker = this.cluster.broker;
    if (!broker.hasTopic(options.topic)) throw unknownTopicError(options.topic);
    const offsets = Array.from({ length: broker.partitionCount(options.topic) }, (_, partition) => ({
      topic: options.topic,
      partition,
      offset: options.earliest ? broker.logStartOffset(options.topic, partition) : broker.logEndOffset(options.topic, partition),
    }));
    this.commitForEmptyGroup(options.groupId, offsets);
  }

  async listGroups(): Promise<{ groups: Array<{ groupId: string; protocolType: string }> }> {
    return { groups: this.cluster.coordinator.listGroups().map((g) => ({ groupId: g.groupId, protocolType: 'consumer' })) };
  }

  async describeGroups(groupIds: string[]): Promise<{ groups: GroupDescription[] }> {
    return { groups: groupIds.map((groupId) => describeGroup(this.cluster.coordinator, groupId)) };
  }

  /** DeleteRecords: moves each partition's log start offset up ('-1': to the log end). */
  async deleteTopicRecords(options: { topic: string; partitions: SeekEntry[] }): Promise<void> {
    if (!this.cluster.broker.hasTopic(options.topic)) throw unknownTopicError(options.topic);
    for (const p of options.partitions) this.cluster.broker.deleteRecords(options.topic, p.partition, Number(p.offset));
  }

  describeConfigs(configs: unknown): Promise<never> {
    void configs;
    return notImplemented('describeConfigs');
  }

  alterConfigs(configs: unknown): Promise<never> {
    void configs;
    return notImplemented('alterConfigs');
  }

  deleteGroups(groupIds: string[]): Promise<never> {
    void groupIds;
    return notImplemented('deleteGroups');
  }

  describeAcls(options: unknown): Promise<never> {
    void options;
    return notImplemented('describeAcls');
  }

  deleteAcls(options: unknown): Promise<never> {
    void options;
    return notImplemented('deleteAcls');
  }

  createAcls(options: unknown): Promise<never> {
    void options;
    return notImplemented('createAcls');
  }

  alterPartitionReassignments(request: unknown): Promise<never> {
    void request;
    return notImplemented('alterPartitionReassignments');
  }

  listPartitionReassignments(request: unknown): Promise<never> {
    void request;
    return notImplemented('listPartitionReassignments');
  }

  logger(): Logger {
    return silentLogger();
  }

  /** Generic in the payload so that it stands for each of kafkajs' typed `on` overloads. */
  on<T>(eventName: string, listener: (event: InstrumentationEvent<T>) => void): () => void {
    return this.emitter.on(eventName, listener as (event: InstrumentationEvent<unknown>) => void);
  }

  private commitForEmptyGroup(groupId: string, offsets: Array<{ topic: string; partition: number; offset: number }>): void {
    const state = this.cluster.coordinator.describe(groupId).state;
    if (state !== 'Empty' && state !== 'Dead') {
      throw new KafkaJSNonRetriableError(`The consumer group must have no running instances, current state: ${state}`);
    }
    this.cluster.coordinator.commit(groupId, undefined, offsets);
  }
}
