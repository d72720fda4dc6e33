/**
 * Deterministic sticky task assignment, the stand-in for Kafka Streams' StreamsPartitionAssignor with its
 * StickyTaskAssignor: Kafka assigns tasks, not partitions, so the co-partitioned inputs of a task move together.
 * Each live instance keeps the tasks it owns up to its balanced share; the rest are spread so that task counts
 * differ by at most one. Every tie is broken by sorted task id, then instance id, so a run is reproducible.
 * Kafka also weighs standby replicas, lag and client capacity; none of those exist here.
 */

/** Orders task ids `<subtopology>_<partition>` numerically: 0_2 before 0_10 before 1_0. */
export function compareTaskIds(a: string, b: string): number {
  const [as, ap] = splitTaskId(a);
  const [bs, bp] = splitTaskId(b);
  return as - bs || ap - bp || (a < b ? -1 : a > b ? 1 : 0);
}

function splitTaskId(id: string): [number, number] {
  const i = id.indexOf('_');
  return [Number(id.slice(0, i)), Number(id.slice(i + 1))];
}

/**
 * Assigns every task in `taskIds` to exactly one instance of `owned` (instance id -> tasks it owns now).
 * Balanced: counts differ by at most one. Sticky: an instance keeps as many of its tasks as a balanced
 * assignment allows (the instances owning most get the larger shares). A task claimed by two instances
 * stays with the lower id; owned ids not in `taskIds` are ignored. Pure: same input, same output.
 */
export function assignTasksSticky(taskIds: readonly string[], owned: ReadonlyMap<number, readonly string[]>): Map<number, string[]> {
  const tasks = [...new Set(taskIds)].sort(compareTaskIds);
  const instances = [...owned.keys()].sort((a, b) => a - b);
  const result = new Map<number, string[]>(instances.map((i) => [i, []]));
  if (instances.length === 0) return result;

  // Valid previous ownership: known tasks only, each task with the lowest instance id claiming it.
  const taken = new Set<string>();
  const keep = new Map<number, string[]>();
  const known = new Set(tasks);
  for (const i of instances) {
    const mine = [...new Set(owned.get(i)!)].filter((t) => known.has(t) && !taken.has(t)).sort(compareTaskIds);
    for (const t of mine) taken.add(t);
    keep.set(i, mine);
  }

  // Shares: floor(T/n) each; the T mod n larger shares go to the instances owning most (then lowest id).
  const base = Math.floor(tasks.length / instances.length);
  const extra = tasks.length % instances.length;
  const byOwned = [...instances].sort((a, b) => keep.get(b)!.length - keep.get(a)!.length || a - b);
  const quota = new Map(byOwned.map((i, rank) => [i, base + (rank < extra ? 1 : 0)]));

  const assigned = new Set<string>();
  for (const i of instances) {
    const kept = keep.get(i)!.slice(0, quota.get(i)!);
    result.set(i, kept);
    for (const t of kept) assigned.add(t);
  }
  // The rest, in task order, each to the instance with the most room left (ties: lowest id).
  for (const t of tasks) {
    if (assigned.has(t)) continue;
    let best = instances[0]!;
    let bestRoom = -1;
    for (const i of instances) {
      const room = quota.get(i)! - result.get(i)!.length;
      if (room > bestRoom) {
        best = i;
        bestRoom = room;
      }
    }
    result.get(best)!.push(t);
  }
  for (const list of result.values()) list.sort(compareTaskIds);
  return result;
}
