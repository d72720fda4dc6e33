import type { VirtualCluster } from './cluster.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { InstrumentationEvent, Logger, logLevel } from './types.js';

type Listener = (event: InstrumentationEvent<unknown>) => void;

/**
 * kafkajs' instrumentation emitter (src/instrumentation/emitter.js): `on(eventName, listener)` returns a remover;
 * events carry an id, the type, a timestamp (here the virtual clock's) and a payload.
 */
export class InstrumentationEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    private readonly cluster: VirtualCluster,
    private readonly known: ReadonlySet<string>,
  ) {}

  on(eventName: string, listener: Listener): () => void {
    if (!this.known.has(eventName)) throw new KafkaJSNonRetriableError(`Event name should be one of ${[...this.known].join(', ')}`);
    const list = this.listeners.get(eventName) ?? [];
    list.push(listener);
    this.listeners.set(eventName, list);
    return () => {
      const now = this.listeners.get(eventName) ?? [];
      this.listeners.set(
        eventName,
        now.filter((l) => l !== listener),
      );
    };
  }

  emit(eventName: string, payload: unknown): void {
    const event: InstrumentationEvent<unknown> = { id: String(this.cluster.newId()), type: eventName, timestamp: this.cluster.clock.now(), payload };
    for (const l of this.listeners.get(eventName) ?? []) {
      // kafkajs logs a listener's rejected promise and goes on (producer/index.js, on).
      const result: unknown = l(event);
      if (result instanceof Promise) result.catch(() => {});
    }
  }
}

/** A logger with kafkajs' shape that writes nothing: simulations stay quiet (levels are accepted and ignored). */
export function silentLogger(): Logger {
  const logger: Logger = {
    info: () => {},
    error: () => {},
    warn: () => {},
    debug: () => {},
    namespace: () => logger,
    setLogLevel: (level: logLevel) => void level,
  };
  return logger;
}

export const PRODUCER_EVENTS = {
  CONNECT: 'producer.connect',
  DISCONNECT: 'producer.disconnect',
  REQUEST: 'producer.network.request',
  REQUEST_TIMEOUT: 'producer.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'producer.network.request_queue_size',
} as const;

export const CONSUMER_EVENTS = {
  HEARTBEAT: 'consumer.heartbeat',
  COMMIT_OFFSETS: 'consumer.commit_offsets',
  GROUP_JOIN: 'consumer.group_join',
  FETCH_START: 'consumer.fetch_start',
  FETCH: 'consumer.fetch',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
  CONNECT: 'consumer.connect',
  DISCONNECT: 'consumer.disconnect',
  STOP: 'consumer.stop',
  CRASH: 'consumer.crash',
  REBALANCING: 'consumer.rebalancing',
  RECEIVED_UNSUBSCRIBED_TOPICS: 'consumer.received_unsubscribed_topics',
  REQUEST: 'consumer.network.request',
  REQUEST_TIMEOUT: 'consumer.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'consumer.network.request_queue_size',
} as const;

export const ADMIN_EVENTS = {
  CONNECT: 'admin.connect',
  DISCONNECT: 'admin.disconnect',
  REQUEST: 'admin.network.request',
  REQUEST_TIMEOUT: 'admin.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'admin.network.request_queue_size',
} as const;
