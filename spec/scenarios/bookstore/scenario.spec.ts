/**
 * The bookstore scenario end to end (SCENARIOS.md §1.3, §1.4): runScenario at the defaults, the SQL outputs checked
 * against a brute-force recomputation from the generated input (invariants 5 and 6), determinism of the trace
 * hash, partition independence of the final per-key results, sizeFor, summary and registration.
 */
import { describe, expect, it } from 'vitest';
import type { BookstoreRecord } from '../../../src/scenarios/bookstore/generator.js';
import { bookstoreScenario } from '../../../src/scenarios/bookstore/scenario.js';
import type { Book, Customer, Interaction, Payment, Purchase } from '../../../src/scenarios/bookstore/schemas.js';
import { runScenario, type ScenarioOutputRecord, type ScenarioRunResult } from '../../../src/scenarios/common/index.js';
import { findScenario, SCENARIOS } from '../../../src/scenarios/registry.js';

const SEED = 5;
const input = bookstoreScenario.generate({ seed: SEED });
const run = runScenario(bookstoreScenario, { seed: SEED });

const values = <V>(topic: string): (BookstoreRecord & { value: V })[] => input.filter((r) => r.topic === topic) as (BookstoreRecord & { value: V })[];
const books = new Map(values<Book>('book').map((r) => [r.value.bookId, r.value]));
const customers = new Map(values<Customer>('customer').map((r) => [r.value.customerId, r.value]));
const views = values<Interaction>('interaction').filter((r) => r.value.event === 'view');
const orders = values<Purchase>('purchase').filter((r) => r.value.packet === null);
const payments = values<Payment>('payment');

function out(result: ScenarioRunResult, topic: string): readonly ScenarioOutputRecord[] {
  return result.outputs.get(topic) ?? [];
}

/** A numeric output field as a number: a JSON sink's BIGINT is the engine's lossless JsonNumber (toNumber()). */
function num(v: unknown): number {
  if (typeof v === 'object' && v !== null && 'toNumber' in v && typeof v.toNumber === 'function') return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

const plainKey = (k: unknown): string => JSON.stringify(k, (_n, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));

/** The last value per key, as {key → field} (a windowed key is `{key, window}`). */
function finals(records: readonly ScenarioOutputRecord[], field: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of records) m.set(plainKey(r.key), num((r.value as Record<string, unknown>)[field]));
  return m;
}

/** Brute force: Σ weight per (group, tumbling window of `size`) over the inputs, keyed like the broker's windowed keys. */
function windowed<T>(items: readonly T[], size: number, group: (t: T) => unknown, ts: (t: T) => number, weight: (t: T) => number = () => 1): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) {
    const g = group(t);
    if (g === null || g === undefined) continue;
    const start = Math.floor(ts(t) / size) * size;
    const key = plainKey({ key: g, window: { start, end: start + size } });
    m.set(key, (m.get(key) ?? 0) + weight(t));
  }
  return m;
}

const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('bookstore end to end at the defaults (§1.3)', () => {
  it('every output topic has records, and nothing was dead-lettered', () => {
    for (const topic of bookstoreScenario.outputTopics) expect(out(run, topic).length, topic).toBeGreaterThan(0);
    expect(run.deadLettered).toBe(0);
    expect(run.inputs).toBe(input.length);
  });

  it('output topics carry the §1.3 names (SQL sinks) and the three DSL outputs', () => {
    expect(bookstoreScenario.outputTopics).toEqual([
      'PAGEVIEWS_CATEGORIES', 'PURCHASE_ENRICHED', 'PURCHASE_COUNT_BY_CITY_PER_30MIN', 'BIG_PURCHASE', 'VIEWS_PER_BOOK',
      'PAYMENT2', 'TOTAL_PAYMENTS_BY_5SEC', 'AVG_PURCHASE_BY_COUNTRY', 'top5-books-by-revenue', 'outstanding-amount', 'shipping-times',
    ]);
  });
});

