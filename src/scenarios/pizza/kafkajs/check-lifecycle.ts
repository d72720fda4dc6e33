import { fieldOf, numberOf } from '../../common/index.js';
import { STATUS, TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED, TOPIC_ORDERED, TOPIC_ORDERS_VIEW, TOPIC_PENDING, TOPIC_STATUS } from '../schemas.js';
import { ASSEMBLE_OVERHEAD_MS, BAKE_OVERHEAD_MS, DELIVERY_OVERHEAD_MS } from '../shop.js';
import { assembleSeconds, bakeSeconds, deliverySeconds, MISSING_CUSTOMER_ID, recipeSeed, recipeString } from '../timings.js';
import type { ShopOrder, ShopRecord } from './run-shop.js';

const SOURCES = [TOPIC_ORDERED, TOPIC_PENDING, TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED] as const;
/** The lifecycle an order's view goes through (stuck, 50, may come between; pending, 150, on the pending path). */
const LIFECYCLE = [STATUS.order_placed, STATUS.pizza_assembled, STATUS.pizza_baked, STATUS.delivered] as const;

/**
 * The order lifecycle of the kafkajs shop (SCENARIOS.md §5.5 1, 2, 4, 5), exactly once whatever the faults:
 * - no order lost or duplicated: every order has exactly one record on ordered, assembled, baked and delivered, at
 *   most one on pending, and nothing else is keyed by an order id; every record's ts is its `timestamp` field;
 * - in order, each step after the previous one's work: assembled ≥ ordered + 150 ms + A (baking_time = B),
 *   baked ≥ assembled + 150 ms + B, delivered ≥ baked + 200 ms + D (D from the customer);
 * - pizza-status is exactly the multiset union of (key, status, timestamp) over the five source topics;
 * - the view of each order: the webapp's 100 first; over {100, 200, 300, 999} it never decreases, 200, 300 and 999
 *   each written once and 100 at most twice (webapp, status); 999 is the last write; 150 only on the pending path.
 *   With `skippedSteps`, 200 and 300 may be missing: when the merge's deliveries can be late by more than a step
 *   takes (seconds), a status overtaken by a later one is skipped by the status service (it never goes back).
 * Returns the first violation, or null.
 */
export function checkShopLifecycle(
  orders: readonly ShopOrder[],
  out: Readonly<Record<string, readonly ShopRecord[]>>,
  { skippedSteps = false }: { readonly skippedSteps?: boolean } = {},
): string | null {
  const ids = new Set(orders.map((o) => o.orderId));
  const of = (topic: string, id: string): readonly ShopRecord[] => (out[topic] ?? []).filter((r) => r.key === id);
  for (const topic of [...SOURCES, TOPIC_STATUS, TOPIC_ORDERS_VIEW]) {
    const stray = (out[topic] ?? []).find((r) => !ids.has(r.key));
    if (stray !== undefined) return `${topic}: a record for order ${stray.key}, never placed`;
  }
  for (const topic of SOURCES) {
    const off = (out[topic] ?? []).find((r) => numberOf(fieldOf(r.value, 'timestamp')) !== r.timestamp);
    if (off !== undefined) return `${topic} ${off.key}@${off.offset}: timestamp field ≠ record ts`;
  }
  for (const o of orders) {
    const problem = checkOrder(o, (topic) => of(topic, o.orderId), skippedSteps);
    if (problem !== null) return `order ${o.orderId}: ${problem}`;
  }
  return checkStatusMerge(out);
}

