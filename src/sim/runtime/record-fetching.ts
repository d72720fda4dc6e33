import type { Broker } from '../broker.js';
import type { GlobalTask } from './global-task.js';
import type { StreamTask } from './task.js';

/**
 * One fetch for every input of an instance: global tasks apply what their topics gained at once (Kafka's global
 * thread keeps global stores caught up); stream tasks buffer everything past their fetch offsets. Fetches here
 * are complete: whatever a log holds is returned.
 */
export function fetchNewRecords(broker: Broker, globalTasks: readonly GlobalTask[], tasks: readonly StreamTask[]): void {
  for (const g of globalTasks) {
    for (let p = 0; p < g.positions.length; p++) {
      if (broker.logEndOffset(g.topic, p) <= g.positions[p]!) continue;
      for (const r of broker.fetch(g.topic, p, g.positions[p]!)) g.process(r);
    }
  }
  for (const t of tasks) {
    for (const q of t.queues) {
      if (broker.logEndOffset(q.topic, q.partition) <= q.fetchOffset) continue;
      t.enqueue(q, broker.fetch(q.topic, q.partition, q.fetchOffset));
    }
  }
}
