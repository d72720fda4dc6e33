import { describe, expect, it } from 'vitest';
import { checkInvariant, evaluate, registerReplayable, replay } from '../../../src/assertions/harness/index.js';
import { scenarioInvariants } from '../../../src/scenarios/invariants/index.js';
import { pizzaInputs, pizzaLifecycleSpec, recipeTimes, orderOf, type PizzaHistory } from '../../../src/scenarios/invariants/pizza-order-lifecycle.js';
import { checkCli, tempDir } from './invariant-helpers.js';

const FAULTS = { faults: ['late', 'reorder', 'dup'] };
const T0 = 1_704_067_200_000;

/** The assemble service's output with baking_time one second short: bake then finishes a second early. */
const broken = pizzaLifecycleSpec(
  { faults: [] },
  {
    name: 'selftest-pizza-short-bake',
    hook: (topic, record) =>
      topic === 'pizza-assembled' ? { ...record, value: { ...(record.value as object), baking_time: (record.value as { baking_time: number }).baking_time - 1 } } : record,
  },
);
registerReplayable(broken.name, broken);

/** Example P-a's order (§5.6): Tomato, Mozzarella, Mushroom + Black olives + Green pepper, Pepperoni, customer d94a…: A 9, B 13, D 10. */
const P_A = { gapSec: 0, sauce: 0, cheese: 0, main: 0, extras: 0b110001, customer: 0 };

describe('pizza invariant (SCENARIOS.md §5.5) as streamsim check runs it', () => {
  it('holds for the shop over 100 histories with outages and late, reordered and duplicated orders', () => {
    const r = checkInvariant(pizzaLifecycleSpec(FAULTS), { numRuns: 100, seed: 11 });
    expect(r.passed, r.report).toBe(true);
    expect(r.runs).toBe(100);
  });

  it('the reference model gives example P-a and P-b of §5.6, and the shop agrees', () => {
    expect(recipeTimes(orderOf(P_A))).toEqual({ a: 9, b: 13, d: 10 });
    const nominal: PizzaHistory = { orders: [P_A], outages: [], faults: [] };
    const { observed, reason } = evaluate(pizzaLifecycleSpec(), nominal);
    expect(reason).toBeNull();
    const o = observed as { assembled: number[][]; baked: number[][]; delivered: number[][] };
    // the order is placed at +1 s here, so P-a's +9.150 s, +22.300 s and +32.500 s come 1 s later
    expect([o.assembled[0]!.at(-1)! - T0, o.baked[0]!.at(-1)! - T0, o.delivered[0]!.at(-1)! - T0]).toEqual([10_150, 23_300, 33_500]);
    // P-b: delivery out over [0, 60 s): baked first (no row: pending at +60.2 s), then ordered: factor 2, 20 s
    const outage: PizzaHistory = { orders: [P_A], outages: [{ service: 'delivery', fromSec: 0, lenSec: 60 }], faults: [] };
    const b = evaluate(pizzaLifecycleSpec(), outage);
    expect(b.reason).toBeNull();
    const ob = b.observed as { pending: number[][]; delivered: number[][] };
    expect([ob.pending[0]!.at(-1)! - T0, ob.delivered[0]!.at(-1)! - T0]).toEqual([60_200, 80_400]);
  });

  it('faults: reorder puts pizza-ordered before its view insert, late appends it 60 s after the last order, dup twice', () => {
    const h: PizzaHistory = { orders: [P_A, { ...P_A, gapSec: 5 }], outages: [], faults: [{ kind: 'reorder', at: 0 }, { kind: 'late', at: 1 }, { kind: 'dup', at: 1 }] };
    expect(pizzaInputs(h).map((p) => [p.record.topic, p.record.key, p.record.appendAt === undefined ? null : p.record.appendAt - T0, p.fault ?? ''])).toEqual([
      ['pizza-ordered', 'a0000001', null, 'reorder'],
      ['pizza-orders-view', 'a0000001', null, ''],
      ['pizza-orders-view', 'a0000002', null, ''],
      ['pizza-ordered', 'a0000002', 66_000, 'late'],
      ['pizza-ordered', 'a0000002', 66_000, 'dup'],
    ]);
    expect(evaluate(pizzaLifecycleSpec(FAULTS), h).reason).toBeNull();
  });

  it('a broken assemble service (baking_time one short) is caught, shrunk to one order, and its replay file fails the same way', () => {
    const dir = tempDir();
    const r = checkInvariant(broken, { numRuns: 100, seed: 11, replayDir: dir });
    expect(r.passed).toBe(false);
    const f = r.failure!;
    expect(f.history.orders).toHaveLength(1);
    expect(f.history.outages).toEqual([]);
    expect(f.table.rows).toHaveLength(2);
    expect(f.reason).toMatch(/^pizza-assembled \[key, status, baking_time, timestamp, ts\] 1: got \["a0000001",200,\d+,/);
    const again = replay(f.replayPath!);
    expect(again.reproduced && again.sameReason && again.sameObserved).toBe(true);
  });

  it('crash faults are refused', () => {
    expect(() => scenarioInvariants('pizza', ['crash'])).toThrow(/pizza's invariants do not model crash faults/);
  });

  it('streamsim check pizza --runs 20 exits 0 and reports the invariant', async () => {
    const r = await checkCli('pizza', 20, 'late,reorder,dup');
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.lines).toEqual(['check pizza: seed 3, 20 runs per invariant, faults late,reorder,dup', expect.stringMatching(/^ {2}ok {4}pizza-order-lifecycle: 20 runs, faults late,reorder,dup, \d+\.\d\d s$/)]);
    expect(r.replayFiles).toEqual([]);
  });
});
