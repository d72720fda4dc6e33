import { TopologyError } from '../errors.js';
import type { RandomStream } from '../rng.js';
import type { Topology } from '../topology.js';
import type { InternalTopics } from './internal-topics.js';
import type { Subtopology } from './subtopologies.js';
import type { TaskHost } from './task-host.js';
import { StreamTask } from './task.js';

// Stream tasks by id: the ids a topology has, creating the tasks an instance is given, finding the ones it runs.

/**
 * Every task id of a topology (`<subtopology>_<partition>`), sorted: one task per partition of each
 * sub-topology's largest source topic. What an assignor distributes.
 */
export function allTaskIdsOf(subtopologies: readonly Subtopology[], topics: InternalTopics): string[] {
  return subtopologies.flatMap((st) => Array.from({ length: topics.taskCount(st) }, (_, p) => `${st.id}_${p}`));
}

/**
 * Creates and initializes the tasks among `ids`, in task order (Kafka: TaskManager#createTasks). `shuffler`: break
 * head-timestamp ties by this seeded stream instead of in topology order; null keeps the order.
 */
export function createStreamTasks(
  ids: ReadonlySet<string>,
  topology: Topology,
  subtopologies: readonly Subtopology[],
  topics: InternalTopics,
  host: TaskHost,
  shuffler: RandomStream | null,
): StreamTask[] {
  const created: StreamTask[] = [];
  for (const st of subtopologies) {
    const taskCount = topics.taskCount(st);
    for (let p = 0; p < taskCount; p++) {
      if (!ids.has(`${st.id}_${p}`)) continue;
      const task = new StreamTask(st, p, topology, host);
      if (shuffler !== null) task.tieBreak = (c) => shuffler.pick(c);
      task.initialize((t) => topics.partitionsOf(t));
      created.push(task);
    }
  }
  return created;
}

/** Checks an instance can take over `ids`: each is a task of the topology (`known`) and not one it runs already. */
export function checkAssignable(ids: readonly string[], known: ReadonlySet<string>, owned: readonly StreamTask[]): void {
  for (const id of ids) {
    if (!known.has(id)) throw new TopologyError(`no task '${id}': the topology's tasks are ${[...known].join(', ')}`);
    if (owned.some((t) => t.idString === id)) throw new TopologyError(`task '${id}' is already assigned to this instance`);
  }
}

/** The tasks named `ids` among those an instance runs; refuses an id it does not run. */
export function ownedTasksNamed(ids: readonly string[], owned: readonly StreamTask[]): StreamTask[] {
  return ids.map((id) => {
    const t = owned.find((x) => x.idString === id);
    if (t === undefined) throw new TopologyError(`task '${id}' is not assigned to this instance; it runs ${owned.map((x) => x.idString).join(', ') || '(none)'}`);
    return t;
  });
}
