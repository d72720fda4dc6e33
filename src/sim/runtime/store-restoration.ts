import type { Broker } from '../broker.js';
import type { Topology } from '../topology.js';
import { changelogTopicName } from './task-host.js';
import type { StreamTask } from './task.js';

/**
 * Rebuilds each task's logged stores from their changelog partitions, as Kafka does on (re)start
 * (StoreChangelogReader): every record of the task's partition of the changelog, from the start of the log.
 */
export function restoreStoresFromChangelogs(broker: Broker, topology: Topology, applicationId: string, tasks: readonly StreamTask[]): void {
  for (const t of tasks) {
    for (const [name, store] of t.stores) {
      if (!topology.stores.get(name)!.builder.loggingEnabled) continue;
      const topic = changelogTopicName(applicationId, name);
      for (const r of broker.fetch(topic, t.partition, 0)) store.restore(r.key, r.value);
    }
  }
}
