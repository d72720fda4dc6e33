import type { FaultKind } from '../../assertions/harness/fault-kinds.js';
import type { InvariantSpec } from '../../assertions/harness/invariant-spec.js';
import { registerReplayable } from '../../assertions/harness/replay-registry.js';
import { BOOKSTORE_OUTSTANDING, outstandingPaymentsSpec } from './bookstore-outstanding.js';
import { soldOutSpec, UTOPIA_SOLD_OUT } from './utopia-sold-out.js';

/**
 * The invariants `streamsim check <scenario>` runs, per scenario, built for the fault kinds asked for. Each is
 * also registered as replayable (importing this module registers them), so their replay files re-run.
 */
export type ScenarioInvariants = (faults: readonly FaultKind[]) => InvariantSpec<unknown>[];

const byScenario = new Map<string, ScenarioInvariants>([
  ['bookstore', (faults) => [outstandingPaymentsSpec({ faults: [...faults] }) as InvariantSpec<unknown>]],
  ['utopia', (faults) => [soldOutSpec({ faults: [...faults] }) as InvariantSpec<unknown>]],
]);

/** Adds (or replaces) a scenario's invariants; register each spec with registerReplayable too. */
export function registerScenarioInvariants(scenario: string, invariants: ScenarioInvariants): void {
  byScenario.set(scenario, invariants);
}

/** The scenario's invariants for these fault kinds, or undefined for a scenario without any. */
export function scenarioInvariants(scenario: string, faults: readonly FaultKind[]): InvariantSpec<unknown>[] | undefined {
  return byScenario.get(scenario)?.(faults);
}

export function scenariosWithInvariants(): string[] {
  return [...byScenario.keys()].sort();
}

registerReplayable(BOOKSTORE_OUTSTANDING, outstandingPaymentsSpec);
registerReplayable(UTOPIA_SOLD_OUT, soldOutSpec);