describe('§1.4 invariant 5: windows (B1, B3, B6) against brute force', () => {
  it('B1 PAGEVIEWS_CATEGORIES: final count per category and 30 s window, one output per accepted view', () => {
    const records = out(run, 'PAGEVIEWS_CATEGORIES');
    const expected = windowed(views, 30_000, (r) => r.value.categories, (r) => r.timestamp);
    expect(sorted(finals(records, 'NUM_VIEWS'))).toEqual(sorted(expected));
    expect(records).toHaveLength(views.filter((r) => r.value.categories !== null).length);
  });

  it('B3 PURCHASE_COUNT_BY_CITY_PER_30MIN: final count per city and 30 min window, one output per order', () => {
    const records = out(run, 'PURCHASE_COUNT_BY_CITY_PER_30MIN');
    const expected = windowed(orders, 1_800_000, (r) => customers.get(r.value.customerId)?.city, (r) => r.timestamp);
    expect(sorted(finals(records, 'PURCHASE_COUNT'))).toEqual(sorted(expected));
    expect(records).toHaveLength(orders.length);
  });

  it('B6 TOTAL_PAYMENTS_BY_5SEC: final Σ amount per 5 s window under DUMMY = 1, one output per payment', () => {
    const records = out(run, 'TOTAL_PAYMENTS_BY_5SEC');
    const expected = windowed(payments, 5000, () => 1, (r) => r.timestamp, (r) => r.value.amount);
    expect(sorted(finals(records, 'TOTAL_AMOUNT'))).toEqual(sorted(expected));
    expect(records).toHaveLength(payments.length);
    expect([...finals(records, 'TOTAL_AMOUNT').values()].reduce((a, b) => a + b, 0)).toBe(payments.reduce((s, r) => s + r.value.amount, 0));
  });
});

describe('§1.4 invariant 6 and B7 against brute force', () => {
  it('B2 PURCHASE_ENRICHED emits exactly one row per order, keyed by customerId, with the customer\'s details', () => {
    const rows = out(run, 'PURCHASE_ENRICHED');
    expect(rows).toHaveLength(orders.length);
    const byId = new Map(rows.map((r) => [(r.value as { PURCHASEID: string }).PURCHASEID, r]));
    expect(byId.size).toBe(orders.length);
    for (const o of orders) {
      const row = byId.get(o.value.purchaseId)!;
      const c = customers.get(o.value.customerId)!;
      expect(Number(row.key)).toBe(o.value.customerId);
      expect(row.timestamp).toBe(o.timestamp);
      expect(row.value).toEqual({ PURCHASEID: o.value.purchaseId, TOTALAMOUNT: o.value.totalAmount, FULL_NAME: `${c.firstname} ${c.lastname}`, EMAIL: c.email, CITY: c.city, COUNTRY: c.country });
    }
  });

  it('B4 BIG_PURCHASE is exactly the orders with totalAmount > 30000, once each', () => {
    const big = out(run, 'BIG_PURCHASE').map((r) => r.key as string).sort();
    expect(big).toEqual(orders.filter((o) => o.value.totalAmount > 30_000).map((o) => o.value.purchaseId).sort());
  });

  it('B5 VIEWS_PER_BOOK: final count per title = views of books with that title; Σ = views of known books', () => {
    const expected = new Map<string, number>();
    for (const v of views) {
      const title = books.get(v.value.id)?.title;
      if (title !== undefined) expected.set(plainKey(title), (expected.get(plainKey(title)) ?? 0) + 1);
    }
    const actual = finals(out(run, 'VIEWS_PER_BOOK'), 'VIEW_COUNT');
    expect(sorted(actual)).toEqual(sorted(expected));
    expect([...actual.values()].reduce((a, b) => a + b, 0)).toBe(views.length);
  });

  it('B7 AVG_PURCHASE_BY_COUNTRY: final count, total and average per country', () => {
    const agg = new Map<string, { n: number; total: number }>();
    for (const o of orders) {
      const country = customers.get(o.value.customerId)!.country;
      const a = agg.get(country) ?? { n: 0, total: 0 };
      agg.set(country, { n: a.n + 1, total: a.total + o.value.totalAmount });
    }
    const last = new Map<string, unknown>();
    for (const r of out(run, 'AVG_PURCHASE_BY_COUNTRY')) last.set(r.key as string, r.value);
    expect(new Set(last.keys())).toEqual(new Set(agg.keys()));
    for (const [country, a] of agg) {
      const v = last.get(country) as { PURCHASE_COUNT: unknown; TOTAL_AMOUNT: unknown; AVG_AMOUNT: number };
      expect([num(v.PURCHASE_COUNT), num(v.TOTAL_AMOUNT)]).toEqual([a.n, a.total]);
      expect(v.AVG_AMOUNT).toBeCloseTo(a.total / a.n, 9);
    }
  });

  it('B9 (nf): after the drain every order is paid, so the last outstanding value is {0, []}', () => {
    const last = out(run, 'outstanding-amount').at(-1)!.value as { amountOutstanding: number; outstandingPaymentPurchases: unknown[] };
    expect(last.amountOutstanding).toBe(0);
    expect(last.outstandingPaymentPurchases).toEqual([]);
  });
});

