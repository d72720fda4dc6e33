/**
 * SCENARIOS.md §5.6 example P-d and its three variants, run through the pizza-abc scenario's own statements
 * (runScenario with `input`). Expected outputs are written by hand from §5.4 and §5.6.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioInputRecord } from '../../../../src/scenarios/common/index.js';
import { pizzaAbcScenario } from '../../../../src/scenarios/pizza/abc/scenario.js';
import { HOUR, MIN, row, T0 } from './plain.js';

const WIDGET = { product_id: 1, name: 'Widget', list: 100, discount: 10, available: 90, capacity: 100, txn_hour: 5 };

function insert(doc: typeof WIDGET): ScenarioInputRecord {
  return { topic: 'abc.inventory', key: String(doc.product_id), value: { operationType: 'insert', fullDocument: doc }, timestamp: T0 };
}

function txn(id: string, prodId: number, at: number, custId = 7): ScenarioInputRecord {
  return { topic: 'abc.transactions', key: id, value: { fullDocument: { cust_id: custId, prod_id: prodId, txn_ts: T0 + at } }, timestamp: T0 + at };
}

function run(input: ScenarioInputRecord[]) {
  const result = runScenario(pizzaAbcScenario, { input });
  const rows = (topic: string) => (result.outputs.get(topic) ?? []).map(row);
  return { result, inventory: rows('INVENTORY'), perHour: rows('PRODUCT_TXN_PER_HOUR'), promotions: rows('ABC_PROMOTIONS') };
}

/** The 12 hopping windows (size 1 h, advance 5 min) holding a record at +10 min: starts −45 min … +10 min. */
const STARTS_AT_10 = [-45, -40, -35, -30, -25, -20, -15, -10, -5, 0, 5, 10].map((m) => m * MIN);
const KEY = { PROD_ID: 1, PRODUCT_NAME: 'Widget' };

describe('P-d (SCENARIOS.md §5.6): one product, one transaction', () => {
  const { result, inventory, perHour, promotions } = run([insert(WIDGET), txn('t1', 1, 10 * MIN)]);

  it('P4 INVENTORY: 1 {Widget, 100, 10, 90, 100, 5} @T0', () => {
    expect(inventory).toEqual([[1, { NAME: 'Widget', LIST_PRICE: 100, DISCOUNT: 10, AVAILABLE: 90, CAPACITY: 100, TXN_HOUR: 5 }, 0]]);
  });

  it('P5 PRODUCT_TXN_PER_HOUR: 12 records @+10min in ascending window start, each {1, 5, 90.0}', () => {
    expect(perHour).toEqual(STARTS_AT_10.map((s) => [KEY, [s, s + HOUR], { TXN_PER_HOUR: 1, EXPECTED_TXN_PER_HOUR: 5, STOCK_LEVEL: 90 }, 10 * MIN]));
  });

  it('P7 ABC_PROMOTIONS: 12 records with TS in Europe/London (UTC+0 in January)', () => {
    const promo = { TS: '2024-01-01 00:10:00', PROD_ID: 1, PRODUCT_NAME: 'Widget', STOCK_LEVEL: 90, TXN_PER_HOUR: 1, EXPECTED_TXN_PER_HOUR: 5 };
    expect(promotions.map((r) => r.slice(-2))).toEqual(STARTS_AT_10.map(() => [promo, 10 * MIN]));
  });

  it('P7 keeps the P6 ROWKEY: the {PROD_ID, PRODUCT_NAME} struct', () => {
    expect(promotions.map((r) => r[0])).toEqual(STARTS_AT_10.map(() => KEY));
  });

  it('nothing is dead-lettered or dropped', () => {
    expect([result.deadLettered, result.dropped]).toEqual([0, 0]);
  });
});

