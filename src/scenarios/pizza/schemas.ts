import { z } from 'zod';

/**
 * Topics, status codes, labels and menu of the pizza shop (SCENARIOS.md §5.1). Every key is the order_id (8
 * lower-case hex chars); every value is JSON.
 */
export const TOPIC_ORDERED = 'pizza-ordered';
export const TOPIC_ASSEMBLED = 'pizza-assembled';
export const TOPIC_BAKED = 'pizza-baked';
export const TOPIC_DELIVERED = 'pizza-delivered';
export const TOPIC_PENDING = 'pizza-pending';
export const TOPIC_STATUS = 'pizza-status';
export const TOPIC_ORDERS_VIEW = 'pizza-orders-view';

/** The topics the services produce (created by the shop when it starts; the webapp's two are input topics). */
export const SERVICE_TOPICS = [TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED, TOPIC_PENDING, TOPIC_STATUS] as const;

/** Status codes (config `[status-id]`). */
export const STATUS = {
  stuck: 50,
  order_placed: 100,
  pending: 150,
  pizza_assembled: 200,
  pizza_baked: 300,
  delivered: 999,
  unknown: 410,
  something_wrong: 430,
  cancelled: 499,
} as const;

/** Labels per status code (config `[status-label]`). */
const STATUS_LABELS: ReadonlyMap<number, string> = new Map([
  [STATUS.stuck, 'Your order is delayed, bear with us!'],
  [STATUS.order_placed, 'Order received and being prepared'],
  [STATUS.pending, 'We are checking your order'],
  [STATUS.pizza_assembled, 'Your pizza is in the oven'],
  [STATUS.pizza_baked, 'Your pizza is out for delivery'],
  [STATUS.delivered, 'Your pizza was delivered'],
  [STATUS.unknown, 'Oops! Unknown order'],
  [STATUS.something_wrong, 'Oops! Something went wrong, we will refund your order'],
  [STATUS.cancelled, 'Order has been cancelled'],
]);

/** The label the view shows for a status code; any code without one is "Oops! Unknown status (<code>)". */
export function statusLabel(status: number): string {
  return STATUS_LABELS.get(status) ?? `Oops! Unknown status (${String(status)})`;
}

/** Statuses whose watch row the status service deletes (no more watching). */
export const WATCH_DELETE_STATUSES: ReadonlySet<number> = new Set([STATUS.stuck, STATUS.cancelled, STATUS.delivered, STATUS.something_wrong, STATUS.unknown]);
/** Statuses the watchdog never flags as stuck. */
export const WATCHDOG_EXEMPT_STATUSES: ReadonlySet<number> = new Set([STATUS.delivered, STATUS.cancelled]);

export const SAUCES = ['Tomato', 'Organic tomato', 'Pesto', 'Marinara', 'Buffalo', 'Hummus'] as const;
export const CHEESES = ['Mozzarella', 'Provolone', 'Cheddar', 'Ricotta', 'Gouda', 'Gruyere'] as const;
export const MAIN_TOPPINGS = ['Pepperoni', 'Sausage', 'Chicken', 'Pork', 'Minced meat', 'Vegan meat'] as const;
/** Extra toppings in menu order (an order keeps its extras in this order). */
export const EXTRA_TOPPINGS = ['Mushroom', 'Onion', 'Egg', 'Ham', 'Black olives', 'Green pepper', 'Fresh garlic'] as const;

const ms = z.number().int().min(0);
const hex32 = z.string().regex(/^[0-9a-f]{32}$/, 'customer_id is 32 lower-case hex chars');

/**
 * The order the webapp puts on `pizza-ordered`. **Interpretation:** `customer_id` is optional because the delivery
 * service reads a missing one as "0000" (§5.2); the generator always sets it.
 */
export const OrderSchema = z.object({
  extra_toppings: z.array(z.enum(EXTRA_TOPPINGS)),
  sauce: z.enum(SAUCES),
  cheese: z.enum(CHEESES),
  main_topping: z.enum(MAIN_TOPPINGS),
  customer_id: hex32.optional(),
  username: z.string().max(16),
});
export type Order = z.infer<typeof OrderSchema>;

export const OrderedSchema = z.object({ status: z.literal(STATUS.order_placed), timestamp: ms, order: OrderSchema });
export type Ordered = z.infer<typeof OrderedSchema>;

export const AssembledSchema = z.object({ status: z.literal(STATUS.pizza_assembled), baking_time: z.number().int().min(0), timestamp: ms });
export type Assembled = z.infer<typeof AssembledSchema>;

export const BakedSchema = z.object({ status: z.literal(STATUS.pizza_baked), timestamp: ms });
export const DeliveredSchema = z.object({ status: z.literal(STATUS.delivered), timestamp: ms });
export const PendingSchema = z.object({ status: z.literal(STATUS.pending), timestamp: ms });

/** The ksqlDB merge's value: upper-cased columns; TIMESTAMP is a BIGINT (a JS bigint out of the SqlEngine). */
export const StatusSchema = z.object({ STATUS: z.number().int().nullable(), TIMESTAMP: z.union([z.bigint(), ms]).nullable() });

/** One write of the CQRS view `orders` (its changelog, §5.1 Decision). */
export const OrdersViewSchema = z.object({ order_id: z.string(), status: z.number().int(), label: z.string(), timestamp: ms });
export type OrdersView = z.infer<typeof OrdersViewSchema>;

/** A view record for this order, status and write time. */
export function viewRecord(orderId: string, status: number, timestamp: number): OrdersView {
  return { order_id: orderId, status, label: statusLabel(status), timestamp };
}
