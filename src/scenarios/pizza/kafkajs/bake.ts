import type { Kafka } from 'kafkajs';
import { fieldOf, numberOf } from '../../common/index.js';
import { STATUS, TOPIC_ASSEMBLED, TOPIC_BAKED } from '../schemas.js';
import { BAKE_OVERHEAD_MS } from '../shop.js';
import { jsonOf, keyOf, sendJson } from './messages.js';
import type { ShopServiceOptions } from './service-options.js';

/**
 * bake: on `pizza-assembled`, works 150 ms + baking_time s, then produces `pizza-baked {300}`. `baked` is the
 * service's store of baked orders (shared by its instances): with `dedupe`, a redelivered pizza is not baked twice.
 */
export async function startBake(kafka: Kafka, { timers, idempotentProducer, dedupe }: ShopServiceOptions, baked = new Set<string>()): Promise<void> {
  const producer = kafka.producer({ idempotent: idempotentProducer });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: 'pizza-bake' });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC_ASSEMBLED], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const orderId = keyOf(message);
      if (dedupe && baked.has(orderId)) return;
      const bakingTime = numberOf(fieldOf(jsonOf(message), 'baking_time'));
      await timers.sleep(BAKE_OVERHEAD_MS + 1000 * (Number.isFinite(bakingTime) ? bakingTime : 0));
      await sendJson(producer, TOPIC_BAKED, orderId, { status: STATUS.pizza_baked, timestamp: timers.now() });
      baked.add(orderId);
    },
  });
}
