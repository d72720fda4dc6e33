import type { RandomStream } from '../rng.js';
import type { StreamTask } from './task.js';

/**
 * One round of processing over an instance's tasks: in task order, every task drains what it has buffered;
 * shuffled, one task chosen by the seed processes a seeded number of its buffered records, to expose code that
 * depends on an order Kafka does not guarantee. After every record `afterRecord` runs (an armed crash, a due
 * commit); when it returns true (the runtime crashed) the round stops at once.
 */
export class TaskRounds {
  constructor(
    /** The instance's tasks, in task order; the runtime adds and removes tasks in place. */
    private readonly tasks: readonly StreamTask[],
    /** Picks tasks and bursts when shuffling; null runs tasks in order. */
    private readonly shuffler: RandomStream | null,
    private readonly afterRecord: () => boolean,
  ) {}

  /** Runs one round; returns how many records it processed. */
  run(): number {
    return this.shuffler === null ? this.runInOrder() : this.runShuffled(this.shuffler);
  }

  private runInOrder(): number {
    let n = 0;
    const tasks = this.tasks;
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i]!;
      while (t.processOne()) {
        n++;
        if (this.afterRecord()) return n;
      }
    }
    return n;
  }

  private runShuffled(shuffler: RandomStream): number {
    const ready = this.tasks.filter((t) => t.hasBuffered());
    if (ready.length === 0) return 0;
    const task = shuffler.pick(ready);
    const burst = shuffler.int(1, 4);
    let n = 0;
    while (n < burst && task.processOne()) {
      n++;
      if (this.afterRecord()) return n;
    }
    return n;
  }
}
