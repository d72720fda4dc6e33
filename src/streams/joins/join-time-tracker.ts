/**
 * Kafka's KStreamImplJoin.TimeTracker: the time both processors of one stream-stream join share in a task.
 * Stream time here is the largest timestamp either join processor has seen (not the task's stream time),
 * so that one side's records close the other side's windows.
 */
export class JoinTimeTracker {
  streamTimeMs = -1;
  /**
   * A lower bound of the timestamps in the outer-join store, to skip scanning it; null is Kafka's
   * Long.MAX_VALUE ("none known").
   */
  minTimeMs: number | null = null;

  advanceStreamTime(timestampMs: number): void {
    if (timestampMs > this.streamTimeMs) this.streamTimeMs = timestampMs;
  }

  updateMinTime(timestampMs: number): void {
    if (this.minTimeMs === null || timestampMs < this.minTimeMs) this.minTimeMs = timestampMs;
  }
}

/**
 * One tracker per task, found through a task-local object both processors reach (the shared outer-join
 * store instance), so that two runs of one topology never share time, as Kafka's per-task supplier does.
 */
export class JoinTimeTrackers {
  private readonly byTask = new WeakMap<object, JoinTimeTracker>();

  get(taskLocal: object): JoinTimeTracker {
    let tracker = this.byTask.get(taskLocal);
    if (tracker === undefined) this.byTask.set(taskLocal, (tracker = new JoinTimeTracker()));
    return tracker;
  }
}
