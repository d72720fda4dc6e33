import type { Broker } from '../broker.js';
import { TopologyError } from '../errors.js';
import type { Topology } from '../topology.js';
import { changelogTopicConfig } from './internal-topic-cleanup.js';
import type { Subtopology } from './subtopologies.js';
import { changelogTopicName } from './task-host.js';

/**
 * An application's view of its topics: the full names of internal topics, the partition counts that decide
 * how many tasks a sub-topology has, and the creation of repartition and changelog topics at start.
 */
export class InternalTopics {
  /** Full names of the repartition topics (the topology's internal topics): what the purge deletes from. */
  readonly repartitionTopics = new Set<string>();
  private readonly partitionsByTopic = new Map<string, number>();

  constructor(
    private readonly topology: Topology,
    private readonly broker: Broker,
    private readonly subtopologies: readonly Subtopology[],
    private readonly applicationId: string,
    private readonly windowStoreChangelogAdditionalRetentionMs: number | undefined,
  ) {}

  /** Full topic name for a topology topic name: internal topics get the application id prefix. */
  resolve(name: string): string {
    return this.topology.internalTopics.has(name) ? `${this.applicationId}-${name}` : name;
  }

  /** One task per partition of the sub-topology's largest source topic (Kafka's PartitionGrouper#partitionGroups). */
  taskCount(st: Subtopology): number {
    return Math.max(0, ...st.sourceTopics.map((t) => this.partitionsOf(this.resolve(t))));
  }

  partitionsOf(topic: string): number {
    return this.partitionsByTopic.get(topic) ?? (this.broker.hasTopic(topic) ? this.broker.partitionCount(topic) : 0);
  }

  /**
   * Checks source topics exist, sizes repartition topics (explicit count, else the copartition group's,
   * else the largest source of the writing sub-topology, as Kafka's RepartitionTopics does), checks
   * copartitioning, and creates repartition and changelog topics.
   */
  create(): void {
    const internal = this.topology.internalTopics;
    for (const t of [...this.topology.sourceTopics(), ...this.topology.globalStores.map((g) => g.topic)]) {
      if (!internal.has(t) && !this.broker.hasTopic(t)) {
        throw new TopologyError(`source topic '${t}' does not exist: create it before starting (TestDriver creates its input topics)`);
      }
    }
    const sized = new Map<string, number>();
    for (const def of internal.values()) if (def.partitions !== undefined) sized.set(def.name, def.partitions);
    for (const group of this.topology.copartitionGroups) {
      const externalCounts = group.filter((t) => !internal.has(t)).map((t) => this.broker.partitionCount(t));
      if (new Set(externalCounts).size > 1) {
        throw new TopologyError(
          `topics not co-partitioned: [${group.join(', ')}] have ${externalCounts.join(', ')} partitions; a join needs equal counts: repartition one side (KStream#repartition) or recreate the topics`,
        );
      }
      // Repartition topics of the group take the count of its external topics.
      const n = externalCounts[0];
      if (n !== undefined) for (const t of group) if (internal.has(t) && !sized.has(t)) sized.set(t, n);
    }
    const sizeOf = (t: string, depth: number): number => {
      if (!internal.has(t)) return this.broker.partitionCount(t);
      const known = sized.get(t);
      if (known !== undefined) return known;
      if (depth > internal.size) throw new TopologyError(`repartition topic '${t}' feeds itself: cannot size it`);
      const writers = this.subtopologies.filter((s) => s.sinkTopics.includes(t));
      const n = Math.max(1, ...writers.flatMap((s) => s.sourceTopics.map((src) => sizeOf(src, depth + 1))));
      sized.set(t, n);
      return n;
    };
    for (const t of internal.keys()) sizeOf(t, 0);
    for (const group of this.topology.copartitionGroups) {
      const counts = new Set(group.map((t) => sizeOf(t, 0)));
      if (counts.size > 1) {
        throw new TopologyError(`topics not co-partitioned: [${group.join(', ')}] have ${group.map((t) => sizeOf(t, 0)).join(', ')} partitions`);
      }
    }
    for (const [t, n] of sized) {
      const full = this.resolve(t);
      this.repartitionTopics.add(full);
      this.partitionsByTopic.set(full, n);
      this.broker.ensureTopic(full, { partitions: n });
    }
    // A changelog has one partition per task of the sub-topology that owns the store.
    for (const st of this.subtopologies) {
      for (const s of st.storeNames) {
        const builder = this.topology.stores.get(s)!.builder;
        if (!builder.loggingEnabled) continue;
        const config = changelogTopicConfig(builder, this.windowStoreChangelogAdditionalRetentionMs);
        this.broker.ensureTopic(changelogTopicName(this.applicationId, s), { partitions: this.taskCount(st), ...config });
      }
    }
  }
}
