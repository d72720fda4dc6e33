import { runScenario, T0, type ScenarioInputRecord, type ScenarioOutputRecord, type ScenarioRunResult } from '../../../src/scenarios/common/index.js';
import type { PizzaOptions } from '../../../src/scenarios/pizza/options.js';
import { pizzaScenario } from '../../../src/scenarios/pizza/scenario.js';
import { PizzaShop } from '../../../src/scenarios/pizza/shop.js';

/** A run of the pizza scenario that also hands back the shop (its handling journal and notes). */
export interface ShopRun extends ScenarioRunResult {
  readonly shop: PizzaShop;
}

export function runShop(options: Partial<PizzaOptions>, input?: readonly ScenarioInputRecord[], partitions?: number): ShopRun {
  let shop: PizzaShop | undefined;
  const spy = {
    ...pizzaScenario,
    start: (ctx: Parameters<typeof pizzaScenario.start>[0]) => {
      shop = new PizzaShop(ctx, { journal: true });
      return shop;
    },
  };
  const result = runScenario(spy, { options, ...(input === undefined ? {} : { input }), ...(partitions === undefined ? {} : { partitions }) });
  return { ...result, shop: shop! };
}

export function records(run: ScenarioRunResult, topic: string): readonly ScenarioOutputRecord[] {
  return run.outputs.get(topic) ?? [];
}

export function valueField(r: ScenarioOutputRecord, name: string): unknown {
  const v = (r.value as Record<string, unknown>)[name];
  return typeof v === 'object' && v !== null && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : v;
}

/** `[offset from T0 in ms, status]` of each record (status field `status` or `STATUS`). */
export function timeline(rs: readonly ScenarioOutputRecord[], statusField = 'status'): [number, unknown][] {
  return rs.map((r) => [r.timestamp - T0, valueField(r, statusField)]);
}

export const P_ORDER_ID = '3f9a1c2e';
export const P_CUSTOMER = 'd94a6c43d9f487c1bef659f05c002213';

/** The webapp's two records for the order of examples P-a..P-c (§5.6), at T0 + at. */
export function exampleOrder(
  orderId = P_ORDER_ID,
  at = 0,
  order: Record<string, unknown> = {
    extra_toppings: ['Mushroom', 'Black olives', 'Green pepper'],
    sauce: 'Tomato',
    cheese: 'Mozzarella',
    main_topping: 'Pepperoni',
    customer_id: P_CUSTOMER,
    username: 'pizzalover',
  },
): ScenarioInputRecord[] {
  const t = T0 + at;
  return [
    { topic: 'pizza-orders-view', key: orderId, value: { order_id: orderId, status: 100, label: 'Order received and being prepared', timestamp: t }, timestamp: t },
    { topic: 'pizza-ordered', key: orderId, value: { status: 100, timestamp: t, order }, timestamp: t },
  ];
}
