import type { FaultKind, ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import type { JsonValue } from '../../assertions/harness/invariant-spec.js';
import { ProcessorGroup, runScenario, type Scenario, type ScenarioInputRecord, type ScenarioOutputRecord } from '../common/index.js';

/**
 * Shared by the invariants of the SQL scenarios (tfl, customers, pizza-abc): run a scenario's own statements (or a
 * deliberately broken copy of them, for the harness's self-tests) on its input topics through `runScenario`, and
 * place a history's fault schedule on its records.
 */

/**
 * Runs `statements` as the scenario's processors: the scenario's input topics (schemas, dead-letter topics), one
 * SqlEngine in a ProcessorGroup, as its own `start` does, fed `input` in the order given.
 */
export function runStatements<O extends { readonly seed: number }>(
  scenario: Scenario<O>,
  statements: readonly string[],
  input: readonly ScenarioInputRecord[],
): ReadonlyMap<string, readonly ScenarioOutputRecord[]> {
  const withStatements: Scenario<O> = {
    ...scenario,
    start(ctx) {
      const group = new ProcessorGroup(ctx.broker, ctx.seed);
      const engine = group.addSqlEngine('ksqldb');
      for (const sql of statements) engine.execute(sql);
      return group;
    },
  };
  return runScenario(withStatements, { input }).outputs;
}

/** A SQL value as plain JSON: BIGINTs and lossless numbers become numbers (JSON.stringify calls their toJSON). */
export function plainJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as JsonValue;
}

/** A field of a SQL output value, as plain JSON (null when absent). */
export function field(value: unknown, name: string): JsonValue {
  const v = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  return plainJson(v);
}

/** A record in append order and the fault that placed it there (if any). */
export interface Placed<R> {
  readonly record: R;
  readonly fault?: FaultKind;
}

/**
 * The append order of `setup` records (tables a scenario loads first) and `events`, with the faults of a schedule
 * placed on event `at mod events.length` (timestamps are never changed):
 * - `reorder`: with `reorder: 'beforeSetup'` the event is appended before every setup record (a join then finds
 *   nothing); with `'beforePrevious'` it swaps with the event before it;
 * - `late` (unless reordered): appended after everything else, with its own, older, timestamp;
 * - `dup`: a producer duplicate right after it.
 */
export function placeFaults<R>(
  setup: readonly R[],
  events: readonly R[],
  faults: readonly ScheduledFault[],
  reorder: 'beforeSetup' | 'beforePrevious',
): Placed<R>[] {
  const n = events.length;
  const kinds = (i: number): Set<FaultKind> => new Set(faults.filter((f) => n > 0 && f.at % n === i).map((f) => f.kind));
  const early: Placed<R>[] = [];
  const middle: Placed<R>[] = [];
  const last: Placed<R>[] = [];
  events.forEach((record, i) => {
    const k = kinds(i);
    const fault: FaultKind | undefined = k.has('reorder') ? 'reorder' : k.has('late') ? 'late' : undefined;
    const copies: Placed<R>[] = [fault === undefined ? { record } : { record, fault }, ...(k.has('dup') ? [{ record, fault: 'dup' as const }] : [])];
    if (fault === 'late') last.push(...copies);
    else if (fault === 'reorder' && reorder === 'beforeSetup') early.push(...copies);
    else if (fault === 'reorder' && middle.length > 0) {
      // before the previous event and its duplicate, if any
      const prev = middle.findLastIndex((p) => p.fault !== 'dup');
      middle.splice(prev, 0, ...copies);
    } else middle.push(...copies);
  });
  return [...early, ...setup.map((record) => ({ record })), ...middle, ...last];
}

/** One output record as [key, value, timestamp], JSON-safe. */
export function outputRow(r: ScenarioOutputRecord): JsonValue[] {
  return [plainJson(r.key), plainJson(r.value), r.timestamp];
}
