import type { AnyScenario } from './common/index.js';

/**
 * The seeded scenarios of SCENARIOS.md that `streamsim list|gen|run` know, in the spec's order
 * (bookstore, utopia, tfl, customers, pizza). Each scenario adds itself here when it lands.
 */
export const SCENARIOS: readonly AnyScenario[] = [];

/** The scenario with this name, or undefined. */
export function findScenario(name: string): AnyScenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
