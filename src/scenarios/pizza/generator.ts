import { applyFaults, RecordSequencer, SeededFakers, SkewedPicker, type GeneratedRecord, type SeededFaker } from '../common/index.js';
import { resolvePizzaOptions, type PizzaOptions } from './options.js';
import {
  CHEESES,
  EXTRA_TOPPINGS,
  MAIN_TOPPINGS,
  SAUCES,
  STATUS,
  TOPIC_ORDERED,
  TOPIC_ORDERS_VIEW,
  viewRecord,
  type Order,
  type Ordered,
  type OrdersView,
} from './schemas.js';

/** Faker labels of the pizza generator (SCENARIOS.md §5.2). */
export const PIZZA_LABELS = { sessions: 'sessions', orders: 'orders' } as const;

/** Mean inter-arrival time of orders (ms). */
export const MEAN_ORDER_GAP_MS = 30_000;
/** Probability that an order includes each extra topping. */
export const EXTRA_TOPPING_P = 0.3;

/** A webapp session: the customer who orders. */
export interface PizzaSession {
  readonly username: string;
  readonly customer_id: string;
}

/** A record of the webapp, keyed by order_id. */
export type PizzaInputRecord = GeneratedRecord<string, Ordered | OrdersView>;

/** `username` = `faker.internet.username().slice(0,16)`, `customer_id` = 32 lower-case hex chars. */
export function drawSessions(rnd: SeededFaker, count: number): PizzaSession[] {
  const out: PizzaSession[] = [];
  for (let i = 0; i < count; i++) {
    const username = rnd.faker.internet.username().slice(0, 16);
    const customer_id = rnd.faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' });
    out.push({ username, customer_id });
  }
  return out;
}

/**
 * The pizza generator: the webapp's records (what enters the shop from outside). Pure; the same options give
 * byte-identical records, in append order after the common faults.
 *
 * Draws:
 * - `sessions`: per session, username then customer_id.
 * - `orders`, per order: the gap `expo(30 000)` (rounded to whole ms; **Interpretation:** the first order comes one
 *   gap after startTime, and orders stop at the first instant ≥ startTime + durationMs), the session (`pick`, or
 *   with `skew` > 0 a Zipf-weighted pick from one u()), the
 *   order id (the last 8 hex chars of `faker.string.uuid()`, redrawn until unused), sauce, cheese and main topping
 *   (`pick`), then one `bern(0.3)` per extra topping in menu order.
 *
 * Per order at t, in this order: the view insert `{order_id, status 100, label, timestamp t}` on `pizza-orders-view`,
 * then `pizza-ordered {status 100, timestamp t, order}`. (The webapp's watch-row upsert is state of the running
 * shop: it follows from the view insert.)
 */
export function generatePizza(options: Partial<PizzaOptions>): PizzaInputRecord[] {
  const o = resolvePizzaOptions(options);
  const fakers = new SeededFakers(o.seed);
  const sessions = drawSessions(fakers.get(PIZZA_LABELS.sessions), o.sessions);
  const rnd = fakers.get(PIZZA_LABELS.orders);
  const skewed = new SkewedPicker(o.skew);
  const seq = new RecordSequencer();
  const used = new Set<string>();
  const end = o.startTime + o.durationMs;
  for (let t = o.startTime + Math.round(rnd.expo(MEAN_ORDER_GAP_MS)); t < end; t += Math.round(rnd.expo(MEAN_ORDER_GAP_MS))) {
    const session = skewed.pick(rnd, sessions);
    let orderId: string;
    do orderId = rnd.faker.string.uuid().slice(-8);
    while (used.has(orderId));
    used.add(orderId);
    const sauce = rnd.pick(SAUCES);
    const cheese = rnd.pick(CHEESES);
    const mainTopping = rnd.pick(MAIN_TOPPINGS);
    const extras: (typeof EXTRA_TOPPINGS)[number][] = [];
    for (const extra of EXTRA_TOPPINGS) if (rnd.bern(EXTRA_TOPPING_P)) extras.push(extra);
    const order: Order = {
      extra_toppings: extras,
      sauce,
      cheese,
      main_topping: mainTopping,
      customer_id: session.customer_id,
      username: session.username,
    };
    seq.emit({ topic: TOPIC_ORDERS_VIEW, key: orderId, value: viewRecord(orderId, STATUS.order_placed, t), timestamp: t });
    seq.emit({ topic: TOPIC_ORDERED, key: orderId, value: { status: STATUS.order_placed, timestamp: t, order }, timestamp: t });
  }
  return applyFaults(seq.records as PizzaInputRecord[], o.faults, o.seed);
}
