import { z } from 'zod';
import { appendOrder, compareSeq, type GeneratedRecord } from './generated-record.js';
import { checkProbability, SeededFaker } from './seeded-faker.js';

/** The faker label of the common faults (SCENARIOS.md §0.4). */
export const FAULTS_LABEL = 'faults';

/** Where a fault applies: only these topics when given (an empty list means none), every topic when absent. */
export interface FaultScope {
  readonly topics?: readonly string[];
}

/** Late, out-of-order data: with probability p, `appendAt = timestamp + int(1, maxMs)`. */
export interface DelayFault extends FaultScope {
  readonly p: number;
  readonly maxMs: number;
}

/** With probability p, an identical copy of the record is appended right after it. */
export interface DuplicateFault extends FaultScope {
  readonly p: number;
}

/** With probability p, the record is removed. */
export interface DropFault extends FaultScope {
  readonly p: number;
}

/** The common faults of SCENARIOS.md §0.4. Each one is off unless present. */
export interface CommonFaults {
  readonly delay?: DelayFault;
  readonly duplicate?: DuplicateFault;
  readonly drop?: DropFault;
}

/** Off: no fault present. */
export const NO_FAULTS: CommonFaults = Object.freeze({});

const probability = z.number().min(0).max(1);
const topics = z.array(z.string()).readonly().optional();

/** zod schema of {@link CommonFaults}, for scenario option parsing (`--opt`). Unknown keys are rejected. */
export const CommonFaultsSchema = z.strictObject({
  delay: z.strictObject({ p: probability, maxMs: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), topics }).optional(),
  duplicate: z.strictObject({ p: probability, topics }).optional(),
  drop: z.strictObject({ p: probability, topics }).optional(),
});

function inScope(fault: FaultScope, topic: string): boolean {
  return fault.topics === undefined || fault.topics.includes(topic);
}

function validate(faults: CommonFaults): void {
  if (faults.delay !== undefined) {
    checkProbability(faults.delay.p, 'delay');
    if (!Number.isSafeInteger(faults.delay.maxMs) || faults.delay.maxMs < 1) {
      throw new RangeError(`delay: maxMs must be an integer >= 1, got ${String(faults.delay.maxMs)}`);
    }
  }
  if (faults.duplicate !== undefined) checkProbability(faults.duplicate.p, 'duplicate');
  if (faults.drop !== undefined) checkProbability(faults.drop.p, 'drop');
}

/**
 * Applies the common faults to a generator's records and returns them in append order (§0.4).
 *
 * Deterministic in `seed`: the draws come from the run's `faults` component (label {@link FAULTS_LABEL}). The
 * records are visited in `seq` order (whatever order they are passed in), and for each record the faults draw in
 * this fixed order, each only if it is present and its scope includes the record's topic:
 * 1. drop: `bern(p)`; a dropped record draws nothing more.
 * 2. delay: `bern(p)`, then `int(1, maxMs)` if it hits; `appendAt = timestamp + that`.
 * 3. duplicate: `bern(p)`; the copy is identical (same appendAt and seq, so it lands right after the record).
 * With every fault absent, nothing is drawn and the result is `appendOrder(records)`.
 */
export function applyFaults<R extends GeneratedRecord>(
  records: readonly R[],
  faults: CommonFaults | undefined,
  seed: number,
): R[] {
  if (faults === undefined || (faults.delay === undefined && faults.duplicate === undefined && faults.drop === undefined)) {
    return appendOrder(records);
  }
  validate(faults);
  const rnd = new SeededFaker(seed, FAULTS_LABEL);
  const { delay, duplicate, drop } = faults;
  const out: R[] = [];
  for (const record of [...records].sort(compareSeq)) {
    if (drop !== undefined && inScope(drop, record.topic) && rnd.bern(drop.p)) continue;
    let result = record;
    if (delay !== undefined && inScope(delay, record.topic) && rnd.bern(delay.p)) {
      result = { ...record, appendAt: record.timestamp + rnd.int(1, delay.maxMs) };
    }
    out.push(result);
    if (duplicate !== undefined && inScope(duplicate, record.topic) && rnd.bern(duplicate.p)) out.push({ ...result });
  }
  return appendOrder(out);
}
