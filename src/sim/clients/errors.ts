import { tpKey, type TopicPartition } from './topic-partition.js';

/** A commit refused because the member was removed from the group (Kafka's CommitFailedException). */
export class CommitFailedError extends Error {
  override readonly name = 'CommitFailedError';
}

/** A member whose assignment strategy differs from the group's (Kafka's INCONSISTENT_GROUP_PROTOCOL). */
export class InconsistentGroupProtocolError extends Error {
  override readonly name = 'InconsistentGroupProtocolError';
}

/** No committed offset and auto.offset.reset=none (Kafka's NoOffsetForPartitionException). */
export class NoOffsetForPartitionError extends Error {
  override readonly name = 'NoOffsetForPartitionError';
  constructor(readonly tp: TopicPartition) {
    super(
      `no committed offset for ${tpKey(tp)} and auto.offset.reset is 'none': commit or seek() an offset first, ` +
        "or use autoOffsetReset 'earliest' / 'latest'",
    );
  }
}

/** The position is outside [log start, log end] and auto.offset.reset=none (Kafka's OffsetOutOfRangeException). */
export class OffsetOutOfRangeError extends Error {
  override readonly name = 'OffsetOutOfRangeError';
  constructor(
    readonly tp: TopicPartition,
    readonly offset: number,
    readonly logStartOffset: number,
    readonly logEndOffset: number,
  ) {
    super(
      `offset ${offset} is out of range for ${tpKey(tp)} (log start ${logStartOffset}, log end ${logEndOffset}), ` +
        "for example after retention deleted it, and auto.offset.reset is 'none': seek() to a valid offset",
    );
  }
}
