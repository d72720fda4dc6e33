import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignTasksSticky, compareTaskIds } from '../../src/sim/runtime/task-assignor.js';

const asObject = (m: Map<number, string[]>): Record<number, string[]> => Object.fromEntries(m);

describe('sticky task assignment (stand-in for StreamsPartitionAssignor / StickyTaskAssignor)', () => {
  it('orders task ids numerically by sub-topology, then partition', () => {
    expect(['1_0', '0_10', '0_2', '0_1'].sort(compareTaskIds)).toEqual(['0_1', '0_2', '0_10', '1_0']);
  });

  it('a second instance joining takes the upper half; the first keeps its lowest tasks', () => {
    const tasks = ['0_0', '0_1', '0_2', '0_3'];
    const got = assignTasksSticky(tasks, new Map([[0, tasks], [1, []]]));
    expect(asObject(got)).toEqual({ 0: ['0_0', '0_1'], 1: ['0_2', '0_3'] });
  });

  it('the tasks of a departed instance are spread over the survivors without moving theirs', () => {
    const tasks = ['0_0', '0_1', '0_2', '1_0', '1_1', '1_2'];
    const got = assignTasksSticky(tasks, new Map([[0, ['0_0', '1_0']], [2, ['0_2', '1_2']]]));
    expect(asObject(got)).toEqual({ 0: ['0_0', '0_1', '1_0'], 2: ['0_2', '1_1', '1_2'] });
  });

  it('with no previous owner: each task in order to the instance with most room left, ties to the lowest id', () => {
    const got = assignTasksSticky(['0_0', '0_1', '0_2'], new Map([[1, []], [0, []]]));
    // Instance 0 has the share of two (ties by id); 0_1 ties on room (1 and 1) and goes to instance 0.
    expect(asObject(got)).toEqual({ 0: ['0_0', '0_1'], 1: ['0_2'] });
  });

  it('the larger share goes to the instance that owns more; unknown and doubly claimed tasks are dropped', () => {
    const got = assignTasksSticky(['0_0', '0_1', '0_2'], new Map([[0, ['0_0', '9_9']], [1, ['0_0', '0_1', '0_2']]]));
    // 0_0 is claimed by both: the lower id keeps it; instance 1 owns more, so it gets the share of two.
    expect(asObject(got)).toEqual({ 0: ['0_0'], 1: ['0_1', '0_2'] });
  });

  /** Brute force: every assignment of tasks to instances whose counts differ by at most one; the most tasks kept. */
  function bestKept(tasks: string[], owned: Map<number, string[]>): number {
    const ids = [...owned.keys()];
    let best = -1;
    const pick = new Array<number>(tasks.length).fill(0);
    const visit = (i: number): void => {
      if (i === tasks.length) {
        const counts = ids.map((id) => pick.filter((p) => p === id).length);
        if (Math.max(...counts) - Math.min(...counts) > 1) return;
        const kept = tasks.filter((t, k) => owned.get(pick[k]!)!.includes(t)).length;
        best = Math.max(best, kept);
        return;
      }
      for (const id of ids) {
        pick[i] = id;
        visit(i + 1);
      }
    };
    visit(0);
    return best;
  }

  it('property: every task once, balanced, and as many tasks kept as the best balanced assignment', () => {
    const scenario = fc
      .record({ subtopologies: fc.integer({ min: 1, max: 2 }), partitions: fc.integer({ min: 1, max: 3 }), instances: fc.integer({ min: 1, max: 3 }) })
      .chain(({ subtopologies, partitions, instances }) => {
        const tasks = Array.from({ length: subtopologies * partitions }, (_, k) => `${Math.floor(k / partitions)}_${k % partitions}`);
        // Each task owned by one instance, or by none (its owner left).
        return fc.record({ tasks: fc.constant(tasks), owners: fc.array(fc.integer({ min: -1, max: instances - 1 }), { minLength: tasks.length, maxLength: tasks.length }), instances: fc.constant(instances) });
      });
    fc.assert(
      fc.property(scenario, ({ tasks, owners, instances }) => {
        const owned = new Map<number, string[]>(Array.from({ length: instances }, (_, i) => [i, tasks.filter((_t, k) => owners[k] === i)]));
        const got = assignTasksSticky(tasks, owned);
        const all = [...got.values()].flat();
        expect([...all].sort()).toEqual([...tasks].sort());
        const counts = [...got.values()].map((l) => l.length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        const kept = [...got].reduce((n, [i, l]) => n + l.filter((t) => owned.get(i)!.includes(t)).length, 0);
        expect(kept).toBe(bestKept(tasks, owned));
        // Pure: the same input gives the same output.
        expect(asObject(assignTasksSticky(tasks, owned))).toEqual(asObject(got));
      }),
      { seed: 20261124, numRuns: 150 },
    );
  });
});
