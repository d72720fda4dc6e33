import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/common/index.js';
import { pizzaScenario } from '../../../src/scenarios/pizza/scenario.js';
import { findScenario } from '../../../src/scenarios/registry.js';

describe('pizza scenario object (§5.1, §5.4)', () => {
  it('is registered as `pizza` with the webapp topics as inputs and P1–P3 plus the service topics as outputs', () => {
    expect(findScenario('pizza')).toBe(pizzaScenario);
    expect(pizzaScenario.inputTopics.map((t) => [t.name, t.kind])).toEqual([
      ['pizza-ordered', 'stream'],
      ['pizza-orders-view', 'table'],
    ]);
    expect(pizzaScenario.outputTopics).toEqual(['pizza-assembled', 'pizza-baked', 'pizza-delivered', 'pizza-pending', 'pizza-status', 'pizza-orders-view']);
    expect(pizzaScenario.durationOption).toBe('durationMs');
  });

  it('a generated run (nf) delivers every order: 4 pizza-status and 5 view records per order, nothing dead-lettered', () => {
    const run = runScenario(pizzaScenario, { seed: 2, options: { durationMs: 180_000 } });
    const orders = run.inputs / 2;
    expect(orders).toBeGreaterThan(0);
    expect(run.deadLettered).toBe(0);
    expect(run.outputs.get('pizza-status')).toHaveLength(4 * orders);
    expect(run.outputs.get('pizza-orders-view')).toHaveLength(5 * orders);
    expect(run.summary[0]!.rows).toEqual([[999, 'Your pizza was delivered', orders]]);
    expect(run.summary[2]!.rows).toEqual([[0, 0, 0]]);
    const [delivered, min, , max] = run.summary[1]!.rows[0]! as number[];
    expect(delivered).toBe(orders);
    // end-to-end ≥ 0.5 s + A + B + D, with A ≥ 4, B = A + 4 ≥ 8, D ≥ 5: at least 17.5 s; queueing only adds
    expect(min).toBeGreaterThanOrEqual(17.5);
    expect(max).toBeGreaterThanOrEqual(min!);
  });
});
