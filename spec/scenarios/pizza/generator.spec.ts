import { describe, expect, it } from 'vitest';
import { T0 } from '../../../src/scenarios/common/index.js';
import { drawSessions, generatePizza, PIZZA_LABELS } from '../../../src/scenarios/pizza/generator.js';
import { DEFAULT_PIZZA_OPTIONS, PizzaOptionsSchema } from '../../../src/scenarios/pizza/options.js';
import { pizzaScenario } from '../../../src/scenarios/pizza/scenario.js';
import { EXTRA_TOPPINGS, OrderedSchema, OrdersViewSchema, statusLabel, type Ordered } from '../../../src/scenarios/pizza/schemas.js';
import { SeededFaker } from '../../../src/scenarios/common/index.js';

describe('pizza generator (SCENARIOS.md §5.2)', () => {
  const records = generatePizza({ seed: 7 });
  const ordered = records.filter((r) => r.topic === 'pizza-ordered');

  it('is pure: the same options give byte-identical records', () => {
    expect(JSON.stringify(generatePizza({ seed: 7 }))).toBe(JSON.stringify(records));
    expect(JSON.stringify(generatePizza({ seed: 8 }))).not.toBe(JSON.stringify(records));
  });

  it('each order is a view insert (status 100) then pizza-ordered, at the same instant, keyed by an 8-hex order_id', () => {
    expect(records.length).toBe(2 * ordered.length);
    for (let i = 0; i < records.length; i += 2) {
      const view = records[i]!;
      const order = records[i + 1]!;
      expect(view.topic).toBe('pizza-orders-view');
      expect(order.topic).toBe('pizza-ordered');
      expect(view.key).toBe(order.key);
      expect(view.key).toMatch(/^[0-9a-f]{8}$/);
      expect(view.timestamp).toBe(order.timestamp);
      expect(view.value).toEqual({ order_id: view.key, status: 100, label: 'Order received and being prepared', timestamp: view.timestamp });
      expect(OrdersViewSchema.safeParse(view.value).success).toBe(true);
      expect(OrderedSchema.safeParse(order.value).success).toBe(true);
      expect((order.value as Ordered).timestamp).toBe(order.timestamp);
    }
  });

  it('orders arrive after T0 and before T0 + durationMs, in time order, with unique ids', () => {
    const ts = ordered.map((r) => r.timestamp);
    expect(ts[0]!).toBeGreaterThanOrEqual(T0);
    expect(ts.at(-1)!).toBeLessThan(T0 + DEFAULT_PIZZA_OPTIONS.durationMs);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(new Set(ordered.map((r) => r.key)).size).toBe(ordered.length);
  });

  it('extras are kept in menu order; customers come from the 5 sessions (32-hex ids, usernames ≤ 16 chars)', () => {
    const customers = new Set<string>();
    for (const r of ordered) {
      const o = (r.value as Ordered).order;
      const idx = o.extra_toppings.map((e) => EXTRA_TOPPINGS.indexOf(e));
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
      expect(o.username.length).toBeLessThanOrEqual(16);
      customers.add(o.customer_id!);
    }
    expect(customers.size).toBeLessThanOrEqual(5);
    for (const c of customers) expect(c).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sessions come from their own `sessions` faker: the order stream does not shift them', () => {
    const sessions = drawSessions(new SeededFaker(7, PIZZA_LABELS.sessions), 5).map((s) => s.customer_id);
    const short = generatePizza({ seed: 7, durationMs: 3_600_000 }).filter((r) => r.topic === 'pizza-ordered');
    for (const r of short) expect(sessions).toContain((r.value as Ordered).order.customer_id);
  });

  it('sizeFor(events) gives events ± 20% input records', () => {
    for (const events of [1000, 4000]) {
      const n = generatePizza({ seed: 3, ...pizzaScenario.sizeFor(events) }).length;
      expect(n).toBeGreaterThanOrEqual(events * 0.8);
      expect(n).toBeLessThanOrEqual(events * 1.2);
    }
  });

  it('about one order per 30 s on average (expo(30 000) gaps)', () => {
    const n = generatePizza({ seed: 11, durationMs: 30_000 * 2000 }).length / 2;
    expect(n).toBeGreaterThan(1800);
    expect(n).toBeLessThan(2200);
  });

  it('the options schema takes one outage or several, and statusReorder; unknown keys are refused', () => {
    expect(PizzaOptionsSchema.safeParse({ faults: { outage: { service: 'bake', from: 0, to: 1000 } } }).success).toBe(true);
    expect(
      PizzaOptionsSchema.safeParse({ faults: { outage: [{ service: 'bake', from: 0, to: 1 }, { service: 'status', from: 5, to: 9 }], statusReorder: { p: 0.1, maxMs: 5000 } } })
        .success,
    ).toBe(true);
    expect(PizzaOptionsSchema.safeParse({ faults: { outage: { service: 'oven', from: 0, to: 1 } } }).success).toBe(false);
    expect(PizzaOptionsSchema.safeParse({ orders: 3 }).success).toBe(false);
    expect(() => generatePizza({ faults: { outage: { service: 'bake', from: 10, to: 5 } } })).toThrow(RangeError);
  });

  it('status labels (§5.1), with the fallback for unknown codes', () => {
    expect(statusLabel(50)).toBe('Your order is delayed, bear with us!');
    expect(statusLabel(150)).toBe('We are checking your order');
    expect(statusLabel(430)).toBe('Oops! Something went wrong, we will refund your order');
    expect(statusLabel(499)).toBe('Order has been cancelled');
    expect(statusLabel(777)).toBe('Oops! Unknown status (777)');
  });
});