function checkOrder(o: ShopOrder, of: (topic: string) => readonly ShopRecord[], skippedSteps: boolean): string | null {
  for (const topic of [TOPIC_ORDERED, TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED]) {
    if (of(topic).length !== 1) return `${of(topic).length} records on ${topic}, not 1`;
  }
  const pending = of(TOPIC_PENDING);
  if (pending.length > 1) return `${pending.length} records on ${TOPIC_PENDING}`;
  const seed = recipeSeed(recipeString(o.order.sauce, o.order.cheese, o.order.extra_toppings, o.order.main_topping));
  const d = deliverySeconds(o.order.customer_id ?? MISSING_CUSTOMER_ID);
  const [ordered, assembled, baked, delivered] = [TOPIC_ORDERED, TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED].map((t) => of(t)[0]!);
  if (fieldOf(assembled!.value, 'baking_time') !== bakeSeconds(seed)) return `baking_time ${String(fieldOf(assembled!.value, 'baking_time'))}, not B = ${bakeSeconds(seed)}`;
  const steps: [ShopRecord, ShopRecord, number, string][] = [
    [ordered!, assembled!, ASSEMBLE_OVERHEAD_MS + 1000 * assembleSeconds(seed), 'assembled before ordered + 150 ms + A'],
    [assembled!, baked!, BAKE_OVERHEAD_MS + 1000 * bakeSeconds(seed), 'baked before assembled + 150 ms + B'],
    [baked!, delivered!, DELIVERY_OVERHEAD_MS + 1000 * d, 'delivered before baked + 200 ms + D'],
  ];
  for (const [from, to, work, what] of steps) if (to.timestamp < from.timestamp + work) return `${what} (${to.timestamp - from.timestamp} ms after)`;
  return checkView(of(TOPIC_ORDERS_VIEW).map((r) => numberOf(fieldOf(r.value, 'status'))), pending.length > 0, skippedSteps);
}

function checkView(statuses: readonly number[], pendingPath: boolean, skippedSteps: boolean): string | null {
  const where = `view ${statuses.join(', ')}`;
  if (statuses[0] !== STATUS.order_placed) return `${where}: the webapp's 100 is not first`;
  if (statuses.at(-1) !== STATUS.delivered) return `${where}: the last write is not 999`;
  const main = statuses.filter((s) => (LIFECYCLE as readonly number[]).includes(s));
  if (main.some((s, i) => i > 0 && s < main[i - 1]!)) return `${where}: goes back in the lifecycle`;
  const count = (s: number): number => main.filter((x) => x === s).length;
  if (count(STATUS.order_placed) > 2 || count(STATUS.delivered) !== 1) return `${where}: 100 written more than twice, or 999 not once`;
  const steps = [STATUS.pizza_assembled, STATUS.pizza_baked];
  if (steps.some((s) => count(s) > 1 || (count(s) === 0 && !skippedSteps))) return `${where}: 200 or 300 written ${skippedSteps ? 'more than once' : 'more than once or never'}`;
  if (!pendingPath && statuses.includes(STATUS.pending)) return `${where}: 150 off the pending path`;
  return null;
}

function checkStatusMerge(out: Readonly<Record<string, readonly ShopRecord[]>>): string | null {
  const entry = (key: string, status: unknown, ts: unknown): string => JSON.stringify([key, status, ts]);
  const want = SOURCES.flatMap((t) => (out[t] ?? []).map((r) => entry(r.key, fieldOf(r.value, 'status'), fieldOf(r.value, 'timestamp')))).sort();
  const status = out[TOPIC_STATUS] ?? [];
  const got = status.map((r) => entry(r.key, fieldOf(r.value, 'STATUS'), fieldOf(r.value, 'TIMESTAMP'))).sort();
  const i = want.findIndex((w, j) => got[j] !== w);
  if (i >= 0 || got.length !== want.length) {
    const at = i >= 0 ? i : Math.min(want.length, got.length);
    return `pizza-status ≠ the union of the source topics: sorted entry ${at} is ${got[at] ?? 'missing'}, expected ${want[at] ?? 'nothing'}`;
  }
  const off = status.find((r) => numberOf(fieldOf(r.value, 'TIMESTAMP')) !== r.timestamp);
  return off === undefined ? null : `pizza-status ${off.key}@${off.offset}: ts ≠ TIMESTAMP`;
}
