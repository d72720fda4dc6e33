import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { faultKindsOption, faultScheduleArb, type ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import type { HistoryTable, InvariantSpec, JsonValue } from '../../assertions/harness/invariant-spec.js';
import type { Broker } from '../../sim/broker.js';
import { runScenario, type ScenarioContext, type ScenarioInputRecord } from '../common/index.js';
import { T0 } from '../common/seeded-faker.js';
import { PIZZA_SERVICES, type PizzaOptions, type PizzaOutage, type PizzaService } from '../pizza/options.js';
import { pizzaScenario } from '../pizza/scenario.js';
import { CHEESES, EXTRA_TOPPINGS, MAIN_TOPPINGS, SAUCES, TOPIC_ORDERED, TOPIC_ORDERS_VIEW, type Order } from '../pizza/schemas.js';
import { PizzaShop } from '../pizza/shop.js';
import { field, outputRow, plainJson } from './sql-run.js';
import { sinceT0 } from './since-t0.js';
import { checkLifecycle, type LifecycleObserved } from './pizza-lifecycle-check.js';

/** Three customers whose delivery times D (§5.2: id mod 10 + 5 s) are 10, 5 and 14 s. */
export const PIZZA_CUSTOMERS = ['d94a6c43d9f487c1bef659f05c002213', '00000000000000000000000000000000', '00000000000000000000000000000009'] as const;
/** A late `pizza-ordered` reaches the broker this long after the last order was placed. */
export const LATE_MS = 60_000;

/** One order: seconds after the previous one, its recipe (menu indexes, extras as a bit mask) and its customer. */
export interface PizzaOrderSpec {
  readonly gapSec: number;
  readonly sauce: number;
  readonly cheese: number;
  readonly main: number;
  readonly extras: number;
  readonly customer: number;
}

export interface PizzaHistory {
  readonly orders: readonly PizzaOrderSpec[];
  /** Outages, as offsets from T0 in seconds (§5.2 fault `outage`): the shop's own fault, always drawn. */
  readonly outages: readonly { readonly service: PizzaService; readonly fromSec: number; readonly lenSec: number }[];
  readonly faults: readonly ScheduledFault[];
}

/** An input record with the instant it reaches the broker (its timestamp unless late). */
export interface PizzaInput {
  readonly record: ScenarioInputRecord;
  readonly fault?: 'late' | 'reorder' | 'dup';
}

export function orderId(i: number): string {
  return (0xa0000000 + i + 1).toString(16);
}

export function orderOf(o: PizzaOrderSpec): Order {
  return {
    extra_toppings: EXTRA_TOPPINGS.filter((_, b) => (o.extras >> b) & 1),
    sauce: SAUCES[o.sauce % SAUCES.length]!,
    cheese: CHEESES[o.cheese % CHEESES.length]!,
    main_topping: MAIN_TOPPINGS[o.main % MAIN_TOPPINGS.length]!,
    customer_id: PIZZA_CUSTOMERS[o.customer % PIZZA_CUSTOMERS.length]!,
    username: `user${o.customer % PIZZA_CUSTOMERS.length}`,
  };
}

export function outagesOfHistory(h: PizzaHistory): PizzaOutage[] {
  return h.outages.map((o) => ({ service: o.service, from: o.fromSec * 1000, to: (o.fromSec + o.lenSec) * 1000 }));
}

/**
 * The webapp's records in append order (§5.2): per order at t, `gapSec` after the previous one (the first 1 s
 * after T0), the view insert {status 100} then `pizza-ordered`. Faults hit the `pizza-ordered` of order
 * `at mod n`: reorder = before its view insert (the status service meets an order it does not know yet), late =
 * appended LATE_MS after the last order is placed with its own timestamp (the services start on arrival, so the
 * watchdog may flag it stuck first), dup = a producer duplicate (assembled and baked twice; delivery ignores the
 * second order row but delivers each baked pizza that finds a real row).
 */
export function pizzaInputs(h: PizzaHistory): PizzaInput[] {
  const n = h.orders.length;
  const kinds = (i: number): Set<string> => new Set(h.faults.filter((f) => f.at % n === i).map((f) => f.kind));
  const main: PizzaInput[] = [];
  const late: PizzaInput[] = [];
  let t = T0 + 1000;
  h.orders.forEach((o, i) => {
    t += o.gapSec * 1000;
    const id = orderId(i);
    const view: PizzaInput = { record: { topic: TOPIC_ORDERS_VIEW, key: id, value: { order_id: id, status: 100, label: 'Order received and being prepared', timestamp: t }, timestamp: t } };
    const ordered: ScenarioInputRecord = { topic: TOPIC_ORDERED, key: id, value: { status: 100, timestamp: t, order: orderOf(o) }, timestamp: t };
    const k = kinds(i);
    const fault = k.has('reorder') ? ('reorder' as const) : k.has('late') ? ('late' as const) : undefined;
    const copies: PizzaInput[] = [fault === undefined ? { record: ordered } : { record: ordered, fault }, ...(k.has('dup') ? [{ record: ordered, fault: 'dup' as const }] : [])];
    if (fault === 'late') main.push(view);
    (fault === 'late' ? late : main).push(...(fault === 'reorder' ? [...copies, view] : fault === 'late' ? copies : [view, ...copies]));
  });
  return [...main, ...late.map((p) => ({ ...p, record: { ...p.record, appendAt: t + LATE_MS } }))];
}

/** §5.2 timings, recomputed here: md5 recipe seed → A, B = A + 4; D = customer id mod 10 + 5 (seconds). */
export function recipeTimes(order: Order): { a: number; b: number; d: number } {
  const recipe = `${order.sauce}@${order.cheese}@${order.extra_toppings.join(',')}@${order.main_topping}`;
  const seed = parseInt(createHash('md5').update(recipe, 'utf8').digest('hex').slice(-4), 16);
  return { a: (seed % 8) + 4, b: (seed % 8) + 8, d: Number(BigInt(`0x${order.customer_id!}`) % 10n) + 5 };
}

/** A broker whose `produce` is rewritten (self-tests plant a bug at a service's output this way). */
export type ProduceHook = (topic: string, record: { value?: unknown }) => { value?: unknown };

function hookedBroker(broker: Broker, hook: ProduceHook): Broker {
  return new Proxy(broker, {
    get(target, prop, receiver) {
      if (prop === 'produce') return (topic: string, record: { value?: unknown }) => target.produce(topic, hook(topic, record) as never);
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function runPizza(h: PizzaHistory, hook?: ProduceHook): LifecycleObserved {
  const options: Partial<PizzaOptions> = { faults: { outage: outagesOfHistory(h) } };
  const scenario = {
    ...pizzaScenario,
    start: (ctx: ScenarioContext<PizzaOptions>) => new PizzaShop(hook === undefined ? ctx : { ...ctx, broker: hookedBroker(ctx.broker, hook) }),
  };
  const outputs = runScenario(scenario, { options, input: pizzaInputs(h).map((p) => p.record) }).outputs;
  const at = (t: string) => outputs.get(t) ?? [];
  const rows = (t: string, fields: readonly string[]) => at(t).map((r) => [plainJson(r.key), ...fields.map((f) => field(r.value, f)), r.timestamp]);
  return {
    assembled: rows('pizza-assembled', ['status', 'baking_time', 'timestamp']),
    baked: rows('pizza-baked', ['status', 'timestamp']),
    delivered: rows('pizza-delivered', ['status', 'timestamp']),
    pending: rows('pizza-pending', ['status', 'timestamp']),
    status: rows('pizza-status', ['STATUS', 'TIMESTAMP']),
    view: at(TOPIC_ORDERS_VIEW).map((r) => outputRow(r)),
  };
}

export const PIZZA_ORDER_LIFECYCLE = 'pizza-order-lifecycle';

/**
 * The pizza shop (services, ksqlDB status merge, status service and watchdog, as the scenario runs them) over 1–5
 * orders and 0–2 outages (SCENARIOS.md §5.5): see pizza-lifecycle-check.ts for what is checked. `hook` (self-tests
 * only) rewrites what the services produce, to plant a bug, under another name.
 */
export function pizzaLifecycleSpec(options: JsonValue = { faults: [] }, variant?: { readonly name: string; readonly hook: ProduceHook }): InvariantSpec<PizzaHistory> {
  const kinds = faultKindsOption(options);
  return {
    name: variant?.name ?? PIZZA_ORDER_LIFECYCLE,
    topology: 'pizza shop: assemble, bake, delivery, ksqlDB PIZZA_STATUS merge, CQRS status service and watchdog',
    invariant:
      'assemble and bake are single FIFO servers that start nothing inside an outage (exact times from §5.2 A and B); per order one assembled and baked per ordered copy, delivered ≥ baked + 200 ms + D, pending only after a delivery outage; pizza-status = the multiset union of the five source topics; the view ends at 999, never decreases over {100,200,300,999} (no dup), 50 only at a watchdog tick > 45 s after the last upsert, 150 only on the pending path (SCENARIOS.md §5.5.1–5)',
    options: { faults: kinds },
    history: fc.record({
      orders: fc.array(
        fc.record({ gapSec: fc.integer({ min: 0, max: 40 }), sauce: fc.nat({ max: 5 }), cheese: fc.nat({ max: 5 }), main: fc.nat({ max: 5 }), extras: fc.nat({ max: 127 }), customer: fc.nat({ max: 2 }) }),
        { minLength: 1, maxLength: 5 },
      ),
      outages: fc.array(fc.record({ service: fc.constantFrom(...PIZZA_SERVICES), fromSec: fc.integer({ min: 0, max: 120 }), lenSec: fc.integer({ min: 1, max: 90 }) }), { maxLength: 2 }),
      faults: faultScheduleArb(kinds),
    }),
    run: (h) => runPizza(h, variant?.hook) as unknown as JsonValue,
    check: (h, observed) => checkLifecycle(h, observed as unknown as LifecycleObserved),
    encode: (h) => ({ orders: h.orders.map((o) => ({ ...o })), outages: h.outages.map((o) => ({ ...o })), faults: h.faults.map((f) => ({ ...f })) }),
    decode: (json) => json as unknown as PizzaHistory,
    faults: (h) => [
      ...outagesOfHistory(h).map((o) => ({ kind: 'outage', service: o.service, from: sinceT0(T0 + o.from), to: sinceT0(T0 + o.to) })),
      ...h.faults.map((f) => ({ kind: f.kind, order: orderId(f.at % h.orders.length) })),
    ],
    table: (h) => pizzaTable(h),
  };
}

function pizzaTable(h: PizzaHistory): HistoryTable {
  const rows = pizzaInputs(h).map(({ record: r, fault }, i) => {
    const value = r.value as { order?: Order };
    const text = value.order === undefined ? 'view insert {status 100}' : (({ a, b, d }) => `ordered A=${a}s B=${b}s D=${d}s`)(recipeTimes(value.order));
    const appended = r.appendAt === undefined ? '' : ` (appended ${sinceT0(r.appendAt)})`;
    return [String(i + 1), r.topic, String(r.key), `${sinceT0(r.timestamp)}${appended}`, text, fault ?? ''];
  });
  for (const o of outagesOfHistory(h)) rows.push(['-', 'outage', o.service, `${sinceT0(T0 + o.from)} to ${sinceT0(T0 + o.to)}`, '', '']);
  return { columns: ['#', 'topic', 'key', 'timestamp', 'value', 'fault'], rows };
}
