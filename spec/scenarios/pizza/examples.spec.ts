import { describe, expect, it } from 'vitest';
import { runScenario, T0 } from '../../../src/scenarios/common/index.js';
import { pizzaScenario } from '../../../src/scenarios/pizza/scenario.js';
import { exampleOrder, P_ORDER_ID, records, runShop, timeline, valueField } from './helpers.js';

const STUCK = 'Your order is delayed, bear with us!';

describe('pizza §5.6 P-a (nominal)', () => {
  const run = runShop({}, exampleOrder());

  it('services produce assembled @9.150 (baking_time 13), baked @22.300, delivered @32.500, no pending', () => {
    expect(timeline(records(run, 'pizza-assembled'))).toEqual([[9150, 200]]);
    expect(valueField(records(run, 'pizza-assembled')[0]!, 'baking_time')).toBe(13);
    expect(timeline(records(run, 'pizza-baked'))).toEqual([[22300, 300]]);
    expect(timeline(records(run, 'pizza-delivered'))).toEqual([[32500, 999]]);
    expect(records(run, 'pizza-pending')).toEqual([]);
  });

  it('P1: pizza-status carries 100, 200, 300, 999 with ts = TIMESTAMP and the order key', () => {
    const status = records(run, 'pizza-status');
    expect(timeline(status, 'STATUS')).toEqual([
      [0, 100],
      [9150, 200],
      [22300, 300],
      [32500, 999],
    ]);
    for (const r of status) {
      expect(r.key).toBe(P_ORDER_ID);
      expect(valueField(r, 'TIMESTAMP')).toBe(r.timestamp);
    }
  });

  it('P2: view writes 100 (webapp), 100 (status), 200, 300, 999; the ticks at 15 s and 30 s find nothing', () => {
    const view = records(run, 'pizza-orders-view');
    expect(timeline(view)).toEqual([
      [0, 100],
      [0, 100],
      [9150, 200],
      [22300, 300],
      [32500, 999],
    ]);
    expect(view.map((r) => valueField(r, 'label'))).toEqual([
      'Order received and being prepared',
      'Order received and being prepared',
      'Your pizza is in the oven',
      'Your pizza is out for delivery',
      'Your pizza was delivered',
    ]);
    expect(view[4]!.value).toEqual({ order_id: P_ORDER_ID, status: 999, label: 'Your pizza was delivered', timestamp: T0 + 32500 });
  });

  it('summary: one order delivered in 32.5 s, no stuck alert, no pending path', () => {
    expect(run.summary[0]!.rows).toEqual([[999, 'Your pizza was delivered', 1]]);
    expect(run.summary[1]!.rows).toEqual([[1, 32.5, 32.5, 32.5]]);
    expect(run.summary[2]!.rows).toEqual([[0, 0, 0]]);
  });
});

describe('pizza §5.6 P-b (delivery outage over [0, 60 s))', () => {
  const run = runShop({ faults: { outage: { service: 'delivery', from: 0, to: 60_000 } } }, exampleOrder());

  it('at 60 s delivery drains baked first: pending @60.200, then ordered on the PENDING row: delivered (factor 2) @80.400', () => {
    expect(timeline(records(run, 'pizza-assembled'))).toEqual([[9150, 200]]);
    expect(timeline(records(run, 'pizza-baked'))).toEqual([[22300, 300]]);
    expect(timeline(records(run, 'pizza-pending'))).toEqual([[60200, 150]]);
    expect(timeline(records(run, 'pizza-delivered'))).toEqual([[80400, 999]]);
    expect(timeline(records(run, 'pizza-status'), 'STATUS')).toEqual([
      [0, 100],
      [9150, 200],
      [22300, 300],
      [60200, 150],
      [80400, 999],
    ]);
  });

  it('view: 100, 100, 200 @9.150, 300 @22.300, 150 @60.200, 999 @80.400; nothing stuck (22.3 < 60 − 45 is false)', () => {
    expect(timeline(records(run, 'pizza-orders-view'))).toEqual([
      [0, 100],
      [0, 100],
      [9150, 200],
      [22300, 300],
      [60200, 150],
      [80400, 999],
    ]);
  });

  it('delivery handled baked before ordered (the drain), each after the outage', () => {
    const delivery = run.shop.journal.filter((e) => e.service === 'delivery');
    expect(delivery.map((e) => [e.topic, e.start - T0, e.end - T0])).toEqual([
      ['pizza-baked', 60000, 60200],
      ['pizza-ordered', 60200, 80400],
    ]);
  });
});

