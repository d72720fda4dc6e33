import { TestDriver } from '../../sim/driver/test-driver.js';
import { OUTSTANDING_OUTPUT, paymentsOutstanding, type OutstandingAmount } from '../bookstore/payments-outstanding.js';
import { TOPIC_PAYMENT, TOPIC_PURCHASE, type Payment, type Purchase } from '../bookstore/schemas.js';
import { T0 } from '../common/seeded-faker.js';
import { StreamsBuilder } from '../../streams/index.js';
import { partitionFor, utf8 } from '../../sim/murmur2.js';
import { driveWithMembershipChanges, type MembershipChange } from '../../assertions/arbitraries/rebalance-run.js';
import { driveWithCrashes } from '../../assertions/arbitraries/crash-run.js';

/*
 * B9 PaymentsOutstanding under crash faults (issue 5): the app dies after a number of processed records, before
 * the commit that record would trigger, and restarts from its last commit on the same broker
 * (TestDriver#crashAfter / restart). Kafka's processing.guarantee decides what the restart may leave behind.
 */

/** Kafka's processing.guarantee the B9 app runs with when the history crashes it. */
export type OutstandingGuarantee = 'at_least_once' | 'exactly_once_v2';
export const OUTSTANDING_GUARANTEES: readonly OutstandingGuarantee[] = ['at_least_once', 'exactly_once_v2'];

/** One appended record, as far as this module needs it. */
export interface CrashInput {
  readonly topic: string;
  readonly key: string;
  readonly value: Purchase | Payment;
  readonly timestamp: number;
}

/** One B9 output value: the amount, the listed purchase ids and the Σ of their totals. */
export type OutstandingValue = { readonly amount: number; readonly listed: string[]; readonly listedTotal: number };

/** How a run crashes the app: under a guarantee, a commit every `commitEvery` records, crashes `gaps[i] + 1` records apart. */
export interface OutstandingCrashPlan {
  readonly guarantee: OutstandingGuarantee;
  readonly commitEvery: number;
  /** Crash i comes `gaps[i] + 1` processed records after the start or the previous restart. */
  readonly gaps: readonly number[];
  /** Partitions of every topic (default 1). */
  readonly partitions?: number;
  /** With rebalance faults: the app runs as `instances` instances and the group changes so (gaps unused). */
  readonly rebalance?: { readonly instances: number; readonly changes: readonly MembershipChange[] };
}

export function outstandingValue(v: OutstandingAmount): OutstandingValue {
  return {
    amount: v.amountOutstanding,
    listed: v.outstandingPaymentPurchases.map((p) => p.purchaseId),
    listedTotal: v.outstandingPaymentPurchases.reduce((s, p) => s + p.totalAmount, 0),
  };
}

/**
 * Pipes the records in append order into B9 under the plan; records piped while the app is down wait in their
 * topics and the restart processes them. Commits at the end until nothing is pending, so an exactly-once tail
 * becomes visible. Returns every value of the output topic (read_committed under exactly-once), in order.
 */
export function runOutstandingCrashing(inputs: readonly CrashInput[], plan: OutstandingCrashPlan): OutstandingValue[] {
  const builder = new StreamsBuilder();
  paymentsOutstanding(builder);
  const driver = new TestDriver(builder, {
    startTime: T0,
    processingGuarantee: plan.guarantee,
    commitEvery: plan.commitEvery,
    partitions: plan.partitions ?? 1,
    ...(plan.rebalance === undefined ? {} : { instances: plan.rebalance.instances }),
  });
  try {
    const topics = { purchases: driver.createInputTopic<string, Purchase | Payment>(TOPIC_PURCHASE), payments: driver.createInputTopic<string, Purchase | Payment>(TOPIC_PAYMENT) };
    const send = (r: CrashInput) => (r.topic === TOPIC_PURCHASE ? topics.purchases : topics.payments).pipeInput(r.key, r.value, r.timestamp);
    if (plan.rebalance !== undefined) driveWithMembershipChanges(driver, inputs, send, plan.rebalance.changes);
    else driveWithCrashes(driver, inputs, send, plan.gaps.map((gap) => gap + 1));
    return driver.createOutputTopic<string, OutstandingAmount>(OUTSTANDING_OUTPUT).readValuesToList().map(outstandingValue);
  } finally {
    driver.close();
  }
}

