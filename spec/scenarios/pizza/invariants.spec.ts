import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T0, type ScenarioOutputRecord } from '../../../src/scenarios/common/index.js';
import { generatePizza } from '../../../src/scenarios/pizza/generator.js';
import { PIZZA_SERVICES, type PizzaOptions, type PizzaOutage } from '../../../src/scenarios/pizza/options.js';
import type { Ordered } from '../../../src/scenarios/pizza/schemas.js';
import { assembleSeconds, bakeSeconds, deliverySeconds, recipeSeed, recipeString } from '../../../src/scenarios/pizza/timings.js';
import { records, runShop, valueField } from './helpers.js';

const seedArb = fc.integer({ min: 0, max: 1_000_000 });
const durationArb = fc.integer({ min: 30_000, max: 300_000 });
const outageArb: fc.Arbitrary<PizzaOutage> = fc
  .record({ service: fc.constantFrom(...PIZZA_SERVICES), from: fc.integer({ min: 0, max: 300_000 }), length: fc.integer({ min: 1, max: 150_000 }) })
  .map(({ service, from, length }) => ({ service, from, to: from + length }));
const outagesArb = fc.array(outageArb, { minLength: 1, maxLength: 3 });
const RUNS = { numRuns: 12 };

function ordersOf(options: Partial<PizzaOptions>): Map<string, Ordered> {
  const out = new Map<string, Ordered>();
  for (const r of generatePizza(options)) if (r.topic === 'pizza-ordered') out.set(r.key, r.value as Ordered);
  return out;
}

function byKey(rs: readonly ScenarioOutputRecord[]): Map<string, ScenarioOutputRecord[]> {
  const m = new Map<string, ScenarioOutputRecord[]>();
  for (const r of rs) m.set(String(r.key), [...(m.get(String(r.key)) ?? []), r]);
  return m;
}

function seedOf(o: Ordered): number {
  return recipeSeed(recipeString(o.order.sauce, o.order.cheese, o.order.extra_toppings, o.order.main_topping));
}

