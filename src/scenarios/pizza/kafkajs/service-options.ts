import type { VirtualTimers } from '../../../kafkajs/index.js';

/**
 * What every kafkajs pizza service is given besides its `Kafka`. The original services (both flags false) are
 * at-least-once: a redelivered record is handled again and a retried send appended twice. Both flags on (run-shop.ts'
 * default) make every step exactly once, the way a Kafka developer would.
 */
export interface ShopServiceOptions {
  /** The virtual timers the service sleeps on (its work time) instead of the global setTimeout. */
  readonly timers: VirtualTimers;
  /** kafkajs' `idempotent` producer: the broker drops a retried send (a lost ack) by its sequence number. */
  readonly idempotentProducer: boolean;
  /** The service skips a record it has already handled (its own store of handled order ids or records). */
  readonly dedupe: boolean;
}
