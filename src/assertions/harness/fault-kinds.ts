import fc from 'fast-check';

/**
 * The faults `streamsim check --faults` can inject into a scenario history (rebalance is not offered yet):
 * - `late`: a record is appended long after its event time (after everything else);
 * - `reorder`: a record is appended before one it normally follows (a payment before its purchase, a ticket
 *   before its event);
 * - `dup`: a producer duplicate, the same record appended twice;
 * - `crash`: the application's process dies after `at + 1` more processed records (TestDriver#crashAfter), before
 *   the commit that record would trigger, and restarts on the same broker from its last commit. Only invariants
 *   that say so honour it (the sold-out one); the others ignore crash faults.
 */
export const FAULT_KINDS = ['late', 'reorder', 'dup', 'crash'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault of a schedule: its kind and the history element it hits (an index, taken modulo the count). */
export interface ScheduledFault {
  readonly kind: FaultKind;
  readonly at: number;
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

/** Up to `max` faults of the given kinds; shrinks to fewer faults, then to earlier targets. None without kinds. */
export function faultScheduleArb(kinds: readonly FaultKind[], max = 3): fc.Arbitrary<ScheduledFault[]> {
  if (kinds.length === 0) return fc.constant([]);
  return fc.array(fc.record({ kind: fc.constantFrom(...kinds), at: fc.nat({ max: 20 }) }), { maxLength: max });
}
