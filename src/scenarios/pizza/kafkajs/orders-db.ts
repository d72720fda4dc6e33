import type { Producer } from 'kafkajs';
import { TOPIC_ORDERS_VIEW, viewRecord, WATCH_DELETE_STATUSES } from '../schemas.js';
import { sendJson } from './messages.js';

/** A watch row: the last status upsert of an order and when it happened. */
export interface WatchRow {
  readonly timestamp: number;
  readonly status: number;
}

/**
 * The CQRS store the webapp and the status service share (the original's orders.db): the view `orders` (order id →
 * status), every write of which is also a `pizza-orders-view` record, and the watch rows the watchdog scans.
 */
export class OrdersDb {
  readonly view = new Map<string, number>();
  readonly watch = new Map<string, WatchRow>();
  /** Per order, the TIMESTAMP of the last pizza-status record applied (the deduplicating status service). */
  readonly appliedUpTo = new Map<string, number>();
  /** What the services logged rather than wrote (a status for an unknown order). */
  readonly notes: string[] = [];

  /** Sets the order's view status and emits the view record, its timestamp `now`. */
  async writeView(producer: Producer, orderId: string, status: number, now: number): Promise<void> {
    this.view.set(orderId, status);
    await sendJson(producer, TOPIC_ORDERS_VIEW, orderId, viewRecord(orderId, status, now));
  }

  /** Upserts the watch row, or deletes it when the status ends the watching (stuck, delivered, cancelled, errors). */
  upsertWatch(orderId: string, status: number, now: number): void {
    if (WATCH_DELETE_STATUSES.has(status)) this.watch.delete(orderId);
    else this.watch.set(orderId, { timestamp: now, status });
  }
}
