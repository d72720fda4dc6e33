import { describe, expect, it } from 'vitest';
import { assembleSeconds, bakeSeconds, deliverySeconds, recipeSeed, recipeString } from '../../../src/scenarios/pizza/timings.js';

describe('pizza timings (SCENARIOS.md §5.2 vectors)', () => {
  it.each([
    ['Tomato@Mozzarella@Mushroom,Black olives,Green pepper@Pepperoni', 12797, 9, 13],
    ['Tomato@Mozzarella@@Pepperoni', 48896, 4, 8],
    ['Pesto@Ricotta@Egg@Vegan meat', 46589, 9, 13],
  ])('%s: seed %i, A %i s, B %i s', (recipe, seed, a, b) => {
    expect(recipeSeed(recipe)).toBe(seed);
    expect(assembleSeconds(seed)).toBe(a);
    expect(bakeSeconds(seed)).toBe(b);
  });

  it('builds the recipe string as sauce@cheese@extras joined by commas@main', () => {
    expect(recipeString('Tomato', 'Mozzarella', ['Mushroom', 'Black olives', 'Green pepper'], 'Pepperoni')).toBe(
      'Tomato@Mozzarella@Mushroom,Black olives,Green pepper@Pepperoni',
    );
    expect(recipeString('Tomato', 'Mozzarella', [], 'Pepperoni')).toBe('Tomato@Mozzarella@@Pepperoni');
  });

  it('customer d94a6c43d9f487c1bef659f05c002213 gives D = 10 s, 20 s on the pending path', () => {
    expect(deliverySeconds('d94a6c43d9f487c1bef659f05c002213')).toBe(10);
    expect(deliverySeconds('d94a6c43d9f487c1bef659f05c002213', 2)).toBe(20);
  });

  it('the missing-customer id "0000" gives D = 5 s', () => {
    expect(deliverySeconds('0000')).toBe(5);
  });

  it('reduces the whole 128-bit id mod 10 (BigInt), not a float approximation', () => {
    // 0xffffffffffffffffffffffffffffffff = 2^128 - 1 = ...211455 → mod 10 = 5, so D = 10
    expect(deliverySeconds('ffffffffffffffffffffffffffffffff')).toBe(10);
  });
});
