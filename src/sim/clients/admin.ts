import type { Broker, TopicDescription } from '../broker.js';
import { BrokerError } from '../errors.js';
import type { TopicConfigInput } from '../topic-config.js';
import { GroupCoordinator, type CommittedOffset, type GroupDescription, type GroupState } from './group-coordinator.js';
import type { TopicPartition } from './topic-partition.js';

/** A topic to create: its name and any topic configs (partitions, cleanup.policy, retention.ms...). */
export type NewTopic = { readonly name: string } & TopicConfigInput;

/** Kafka's OffsetSpec: earliest, latest, or the first offset whose timestamp is >= `timestamp`. */
export type OffsetSpec = 'earliest' | 'latest' | { readonly timestamp: number };

export interface ListedOffset extends TopicPartition {
  /** -1 when no record has a timestamp >= the one asked for, as Kafka answers. */
  readonly offset: number;
}

export interface AdminOptions {
  readonly coordinator?: GroupCoordinator;
}

/** Kafka's Admin client over the virtual broker and its group coordinator. Calls are synchronous. */
export class Admin {
  private readonly coordinator: GroupCoordinator;

  constructor(
    readonly broker: Broker,
    options: AdminOptions = {},
  ) {
    this.coordinator = options.coordinator ?? GroupCoordinator.forBroker(broker);
  }

  // ---- topics ----

  /** Creates every topic or none: all names are checked before the first is created. */
  createTopics(topics: readonly NewTopic[]): TopicDescription[] {
    const names = topics.map((t) => t.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) throw new BrokerError(`createTopics: topic '${duplicate}' is listed twice`);
    const existing = names.find((n) => this.broker.hasTopic(n));
    if (existing !== undefined) throw new BrokerError(`createTopics: topic '${existing}' already exists`);
    return topics.map(({ name, ...config }) => this.broker.createTopic(name, config));
  }

  listTopics(): string[] {
    return this.broker.listTopics();
  }

  describeTopics(names: readonly string[]): TopicDescription[] {
    return names.map((n) => this.broker.describeTopic(n));
  }

  /** Deletes the topics and, as the broker does, the committed offsets of their partitions. */
  deleteTopics(names: readonly string[]): void {
    const unknown = names.find((n) => !this.broker.hasTopic(n));
    if (unknown !== undefined) throw new BrokerError(`deleteTopics: unknown topic '${unknown}'`);
    for (const n of names) {
      this.broker.deleteTopic(n);
      this.coordinator.deleteOffsetsOfTopic(n);
    }
  }

  /** ListOffsets for the given partitions, or every partition of a topic when given its name. */
  listOffsets(partitions: string | readonly TopicPartition[], spec: OffsetSpec = 'latest'): ListedOffset[] {
    const tps =
      typeof partitions === 'string'
        ? Array.from({ length: this.broker.partitionCount(partitions) }, (_, p) => ({ topic: partitions, partition: p }))
        : partitions;
    return tps.map(({ topic, partition }) => ({ topic, partition, offset: this.offsetFor(topic, partition, spec) }));
  }

  // ---- consumer groups ----

  listConsumerGroups(): Array<{ groupId: string; state: GroupState }> {
    return this.coordinator.listGroups();
  }

  /** Members with their assignments; an unknown group is reported as 'Dead' with no members, as in Kafka. */
  describeConsumerGroup(groupId: string): GroupDescription {
    return this.coordinator.describe(groupId);
  }

  listConsumerGroupOffsets(groupId: string): CommittedOffset[] {
    return this.coordinator.committedOffsets(groupId);
  }

  private offsetFor(topic: string, partition: number, spec: OffsetSpec): number {
    if (spec === 'earliest') return this.broker.logStartOffset(topic, partition);
    if (spec === 'latest') return this.broker.logEndOffset(topic, partition);
    const hit = this.broker.fetch(topic, partition, 0).find((r) => r.timestamp >= spec.timestamp);
    return hit === undefined ? -1 : hit.offset;
  }
}
