/**
 * The scenario's own SQL (src/scenarios/bookstore/queries.ts) on the worked examples of SCENARIOS.md §1.5 (B-a,
 * B-b, B-c), run through runScenario with hand-written input. Expected outputs are copied from the examples.
 */
import { describe, expect, it } from 'vitest';
import { BOOKSTORE_STATEMENTS } from '../../../src/scenarios/bookstore/queries.js';
import { bookstoreScenario } from '../../../src/scenarios/bookstore/scenario.js';
import { runScenario, type ScenarioInputRecord } from '../../../src/scenarios/common/index.js';

const T0 = 1_704_067_200_000;

function run(input: ScenarioInputRecord[]) {
  return runScenario(bookstoreScenario, { seed: 1, input });
}

/** Records as [key, [window start, end]?, value, ts], times relative to T0, lossless numbers as plain numbers. */
function rows(result: ReturnType<typeof run>, topic: string): unknown[] {
  return (result.outputs.get(topic) ?? []).map((r) => {
    const plain = JSON.parse(JSON.stringify({ key: r.key, value: r.value }, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as {
      key: unknown;
      value: unknown;
    };
    const k = plain.key as { key?: unknown; window?: { start: number; end: number } } | null;
    if (typeof k === 'object' && k !== null && k.window !== undefined) return [k.key, [k.window.start - T0, k.window.end - T0], plain.value, r.timestamp - T0];
    return [plain.key, plain.value, r.timestamp - T0];
  });
}

describe('queries.ts', () => {
  it('registers the eight sources, then B1..B7 with the §1.3 decisions (packet filters on B2 and B4)', () => {
    expect(BOOKSTORE_STATEMENTS.map((s) => s.question)).toEqual(['register', 'register', 'register', 'register', 'register', 'register', 'register', 'register', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B6', 'B7']);
    const sql = (q: string) => BOOKSTORE_STATEMENTS.filter((s) => s.question === q).map((s) => s.sql).join('\n');
    expect(sql('B2')).toMatch(/WHERE p\.packet IS NULL;$/);
    expect(sql('B4')).toMatch(/WHERE totalAmount>30000 AND packet IS NULL;$/);
  });
});

describe('§1.5 examples through the scenario', () => {
  it('B-a: PAGEVIEWS_CATEGORIES counts views per category per 30 s; a late view within the 24 h grace counts', () => {
    const view = (event: string, categories: string | null) => ({ customerEmail: null, id: 'b1', title: 't', authors: null, categories, price: 100, event });
    const inputs: [number, string, string | null, number?][] = [
      [1000, 'view', 'Fiction'], [2000, 'cart', 'Fiction'], [5000, 'view', 'Fiction'], [29_999, 'view', null],
      [30_000, 'view', 'History'], [31_000, 'view', 'Fiction'], [10_000, 'view', 'Fiction', 40_000],
    ];
    const result = run(inputs.map(([ts, event, cat, at], i) => ({ topic: 'interaction', key: `u${i}`, value: view(event, cat), timestamp: T0 + ts, appendAt: T0 + (at ?? ts) })));
    expect(rows(result, 'PAGEVIEWS_CATEGORIES')).toEqual([
      ['Fiction', [0, 30_000], { NUM_VIEWS: 1 }, 1000],
      ['Fiction', [0, 30_000], { NUM_VIEWS: 2 }, 5000],
      ['History', [30_000, 60_000], { NUM_VIEWS: 1 }, 30_000],
      ['Fiction', [30_000, 60_000], { NUM_VIEWS: 1 }, 31_000],
      ['Fiction', [0, 30_000], { NUM_VIEWS: 3 }, 10_000],
    ]);
  });

  it('B-b: the packet filters keep one row per order in PURCHASE_ENRICHED, B3, BIG_PURCHASE and B7', () => {
    const customer = { customerId: 7, firstname: 'Ana', lastname: 'Roux', email: 'ana@ex.fr', street: 's', number: '1', zip: '14000', city: 'Caen', country: 'FR' };
    const p1 = { purchaseId: 'p1', customerId: 7, bookIds: ['b1', 'b2'], packet: null, totalAmount: 31_500 };
    const p2 = { purchaseId: 'p2', customerId: 99, bookIds: ['b3'], packet: null, totalAmount: 1200 };
    const result = run([
      { topic: 'customer', key: '7', value: customer, timestamp: T0 },
      { topic: 'purchase', key: 'p1', value: p1, timestamp: T0 + 10_000 },
      { topic: 'purchase', key: 'p2', value: p2, timestamp: T0 + 12_000 },
      { topic: 'purchase', key: 'p1', value: { ...p1, packet: 'AB12CD34EF' }, timestamp: T0 + 25_000 },
    ]);
    expect(rows(result, 'PURCHASE_ENRICHED')).toEqual([
      [7, { PURCHASEID: 'p1', TOTALAMOUNT: 31_500, FULL_NAME: 'Ana Roux', EMAIL: 'ana@ex.fr', CITY: 'Caen', COUNTRY: 'FR' }, 10_000],
      [99, { PURCHASEID: 'p2', TOTALAMOUNT: 1200, FULL_NAME: null, EMAIL: null, CITY: null, COUNTRY: null }, 12_000],
    ]);
    expect(rows(result, 'PURCHASE_COUNT_BY_CITY_PER_30MIN')).toEqual([['Caen', [0, 1_800_000], { PURCHASE_COUNT: 1 }, 10_000]]);
    expect(rows(result, 'BIG_PURCHASE')).toEqual([['p1', { PURCHASEID: 'p1', CUSTOMERID: 7, BOOKIDS: ['b1', 'b2'], PACKET: null, TOTALAMOUNT: 31_500 }, 10_000]]);
    expect(rows(result, 'AVG_PURCHASE_BY_COUNTRY')).toEqual([['FR', { PURCHASE_COUNT: 1, TOTAL_AMOUNT: 31_500, AVG_AMOUNT: 31_500 }, 10_000]]);
  });

  it('B-c: TOTAL_PAYMENTS_BY_5SEC sums payments per 5 s under DUMMY = 1, a late payment included', () => {
    const payments: [number, number, number?][] = [[1000, 1000], [4999, 2500], [5000, 700], [3000, 300, 6000]];
    const result = run(
      payments.map(([ts, amount, at], i) => ({
        topic: 'payment',
        key: `t${i}`,
        value: { transactionId: `t${i}`, referenceNumber: 'p', timestamp: T0 + ts, amount },
        timestamp: T0 + ts,
        appendAt: T0 + (at ?? ts),
      })),
    );
    expect(rows(result, 'TOTAL_PAYMENTS_BY_5SEC')).toEqual([
      [1, [0, 5000], { TOTAL_AMOUNT: 1000 }, 1000],
      [1, [0, 5000], { TOTAL_AMOUNT: 3500 }, 4999],
      [1, [5000, 10_000], { TOTAL_AMOUNT: 700 }, 5000],
      [1, [0, 5000], { TOTAL_AMOUNT: 3800 }, 4999],
    ]);
  });
});
