import type { Kafka } from 'kafkajs';
import { fieldOf, numberOf } from '../../common/index.js';
import { STATUS, TOPIC_STATUS } from '../schemas.js';
import { jsonOf, keyOf } from './messages.js';
import type { OrdersDb } from './orders-db.js';
import type { ShopServiceOptions } from './service-options.js';

/** The status code a pizza-status value carries: a missing STATUS is 410 (unknown), an unparsable value 430. */
export function statusCodeOf(value: unknown): number {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return STATUS.something_wrong;
  const raw = fieldOf(value, 'STATUS');
  if (raw === undefined || raw === null) return STATUS.unknown;
  const code = numberOf(raw);
  return Number.isInteger(code) ? code : STATUS.something_wrong;
}

/**
 * The status service (the CQRS query side), on `pizza-status`: for a known order, sets the view's status and upserts
 * its watch row; an unknown order is only logged. Idempotent, it applies a record only if its TIMESTAMP is later
 * than the last one applied to the order: a redelivered or retried record, or one overtaken by a later status,
 * changes nothing (so the view never goes back in the lifecycle).
 */
export async function startStatus(kafka: Kafka, db: OrdersDb, { timers, idempotentProducer, dedupe }: ShopServiceOptions): Promise<void> {
  const producer = kafka.producer({ idempotent: idempotentProducer });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: 'pizza-status' });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC_STATUS], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const orderId = keyOf(message);
      const now = timers.now();
      if (!db.view.has(orderId)) {
        db.notes.push(`${now}: status for an unknown order ${orderId}`);
        return;
      }
      const value = jsonOf(message);
      const at = numberOf(fieldOf(value, 'TIMESTAMP'));
      if (dedupe && at <= (db.appliedUpTo.get(orderId) ?? Number.NEGATIVE_INFINITY)) return;
      const status = statusCodeOf(value);
      // The store first, then the send: while the send awaits its ack the watchdog must see the new row (a
      // delivered order's deleted), as the original updates both in one database write.
      db.upsertWatch(orderId, status, now);
      await db.writeView(producer, orderId, status, now);
      if (Number.isFinite(at)) db.appliedUpTo.set(orderId, at);
    },
  });
}
