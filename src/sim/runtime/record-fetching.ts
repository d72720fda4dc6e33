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
  for (let ti = 0; ti < tasks.length; ti++) {
    const t = tasks[ti]!;
    for (let qi = 0; qi < t.queues.length; qi++) {
      const q = t.queues[qi]!;
      // The log is held between fetches; a deleted topic is looked up again (and the broker refuses it).
      let log = q.log;
      if (log === null || log.deleted) log = q.log = broker.partitionLog(q.topic, q.partition);
      if (log.logEndOffset <= q.fetchOffset) continue;
      for (let i = log.indexFrom(q.fetchOffset), end = log.size; i < end; i++) t.enqueue(q, log.recordAt(i));
    }
  }
}
