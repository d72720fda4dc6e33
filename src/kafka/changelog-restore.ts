/**
 * Kafka Streams' StoreChangelogReader on a cluster: every record of each new task's changelog partitions, from the
 * start to the end offset of now, into its stores, before the task processes anything.
 */
import type { Admin, Kafka } from 'kafkajs';
import type { Broker } from '../sim/broker.js';
import { changelogTopicName } from '../sim/runtime/task-host.js';
import type { StreamTask } from '../sim/runtime/task.js';
import type { StateStore } from '../sim/stores/state-store.js';
import type { Topology } from '../sim/topology.js';
import { PartitionReader } from './partition-reader.js';
import { decodeRecord } from './wire-codec.js';

export interface ChangelogRestore {
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** Topic metadata (serdes of the changelog topics, if any). */
  readonly metadata: Broker;
  readonly topology: Topology;
  readonly applicationId: string;
  /** A group id of its own for the reading consumer. */
  readonly groupId: string;
}

/** Restores the tasks' logged stores; returns the changelog partitions that held records (`topic\u0000partition`). */
export async function restoreFromChangelogs(r: ChangelogRestore, tasks: readonly StreamTask[]): Promise<string[]> {
  const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
  const targets = new Map<string, StateStore>();
  const partitions: { topic: string; partition: number }[] = [];
  for (const t of tasks) {
    for (const [name, store] of t.stores) {
      if (!r.topology.stores.get(name)!.builder.loggingEnabled) continue;
      const topic = changelogTopicName(r.applicationId, name);
      targets.set(key(topic, t.partition), store);
      partitions.push({ topic, partition: t.partition });
    }
  }
  if (partitions.length === 0) return [];
  const restored = new Set<string>();
  const reader = new PartitionReader({
    kafka: r.kafka,
    admin: r.admin,
    groupId: r.groupId,
    partitions,
    onRecord: (topic, partition, m) => {
      const d = decodeRecord(topic, m, r.metadata.hasTopic(topic) ? r.metadata.topicConfig(topic) : {});
      targets.get(key(topic, partition))!.restore(d.key, d.value);
      restored.add(key(topic, partition));
    },
  });
  await reader.caughtUp();
  return [...restored];
}
