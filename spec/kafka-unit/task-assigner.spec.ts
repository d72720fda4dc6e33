import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { assignTasks, taskAssigner, tasksOfAssignment, type TaskLayout } from '../../src/kafka/task-assigner.js';

// The group assignor of a topology on a cluster hands out whole tasks, as Kafka Streams' StreamsPartitionAssignor
// does: a task reads partition p of every topic of its sub-topology, so those partitions go to one member together.

const layout = (owned: string[] = []): TaskLayout => ({
  tasks: new Map([
    ['0_0', [{ topic: 'orders', partition: 0 }, { topic: 'customers', partition: 0 }]],
    ['0_1', [{ topic: 'orders', partition: 1 }, { topic: 'customers', partition: 1 }]],
    ['1_0', [{ topic: 'app-repartition', partition: 0 }]],
    ['1_1', [{ topic: 'app-repartition', partition: 1 }]],
    ['1_2', [{ topic: 'app-repartition', partition: 2 }]],
  ]),
  ownedTasks: () => owned,
});

describe('assignTasks', () => {
  it('spreads tasks evenly, each to the least loaded member (the first in id order on a tie), when nobody owns any', () => {
    const out = assignTasks(['0_0', '0_1', '1_0', '1_1', '1_2'], [
      { id: 'm-b', owned: [] },
      { id: 'm-a', owned: [] },
    ]);
    expect(Object.fromEntries(out)).toEqual({ 'm-a': ['0_0', '1_0', '1_2'], 'm-b': ['0_1', '1_1'] });
  });

  it('is sticky: a member keeps what it ran, up to its fair share; a newcomer gets the rest', () => {
    const out = assignTasks(['0_0', '0_1', '1_0', '1_1'], [
      { id: 'old', owned: ['0_0', '0_1', '1_0', '1_1'] },
      { id: 'new', owned: [] },
    ]);
    expect(Object.fromEntries(out)).toEqual({ old: ['0_0', '0_1'], new: ['1_0', '1_1'] });
  });

  it('gives a dead member\'s tasks to the survivor, which keeps its own', () => {
    const out = assignTasks(['0_0', '0_1', '1_0', '1_1'], [{ id: 'survivor', owned: ['0_1', '1_1'] }]);
    expect(out.get('survivor')).toEqual(['0_0', '0_1', '1_0', '1_1']);
  });
});

describe('taskAssigner (kafkajs PartitionAssigner)', () => {
  it('assigns every partition of a task to one member and says which tasks in the join metadata', async () => {
    const assigner = taskAssigner(layout())({} as never);
    const member = (memberId: string, owned: string[]) => ({
      memberId,
      memberMetadata: taskAssigner(layout(owned))({} as never).protocol({ topics: ['orders', 'customers', 'app-repartition'] }).metadata,
    });
    const result = await assigner.assign({ members: [member('b', ['0_1']), member('a', [])], topics: [] });
    const decoded = Object.fromEntries(result.map((r) => [r.memberId, AssignerProtocol.MemberAssignment.decode(r.memberAssignment)!.assignment]));
    // b keeps 0_1 (both of its partitions); a, first in id order, gets 0_0 whole
    expect(decoded['b']).toMatchObject({ orders: [1], customers: [1] });
    expect(decoded['a']).toMatchObject({ orders: [0], customers: [0] });
    const tasksOf = (m: string) => tasksOfAssignment(layout(), decoded[m]!);
    expect([...tasksOf('a'), ...tasksOf('b')].sort()).toEqual(['0_0', '0_1', '1_0', '1_1', '1_2']);
  });

  it('counts a task as assigned only when all of its partitions are', () => {
    expect(tasksOfAssignment(layout(), { orders: [0], 'app-repartition': [2] })).toEqual(['1_2']);
  });
});
