import { bookstoreScenario } from './bookstore/scenario.js';
import type { AnyScenario } from './common/index.js';
import { customersScenario } from './customers/scenario.js';
import { pizzaAbcScenario } from './pizza/abc/scenario.js';
import { pizzaScenario } from './pizza/scenario.js';
import { tflScenario } from './tfl/scenario.js';
import { utopiaScenario } from './utopia/scenario.js';

/**
 * The seeded scenarios of SCENARIOS.md that `streamsim list|gen|run` know, in the spec's order
 * (bookstore, utopia, tfl, customers, pizza), and the pizza lab's ABC retail part as its own scenario (§5.3).
 */
export const SCENARIOS: readonly AnyScenario[] = [
  bookstoreScenario,
  utopiaScenario,
  tflScenario,
  customersScenario,
  pizzaScenario,
  pizzaAbcScenario,
];

/** The scenario with this name, or undefined. */
export function findScenario(name: string): AnyScenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
