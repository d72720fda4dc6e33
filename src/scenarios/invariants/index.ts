import type { FaultKind } from '../../assertions/harness/fault-kinds.js';
import type { InvariantSpec } from '../../assertions/harness/invariant-spec.js';
import { registerReplayable } from '../../assertions/harness/replay-registry.js';
import { BOOKSTORE_OUTSTANDING, outstandingPaymentsSpec } from './bookstore-outstanding.js';
import { soldOutSpec, UTOPIA_SOLD_OUT, type SoldOutGuarantee } from './utopia-sold-out.js';

/**
 * The invariants `streamsim check <scenario>` runs, per scenario, built for the fault kinds asked for. Each is
 * also registered as replayable (importing this module registers them), so their replay files re-run.
 */
export type ScenarioInvariants = (faults: readonly FaultKind[], settings?: InvariantSettings) => InvariantSpec<unknown>[];

/** Further knobs of `streamsim check`: the processing guarantee crash faults run under (default exactly_once_v2). */
export interface InvariantSettings {
  readonly guarantee?: SoldOutGuarantee;
}

const byScenario = new Map<string, ScenarioInvariants>([
  [
    'bookstore',
    (faults) => {
      if (faults.includes('crash')) throw new RangeError("bookstore's invariants do not model crash faults yet (utopia's do)");
      return [outstandingPaymentsSpec({ faults: [...faults] }) as InvariantSpec<unknown>];
    },
  ],
  [
    'utopia',
    (faults, settings) =>
      [soldOutSpec(faults.includes('crash') ? { faults: [...faults], guarantee: settings?.guarantee ?? 'exactly_once_v2' } : { faults: [...faults] }) as InvariantSpec<unknown>],
  ],
]);

/** Adds (or replaces) a scenario's invariants; register each spec with registerReplayable too. */
export function registerScenarioInvariants(scenario: string, invariants: ScenarioInvariants): void {
  byScenario.set(scenario, invariants);
}

/** The scenario's invariants for these fault kinds, or undefined for a scenario without any. */
export function scenarioInvariants(scenario: string, faults: readonly FaultKind[], settings?: InvariantSettings): InvariantSpec<unknown>[] | undefined {
  return byScenario.get(scenario)?.(faults, settings);
}

export function scenariosWithInvariants(): string[] {
  return [...byScenario.keys()].sort();
}

registerReplayable(BOOKSTORE_OUTSTANDING, outstandingPaymentsSpec);
registerReplayable(UTOPIA_SOLD_OUT, soldOutSpec);
