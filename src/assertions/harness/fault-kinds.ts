import fc from 'fast-check';

/**
 * The faults `streamsim check --faults` can inject into a scenario history:
 * - `late`: a record is appended long after its event time (after everything else);
 * - `reorder`: a record is appended before one it normally follows (a payment before its purchase, a ticket
 *   before its event);
 * - `dup`: a producer duplicate, the same record appended twice;
 * - `crash`: the application's process dies after `at + 1` more processed records (TestDriver#crashAfter), before
 *   the commit that record would trigger, and restarts on the same broker from its last commit. In a history
 *   with rebalance faults (several instances) the whole application (every live instance) dies once `at + 1`
 *   more records were processed, at the next pipe, and restarts (TestDriver#crash, restart);
 * - `rebalance`: a history with one runs the application as two instances of one application.id (TestDriver
 *   `instances: 2`, the input topics with 2 partitions so that each instance owns tasks of every sub-topology;
 *   a history without one runs on one instance as before). Once `at + 1` more records were processed, the group
 *   changes by `move`: `join` (a new instance joins and takes its share of the tasks, TestDriver#addInstance),
 *   `leave` (an instance leaves cleanly: commits, hands its tasks over, TestDriver#removeInstance) or `crash`
 *   (the instance dies after processing `at + 1` more records, in the middle of a pipe, and the survivors resume
 *   its tasks from its last commit, TestDriver#crashInstanceAfter). The instance is `instance mod n` of the n
 *   live instances that own tasks. `crash` moves are drawn only when `crash` is among the kinds too, so that
 *   `--faults rebalance` alone checks clean handovers (nothing lost, nothing twice, under either guarantee).
 *   With one live instance left a `leave` or `crash` move is a `join` instead (the group never empties itself).
 * Only invariants that say so honour `crash` and `rebalance` (bookstore, utopia); the others refuse them.
 */
export const FAULT_KINDS = ['late', 'reorder', 'dup', 'crash', 'rebalance'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How a `rebalance` fault changes the group (see FAULT_KINDS). */
export type MembershipMove = 'join' | 'leave' | 'crash';
export const MEMBERSHIP_MOVES: readonly MembershipMove[] = ['join', 'leave', 'crash'];

/**
 * One fault of a schedule: its kind and the history element it hits (an index, taken modulo the count); for
 * `crash` and `rebalance`, `at + 1` is the number of processed records before it strikes. A `rebalance` fault
 * also has `move` and `instance` (an index into the live instances that own tasks, modulo their count). Plain JSON;
 * histories recorded before `rebalance` existed have neither field and decode unchanged.
 */
export interface ScheduledFault {
  readonly kind: FaultKind;
  readonly at: number;
  readonly move?: MembershipMove;
  readonly instance?: number;
}

/** `late,reorder,dup,crash` → the kinds; an unknown or repeated kind is an error naming the known ones. */
export function parseFaultKinds(list: string): FaultKind[] {
  const kinds = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out: FaultKind[] = [];
  for (const k of kinds) {
    if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new RangeError(`unknown fault '${k}'; known: ${FAULT_KINDS.join(', ')}`);
    if (!out.includes(k as FaultKind)) out.push(k as FaultKind);
  }
  return out;
}

/** The recorded `options.faults` of a replay file back as kinds (anything else is an error). */
export function faultKindsOption(options: unknown): FaultKind[] {
  const faults = options !== null && typeof options === 'object' ? (options as { faults?: unknown }).faults : undefined;
  if (faults === undefined) return [];
  if (!Array.isArray(faults) || !faults.every((f) => typeof f === 'string')) throw new TypeError('options.faults must be a list of fault kinds');
  return parseFaultKinds(faults.join(','));
}

/**
 * Up to `max` faults of the given kinds; shrinks to fewer faults, then to earlier targets (and, for a rebalance,
 * to a `join` of instance 0). None without kinds. Without `rebalance` the arbitrary is the one of earlier
 * versions, so a seed draws the same histories as before.
 */
export function faultScheduleArb(kinds: readonly FaultKind[], max = 3): fc.Arbitrary<ScheduledFault[]> {
  if (kinds.length === 0) return fc.constant([]);
  if (!kinds.includes('rebalance')) return fc.array(fc.record({ kind: fc.constantFrom(...kinds), at: fc.nat({ max: 20 }) }), { maxLength: max });
  const moves = MEMBERSHIP_MOVES.filter((m) => m !== 'crash' || kinds.includes('crash'));
  const rebalance = fc.record({ kind: fc.constant<FaultKind>('rebalance'), at: fc.nat({ max: 20 }), move: fc.constantFrom(...moves), instance: fc.nat({ max: 2 }) });
  const others = kinds.filter((k) => k !== 'rebalance');
  const fault: fc.Arbitrary<ScheduledFault> =
    others.length === 0 ? rebalance : fc.oneof(rebalance, fc.record({ kind: fc.constantFrom(...others), at: fc.nat({ max: 20 }) }));
  return fc.array(fault, { maxLength: max });
}
