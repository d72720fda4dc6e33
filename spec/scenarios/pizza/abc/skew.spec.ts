/**
 * The `skew` knob (issue 4: size, skew and faults knobs, off by default). At skew 0 the generator is unchanged; at
 * skew s a background click goes to product p with Zipf weight 1/p^s (the sales processes are not skewed).
 */
import { describe, expect, it } from 'vitest';
import { AbcOptionsSchema, generateAbc, type AbcRecord } from '../../../../src/scenarios/pizza/abc/generator.js';
import type { Click } from '../../../../src/scenarios/pizza/abc/schemas.js';
import { top } from '../../top-key-share.js';

const clickedProducts = (records: readonly AbcRecord[]): string[] =>
  records.filter((r) => r.topic === 'abc.clicks').map((r) => String((r.value as Click).prod_id));

describe('pizza-abc skew', () => {
  // Measured at seed 1 (3976 clicks over 8 products, about 87 % of them background clicks): top product share
  // 15.6 % at skew 0, 46.4 % at skew 1.5 (background clicks alone: 1/H(1.5, 8) ≈ 52 %).
  it('skew 1.5 makes product 1 the hot key of the clicks', () => {
    const hot = top(clickedProducts(generateAbc({ seed: 1, skew: 1.5 })));
    expect(hot.key).toBe('1');
    expect(hot.share).toBeGreaterThanOrEqual(3 / 8);
    expect(hot.share).toBeGreaterThanOrEqual(2 * top(clickedProducts(generateAbc({ seed: 1 }))).share);
  });

  it('leaves the sales processes alone: transactions and inventory records are the same as at skew 0', () => {
    const sales = (records: readonly AbcRecord[]) => records.filter((r) => r.topic !== 'abc.clicks').map((r) => [r.topic, r.value, r.timestamp]);
    expect(JSON.stringify(sales(generateAbc({ seed: 3, skew: 2 })))).toBe(JSON.stringify(sales(generateAbc({ seed: 3 }))));
  });

  it('is deterministic with skew on', () => {
    expect(JSON.stringify(generateAbc({ seed: 2, skew: 1.5 }))).toBe(JSON.stringify(generateAbc({ seed: 2, skew: 1.5 })));
  });

  it('the options schema takes skew in [0, 10] and the generator refuses others', () => {
    expect(AbcOptionsSchema.safeParse({ skew: 1.5 }).success).toBe(true);
    expect(AbcOptionsSchema.safeParse({ skew: -1 }).success).toBe(false);
    expect(AbcOptionsSchema.safeParse({ skew: 11 }).success).toBe(false);
    expect(() => generateAbc({ skew: -1 })).toThrow(RangeError);
  });
});
