import type { Kafka } from 'kafkajs';
import { STATUS, TOPIC_BAKED, TOPIC_DELIVERED, TOPIC_ORDERED, TOPIC_PENDING } from '../schemas.js';
import { DELIVERY_OVERHEAD_MS } from '../shop.js';
import { deliverySeconds } from '../timings.js';
import { customerOf, jsonOf, keyOf, sendJson } from './messages.js';
import type { ShopServiceOptions } from './service-options.js';

const PENDING_ROW = 'PENDING';

/** delivery's database (the original's delivery.db), shared by its instances. */
export interface DeliveryStore {
  /** order id → customer id, or PENDING when the pizza was baked before the order was seen. */
  readonly rows: Map<string, string>;
  /** Records already handled, by topic and order id (with `dedupe`: a redelivered pizza-baked is not delivered twice). */
  readonly handled: Set<string>;
}

export function newDeliveryStore(): DeliveryStore {
  return { rows: new Map(), handled: new Set() };
}

/**
 * delivery (SCENARIOS.md §5.2), on `pizza-ordered` and `pizza-baked`, its table `order_id → customer_id | PENDING`.
 * Every record first takes 200 ms. ordered: a PENDING row gets its customer and the pizza goes out (factor 2);
 * otherwise the row is inserted (a duplicate order id is ignored). baked: with a real row, wait D then produce
 * `pizza-delivered {999}`; without one, produce `pizza-pending {150}` and insert PENDING.
 */
export async function startDelivery(kafka: Kafka, { timers, idempotentProducer, dedupe }: ShopServiceOptions, store: DeliveryStore = newDeliveryStore()): Promise<void> {
  const producer = kafka.producer({ idempotent: idempotentProducer });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: 'pizza-delivery' });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC_ORDERED, TOPIC_BAKED], fromBeginning: true });
  const { rows, handled } = store;
  const deliver = async (orderId: string, customerId: string, factor: 1 | 2): Promise<void> => {
    await timers.sleep(1000 * deliverySeconds(customerId, factor));
    await sendJson(producer, TOPIC_DELIVERED, orderId, { status: STATUS.delivered, timestamp: timers.now() });
  };
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const orderId = keyOf(message);
      const id = `${topic}\u0000${orderId}`;
      if (dedupe && handled.has(id)) return;
      await timers.sleep(DELIVERY_OVERHEAD_MS);
      const row = rows.get(orderId);
      if (topic === TOPIC_ORDERED) {
        const customerId = customerOf(jsonOf(message));
        if (row === undefined || row === PENDING_ROW) rows.set(orderId, customerId);
        if (row === PENDING_ROW) await deliver(orderId, customerId, 2);
        // else a duplicate order id: ignored (the original logs it)
      } else if (row !== undefined && row !== PENDING_ROW) {
        await deliver(orderId, row, 1);
      } else {
        rows.set(orderId, PENDING_ROW);
        await sendJson(producer, TOPIC_PENDING, orderId, { status: STATUS.pending, timestamp: timers.now() });
      }
      handled.add(id);
    },
  });
}
