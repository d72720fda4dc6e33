/**
 * The ABC generator of SCENARIOS.md §5.3: determinism (§0.2), the T0 inserts, per-product Poisson sales, the
 * update 1 ms after each sale with its restock, clicks, merge order (§0.4), faults, and sizeFor.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../../src/scenarios/common/index.js';
import {
  afterSale,
  drawAbcProducts,
  generateAbc,
  SALES_FACTORS,
  type AbcRecord,
} from '../../../../src/scenarios/pizza/abc/generator.js';
import { pizzaAbcScenario } from '../../../../src/scenarios/pizza/abc/scenario.js';
import {
  ClickSchema,
  InventoryEventSchema,
  TransactionEventSchema,
  type Click,
  type InventoryEvent,
  type TransactionEvent,
} from '../../../../src/scenarios/pizza/abc/schemas.js';
import { HOUR, MIN, T0 } from './plain.js';

const of = <V>(records: readonly AbcRecord[], topic: string) => records.filter((r) => r.topic === topic) as unknown as (AbcRecord & { value: V })[];
const inventory = (rs: readonly AbcRecord[]) => of<InventoryEvent>(rs, 'abc.inventory');
const transactions = (rs: readonly AbcRecord[]) => of<TransactionEvent>(rs, 'abc.transactions');
const clicks = (rs: readonly AbcRecord[]) => of<Click>(rs, 'abc.clicks');

describe('§0.2 determinism', () => {
  it('the same options give identical records; another seed gives others', () => {
    const a = generateAbc({ seed: 7, durationMs: 30 * MIN });
    expect(generateAbc({ seed: 7, durationMs: 30 * MIN })).toEqual(a);
    expect(generateAbc({ seed: 8, durationMs: 30 * MIN })).not.toEqual(a);
  });

  it('the same seed gives the same run trace hash', () => {
    const opts = { seed: 3, options: { durationMs: 5 * MIN } };
    expect(runScenario(pizzaAbcScenario, opts).traceHash).toBe(runScenario(pizzaAbcScenario, opts).traceHash);
  });

  it('products follow from the seed alone (drawn first), whatever the duration', () => {
    const docs = (d: number) => inventory(generateAbc({ seed: 5, durationMs: d })).filter((r) => r.value.operationType === 'insert').map((r) => r.value.fullDocument);
    expect(docs(MIN)).toEqual(docs(HOUR));
    expect(docs(MIN)).toEqual(drawAbcProducts(5, 8).map((p) => p.document));
  });
});

describe('§5.3 records', () => {
  const records = generateAbc({ seed: 1 });

  it('every record fits its topic schema, and keys are document ids as strings', () => {
    const bad = records.filter((r) => {
      const schema = r.topic === 'abc.inventory' ? InventoryEventSchema : r.topic === 'abc.transactions' ? TransactionEventSchema : ClickSchema;
      return !schema.safeParse(r.value).success || typeof r.key !== 'string';
    });
    expect(bad).toEqual([]);
    expect(new Set(records.map((r) => r.topic))).toEqual(new Set(['abc.inventory', 'abc.transactions', 'abc.clicks']));
  });

  it('at T0, first, one insert per product 1..8 keyed by its id, with the §5.3 ranges', () => {
    const inserts = records.slice(0, 8);
    expect(inserts.map((r) => [r.topic, r.key, r.timestamp, (r.value as InventoryEvent).operationType])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((p) => ['abc.inventory', String(p), T0, 'insert']),
    );
    for (const { value } of inventory(inserts)) {
      const d = value.fullDocument;
      expect(d.list).toBeGreaterThanOrEqual(10);
      expect(d.list).toBeLessThanOrEqual(500);
      expect(d.discount).toBeGreaterThanOrEqual(0);
      expect(d.discount).toBeLessThanOrEqual(30);
      expect(d.capacity).toBeGreaterThanOrEqual(50);
      expect(d.capacity).toBeLessThanOrEqual(200);
      expect(d.available).toBeGreaterThanOrEqual(Math.round(d.capacity * 0.5));
      expect(d.available).toBeLessThanOrEqual(d.capacity);
      expect(d.txn_hour).toBeGreaterThanOrEqual(4);
      expect(d.txn_hour).toBeLessThanOrEqual(30);
      expect(d.name.length).toBeGreaterThan(0);
    }
    expect(inventory(records.slice(8)).every((r) => r.value.operationType === 'update')).toBe(true);
  });

  it('the restock rule: available − 1, back to capacity when that is below capacity/10', () => {
    const doc = { product_id: 1, name: 'Widget', list: 100, discount: 10, available: 11, capacity: 100, txn_hour: 5 };
    expect(afterSale(doc).available).toBe(10);
    expect(afterSale({ ...doc, available: 10 }).available).toBe(100);
    expect(afterSale({ ...doc, capacity: 55, available: 6 }).available).toBe(55); // 5 < 5.5
  });

  it('1 ms after each transaction, the update of that product with its stock after the sale', () => {
    const stock = new Map(inventory(records.slice(0, 8)).map((r) => [r.value.fullDocument.product_id, r.value.fullDocument]));
    const txns = transactions(records);
    expect(txns.length).toBeGreaterThan(50);
    const updates = inventory(records.slice(8));
    expect(updates).toHaveLength(txns.length);
    // Each product's updates, in order, are the chain of sales from its insert.
    const byProduct = new Map<number, number[]>();
    for (const t of txns) byProduct.set(t.value.fullDocument.prod_id, [...(byProduct.get(t.value.fullDocument.prod_id) ?? []), t.timestamp]);
    for (const [p, times] of byProduct) {
      const ups = updates.filter((u) => u.value.fullDocument.product_id === p);
      expect(ups.map((u) => u.timestamp)).toEqual(times.map((t) => t + 1));
      for (const u of ups) {
        const expected = afterSale(stock.get(p)!);
        expect(u.value.fullDocument).toEqual(expected);
        expect(u.key).toBe(String(p));
        stock.set(p, expected);
      }
    }
  });

  it('transactions: cust_id in 1..500, txn_ts = the record timestamp, within [T0, T0 + durationMs)', () => {
    const bad = transactions(records).filter((t) => {
      const d = t.value.fullDocument;
      return d.txn_ts !== t.timestamp || d.cust_id < 1 || d.cust_id > 500 || t.timestamp < T0 || t.timestamp >= T0 + 2 * HOUR || t.value.operationType !== 'insert';
    });
    expect(bad).toEqual([]);
  });

  it('every transaction has a click by its customer on its product in the 60 s before it', () => {
    const cs = clicks(records);
    const clickless = transactions(records).filter((t) => {
      const d = t.value.fullDocument;
      return !cs.some((c) => c.value.userid === d.cust_id && c.value.prod_id === d.prod_id && c.timestamp <= t.timestamp && c.timestamp >= Math.max(T0, t.timestamp - 60_000));
    });
    expect(clickless).toEqual([]);
  });

  it('clicks: click_ts = the record timestamp; ids 1..8; about 3600 background clicks (expo(2000) over 2 h) plus 1..3 per sale', () => {
    const cs = clicks(records);
    expect(cs.filter((c) => c.value.click_ts !== c.timestamp || c.value.prod_id < 1 || c.value.prod_id > 8)).toEqual([]);
    const n = transactions(records).length;
    expect(cs.length).toBeGreaterThanOrEqual(3600 * 0.9 + n);
    expect(cs.length).toBeLessThanOrEqual(3600 * 1.1 + 3 * n);
  });

  it('§0.4 append order: by timestamp, seq numbering that order; ObjectId keys are unique and time-prefixed', () => {
    expect(records.filter((r, i) => r.seq !== i || (i > 0 && r.timestamp < records[i - 1]!.timestamp))).toEqual([]);
    const keyed = records.filter((r) => r.topic !== 'abc.inventory');
    expect(new Set(keyed.map((r) => r.key)).size).toBe(keyed.length);
    expect(keyed.filter((r) => !/^[0-9a-f]{24}$/.test(r.key) || parseInt(r.key.slice(0, 8), 16) !== Math.floor(r.timestamp / 1000))).toEqual([]);
  });
});

describe('§5.3 rates over a long run', () => {
  it('per product, sales are Poisson at factor·txn_hour per hour (count within 4.5 sd of the mean); clicks per sale average 2', () => {
    const hours = 12;
    const records = generateAbc({ seed: 11, durationMs: hours * HOUR });
    const products = drawAbcProducts(11, 8);
    const txns = transactions(records);
    for (const { document, factor } of products) {
      expect(SALES_FACTORS).toContain(factor);
      const mean = factor * document.txn_hour * hours;
      const n = txns.filter((t) => t.value.fullDocument.prod_id === document.product_id).length;
      expect(Math.abs(n - mean) / Math.sqrt(mean)).toBeLessThan(4.5);
    }
    // Background clicks: Poisson with mean duration/2000; sale clicks: int(1,3) each, mean 2.
    const expectedClicks = (hours * HOUR) / 2000 + 2 * txns.length;
    expect(Math.abs(clicks(records).length - expectedClicks) / Math.sqrt(expectedClicks)).toBeLessThan(5);
  });
});

describe('faults', () => {
  const base = generateAbc({ seed: 2, durationMs: HOUR });

  it('unknownProduct {p: 1}: every transaction is for product 99, with no update; the abc draws are unchanged', () => {
    const faulty = generateAbc({ seed: 2, durationMs: HOUR, faults: { unknownProduct: { p: 1 } } });
    expect(transactions(faulty).every((t) => t.value.fullDocument.prod_id === 99)).toBe(true);
    expect(transactions(faulty).map((t) => [t.key, t.timestamp, t.value.fullDocument.cust_id])).toEqual(
      transactions(base).map((t) => [t.key, t.timestamp, t.value.fullDocument.cust_id]),
    );
    expect(inventory(faulty)).toHaveLength(8);
    const noSeq = (rs: readonly AbcRecord[]) => rs.map((r) => [r.key, r.timestamp, r.value]);
    expect(noSeq(clicks(faulty))).toEqual(noSeq(clicks(base)));
  });

  it('unknownProduct {p: 0.3}: some, not all, transactions are for product 99; known ones still get their update', () => {
    const faulty = generateAbc({ seed: 2, durationMs: HOUR, faults: { unknownProduct: { p: 0.3 } } });
    const unknown = transactions(faulty).filter((t) => t.value.fullDocument.prod_id === 99).length;
    expect(unknown).toBeGreaterThan(0);
    expect(unknown).toBeLessThan(transactions(faulty).length);
    expect(inventory(faulty).length - 8).toBe(transactions(faulty).length - unknown);
  });

  it('common drop {p: 1} on abc.clicks removes every click and nothing else', () => {
    const faulty = generateAbc({ seed: 2, durationMs: HOUR, faults: { drop: { p: 1, topics: ['abc.clicks'] } } });
    expect(clicks(faulty)).toEqual([]);
    expect(faulty.map((r) => r.key)).toEqual(base.filter((r) => r.topic !== 'abc.clicks').map((r) => r.key));
  });

  it('options are checked: products must leave id 99 unknown', () => {
    expect(() => generateAbc({ products: 99 })).toThrow(RangeError);
    expect(pizzaAbcScenario.optionsSchema.safeParse({ products: 98 }).success).toBe(true);
    expect(pizzaAbcScenario.optionsSchema.safeParse({ products: 99 }).success).toBe(false);
    expect(pizzaAbcScenario.optionsSchema.safeParse({ faults: { unknownProduct: { p: 0.1 } } }).success).toBe(true);
  });
});

describe('sizeFor', () => {
  for (const events of [1000, 10_000]) {
    it(`gives ${events} records ± 20% (seeds 1..3)`, () => {
      for (const seed of [1, 2, 3]) {
        const n = generateAbc({ ...pizzaAbcScenario.sizeFor(events), seed }).length;
        expect(Math.abs(n - events) / events).toBeLessThan(0.2);
      }
    });
  }
});