/**
 * Brute force from the rules of SCENARIOS.md §1.4.3, records taken in append order: a purchase is outstanding
 * once its first packet-null record is in and no payment for it is; one value per change of that set, listing
 * it (sorted here) with its Σ totalAmount.
 */
export function outstandingChanges(inputs: readonly CrashInput[]): { amount: number; listed: string[] }[] {
  const purchased = new Map<string, number>();
  const paid = new Set<string>();
  const out: { amount: number; listed: string[] }[] = [];
  let before = '';
  for (const r of inputs) {
    if (r.topic === TOPIC_PURCHASE) {
      const p = r.value as Purchase;
      if (p.packet === null && !purchased.has(p.purchaseId)) purchased.set(p.purchaseId, p.totalAmount);
    } else paid.add((r.value as Payment).referenceNumber);
    const listed = [...purchased.keys()].filter((id) => !paid.has(id)).sort();
    if (listed.join(',') === before) continue;
    before = listed.join(',');
    out.push({ amount: listed.reduce((s, id) => s + purchased.get(id)!, 0), listed });
  }
  return out;
}

const show = (v: { amount: number; listed: readonly string[] }): string => `{${v.amount}, [${v.listed.join(',')}]}`;
const same = (a: OutstandingValue, b: OutstandingValue): boolean => a.amount === b.amount && a.listed.join(',') === b.listed.join(',');

/** Every value on its own: amount = Σ of the listed totals, never negative; and the last one is {0, []}. */
function checkValues(observed: readonly OutstandingValue[]): string | null {
  for (const [i, v] of observed.entries()) {
    if (v.amount < 0) return `value ${i + 1}: amountOutstanding ${v.amount} < 0`;
    if (v.amount !== v.listedTotal) return `value ${i + 1}: amountOutstanding ${v.amount} ≠ Σ totalAmount of the listed purchases ${v.listedTotal}`;
  }
  const last = observed.at(-1);
  if (last !== undefined && (last.amount !== 0 || last.listed.length !== 0)) return `the last value is ${show(last)}, expected {0, []}`;
  return null;
}

/**
 * The crash-free reference run (same guarantee and commits, no crash) against the brute force: one value per
 * change of the outstanding set, in append order. It is what the crash runs are compared with.
 */
export function checkCrashFree(inputs: readonly CrashInput[], crashFree: readonly OutstandingValue[]): string | null {
  const want = outstandingChanges(inputs);
  const got = crashFree.map((v) => ({ amount: v.amount, listed: [...v.listed].sort() }));
  const w = want.map(show).join(' ');
  const g = got.map(show).join(' ');
  return w === g ? null : `the crash-free run emitted ${g || 'nothing'}, the outstanding set changed as ${w || 'never'}`;
}

/**
 * exactly_once_v2 (KIP-447): outputs, changelog and repartition records and offsets commit in one transaction
 * and a crash aborts it, so the committed outputs are those of processing every record exactly once. Not
 * necessarily in append order: the restarted task re-reads the purchase and payment partitions from their
 * committed offsets and picks the lowest head timestamp first (Kafka's PartitionGroup#nextRecord), so a late
 * payment redelivered together with a later purchase is processed before it, where the crash-free run processed
 * it after. So: the committed values must be, value for value, the outstanding-set changes of some interleaving
 * of the two partitions, each in offset order (brute force over all of them), and equal the crash-free run's
 * whenever the redelivery could not reorder anything (see {@link redeliveryCanReorder}). With several partitions
 * (rebalance faults: several instances) the records of different partitions reach the single-key repartition
 * topic in no promised order, so only the interleaving search applies, over every (topic, partition).
 */
export function checkExactlyOnce(inputs: readonly CrashInput[], crashFree: readonly OutstandingValue[], observed: readonly OutstandingValue[], partitions = 1): string | null {
  const bad = checkValues(observed);
  if (bad !== null) return bad;
  const g = observed.map(show).join(' ');
  if (partitions === 1 && !redeliveryCanReorder(inputs)) {
    const w = crashFree.map(show).join(' ');
    return w === g ? null : `committed outputs ${g || '(none)'} differ from the crash-free run's ${w || '(none)'}`;
  }
  return someInterleavingEmits(inputs, observed, partitions) ? null : `committed outputs ${g || '(none)'} are not the outstanding-set changes of any order of the records that keeps each partition's order`;
}