describe('P-d variants (SCENARIOS.md §5.6)', () => {
  it('a transaction for prod_id 99 gives no output (null PRODUCT_NAME: the grouping drops it, §5.4 P5)', () => {
    const { result, inventory, perHour, promotions } = run([insert(WIDGET), txn('t1', 99, 10 * MIN)]);
    expect(inventory).toHaveLength(1);
    expect(perHour).toEqual([]);
    expect(promotions).toEqual([]);
    expect(result.dropped).toBeGreaterThan(0);
  });

  it('with available:80, STOCK_LEVEL is 80.0, not > 80, so no promotions', () => {
    const { perHour, promotions } = run([insert({ ...WIDGET, available: 80 }), txn('t1', 1, 10 * MIN)]);
    expect(perHour.map((r) => r[2])).toEqual(STARTS_AT_10.map(() => ({ TXN_PER_HOUR: 1, EXPECTED_TXN_PER_HOUR: 5, STOCK_LEVEL: 80 })));
    expect(promotions).toEqual([]);
  });

  it("a window's 5th transaction has TXN_PER_HOUR 5, not < 5, so that window is no longer promoted", () => {
    // Transactions at +10, +11, +12, +13 and +16 min. The 5th lands in the windows starting −40 … +15 min:
    // the eleven from −40 to +10 now hold 5 transactions; the one from +15 holds only this one.
    const at = [10, 11, 12, 13, 16].map((m) => m * MIN);
    const { perHour, promotions } = run([insert(WIDGET), ...at.map((t, i) => txn(`t${i + 1}`, 1, t))]);
    expect(perHour).toHaveLength(60);
    const fifth = perHour.slice(48);
    const fifthStarts = [-40, -35, -30, -25, -20, -15, -10, -5, 0, 5, 10, 15].map((m) => m * MIN);
    expect(fifth.map((r) => [r[1], (r[2] as { TXN_PER_HOUR: number }).TXN_PER_HOUR])).toEqual(
      fifthStarts.map((s) => [[s, s + HOUR], s === 15 * MIN ? 1 : 5]),
    );
    // 12 promotions for each of the first four transactions (counts 1..4 < 5), then one for the +15 min window.
    expect(promotions).toHaveLength(49);
    expect(promotions.map((r) => (r[2] as { TXN_PER_HOUR: number }).TXN_PER_HOUR)).toEqual([
      ...Array<number>(12).fill(1),
      ...Array<number>(12).fill(2),
      ...Array<number>(12).fill(3),
      ...Array<number>(12).fill(4),
      1,
    ]);
    expect(promotions[48]!.slice(1)).toEqual([
      [15 * MIN, 15 * MIN + HOUR],
      { TS: '2024-01-01 00:16:00', PROD_ID: 1, PRODUCT_NAME: 'Widget', STOCK_LEVEL: 90, TXN_PER_HOUR: 1, EXPECTED_TXN_PER_HOUR: 5 },
      16 * MIN,
    ]);
  });
});

describe('§5.4 P5: the maxima are over the rows joined in that window', () => {
  it('STOCK_LEVEL is the window\'s highest stock, not the current one; LATEST_BY_OFFSET follows the updates (P4)', () => {
    const update = (available: number, at: number): ScenarioInputRecord => ({
      topic: 'abc.inventory',
      key: '1',
      value: { operationType: 'update', fullDocument: { ...WIDGET, available } },
      timestamp: T0 + at,
    });
    const { inventory, perHour } = run([insert(WIDGET), txn('t1', 1, 10 * MIN), update(40, 10 * MIN + 1), txn('t2', 1, 12 * MIN)]);
    expect(inventory.map((r) => [r[0], (r[1] as { AVAILABLE: number }).AVAILABLE, r[2]])).toEqual([
      [1, 90, 0],
      [1, 40, 10 * MIN + 1],
    ]);
    // t2 joins AVAILABLE 40, but each window that also holds t1 keeps max(AVAILABLE) = 90.
    expect(perHour.slice(12).map((r) => (r[2] as { STOCK_LEVEL: number }).STOCK_LEVEL)).toEqual(Array<number>(12).fill(90));
  });

  it('§5.4 P7: London is UTC+1 in summer', () => {
    const july = Date.UTC(2024, 6, 1) - T0;
    const { promotions } = run([insert(WIDGET), txn('t1', 1, july)]);
    expect((promotions[0]![2] as { TS: string }).TS).toBe('2024-07-01 01:00:00');
  });
});
