import type { Kafka } from 'kafkajs';
import { STATUS, WATCHDOG_EXEMPT_STATUSES } from '../schemas.js';
import { STUCK_AFTER_MS, WATCHDOG_PERIOD_MS } from '../shop.js';
import type { OrdersDb } from './orders-db.js';
import type { ShopServiceOptions } from './service-options.js';

/**
 * The status service's watchdog: every 15 s from its start, each watch row older than 45 s and not delivered or
 * cancelled turns the order's view to 50 (stuck) and is deleted. Returns a stop function.
 */
export async function startWatchdog(kafka: Kafka, db: OrdersDb, { timers, idempotentProducer }: ShopServiceOptions): Promise<() => void> {
  const producer = kafka.producer({ idempotent: idempotentProducer });
  await producer.connect();
  let tick: Promise<void> = Promise.resolve();
  const scan = async (now: number): Promise<void> => {
    for (const orderId of [...db.watch.keys()]) {
      // The row as it is now: while an earlier write of this scan awaited its ack, the status service may have
      // moved the order on (a delivered order's row is gone), and a stale snapshot would flag it stuck after 999.
      const row = db.watch.get(orderId);
      if (row !== undefined && row.timestamp < now - STUCK_AFTER_MS && !WATCHDOG_EXEMPT_STATUSES.has(row.status)) {
        db.watch.delete(orderId);
        await db.writeView(producer, orderId, STATUS.stuck, now);
      }
    }
  };
  // Ticks run one after another, each on the rows as its own time finds them.
  const id = timers.setInterval(() => {
    const now = timers.now();
    tick = tick.then(() => scan(now)).catch((error: unknown) => void db.notes.push(`${now}: watchdog failed: ${String(error)}`));
  }, WATCHDOG_PERIOD_MS);
  return () => timers.clearInterval(id);
}
