/**
 * SCENARIOS.md §5.5 invariant 6 (ABC), as properties checked against a brute-force reference written here:
 * per (product, window) the final TXN_PER_HOUR counts the known-product transactions in [start, start + 1 h);
 * P5 emits 12 records per known-product transaction; P7 ⊆ the P6 rows that satisfy the predicate; and
 * 0 ≤ STOCK_LEVEL ≤ 100. The reference also recomputes the window maxima of §5.4 P5 (joined rows only).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioInputRecord, type ScenarioOutputRecord } from '../../../../src/scenarios/common/index.js';
import { generateAbc } from '../../../../src/scenarios/pizza/abc/generator.js';
import { pizzaAbcScenario } from '../../../../src/scenarios/pizza/abc/scenario.js';
import type { InventoryDocument, InventoryEvent, TransactionEvent } from '../../../../src/scenarios/pizza/abc/schemas.js';
import { HOUR, MIN, plain, T0 } from './plain.js';

const ADVANCE = 5 * MIN;

interface WindowTotals {
  count: number;
  maxAvailable: number;
  maxCapacity: number;
  maxTxnHour: number;
}

/**
 * The reference: replays the input in append order, keeping each product's latest inventory document (a
 * transaction joins what is there when it arrives), and adds each known-product transaction to the 12 windows
 * [s, s + 1 h) with s a multiple of 5 min and s ≤ ts < s + 1 h. Key: `${product}|${name}|${start}`.
 */
function reference(input: readonly ScenarioInputRecord[]): { windows: Map<string, WindowTotals>; known: number } {
  const stock = new Map<number, InventoryDocument>();
  const windows = new Map<string, WindowTotals>();
  let known = 0;
  for (const r of input) {
    if (r.topic === 'abc.inventory') {
      const doc = (r.value as InventoryEvent).fullDocument;
      stock.set(doc.product_id, doc);
    } else if (r.topic === 'abc.transactions') {
      const { prod_id: p } = (r.value as TransactionEvent).fullDocument;
      const doc = stock.get(p);
      if (doc === undefined) continue;
      known++;
      for (let s = Math.floor(r.timestamp / ADVANCE) * ADVANCE; s > r.timestamp - HOUR; s -= ADVANCE) {
        const k = `${p}|${doc.name}|${s}`;
        const w = windows.get(k) ?? { count: 0, maxAvailable: -Infinity, maxCapacity: -Infinity, maxTxnHour: -Infinity };
        windows.set(k, {
          count: w.count + 1,
          maxAvailable: Math.max(w.maxAvailable, doc.available),
          maxCapacity: Math.max(w.maxCapacity, doc.capacity),
          maxTxnHour: Math.max(w.maxTxnHour, doc.txn_hour),
        });
      }
    }
  }
  return { windows, known };
}

interface P5Row {
  readonly id: string;
  readonly txn: number;
  readonly expected: number;
  readonly stock: number;
}

function p5Row(r: ScenarioOutputRecord): P5Row {
  const { key, window } = r.key as { key: { PROD_ID: number; PRODUCT_NAME: string }; window: { start: number } };
  const v = plain(r.value) as { TXN_PER_HOUR: number; EXPECTED_TXN_PER_HOUR: number; STOCK_LEVEL: number };
  return { id: `${key.PROD_ID}|${key.PRODUCT_NAME}|${window.start}`, txn: v.TXN_PER_HOUR, expected: v.EXPECTED_TXN_PER_HOUR, stock: v.STOCK_LEVEL };
}

function p7Row(r: ScenarioOutputRecord): P5Row {
  const { window } = r.key as { window: { start: number } };
  const v = plain(r.value) as { PROD_ID: number; PRODUCT_NAME: string; TXN_PER_HOUR: number; EXPECTED_TXN_PER_HOUR: number; STOCK_LEVEL: number };
  return { id: `${v.PROD_ID}|${v.PRODUCT_NAME}|${window.start}`, txn: v.TXN_PER_HOUR, expected: v.EXPECTED_TXN_PER_HOUR, stock: v.STOCK_LEVEL };
}