describe('with the scenario faults on', () => {
  it('unknownBook views are dropped from B5 (Σ VIEW_COUNT = views of known books), unknownCustomer rows have null details', () => {
    const options = { durationMs: 120_000, faults: { unknownBook: { p: 0.3 }, unknownCustomer: { p: 0.3 }, paymentFirst: { p: 0.3 } } };
    const faultyInput = bookstoreScenario.generate({ ...options, seed: 4 });
    const result = runScenario(bookstoreScenario, { seed: 4, options });
    expect(result.deadLettered).toBe(0);
    const known = new Set(faultyInput.filter((r) => r.topic === 'book').map((r) => (r.value as Book).bookId));
    const faultyViews = faultyInput.filter((r) => r.topic === 'interaction' && (r.value as Interaction).event === 'view');
    const knownViews = faultyViews.filter((r) => known.has((r.value as Interaction).id)).length;
    expect(knownViews).toBeLessThan(faultyViews.length);
    const counts = finals(out(result, 'VIEWS_PER_BOOK'), 'VIEW_COUNT');
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(knownViews);
    const unknown = faultyInput.filter((r) => r.topic === 'purchase' && (r.value as Purchase).packet === null && (r.value as Purchase).customerId === 0).length;
    expect(unknown).toBeGreaterThan(0);
    expect(out(result, 'PURCHASE_ENRICHED').filter((r) => (r.value as { CITY: unknown }).CITY === null)).toHaveLength(unknown);
  });
});

describe('determinism (§0.2)', () => {
  const short = { durationMs: 60_000 };
  it('the same seed gives the same trace hash; another seed another', () => {
    const a = runScenario(bookstoreScenario, { seed: 9, options: short });
    const b = runScenario(bookstoreScenario, { seed: 9, options: short });
    const c = runScenario(bookstoreScenario, { seed: 10, options: short });
    expect(b.traceHash).toBe(a.traceHash);
    expect(c.traceHash).not.toBe(a.traceHash);
  });
});

describe('partitions (§0.4): 1 vs 3 give the same final per-key results', () => {
  it('for the non-windowed tables and the final values of the windowed ones and the DSL apps', () => {
    const options = { durationMs: 180_000 };
    const one = runScenario(bookstoreScenario, { seed: 3, options, partitions: 1 });
    const three = runScenario(bookstoreScenario, { seed: 3, options, partitions: 3 });
    const tables: [string, string][] = [
      ['VIEWS_PER_BOOK', 'VIEW_COUNT'], ['AVG_PURCHASE_BY_COUNTRY', 'TOTAL_AMOUNT'], ['AVG_PURCHASE_BY_COUNTRY', 'PURCHASE_COUNT'],
      ['PAGEVIEWS_CATEGORIES', 'NUM_VIEWS'], ['PURCHASE_COUNT_BY_CITY_PER_30MIN', 'PURCHASE_COUNT'], ['TOTAL_PAYMENTS_BY_5SEC', 'TOTAL_AMOUNT'],
    ];
    for (const [topic, field] of tables) expect(sorted(finals(out(three, topic), field)), topic).toEqual(sorted(finals(out(one, topic), field)));
    expect(out(three, 'PURCHASE_ENRICHED')).toHaveLength(out(one, 'PURCHASE_ENRICHED').length);
    for (const topic of ['top5-books-by-revenue', 'outstanding-amount', 'shipping-times']) {
      expect(out(three, topic).at(-1)?.value, topic).toEqual(out(one, topic).at(-1)?.value);
    }
  });
});

describe('sizeFor', () => {
  for (const n of [1000, 10_000, 200]) {
    it(`generate(sizeFor(${n})) gives ${n} records ± 20%`, () => {
      for (const seed of [1, 2]) {
        const count = bookstoreScenario.generate({ ...bookstoreScenario.sizeFor(n), seed }).length;
        expect(count).toBeGreaterThan(0.8 * n);
        expect(count).toBeLessThan(1.2 * n);
      }
    });
  }
});

describe('summary and registration', () => {
  it('one small table per question, at most 10 rows each, with the brute-force counts where they are counts', () => {
    expect(run.summary).toHaveLength(8);
    for (const t of run.summary) {
      expect(t.rows.length).toBeLessThanOrEqual(10);
      for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
    }
    const purchases = run.summary.find((t) => t.title.startsWith('B2/B4'))!;
    expect(purchases.rows[0]).toEqual(['enriched purchases (B2)', orders.length]);
    const top = run.summary.find((t) => t.title.startsWith('B8'))!;
    expect(top.rows.length).toBeGreaterThan(0);
    expect(top.rows.length).toBeLessThanOrEqual(5);
  });

  it('is registered first in SCENARIOS under the name bookstore', () => {
    expect(SCENARIOS[0]).toBe(bookstoreScenario);
    expect(findScenario('bookstore')).toBe(bookstoreScenario);
    expect(bookstoreScenario.optionsSchema.safeParse({ durationMs: 1000 }).success).toBe(true);
  });
});
