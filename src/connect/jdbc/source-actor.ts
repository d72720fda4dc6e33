import type { Broker } from '../../sim/broker.js';
import type { JdbcSourceRecord } from './table-querier.js';
import type { JdbcSourceTask } from './source-task.js';

/**
 * A JDBC source task as an actor on a broker's virtual clock (what a Connect worker does with the task's
 * records): at each due poll instant the clock moves there and the polled records are produced to their topics,
 * keyed as the task keyed them (null unless a key transform is set), stamped with the poll time. `stopAfter`
 * bounds the polling so that a run can drain (a task on its own polls forever).
 */
export class JdbcSourceActor {
  /** Records produced so far, in order. */
  readonly produced: JdbcSourceRecord[] = [];

  constructor(
    private readonly broker: Broker,
    private readonly task: JdbcSourceTask,
    private readonly stopAfter: number,
  ) {}

  /** The next poll instant, or null once polling has passed `stopAfter`. */
  nextDue(): number | null {
    const due = Math.max(this.task.nextDue(), this.broker.clock.now());
    return due <= this.stopAfter ? due : null;
  }

  /**
   * Polls at every due instant up to `time` (never past `stopAfter`), producing each poll's records; `afterPoll`
   * runs after each poll instant (a scenario lets its processors catch up there).
   */
  advanceTo(time: number, afterPoll?: () => void): void {
    for (let due = this.nextDue(); due !== null && due <= time; due = this.nextDue()) {
      this.broker.clock.set(Math.max(this.broker.clock.now(), due));
      for (const r of this.task.pollAll(due)) {
        this.broker.produce(r.topic, { key: r.key, value: r.value, timestamp: r.timestamp });
        this.produced.push(r);
      }
      afterPoll?.();
    }
  }
}