/** Runs the scenario on `input` and checks invariant 6 against the reference. */
function checkInvariant6(input: readonly ScenarioInputRecord[]): void {
  const result = runScenario(pizzaAbcScenario, { input });
  const p5 = (result.outputs.get('PRODUCT_TXN_PER_HOUR') ?? []).map(p5Row);
  const p7 = (result.outputs.get('ABC_PROMOTIONS') ?? []).map(p7Row);
  const ref = reference(input);

  // P5 emits 12 × the known-product transactions.
  expect(p5).toHaveLength(12 * ref.known);

  // Per (product, window), the final row: the count, and the maxima over the joined rows.
  const finals = new Map(p5.map((r) => [r.id, r]));
  expect([...finals.keys()].sort()).toEqual([...ref.windows.keys()].sort());
  for (const [id, w] of ref.windows) {
    const f = finals.get(id)!;
    expect([id, f.txn, f.expected]).toEqual([id, w.count, w.maxTxnHour]);
    expect(f.stock).toBeCloseTo((w.maxAvailable / w.maxCapacity) * 100, 9);
  }

  // 0 ≤ STOCK_LEVEL ≤ 100 on every row.
  expect(p5.filter((r) => !(r.stock >= 0 && r.stock <= 100))).toEqual([]);

  // P7 ⊆ the P6 rows (= the P5 records) that satisfy TXN_PER_HOUR < EXPECTED AND STOCK_LEVEL > 80, in order.
  const satisfying = p5.filter((r) => r.txn < r.expected && r.stock > 80);
  let i = 0;
  for (const promo of p7) {
    while (i < satisfying.length && JSON.stringify(satisfying[i]) !== JSON.stringify(promo)) i++;
    expect(i, `promotion ${JSON.stringify(promo)} is not a satisfying P6 row`).toBeLessThan(satisfying.length);
    i++;
  }
  // With one partition and no faults nothing is lost on the way, so the subset is the whole set.
  expect(p7).toHaveLength(satisfying.length);
}

const product = fc.record({ capacity: fc.integer({ min: 1, max: 200 }), fill: fc.double({ min: 0, max: 1, noNaN: true }), txnHour: fc.integer({ min: 1, max: 8 }) });
const event = fc.record({
  kind: fc.constantFrom('txn', 'txn', 'txn', 'update'),
  product: fc.integer({ min: 1, max: 4 }), // 4 means "99, unknown" for transactions and is skipped for updates
  at: fc.integer({ min: 0, max: 3 * HOUR }),
  fill: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** Inserts at T0, then the events in the drawn order (timestamps need not increase: all within the 24 h grace). */
function toInput(products: { capacity: number; fill: number; txnHour: number }[], events: { kind: string; product: number; at: number; fill: number }[]): ScenarioInputRecord[] {
  const docs = products.map((p, i): InventoryDocument => ({
    product_id: i + 1,
    name: `Product ${i + 1}`,
    list: 100,
    discount: 0,
    available: Math.round(p.capacity * p.fill),
    capacity: p.capacity,
    txn_hour: p.txnHour,
  }));
  const input: ScenarioInputRecord[] = docs.map((d) => ({ topic: 'abc.inventory', key: String(d.product_id), value: { operationType: 'insert', fullDocument: d }, timestamp: T0 }));
  events.forEach((e, n) => {
    const doc = docs[e.product - 1];
    if (e.kind === 'update') {
      if (doc === undefined) return;
      const updated = { ...doc, available: Math.round(doc.capacity * e.fill) };
      input.push({ topic: 'abc.inventory', key: String(doc.product_id), value: { operationType: 'update', fullDocument: updated }, timestamp: T0 + e.at });
    } else {
      const prodId = doc === undefined ? 99 : doc.product_id;
      input.push({ topic: 'abc.transactions', key: `t${n}`, value: { fullDocument: { cust_id: 1, prod_id: prodId, txn_ts: T0 + e.at } }, timestamp: T0 + e.at });
    }
  });
  return input;
}

describe('§5.5 invariant 6 (ABC)', () => {
  it('holds on random inventories, updates and transactions (known and unknown products)', () => {
    fc.assert(
      fc.property(fc.array(product, { minLength: 1, maxLength: 3 }), fc.array(event, { minLength: 1, maxLength: 20 }), (products, events) => {
        checkInvariant6(toInput(products, events));
      }),
      { numRuns: 20 },
    );
  });

  it('holds on the generator\'s own records, with unknown-product transactions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        const records = generateAbc({ seed, products: 2, durationMs: 45 * MIN, faults: { unknownProduct: { p: 0.2 }, drop: { p: 1, topics: ['abc.clicks'] } } });
        checkInvariant6(records);
      }),
      { numRuns: 3 },
    );
  });

  it('the reference itself: a transaction at +10 min counts in the 12 windows from −45 min (P-d)', () => {
    const input = toInput([{ capacity: 100, fill: 0.9, txnHour: 5 }], [{ kind: 'txn', product: 1, at: 10 * MIN, fill: 0 }]);
    const starts = [...reference(input).windows.keys()].map((k) => (Number(k.split('|')[2]) - T0) / MIN);
    expect(starts.sort((a, b) => a - b)).toEqual([-45, -40, -35, -30, -25, -20, -15, -10, -5, 0, 5, 10]);
  });
});
