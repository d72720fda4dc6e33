/** Bounds the memory a long run with many late records spends on drop reasons. */
const DROPPED_SAMPLE_LIMIT = 1000;

export interface DroppedRecord {
  readonly task: string;
  readonly node: string;
  readonly reason: string;
}

/** The records a runtime's processors dropped: counted in total and per node, with the first reasons kept. */
export class DroppedRecords {
  /** The first DROPPED_SAMPLE_LIMIT dropped records with their reasons; counts are kept for all of them. */
  readonly sample: DroppedRecord[] = [];
  readonly byNode = new Map<string, number>();
  private count = 0;

  get total(): number {
    return this.count;
  }

  record(taskId: string, nodeName: string, reason: string): void {
    this.count++;
    if (this.sample.length < DROPPED_SAMPLE_LIMIT) this.sample.push({ task: taskId, node: nodeName, reason });
    this.byNode.set(nodeName, (this.byNode.get(nodeName) ?? 0) + 1);
  }
}
