import type { Kafka } from 'kafkajs';
import { STATUS, TOPIC_ORDERED, type Order } from '../schemas.js';
import { sendJson } from './messages.js';
import type { OrdersDb } from './orders-db.js';
import type { ShopServiceOptions } from './service-options.js';

/** The webapp's command side: what placing an order does. */
export interface Webapp {
  placeOrder(orderId: string, order: Order): Promise<void>;
}

/**
 * The webapp (SCENARIOS.md §5.2), at order time t: inserts the order into the view with status 100 (a
 * `pizza-orders-view` record), upserts its watch row (t, 100), then produces `pizza-ordered {100, t, order}`.
 */
export async function startWebapp(kafka: Kafka, db: OrdersDb, { timers, idempotentProducer }: ShopServiceOptions): Promise<Webapp> {
  const producer = kafka.producer({ idempotent: idempotentProducer });
  await producer.connect();
  return {
    placeOrder: async (orderId, order) => {
      const t = timers.now();
      await db.writeView(producer, orderId, STATUS.order_placed, t);
      db.upsertWatch(orderId, STATUS.order_placed, t);
      await sendJson(producer, TOPIC_ORDERED, orderId, { status: STATUS.order_placed, timestamp: t, order });
    },
  };
}