describe('pizza §5.6 P-c (bake outage over [0, 120 s))', () => {
  const run = runShop({ faults: { outage: { service: 'bake', from: 0, to: 120_000 } } }, exampleOrder());

  it('the 60 s tick finds 9.150 < 15 and writes 50; baked @133.150, delivered @143.350', () => {
    expect(timeline(records(run, 'pizza-assembled'))).toEqual([[9150, 200]]);
    expect(timeline(records(run, 'pizza-baked'))).toEqual([[133150, 300]]);
    expect(timeline(records(run, 'pizza-delivered'))).toEqual([[143350, 999]]);
    const view = records(run, 'pizza-orders-view');
    expect(timeline(view)).toEqual([
      [0, 100],
      [0, 100],
      [9150, 200],
      [60000, 50],
      [133150, 300],
      [143350, 999],
    ]);
    expect(valueField(view[3]!, 'label')).toBe(STUCK);
  });

  it('summary counts one stuck alert', () => {
    expect(run.summary[2]!.rows).toEqual([[1, 1, 0]]);
  });
});

describe('pizza §5.2 service model details', () => {
  it('a missing customer_id is delivered as customer "0000" (D = 5 s): 22.300 + 0.2 + 5 = 27.500', () => {
    const order = { extra_toppings: ['Mushroom', 'Black olives', 'Green pepper'], sauce: 'Tomato', cheese: 'Mozzarella', main_topping: 'Pepperoni', username: 'x' };
    const run = runShop({}, exampleOrder(P_ORDER_ID, 0, order));
    expect(timeline(records(run, 'pizza-delivered'))).toEqual([[27500, 999]]);
  });

  it('a duplicate order_id is logged and ignored by delivery (it is still assembled and baked twice)', () => {
    const [view, ordered] = exampleOrder();
    const run = runShop({}, [view!, ordered!, { ...ordered!, timestamp: T0 + 1000, value: { ...(ordered!.value as object), timestamp: T0 + 1000 } }]);
    expect(run.shop.notes.filter((n) => n.service === 'delivery').map((n) => n.message)).toEqual(['duplicate order_id ignored']);
    // two assembles queue FIFO: 9.150, then 9.150 + 9.150 = 18.300
    expect(timeline(records(run, 'pizza-assembled'))).toEqual([
      [9150, 200],
      [18300, 200],
    ]);
    // bake: 22.300 and, busy until then, 22.300 + 13.150 = 35.450; each baked is delivered on the real row
    expect(timeline(records(run, 'pizza-baked'))).toEqual([
      [22300, 300],
      [35450, 300],
    ]);
    expect(timeline(records(run, 'pizza-delivered'))).toEqual([
      [32500, 999],
      [45650, 999],
    ]);
  });

  it('queued orders wait for the single-threaded assemble service (FIFO, busy for the whole handling)', () => {
    // the P-a order at 0 and a Tomato/Mozzarella/Pepperoni order (A = 4, B = 8) at +1 s
    const plain = { extra_toppings: [], sauce: 'Tomato', cheese: 'Mozzarella', main_topping: 'Pepperoni', customer_id: 'd94a6c43d9f487c1bef659f05c002213', username: 'y' };
    const run = runShop({}, [...exampleOrder(), ...exampleOrder('0000beef', 1000, plain)]);
    // second starts at 9.150 when the first is done: 9.150 + 4.150 = 13.300
    expect(records(run, 'pizza-assembled').map((r) => [r.key, r.timestamp - T0])).toEqual([
      [P_ORDER_ID, 9150],
      ['0000beef', 13300],
    ]);
    // bake is busy with the first until 22.300, so the second bakes 22.300 + 8.150 = 30.450
    expect(records(run, 'pizza-baked').map((r) => [r.key, r.timestamp - T0])).toEqual([
      [P_ORDER_ID, 22300],
      ['0000beef', 30450],
    ]);
    // delivery is busy until 32.500, then 32.500 + 0.2 + 10 = 42.700
    expect(records(run, 'pizza-delivered').map((r) => [r.key, r.timestamp - T0])).toEqual([
      [P_ORDER_ID, 32500],
      ['0000beef', 42700],
    ]);
  });

  it('a status for an order the view does not know is only logged', () => {
    const [, ordered] = exampleOrder();
    const run = runShop({}, [ordered!]);
    expect(records(run, 'pizza-orders-view')).toEqual([]);
    expect(run.shop.notes.filter((n) => n.service === 'status')).toHaveLength(4);
    expect(timeline(records(run, 'pizza-delivered'))).toEqual([[32500, 999]]);
  });

  it('a status outage holds the status records and its watchdog; at the end they apply in order at `to`', () => {
    const run = runShop({ faults: { outage: { service: 'status', from: 5000, to: 70_000 } } }, exampleOrder());
    // the 15..60 s ticks are skipped; at 70 s the queued 200, 300, 999 apply (the row is deleted by 999)
    expect(timeline(records(run, 'pizza-orders-view'))).toEqual([
      [0, 100],
      [0, 100],
      [70000, 200],
      [70000, 300],
      [70000, 999],
    ]);
  });

  it('statusReorder p=1 delays every pizza-status record on its way to the status service, not in the topic', () => {
    const run = runShop({ seed: 3, faults: { statusReorder: { p: 1, maxMs: 30_000 } } }, exampleOrder());
    expect(timeline(records(run, 'pizza-status'), 'STATUS')).toEqual([
      [0, 100],
      [9150, 200],
      [22300, 300],
      [32500, 999],
    ]);
    const statusHandled = run.shop.journal.filter((e) => e.service === 'status');
    expect(statusHandled).toHaveLength(4);
    for (const e of statusHandled) {
      const produced = records(run, 'pizza-status')[e.offset]!.timestamp;
      expect(e.start).toBeGreaterThan(produced);
      expect(e.start).toBeLessThanOrEqual(produced + 30_000);
    }
  });

  it('statusReorder draws from its own faker: with p = 0 the run is identical to the run without the fault', () => {
    const plain = runShop({ seed: 5, durationMs: 120_000 });
    const p0 = runShop({ seed: 5, durationMs: 120_000, faults: { statusReorder: { p: 0, maxMs: 30_000 } } });
    expect(p0.inputs).toBeGreaterThan(0);
    expect(p0.traceHash).toBe(plain.traceHash);
  });

  it('is deterministic: the same input and options give the same trace hash, with or without the journal', () => {
    const opts = { faults: { statusReorder: { p: 0.5, maxMs: 20_000 } } };
    const hash = runShop(opts, exampleOrder()).traceHash;
    expect(runShop(opts, exampleOrder()).traceHash).toBe(hash);
    expect(runScenario(pizzaScenario, { options: opts, input: exampleOrder() }).traceHash).toBe(hash);
  });
});

describe('pizza with the common §0.4 faults on the webapp records', () => {
  it('drop p=1 on pizza-orders-view: no order is known, so the status service only logs and writes no view record', () => {
    const run = runShop({ seed: 4, durationMs: 120_000, faults: { drop: { p: 1, topics: ['pizza-orders-view'] } } });
    const orders = records(run, 'pizza-delivered').length;
    expect(orders).toBeGreaterThan(0);
    expect(records(run, 'pizza-orders-view')).toEqual([]);
    // ordered, assembled, baked, delivered per order
    expect(run.shop.noteCount).toBe(4 * orders);
  });

  it('duplicate p=1 on pizza-ordered: delivery logs each second copy and delivers every order once per baked record', () => {
    const run = runShop({ seed: 4, durationMs: 120_000, faults: { duplicate: { p: 1, topics: ['pizza-ordered'] } } });
    const orders = new Set(records(run, 'pizza-delivered').map((r) => r.key)).size;
    expect(run.shop.notes.filter((n) => n.message === 'duplicate order_id ignored')).toHaveLength(orders);
    expect(records(run, 'pizza-assembled')).toHaveLength(2 * orders);
    expect(records(run, 'pizza-delivered')).toHaveLength(2 * orders);
  });
});
