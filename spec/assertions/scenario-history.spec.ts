import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  scenarioHistoryArbitrary,
  scenarioHistoryFromJson,
  scenarioHistoryToJson,
  type HistoryGenerator,
  type ScenarioHistory,
} from '../../src/assertions/arbitraries/index.js';
import { bookstoreScenario } from '../../src/scenarios/bookstore/scenario.js';

interface ShopOptions {
  readonly seed: number;
  readonly orders: number;
  readonly customers: number;
}

interface ShopRecord {
  readonly topic: 'customers' | 'orders' | 'payments';
  readonly key: string;
  readonly value: number;
}

/** A tiny deterministic hash, so record i depends only on (seed, i): more orders give a longer prefix-stable list. */
function mix(seed: number, i: number): number {
  let h = (seed * 0x9e3779b1 + i * 0x85ebca77) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** A toy generator: the customers (a table), then per order an order record and, for about a third, its payment. */
const shop: HistoryGenerator<ShopOptions, ShopRecord> & { calls: number } = {
  name: 'toy-shop',
  calls: 0,
  sizeFor: (events) => ({ orders: Math.max(1, Math.round(events / 1.3)) }),
  generate(options) {
    this.calls++;
    const o = { seed: 0, orders: 5, customers: 2, ...options };
    const out: ShopRecord[] = [];
    for (let c = 0; c < o.customers; c++) out.push({ topic: 'customers', key: `c${c}`, value: c });
    for (let i = 0; i < o.orders; i++) {
      const h = mix(o.seed, i);
      out.push({ topic: 'orders', key: `o${i}`, value: h % 100 });
      if (h % 3 === 0) out.push({ topic: 'payments', key: `o${i}`, value: h % 100 });
    }
    return out;
  },
};

const isPayment = (r: ShopRecord) => r.topic === 'payments';

function wholeHistory(h: ScenarioHistory<ShopOptions, ShopRecord>): boolean {
  const all = shop.generate(h.options);
  return h.generated === all.length && h.kept.length === all.length && JSON.stringify(h.records) === JSON.stringify(all);
}

describe('scenarioHistoryArbitrary', () => {
  it('draws the whole generated history first, for constant params exactly generate(options)', () => {
    const arb = scenarioHistoryArbitrary(shop, { seed: 7, events: null, knobs: { orders: 12, customers: 3 } });
    const [first] = fc.sample(arb, { seed: 1, numRuns: 1 });
    expect(first!.options).toEqual({ orders: 12, customers: 3, seed: 7 });
    expect(first!.records).toEqual(shop.generate({ seed: 7, orders: 12, customers: 3 }));
    expect(first!.kept).toEqual(Array.from({ length: first!.generated }, (_, i) => i));
  });

  it('every drawn (unshrunk) value is a whole history of the drawn seed, size and knobs', () => {
    const arb = scenarioHistoryArbitrary(shop, { knobs: { customers: fc.integer({ min: 0, max: 4 }) } });
    const samples = fc.sample(arb, { seed: 3, numRuns: 30 });
    expect(samples.every(wholeHistory)).toBe(true);
    // the default size stays small: sizeFor(1..20) orders
    expect(Math.max(...samples.map((h) => h.options.orders ?? 0))).toBeLessThanOrEqual(15);
    expect(new Set(samples.map((h) => h.options.seed)).size).toBeGreaterThan(1);
  });

  it('"fails if it contains a payment" shrinks to one payment record and the fewest orders that still pay', () => {
    const arb = scenarioHistoryArbitrary(shop, { seed: 11, events: null, knobs: { orders: fc.integer({ min: 1, max: 40 }), customers: fc.integer({ min: 0, max: 5 }) } });
    const result = fc.check(
      fc.property(arb, (h) => !h.records.some(isPayment)),
      { seed: 5, numRuns: 200 },
    );
    expect(result.failed).toBe(true);
    const minimal = result.counterexample![0];
    expect(minimal.records).toHaveLength(1);
    expect(minimal.records[0]!.topic).toBe('payments');
    // brute-force reference: the first order of seed 11 that is paid; fewer orders than that have no payment
    let firstPaid = 0;
    while (mix(11, firstPaid) % 3 !== 0) firstPaid++;
    expect(minimal.options.orders).toBe(firstPaid + 1);
    expect(minimal.options.customers).toBe(0);
    expect(minimal.records[0]!.key).toBe(`o${firstPaid}`);
  });

  it('never drops a record that is not droppable: "fails if not empty" shrinks to the pinned table records', () => {
    const arb = scenarioHistoryArbitrary(shop, { seed: 2, events: null, knobs: { orders: 9, customers: 3 }, droppable: (r) => r.topic !== 'customers' });
    const result = fc.check(
      fc.property(arb, (h) => h.records.length === 0),
      { seed: 1 },
    );
    expect(result.counterexample![0].records).toEqual([0, 1, 2].map((c) => ({ topic: 'customers', key: `c${c}`, value: c })));
  });

  it('keeps the surviving records in generated order while shrinking', () => {
    const arb = scenarioHistoryArbitrary(shop, { seed: 4, events: null, knobs: { orders: 30 } });
    const seen: ScenarioHistory<ShopOptions, ShopRecord>[] = [];
    const result = fc.check(
      fc.property(arb, (h) => {
        seen.push(h);
        return h.records.filter((r) => r.topic === 'orders').length < 3;
      }),
      { seed: 9, numRuns: 1 },
    );
    expect(seen.length).toBeGreaterThan(5);
    for (const h of seen) {
      const all = shop.generate(h.options);
      expect(h.kept.every((i, at) => at === 0 || i > h.kept[at - 1]!)).toBe(true);
      expect(h.records).toEqual(h.kept.map((i) => all[i]));
    }
    // minimal: three orders and nothing else, still in generated order
    const minimal = result.counterexample![0];
    expect(minimal.records.map((r) => r.topic)).toEqual(['orders', 'orders', 'orders']);
  });

  it('round-trips through JSON and refuses a history the generator no longer makes', () => {
    const [h] = fc.sample(scenarioHistoryArbitrary(shop, { seed: 8, events: 10 }), { seed: 1, numRuns: 1 });
    const shrunk = { ...h!, kept: h!.kept.filter((i) => i % 2 === 1), records: h!.records.filter((_, i) => i % 2 === 1) };
    const json = JSON.parse(JSON.stringify(scenarioHistoryToJson(shrunk))) as ReturnType<typeof scenarioHistoryToJson<ShopOptions, ShopRecord>>;
    expect(scenarioHistoryFromJson(shop, json)).toEqual(shrunk);
    expect(() => scenarioHistoryFromJson(shop, { ...json, generated: json.generated + 1 })).toThrow(/now generates/);
    expect(() => scenarioHistoryFromJson(shop, { ...json, kept: [1, 0] })).toThrow(/out of order/);
  });

  it('takes a real scenario: the first bookstore history is bookstoreScenario.generate of its options', () => {
    const [h] = fc.sample(scenarioHistoryArbitrary(bookstoreScenario, { seed: 42, events: 30 }), { seed: 1, numRuns: 1 });
    expect(h!.options).toEqual({ ...bookstoreScenario.sizeFor(30), seed: 42 });
    expect(h!.records).toEqual(bookstoreScenario.generate({ ...bookstoreScenario.sizeFor(30), seed: 42 }));
    expect(h!.records.length).toBeGreaterThan(0);
  });
});
