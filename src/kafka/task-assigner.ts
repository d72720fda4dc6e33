/**
 * The group assignor of a topology's consumer group on a real cluster. Kafka Streams never lets a plain consumer
 * assignor split a task: a task (`<subtopology>_<partition>`) reads partition p of every topic of its
 * sub-topology (co-partitioning), so its StreamsPartitionAssignor hands out whole tasks. This one does the same:
 * tasks go to members whole, sticky (a member keeps the tasks it ran, up to its fair share, as
 * StickyTaskAssignor does), the rest to the least loaded members in member-id order.
 */
import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';
import { compareTaskIds } from '../sim/runtime/task-assignor.js';

export const STREAMSIM_ASSIGNOR = 'streamsim-tasks';

/** What the assignor needs of the application: its tasks with their partitions, and the tasks this member runs. */
export interface TaskLayout {
  /** Every task id with the topic partitions it reads. */
  readonly tasks: ReadonlyMap<string, readonly { topic: string; partition: number }[]>;
  /** The tasks this member runs now (sent in its join metadata so that the leader can keep them there). */
  ownedTasks(): readonly string[];
}

/** Whole tasks per member: sticky up to the fair share, then least loaded first; members and tasks in a stable order. */
export function assignTasks(taskIds: readonly string[], members: readonly { id: string; owned: readonly string[] }[]): Map<string, string[]> {
  const sortedMembers = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Map<string, string[]>(sortedMembers.map((m) => [m.id, []]));
  if (sortedMembers.length === 0) return out;
  const tasks = [...taskIds].sort(compareTaskIds);
  const share = Math.ceil(tasks.length / sortedMembers.length);
  const known = new Set(tasks);
  const taken = new Set<string>();
  for (const m of sortedMembers) {
    for (const t of [...m.owned].sort(compareTaskIds)) {
      if (!known.has(t) || taken.has(t) || out.get(m.id)!.length >= share) continue;
      out.get(m.id)!.push(t);
      taken.add(t);
    }
  }
  for (const t of tasks) {
    if (taken.has(t)) continue;
    let least = sortedMembers[0]!;
    for (const m of sortedMembers) if (out.get(m.id)!.length < out.get(least.id)!.length) least = m;
    out.get(least.id)!.push(t);
    taken.add(t);
  }
  for (const list of out.values()) list.sort(compareTaskIds);
  return out;
}

function ownedOf(metadata: Buffer): string[] {
  const decoded = AssignerProtocol.MemberMetadata.decode(metadata);
  if (decoded === null || decoded.userData.length === 0) return [];
  try {
    const parsed = JSON.parse(decoded.userData.toString('utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** The kafkajs PartitionAssigner for one application (every instance of it must use this one). */
export function taskAssigner(layout: TaskLayout): PartitionAssigner {
  return () => ({
    name: STREAMSIM_ASSIGNOR,
    version: 1,
    assign({ members }) {
      const byMember = assignTasks(
        [...layout.tasks.keys()],
        members.map((m) => ({ id: m.memberId, owned: ownedOf(m.memberMetadata) })),
      );
      return Promise.resolve(
        [...byMember].map(([memberId, taskIds]) => {
          const assignment: Record<string, number[]> = {};
          for (const id of taskIds) {
            for (const { topic, partition } of layout.tasks.get(id)!) (assignment[topic] ??= []).push(partition);
          }
          for (const list of Object.values(assignment)) list.sort((a, b) => a - b);
          return { memberId, memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment, userData: Buffer.from(JSON.stringify(taskIds)) }) };
        }),
      );
    },
    protocol({ topics }) {
      return {
        name: STREAMSIM_ASSIGNOR,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(JSON.stringify(layout.ownedTasks())) }),
      };
    },
  });
}

/** The tasks a member's assignment (topic -> partitions, as kafkajs' GROUP_JOIN event gives it) covers whole. */
export function tasksOfAssignment(layout: TaskLayout, assignment: Readonly<Record<string, readonly number[]>>): string[] {
  const has = (topic: string, partition: number): boolean => assignment[topic]?.includes(partition) ?? false;
  return [...layout.tasks]
    .filter(([, parts]) => parts.length > 0 && parts.every((p) => has(p.topic, p.partition)))
    .map(([id]) => id)
    .sort(compareTaskIds);
}