describe('pizza §5.5 invariants (properties)', () => {
  it('1 (nf): one record per order on each service topic, none pending; timings follow A, B, D, exactly when nothing is queued', () => {
    fc.assert(
      fc.property(seedArb, durationArb, (seed, durationMs) => {
        const options = { seed, durationMs };
        const run = runShop(options);
        const orders = ordersOf(options);
        const assembled = byKey(records(run, 'pizza-assembled'));
        const baked = byKey(records(run, 'pizza-baked'));
        const delivered = byKey(records(run, 'pizza-delivered'));
        expect(records(run, 'pizza-pending')).toEqual([]);
        for (const [id, o] of orders) {
          expect(assembled.get(id)).toHaveLength(1);
          expect(baked.get(id)).toHaveLength(1);
          expect(delivered.get(id)).toHaveLength(1);
          const s = seedOf(o);
          const A = assembleSeconds(s);
          const D = deliverySeconds(o.order.customer_id!);
          expect(A).toBeGreaterThanOrEqual(4);
          expect(A).toBeLessThanOrEqual(11);
          expect(D).toBeGreaterThanOrEqual(5);
          expect(D).toBeLessThanOrEqual(14);
          const a = assembled.get(id)![0]!;
          expect(valueField(a, 'baking_time')).toBe(A + 4);
          expect(a.timestamp - o.timestamp).toBeGreaterThanOrEqual(150 + 1000 * A);
          expect(baked.get(id)![0]!.timestamp - a.timestamp).toBeGreaterThanOrEqual(150 + 1000 * (A + 4));
          expect(delivered.get(id)![0]!.timestamp - baked.get(id)![0]!.timestamp).toBeGreaterThanOrEqual(200 + 1000 * D);
        }
        // single FIFO servers: each ends at max(arrival, previous end) + its handling time (Lindley), so with
        // nothing queued the difference is exact
        let free = Number.NEGATIVE_INFINITY;
        for (const [id, o] of orders) {
          const expected = Math.max(o.timestamp, free) + 150 + 1000 * assembleSeconds(seedOf(o));
          expect(assembled.get(id)![0]!.timestamp).toBe(expected);
          free = expected;
        }
        free = Number.NEGATIVE_INFINITY;
        for (const a of records(run, 'pizza-assembled')) {
          const expected = Math.max(a.timestamp, free) + 150 + 1000 * bakeSeconds(seedOf(orders.get(String(a.key))!));
          expect(baked.get(String(a.key))![0]!.timestamp).toBe(expected);
          free = expected;
        }
        expect(records(run, 'pizza-baked').map((r) => r.key)).toEqual(records(run, 'pizza-assembled').map((r) => r.key));
      }),
      RUNS,
    );
  });

  it('2: pizza-status is the multiset union of (key, status, timestamp) over the five source topics (any outage, statusReorder)', () => {
    fc.assert(
      fc.property(
        seedArb,
        durationArb,
        fc.option(outagesArb, { nil: undefined }),
        fc.option(fc.record({ p: fc.double({ min: 0, max: 1, noNaN: true }), maxMs: fc.integer({ min: 1, max: 60_000 }) }), { nil: undefined }),
        (seed, durationMs, outage, statusReorder) => {
          const options: Partial<PizzaOptions> = {
            seed,
            durationMs,
            faults: { ...(outage === undefined ? {} : { outage }), ...(statusReorder === undefined ? {} : { statusReorder }) },
          };
          const run = runShop(options);
          const expected: string[] = [];
          for (const [id, o] of ordersOf(options)) expected.push(`${id} ${o.status} ${o.timestamp}`);
          for (const topic of ['pizza-pending', 'pizza-assembled', 'pizza-baked', 'pizza-delivered']) {
            for (const r of records(run, topic)) expected.push(`${String(r.key)} ${String(valueField(r, 'status'))} ${String(valueField(r, 'timestamp'))}`);
          }
          const status = records(run, 'pizza-status');
          for (const r of status) expect(valueField(r, 'TIMESTAMP')).toBe(r.timestamp);
          const actual = status.map((r) => `${String(r.key)} ${String(valueField(r, 'STATUS'))} ${String(valueField(r, 'TIMESTAMP'))}`);
          expect(actual.sort()).toEqual(expected.sort());
        },
      ),
      RUNS,
    );
  });

  it('3: no service handles two records at once, none starts inside its outage, and each goes in arrival order except delivery draining', () => {
    fc.assert(
      fc.property(seedArb, durationArb, fc.option(outagesArb, { nil: undefined }), (seed, durationMs, outage) => {
        const run = runShop({ seed, durationMs, ...(outage === undefined ? {} : { faults: { outage } }) });
        for (const service of PIZZA_SERVICES) {
          const handled = run.shop.journal.filter((e) => e.service === service);
          const stops = (outage ?? []).filter((o) => o.service === service);
          for (let i = 0; i < handled.length; i++) {
            const e = handled[i]!;
            expect(e.start).toBeGreaterThanOrEqual(e.arrivedAt);
            if (i > 0) expect(e.start).toBeGreaterThanOrEqual(handled[i - 1]!.end);
            for (const o of stops) expect(e.start >= T0 + o.from && e.start < T0 + o.to).toBe(false);
          }
          const inDrainOrder = service === 'delivery' && stops.length > 0;
          if (!inDrainOrder) {
            const seqs = handled.map((e) => e.arrivalSeq);
            expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
          }
        }
      }),
      RUNS,
    );
  });

  it('4: the CQRS view per order (outages only): 100..999 never decrease, 999 last; 50 only at a tick > 45 s after the last upsert; 150 only on the pending path, then 999', () => {
    fc.assert(
      fc.property(seedArb, durationArb, fc.option(outagesArb, { nil: undefined }), (seed, durationMs, outage) => {
        const run = runShop({ seed, durationMs, ...(outage === undefined ? {} : { faults: { outage } }) });
        const pending = new Set(records(run, 'pizza-pending').map((r) => String(r.key)));
        for (const [id, writes] of byKey(records(run, 'pizza-orders-view'))) {
          const statuses = writes.map((w) => valueField(w, 'status') as number);
          const main = statuses.filter((s) => [100, 200, 300, 999].includes(s));
          expect([...main].sort((a, b) => a - b)).toEqual(main);
          expect(statuses.at(-1)).toBe(999);
          expect(statuses.indexOf(999)).toBe(statuses.length - 1);
          let lastUpsert = Number.NEGATIVE_INFINITY;
          writes.forEach((w, i) => {
            if (statuses[i] === 50) {
              expect((w.timestamp - T0) % 15_000).toBe(0);
              expect(w.timestamp - lastUpsert).toBeGreaterThan(45_000);
            } else lastUpsert = w.timestamp;
            if (statuses[i] === 150) {
              expect(pending.has(id)).toBe(true);
              expect(statuses.slice(i + 1)).toContain(999);
            }
          });
        }
      }),
      RUNS,
    );
  });

  it('5 (nf): after the drain every order is delivered (view status 999), with partitions 1 or 6', () => {
    fc.assert(
      fc.property(seedArb, durationArb, fc.constantFrom(1, 6), (seed, durationMs, partitions) => {
        const options = { seed, durationMs };
        const run = runShop(options, undefined, partitions);
        const final = new Map<string, unknown>();
        for (const r of records(run, 'pizza-orders-view')) final.set(String(r.key), valueField(r, 'status'));
        const orders = ordersOf(options);
        expect([...final.keys()].sort()).toEqual([...orders.keys()].sort());
        for (const s of final.values()) expect(s).toBe(999);
      }),
      { numRuns: 8 },
    );
  });
});