/** True when some payment is appended after a purchase with a later timestamp: a redelivery may swap them. */
export function redeliveryCanReorder(inputs: readonly CrashInput[]): boolean {
  let latestPurchase = Number.NEGATIVE_INFINITY;
  for (const r of inputs) {
    if (r.topic === TOPIC_PURCHASE) latestPurchase = Math.max(latestPurchase, r.timestamp);
    else if (r.timestamp <= latestPurchase) return true;
  }
  return false;
}

/**
 * Whether processing the records of each input partition in append order, the partitions interleaved somehow,
 * changes the outstanding set exactly as `observed` lists it. With one partition the sequences are the purchase
 * and the payment topic; with more, each (topic, partition) is one (Kafka's default partitioner, murmur2 of the
 * key): tasks of different partitions, on different instances, feed the single-key repartition topic in any
 * order. Search over (records taken per sequence, values matched); the set depends only on what was taken.
 */
function someInterleavingEmits(inputs: readonly CrashInput[], observed: readonly OutstandingValue[], partitions: number): boolean {
  const groups = new Map<string, CrashInput[]>();
  for (const r of inputs) {
    const id = `${r.topic}/${partitionFor(utf8(r.key), partitions)}`;
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  const seqs = [...groups.values()];
  const setAfter = (taken: readonly number[]): { amount: number; listed: string } => {
    const totals = new Map<string, number>();
    const paid = new Set<string>();
    // a purchase counts from its first packet-null record on: take purchases in append order across sequences
    const purchases = seqs.flatMap((seq, s) => seq.slice(0, taken[s]!)).filter((r) => r.topic === TOPIC_PURCHASE);
    for (const r of inputs) {
      if (!purchases.includes(r)) continue;
      const p = r.value as Purchase;
      if (p.packet === null && !totals.has(p.purchaseId)) totals.set(p.purchaseId, p.totalAmount);
    }
    for (const [s, seq] of seqs.entries()) for (const r of seq.slice(0, taken[s]!)) if (r.topic !== TOPIC_PURCHASE) paid.add((r.value as Payment).referenceNumber);
    const ids = [...totals.keys()].filter((id) => !paid.has(id)).sort();
    return { amount: ids.reduce((sum, id) => sum + totals.get(id)!, 0), listed: ids.join(',') };
  };
  const want = observed.map((v) => ({ amount: v.amount, listed: [...v.listed].sort().join(',') }));
  const seen = new Set<string>();
  const stack: [number[], number][] = [[seqs.map(() => 0), 0]];
  while (stack.length > 0) {
    const [taken, k] = stack.pop()!;
    if (k === want.length && taken.every((n, s) => n === seqs[s]!.length)) return true;
    const before = setAfter(taken).listed;
    for (let s = 0; s < seqs.length; s++) {
      if (taken[s] === seqs[s]!.length) continue;
      const next = taken.map((n, i) => (i === s ? n + 1 : n));
      const after = setAfter(next);
      let nk = k;
      if (after.listed !== before) {
        const v = want[k];
        if (v === undefined || v.listed !== after.listed || v.amount !== after.amount) continue;
        nk = k + 1;
      }
      const id = `${next.join(',')};${nk}`;
      if (!seen.has(id)) {
        seen.add(id);
        stack.push([next, nk]);
      }
    }
  }
  return false;
}

/**
 * at_least_once, what Kafka promises and no more: every value of the crash-free run appears, in its order
 * (a subsequence); any other value repeats one of them (a redelivered record emitting again), at most
 * `commitEvery` per crash (a crash redelivers the records processed since the last commit, repartitioned ones
 * included: at most commitEvery); every value is consistent and ≥ 0; the last is {0, []}.
 */
export function checkAtLeastOnce(plan: OutstandingCrashPlan, crashFree: readonly OutstandingValue[], observed: readonly OutstandingValue[]): string | null {
  const bad = checkValues(observed);
  if (bad !== null) return bad;
  let matched = 0;
  let extra = 0;
  for (const v of observed) {
    if (matched < crashFree.length && same(v, crashFree[matched]!)) matched++;
    else if (crashFree.some((c) => same(c, v))) extra++;
    else return `${show(v)} is no value of the crash-free run (${crashFree.map(show).join(' ') || 'none'})`;
  }
  if (matched < crashFree.length) return `the crash-free value ${show(crashFree[matched]!)} (value ${matched + 1}) never appears in order`;
  const bound = plan.gaps.length * plan.commitEvery;
  if (extra > bound) return `${extra} repeated values, more than ${plan.commitEvery} redelivered records per crash × ${plan.gaps.length} crash(es)`;
  return null;
}
