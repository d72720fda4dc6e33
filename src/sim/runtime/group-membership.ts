import { CommitFailedError } from '../clients/errors.js';

/** The generation of the group an instance belongs to (ApplicationInstances): what fences zombies. */
export interface GroupGeneration {
  readonly generation: number;
}

/**
 * The generation of its group an instance joined last. A lone runtime belongs to no group and is never fenced;
 * an instance the group moved on without (a rebalance it missed) is a zombie whose commits fail.
 */
export class GroupMembership {
  private group: GroupGeneration | null = null;
  private memberGeneration = 0;

  join(group: GroupGeneration, generation: number): void {
    this.group = group;
    this.memberGeneration = generation;
  }

  /** True when the group moved to a newer generation without this instance. */
  get isFenced(): boolean {
    return this.group !== null && this.group.generation !== this.memberGeneration;
  }

  /**
   * What a zombie's commit fails with (Kafka: CommitFailedException / ProducerFencedException); `aborted`: the
   * records of the open transaction fencing aborted, undefined under at_least_once.
   */
  fencedError(applicationId: string, aborted: number | undefined): CommitFailedError {
    return new CommitFailedError(
      `commit failed: this instance of '${applicationId}' is in generation ${this.memberGeneration} but the group is in ` +
        `generation ${this.group!.generation}: its tasks were reassigned (a zombie)` +
        (aborted === undefined ? '' : `; its open transaction (${aborted} records) was aborted, as Kafka's producer fencing does`),
    );
  }
}
