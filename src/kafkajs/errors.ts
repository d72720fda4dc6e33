/**
 * The kafkajs error classes services catch, with kafkajs' names and `retriable` flags
 * (node_modules/kafkajs/src/errors.js). Only those streamsim can raise, plus the base classes.
 */

export class KafkaJSError extends Error {
  override readonly name: string = 'KafkaJSError';
  readonly retriable: boolean;
  readonly helpUrl?: string;
  override readonly cause?: Error;

  constructor(e: Error | string, metadata: { retriable?: boolean; cause?: Error } = {}) {
    super(typeof e === 'string' ? e : e.message);
    this.retriable = metadata.retriable ?? true;
    if (metadata.cause !== undefined) this.cause = metadata.cause;
  }
}

export class KafkaJSNonRetriableError extends KafkaJSError {
  override readonly name: string = 'KafkaJSNonRetriableError';
  constructor(e: Error | string, metadata: { cause?: Error } = {}) {
    super(e, { ...metadata, retriable: false });
  }
}

/** A broker error code, with kafkajs' `type` (UNKNOWN_TOPIC_OR_PARTITION, TOPIC_ALREADY_EXISTS, ...). */
export class KafkaJSProtocolError extends KafkaJSError {
  override readonly name: string = 'KafkaJSProtocolError';
  constructor(
    e: Error | string,
    readonly type: string,
    readonly code: number,
    retriable: boolean,
  ) {
    super(e, { retriable });
  }
}

export class KafkaJSOffsetOutOfRange extends KafkaJSProtocolError {
  override readonly name: string = 'KafkaJSOffsetOutOfRange';
  constructor(
    e: Error | string,
    readonly topic: string,
    readonly partition: number,
  ) {
    super(e, 'OFFSET_OUT_OF_RANGE', 1, false);
  }
}

/** A handler kept failing: kafkajs' retrier gives up and the consumer crashes (and restarts by default). */
export class KafkaJSNumberOfRetriesExceeded extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSNumberOfRetriesExceeded';
  constructor(
    cause: Error,
    readonly retryCount: number,
    readonly retryTime: number,
  ) {
    super(cause, { cause });
  }
}

export class KafkaJSNotImplemented extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSNotImplemented';
}

/** kafkajs' errors for unknown topics and similar broker answers, by error code (kafkajs/src/protocol/error.js). */
export function unknownTopicError(topic: string): KafkaJSProtocolError {
  return new KafkaJSProtocolError(`This server does not host this topic-partition (${topic})`, 'UNKNOWN_TOPIC_OR_PARTITION', 3, true);
}

