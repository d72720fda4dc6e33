/**
 * The pizza-abc scenario object: registration, topics, and the summary of §5.4 P4, P5 and P7 on example P-d
 * (expected tables written by hand from SCENARIOS.md §5.6).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../../src/scenarios/common/index.js';
import { pizzaAbcScenario } from '../../../../src/scenarios/pizza/abc/scenario.js';
import { findScenario, SCENARIOS } from '../../../../src/scenarios/registry.js';
import { MIN, plain, T0 } from './plain.js';

describe('pizza-abc scenario', () => {
  it('is registered as its own scenario, after pizza when that is registered', () => {
    expect(findScenario('pizza-abc')).toBe(pizzaAbcScenario);
    const names = SCENARIOS.map((s) => s.name);
    if (names.includes('pizza')) expect(names.indexOf('pizza')).toBeLessThan(names.indexOf('pizza-abc'));
  });

  it('§5.3 topics: the three abc streams in; INVENTORY, PRODUCT_TXN_PER_HOUR, ABC_PROMOTIONS out', () => {
    expect(pizzaAbcScenario.inputTopics.map((t) => [t.name, t.kind])).toEqual([
      ['abc.inventory', 'stream'],
      ['abc.transactions', 'stream'],
      ['abc.clicks', 'stream'],
    ]);
    expect(pizzaAbcScenario.outputTopics).toEqual(['INVENTORY', 'PRODUCT_TXN_PER_HOUR', 'ABC_PROMOTIONS']);
    expect(pizzaAbcScenario.defaults).toMatchObject({ products: 8, durationMs: 7_200_000, startTime: T0 });
  });

  it('a record that fails its schema is dead-lettered, not processed', () => {
    const result = runScenario(pizzaAbcScenario, {
      input: [{ topic: 'abc.transactions', key: 'x', value: { fullDocument: { cust_id: 'seven', prod_id: 1, txn_ts: T0 } }, timestamp: T0 }],
    });
    expect(result.deadLettered).toBe(1);
    expect(result.outputs.get('abc.transactions-dlq')).toHaveLength(1);
  });

  it('§0.4 partitions: with 3 partitions per input topic, the final P4 and P5 rows equal the 1-partition run', () => {
    const finals = (partitions: number) => {
      const result = runScenario(pizzaAbcScenario, { seed: 4, partitions, options: { durationMs: 15 * MIN } });
      const last = (topic: string) => {
        const byKey = new Map<string, unknown>();
        for (const r of result.outputs.get(topic) ?? []) byKey.set(JSON.stringify(r.key), plain(r.value));
        return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b));
      };
      return [last('INVENTORY'), last('PRODUCT_TXN_PER_HOUR')];
    };
    const one = finals(1);
    expect(one[1]!.length).toBeGreaterThan(0);
    expect(finals(3)).toEqual(one);
  });

  it('summarizes P-d: inventory now, the busiest windows, promotions per product', () => {
    const doc = { product_id: 1, name: 'Widget', list: 100, discount: 10, available: 90, capacity: 100, txn_hour: 5 };
    const result = runScenario(pizzaAbcScenario, {
      input: [
        { topic: 'abc.inventory', key: '1', value: { operationType: 'insert', fullDocument: doc }, timestamp: T0 },
        { topic: 'abc.transactions', key: 't1', value: { fullDocument: { cust_id: 7, prod_id: 1, txn_ts: T0 + 10 * MIN } }, timestamp: T0 + 10 * MIN },
      ],
    });
    const [inventory, busiest, promotions] = result.summary;
    expect(inventory!.rows).toEqual([[1, 'Widget', 90, 100, 90, 5]]);
    // All 12 windows hold one transaction: ties go by window start, so the first is 23:15–00:15 (−45 min).
    expect(busiest!.rows).toHaveLength(10);
    expect(busiest!.rows[0]).toEqual(['23:15-00:15', 1, 'Widget', 1, 5, 90]);
    expect(promotions!.rows).toEqual([[1, 'Widget', 12, '2024-01-01 00:10:00']]);
  });
});
