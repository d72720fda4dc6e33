/** Misuse of the API: thrown at once, with a message that says what to change. */
export class TopologyError extends Error {
  override readonly name = 'TopologyError';
}

/** Misuse of the broker API (unknown topic, bad partition...). */
export class BrokerError extends Error {
  override readonly name = 'BrokerError';
}

/** A record that its topic's serde or schema rejects; names topic, partition, offset and reason. */
export class RecordRejectedError extends Error {
  override readonly name = 'RecordRejectedError';
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`record rejected on ${topic}-${partition} at offset ${offset}: ${reason}`);
  }
}

/**
 * Kafka's StreamsException: user code called by the runtime failed fatally (a timestamp extractor that throws,
 * say); the original error is the cause.
 */
export class StreamsError extends Error {
  override readonly name = 'StreamsError';
}

/** An engine invariant broke: a bug in streamsim, never the user's fault. */
export class AssertionFailure extends Error {
  override readonly name = 'AssertionFailure';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(message);
}
