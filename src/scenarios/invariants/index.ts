import type { FaultKind } from '../../assertions/harness/fault-kinds.js';
import type { InvariantSpec } from '../../assertions/harness/invariant-spec.js';
import { registerReplayable } from '../../assertions/harness/replay-registry.js';
import { BOOKSTORE_OUTSTANDING, outstandingPaymentsSpec } from './bookstore-outstanding.js';
import { soldOutSpec, UTOPIA_SOLD_OUT, type SoldOutGuarantee } from './utopia-sold-out.js';
import { CUSTOMERS_AGE_CLASSES, customersAgeClassesSpec } from './customers-age-classes.js';
import { CUSTOMERS_CONNECTOR_INVARIANT, customersConnectorSpec } from './customers-connector.js';
import { abcHourlySalesSpec, PIZZA_ABC_HOURLY_SALES } from './pizza-abc-hourly-sales.js';
import { PIZZA_ORDER_LIFECYCLE, pizzaLifecycleSpec } from './pizza-order-lifecycle.js';
import { TFL_ENRICHMENT, TFL_OCCUPANCY, tflSpec } from './tfl-barrier.js';

/**
 * The invariants `streamsim check <scenario>` runs, per scenario, built for the fault kinds asked for. Each is
 * also registered as replayable (importing this module registers them), so their replay files re-run.
 */
export type ScenarioInvariants = (faults: readonly FaultKind[], settings?: InvariantSettings) => InvariantSpec<unknown>[];

/** Further knobs of `streamsim check`: the processing guarantee crash and rebalance faults run under (default exactly_once_v2). */
export interface InvariantSettings {
  readonly guarantee?: SoldOutGuarantee;
}

/** Fault kinds that need a TestDriver (crash and restart, instances joining and leaving). */
const DRIVER_FAULTS: readonly FaultKind[] = ['crash', 'rebalance'];

/** Scenarios whose invariants model crash and rebalance faults (named when another scenario refuses them). */
const DRIVER_FAULT_SCENARIOS = ['bookstore', 'utopia'];

/**
 * For invariants run by a SqlEngine or actors (no TestDriver to crash or to run as several instances): refuse
 * crash and rebalance faults rather than ignore them.
 */
function withoutDriverFaults(scenario: string, specs: (faults: readonly FaultKind[]) => InvariantSpec<unknown>[]): ScenarioInvariants {
  return (faults) => {
    const refused = DRIVER_FAULTS.filter((f) => faults.includes(f));
    if (refused.length > 0) throw new RangeError(`${scenario}'s invariants do not model ${refused.join(' or ')} faults (${DRIVER_FAULT_SCENARIOS.join(', ')}'s do)`);
    return specs(faults);
  };
}

/** A spec's options: the fault kinds, and with crash or rebalance faults the guarantee they run under (default exactly_once_v2). */
function crashOptions(faults: readonly FaultKind[], settings?: InvariantSettings): { faults: FaultKind[]; guarantee?: SoldOutGuarantee } {
  return faults.some((f) => DRIVER_FAULTS.includes(f)) ? { faults: [...faults], guarantee: settings?.guarantee ?? 'exactly_once_v2' } : { faults: [...faults] };
}

const byScenario = new Map<string, ScenarioInvariants>([
  ['bookstore', (faults, settings) => [outstandingPaymentsSpec(crashOptions(faults, settings)) as InvariantSpec<unknown>]],
  ['utopia', (faults, settings) => [soldOutSpec(crashOptions(faults, settings)) as InvariantSpec<unknown>]],
  [
    'customers',
    withoutDriverFaults('customers', (faults) => [customersConnectorSpec({ faults: [...faults] }) as InvariantSpec<unknown>, customersAgeClassesSpec({ faults: [...faults] }) as InvariantSpec<unknown>]),
  ],
  ['pizza', withoutDriverFaults('pizza', (faults) => [pizzaLifecycleSpec({ faults: [...faults] }) as InvariantSpec<unknown>])],
  ['pizza-abc', withoutDriverFaults('pizza-abc', (faults) => [abcHourlySalesSpec({ faults: [...faults] }) as InvariantSpec<unknown>])],
  ['tfl', withoutDriverFaults('tfl', (faults) => (['enrichment', 'occupancy'] as const).map((part) => tflSpec(part, { faults: [...faults] }) as InvariantSpec<unknown>))],
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
registerReplayable(CUSTOMERS_CONNECTOR_INVARIANT, (options) => customersConnectorSpec(options));
registerReplayable(CUSTOMERS_AGE_CLASSES, (options) => customersAgeClassesSpec(options));
registerReplayable(PIZZA_ORDER_LIFECYCLE, (options) => pizzaLifecycleSpec(options));
registerReplayable(PIZZA_ABC_HOURLY_SALES, (options) => abcHourlySalesSpec(options));
registerReplayable(TFL_ENRICHMENT, (options) => tflSpec('enrichment', options));
registerReplayable(TFL_OCCUPANCY, (options) => tflSpec('occupancy', options));
