import fc from 'fast-check';
import { TestDriver } from '../../sim/driver/test-driver.js';
import { OUTSTANDING_OUTPUT, paymentsOutstanding, type OutstandingAmount } from '../bookstore/payments-outstanding.js';
import { TOPIC_PAYMENT, TOPIC_PURCHASE, type Payment, type Purchase } from '../bookstore/schemas.js';
import { T0 } from '../common/seeded-faker.js';
import { StreamsBuilder } from '../../streams/index.js';
import { faultKindsOption, faultScheduleArb, type FaultKind, type ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import { crashesAnything, membershipChangesOf } from '../../assertions/arbitraries/rebalance-run.js';
import { sinceT0 } from './since-t0.js';
import type { HistoryTable, InvariantSpec, JsonValue } from '../../assertions/harness/invariant-spec.js';
import {
  checkAtLeastOnce,
  checkCrashFree,
  checkExactlyOnce,
  OUTSTANDING_GUARANTEES,
  outstandingValue,
  runOutstandingCrashing,
  type OutstandingCrashPlan,
  type OutstandingGuarantee,
  type OutstandingValue,
} from './bookstore-outstanding-crash.js';

export { OUTSTANDING_GUARANTEES, type OutstandingGuarantee } from './bookstore-outstanding-crash.js';

/** One order of a bookstore history: its total, the gap since the previous order, the payment delay. */
export interface OutstandingOrder {
  readonly totalAmount: number;
  readonly gapSec: number;
  readonly payDelaySec: number;
  /** A shipped re-send of the purchase (packet set) follows the payment. */
  readonly shipped: boolean;
}

export interface OutstandingHistory {
  readonly orders: readonly OutstandingOrder[];
  readonly faults: readonly ScheduledFault[];
  /** With crash or rebalance faults: the app commits after every this many processed records (TestDriver commitEvery). */
  readonly commitEvery?: number;
}

/** One input record as appended, in order. */
interface Input {
  readonly topic: string;
  readonly key: string;
  readonly value: Purchase | Payment;
  readonly timestamp: number;
  /** Set for a `late` record: when it was appended (the driver appends it last). */
  readonly appendedLate?: number;
}

const LATE_MS = 3_600_000;

function purchaseId(i: number): string {
  return `p${i + 1}`;
}

/**
 * The records of a history, in append order: per order (SCENARIOS.md §1.2 fulfilment chain) the purchase
 * (packet null), its payment `payDelaySec` later and maybe the shipped re-send. Faults hit the payment of order
 * `at mod n`: reorder = paymentFirst (1 s before its purchase), late = appended an hour after everything with its
 * own timestamp, dup = appended twice. Crash faults hit the app, not the records (see crashPlan).
 */
export function outstandingInputs(h: OutstandingHistory): Input[] {
  const slots: { at: number; seq: number; input: Input }[] = [];
  let seq = 0;
  let t = T0;
  const faultsOf = (i: number): Set<FaultKind> => new Set(h.faults.filter((f) => f.kind !== 'crash' && f.at % h.orders.length === i).map((f) => f.kind));
  h.orders.forEach((o, i) => {
    t += o.gapSec * 1000;
    const id = purchaseId(i);
    const faults = faultsOf(i);
    const purchase: Purchase = { purchaseId: id, customerId: 1, bookIds: ['b1'], packet: null, totalAmount: o.totalAmount };
    slots.push({ at: t, seq: seq++, input: { topic: TOPIC_PURCHASE, key: id, value: purchase, timestamp: t } });
    const payAt = faults.has('reorder') ? t - 1000 : t + o.payDelaySec * 1000;
    const payment: Payment = { transactionId: `t${i + 1}`, referenceNumber: id, timestamp: payAt, amount: o.totalAmount };
    const payInput: Input = { topic: TOPIC_PAYMENT, key: payment.transactionId, value: payment, timestamp: payAt };
    // a reordered payment is appended just before its purchase: seq −1 sorts it first at a tie
    const appendAt = faults.has('late') ? Number.MAX_SAFE_INTEGER : payAt;
    slots.push({ at: appendAt, seq: faults.has('reorder') ? -seq++ - 1e6 : seq++, input: payInput });
    if (faults.has('dup')) slots.push({ at: appendAt, seq: seq++, input: payInput });
    if (o.shipped) {
      const shipAt = Math.max(t, payAt) + 1000;
      slots.push({ at: shipAt, seq: seq++, input: { topic: TOPIC_PURCHASE, key: id, value: { ...purchase, packet: `pk${i + 1}` }, timestamp: shipAt } });
    }
  });
  slots.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const end = slots.reduce((m, s) => (s.at === Number.MAX_SAFE_INTEGER ? m : Math.max(m, s.at)), T0);
  return slots.map((s) => (s.at === Number.MAX_SAFE_INTEGER ? { ...s.input, appendedLate: end + LATE_MS } : s.input));
}

/** Per appended record, the B9 outputs it caused: the amount and the listed purchase ids. */
type Observed = OutstandingValue[][];

function runOutstanding(inputs: readonly Input[]): Observed {
  const builder = new StreamsBuilder();
  paymentsOutstanding(builder);
  const driver = new TestDriver(builder, { startTime: T0 });
  try {
    const purchases = driver.createInputTopic<string, Purchase | Payment>(TOPIC_PURCHASE);
    const payments = driver.createInputTopic<string, Purchase | Payment>(TOPIC_PAYMENT);
    const out = driver.createOutputTopic<string, OutstandingAmount>(OUTSTANDING_OUTPUT);
    return inputs.map((r) => {
      (r.topic === TOPIC_PURCHASE ? purchases : payments).pipeInput(r.key, r.value, r.timestamp);
      return out.readValuesToList().map(outstandingValue);
    });
  } finally {
    driver.close();
  }
}

/**
 * SCENARIOS.md §1.4 invariant 3, checked after every appended record against the input so far: the outstanding
 * set (packet-null purchases without a payment, in either order) changes iff one value is emitted; that value
 * lists exactly the outstanding purchases, its amount is their Σ totalAmount and never negative; and the last
 * value, once every payment has arrived, is {0, []}.
 */
function checkOutstanding(inputs: readonly Input[], observed: Observed): string | null {
  const purchased = new Map<string, number>();
  const paid = new Set<string>();
  let before = '';
  for (let i = 0; i < inputs.length; i++) {
    const r = inputs[i]!;
    if (r.topic === TOPIC_PURCHASE) {
      const p = r.value as Purchase;
      if (p.packet === null && !purchased.has(p.purchaseId)) purchased.set(p.purchaseId, p.totalAmount);
    } else paid.add((r.value as Payment).referenceNumber);
    const outstanding = [...purchased.keys()].filter((id) => !paid.has(id));
    const now = [...outstanding].sort().join(',');
    const emitted = observed[i] ?? [];
    const at = `after record ${i + 1} (${r.topic} ${r.key})`;
    if (now !== before && emitted.length !== 1) return `${at}: outstanding changed to [${now}] but ${emitted.length} values were emitted`;
    if (now === before && emitted.length !== 0) return `${at}: outstanding stayed [${now}] but ${emitted.length} value(s) were emitted`;
    for (const v of emitted) {
      if (v.amount < 0) return `${at}: amountOutstanding ${v.amount} < 0`;
      if (v.amount !== v.listedTotal) return `${at}: amountOutstanding ${v.amount} ≠ Σ totalAmount of the listed purchases ${v.listedTotal}`;
      const paidListed = v.listed.find((id) => paid.has(id));
      if (paidListed !== undefined) return `${at}: ${paidListed} is listed as outstanding but has been paid`;
      if ([...v.listed].sort().join(',') !== now) return `${at}: listed [${v.listed.join(',')}], outstanding is [${now}]`;
    }
    before = now;
  }
  const last = observed.flat().at(-1);
  if (last !== undefined && (last.amount !== 0 || last.listed.length !== 0)) return `after the drain: {${last.amount}, [${last.listed.join(',')}]}, expected {0, []}`;
  return null;
}

const orderArb: fc.Arbitrary<OutstandingOrder> = fc.record({
  totalAmount: fc.integer({ min: 1, max: 50_000 }),
  gapSec: fc.integer({ min: 0, max: 10 }),
  payDelaySec: fc.integer({ min: 0, max: 30 }),
  shipped: fc.boolean(),
});

export const BOOKSTORE_OUTSTANDING = 'bookstore-outstanding-payments';

/** With rebalance faults the app starts as two instances, over two partitions so both own tasks of both sub-topologies. */
const REBALANCE_INSTANCES = 2;
const REBALANCE_PARTITIONS = 2;

/** The crash (and rebalance) faults of a history as a plan under `guarantee`, or null without any. */
function crashPlan(h: OutstandingHistory, guarantee: OutstandingGuarantee): OutstandingCrashPlan | null {
  if (h.faults.some((f) => f.kind === 'rebalance')) {
    const changes = membershipChangesOf(h.faults);
    // at-least-once's bound on repeats counts instance crashes: a crash-all crashes every live instance
    const instanceCrashes = changes.reduce((n, c) => n + (c.move === 'crash' ? 1 : c.move === 'crash-all' ? REBALANCE_INSTANCES + changes.length : 0), 0);
    return {
      guarantee,
      commitEvery: h.commitEvery ?? 1,
      gaps: Array.from({ length: instanceCrashes }, () => 0),
      partitions: REBALANCE_PARTITIONS,
      rebalance: { instances: REBALANCE_INSTANCES, changes },
    };
  }
  const gaps = h.faults.filter((f) => f.kind === 'crash').map((f) => f.at);
  return gaps.length === 0 ? null : { guarantee, commitEvery: h.commitEvery ?? 1, gaps };
}

function guaranteeOption(options: JsonValue): OutstandingGuarantee {
  const g = options !== null && typeof options === 'object' && !Array.isArray(options) ? (options as { readonly [k: string]: JsonValue }).guarantee : undefined;
  if (g === undefined) return 'exactly_once_v2';
  if (typeof g !== 'string' || !(OUTSTANDING_GUARANTEES as readonly string[]).includes(g)) throw new RangeError(`options.guarantee must be one of ${OUTSTANDING_GUARANTEES.join(', ')}`);
  return g as OutstandingGuarantee;
}

const BASE_INVARIANT =
  'after every record, outstanding-amount lists exactly the unpaid purchases, amountOutstanding = their Σ totalAmount ≥ 0, and after the drain {0, []} (SCENARIOS.md §1.4.3)';

/**
 * B9 `PaymentsOutstanding` over 1–6 generated orders and a fault schedule of the given kinds. With crash faults,
 * `options.guarantee` (default exactly_once_v2) is the processing guarantee the app runs under, the history also
 * draws `commitEvery` (1–4), and the outputs are compared with a crash-free run with the same guarantee and
 * commits (itself checked against the brute-force outstanding set). exactly_once_v2: equal to it, or, where a
 * restart may re-read a late payment before an earlier-appended purchase, the changes of that other order of
 * the same records, each once (bookstore-outstanding-crash.ts). at_least_once: it is contained (every value, in
 * order; repeats only from redelivery, at most commitEvery per crash). With rebalance faults the app runs as two
 * instances over two partitions and the group changes as the faults say (FAULT_KINDS); the reference is a
 * single-instance run with the same partitions, and the values must be the outstanding-set changes of some
 * interleaving of the (topic, partition) sequences, each record once (clean handovers under either guarantee,
 * crashes under exactly_once_v2), or contain the reference's as above (crashes under at_least_once).
 */
export function outstandingPaymentsSpec(options: JsonValue = { faults: [] }): InvariantSpec<OutstandingHistory> {
  const kinds = faultKindsOption(options);
  const crashes = kinds.includes('crash');
  const rebalances = kinds.includes('rebalance');
  const guarantee = guaranteeOption(options);
  const exactlyOnce =
    'the committed values are the outstanding-set changes of processing each record once (equal to a crash-free run\'s unless a redelivery may process a late payment before an earlier-appended purchase, as PartitionGroup picks the lowest timestamp)';
  const crashInvariant =
    guarantee === 'exactly_once_v2'
      ? `${BASE_INVARIANT}; across crashes under exactly_once_v2, ${exactlyOnce}`
      : 'at_least_once across crashes: every value of a crash-free run appears in order, other values only repeat one of them (≤ commitEvery per crash), amountOutstanding = Σ listed ≥ 0, the last value {0, []}';
  const rebalanceInvariant = `${BASE_INVARIANT}; as 2 instances over 2 partitions, compared with a single-instance run: across clean joins and leaves (either guarantee) ${exactlyOnce}${crashes ? `; with a crash among the changes: ${crashInvariant}` : ''}`;
  const invariant = rebalances ? rebalanceInvariant : !crashes ? BASE_INVARIANT : crashInvariant;
  const run = (h: OutstandingHistory): JsonValue => {
    const plan = crashPlan(h, guarantee);
    return plan === null ? runOutstanding(outstandingInputs(h)) : runOutstandingCrashing(outstandingInputs(h), plan);
  };
  const check = (h: OutstandingHistory, observed: JsonValue): string | null => {
    const inputs = outstandingInputs(h);
    const plan = crashPlan(h, guarantee);
    if (plan === null) return checkOutstanding(inputs, observed as unknown as Observed);
    // The reference: one instance, same guarantee, commits and partitions, no crash and no group change,
    // itself checked against the brute-force outstanding set. A clean handover commits before a task moves
    // (TaskManager#handleRevocation), so it is held to exactly-once's promise under either guarantee.
    const crashFree = runOutstandingCrashing(inputs, { guarantee: plan.guarantee, commitEvery: plan.commitEvery, gaps: [], ...(plan.partitions === undefined ? {} : { partitions: plan.partitions }) });
    const reference = checkCrashFree(inputs, crashFree);
    if (reference !== null) return reference;
    const values = observed as unknown as OutstandingValue[];
    const crashing = plan.rebalance === undefined || crashesAnything(h.faults);
    return plan.guarantee === 'exactly_once_v2' || !crashing ? checkExactlyOnce(inputs, crashFree, values, plan.partitions ?? 1) : checkAtLeastOnce(plan, crashFree, values);
  };
  return {
    name: BOOKSTORE_OUTSTANDING,
    topology: 'bookstore PaymentsOutstanding (B9)',
    invariant,
    options: crashes || rebalances ? { faults: kinds, guarantee } : { faults: kinds },
    history: fc.record({
      orders: fc.array(orderArb, { minLength: 1, maxLength: 6 }),
      faults: faultScheduleArb(kinds),
      ...(crashes || rebalances ? { commitEvery: fc.integer({ min: 1, max: 4 }) } : {}),
    }) as fc.Arbitrary<OutstandingHistory>,
    run,
    check,
    encode: (h) => ({
      orders: h.orders.map((o) => ({ ...o })),
      faults: h.faults.map((f) => ({ ...f })),
      ...(h.commitEvery === undefined ? {} : { commitEvery: h.commitEvery }),
    }),
    decode: (json) => json as unknown as OutstandingHistory,
    faults: (h): JsonValue =>
      h.faults.map((f): JsonValue =>
        f.kind === 'rebalance'
          ? { kind: f.kind, move: f.move ?? 'join', instance: f.instance ?? 0, afterProcessedRecords: f.at + 1, guarantee, commitEvery: h.commitEvery ?? 1 }
          : f.kind === 'crash'
            ? { kind: f.kind, afterProcessedRecords: f.at + 1, guarantee, commitEvery: h.commitEvery ?? 1 }
            : { kind: f.kind, order: purchaseId(f.at % h.orders.length) },
      ),
    table: (h) => inputTable(outstandingInputs(h)),
  };
}

function inputTable(inputs: readonly Input[]): HistoryTable {
  return {
    columns: ['#', 'topic', 'key', 'timestamp', 'value'],
    rows: inputs.map((r, i) => {
      const v = r.value as Partial<Purchase & Payment>;
      const text = r.topic === TOPIC_PURCHASE ? `${v.purchaseId} total=${v.totalAmount} packet=${v.packet}` : `pays ${v.referenceNumber} amount=${v.amount}`;
      const late = r.appendedLate;
      return [String(i + 1), r.topic, r.key, `${sinceT0(r.timestamp)}${late === undefined ? '' : ' (appended late)'}`, text];
    }),
  };
}
