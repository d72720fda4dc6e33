import type { Kafka } from 'kafkajs';
import { STATUS, TOPIC_ASSEMBLED, TOPIC_ORDERED } from '../schemas.js';
import { ASSEMBLE_OVERHEAD_MS } from '../shop.js';
import { assembleSeconds, bakeSeconds } from '../timings.js';
import { jsonOf, keyOf, recipeSeedOf, sendJson } from './messages.js';
import type { ShopServiceOptions } from './service-options.js';

/**
 * assemble: on `pizza-ordered`, works 150 ms + A s, then produces `pizza-assembled {200, baking_time: B}`.
 * `assembled` is the service's store of assembled orders (shared by its instances): with `dedupe`, a redelivered
 * order is not assembled twice.
 */
export async function startAssemble(kafka: Kafka, { timers, idempotentProducer, dedupe }: ShopServiceOptions, assembled = new Set<string>()): Promise<void> {
  const producer = kafka.producer({ idempotent: idempotentProducer });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: 'pizza-assemble' });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC_ORDERED], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const orderId = keyOf(message);
      if (dedupe && assembled.has(orderId)) return;
      const seed = recipeSeedOf(jsonOf(message));
      await timers.sleep(ASSEMBLE_OVERHEAD_MS + 1000 * assembleSeconds(seed));
      await sendJson(producer, TOPIC_ASSEMBLED, orderId, { status: STATUS.pizza_assembled, baking_time: bakeSeconds(seed), timestamp: timers.now() });
      assembled.add(orderId);
    },
  });
}
