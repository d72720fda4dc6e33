import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OUTSTANDING_OUTPUT,
  paymentsOutstanding,
  type OutstandingAmount,
  type OutstandingPurchase,
} from '../../../src/scenarios/bookstore/payments-outstanding.js';
import { TOPIC_PAYMENT, TOPIC_PURCHASE, type Payment, type Purchase } from '../../../src/scenarios/bookstore/schemas.js';
import { at, driveApp, payment, purchase } from './apps-fixtures.js';

const outstanding = (p: Purchase, timestamp: number): OutstandingPurchase => ({ ...p, timestamp });

describe('bookstore PaymentsOutstanding (SCENARIOS.md §1.3 B9)', () => {
  it('Example B-d: emits the three changes and nothing else', () => {
    const { pipe, read } = driveApp(paymentsOutstanding);
    const A = purchase('A', 1500);
    const B = purchase('B', 2000);
    pipe(TOPIC_PURCHASE, 'A', A, at(10));
    pipe(TOPIC_PURCHASE, 'B', B, at(11));
    pipe(TOPIC_PAYMENT, 'tA', payment('A', 1500), at(15));
    pipe(TOPIC_PAYMENT, 'tC', payment('C', 900), at(16));
    pipe(TOPIC_PURCHASE, 'C', purchase('C', 900), at(18));
    pipe(TOPIC_PURCHASE, 'A', purchase('A', 1500, ['bx'], 'AB12CD34EF'), at(20));
    expect(read<OutstandingAmount>(OUTSTANDING_OUTPUT)).toEqual([
      { key: 'fixed', value: { amountOutstanding: 1500, outstandingPaymentPurchases: [outstanding(A, at(10))] }, timestamp: at(10) },
      { key: 'fixed', value: { amountOutstanding: 3500, outstandingPaymentPurchases: [outstanding(A, at(10)), outstanding(B, at(11))] }, timestamp: at(11) },
      { key: 'fixed', value: { amountOutstanding: 2000, outstandingPaymentPurchases: [outstanding(B, at(11))] }, timestamp: at(15) },
    ]);
  });

  it('Example B-d gives the same outputs with 3 partitions (inputs gathered on key "fixed")', () => {
    const run = (partitions: number) => {
      const { pipe, read } = driveApp(paymentsOutstanding, partitions);
      pipe(TOPIC_PURCHASE, 'A', purchase('A', 1500), at(10));
      pipe(TOPIC_PURCHASE, 'B', purchase('B', 2000), at(11));
      pipe(TOPIC_PAYMENT, 'tA', payment('A', 1500), at(15));
      pipe(TOPIC_PAYMENT, 'tC', payment('C', 900), at(16));
      pipe(TOPIC_PURCHASE, 'C', purchase('C', 900), at(18));
      return read<OutstandingAmount>(OUTSTANDING_OUTPUT);
    };
    const three = run(3);
    expect(three.map((r) => r.value.amountOutstanding)).toEqual([1500, 3500, 2000]);
    expect(three).toEqual(run(1));
  });

  it('original bug: a payment processed before its purchase never drives the total negative (original: -amount)', () => {
    const { pipe, read } = driveApp(paymentsOutstanding);
    pipe(TOPIC_PAYMENT, 't1', payment('P1', 4000), at(1));
    pipe(TOPIC_PURCHASE, 'P2', purchase('P2', 700), at(2));
    pipe(TOPIC_PURCHASE, 'P1', purchase('P1', 4000), at(3));
    const P2 = purchase('P2', 700);
    // Only P2 ever becomes outstanding; the original would have emitted -4000 first, then -3300, then 700.
    expect(read<OutstandingAmount>(OUTSTANDING_OUTPUT)).toEqual([
      { key: 'fixed', value: { amountOutstanding: 700, outstandingPaymentPurchases: [outstanding(P2, at(2))] }, timestamp: at(2) },
    ]);
  });

  it('original bug: a payment more than 5 min late still settles its purchase (original: outstanding forever)', () => {
    const { pipe, read } = driveApp(paymentsOutstanding);
    const P = purchase('P', 2500);
    pipe(TOPIC_PURCHASE, 'P', P, at(0));
    pipe(TOPIC_PAYMENT, 'tP', payment('P', 2500), at(0) + 5 * 60_000 + 1);
    expect(read<OutstandingAmount>(OUTSTANDING_OUTPUT)).toEqual([
      { key: 'fixed', value: { amountOutstanding: 2500, outstandingPaymentPurchases: [outstanding(P, at(0))] }, timestamp: at(0) },
      { key: 'fixed', value: { amountOutstanding: 0, outstandingPaymentPurchases: [] }, timestamp: at(300.001) },
    ]);
  });

  it('a payment settles the whole purchase whatever its amount; duplicates emit nothing', () => {
    const { pipe, read } = driveApp(paymentsOutstanding);
    const P = purchase('P', 2500);
    pipe(TOPIC_PURCHASE, 'P', P, at(1));
    pipe(TOPIC_PURCHASE, 'P', P, at(1)); // duplicate purchase
    pipe(TOPIC_PAYMENT, 'tP', payment('P', 1), at(2)); // underpaid: still settles
    pipe(TOPIC_PAYMENT, 'tP', payment('P', 1), at(3)); // duplicate payment
    expect(read<OutstandingAmount>(OUTSTANDING_OUTPUT).map((r) => [r.value.amountOutstanding, r.timestamp])).toEqual([
      [2500, at(1)],
      [0, at(2)],
    ]);
  });

  it('orders the list by (record timestamp, purchaseId), not by arrival', () => {
    const { pipe, read } = driveApp(paymentsOutstanding);
    pipe(TOPIC_PURCHASE, 'Z', purchase('Z', 1), at(5));
    pipe(TOPIC_PURCHASE, 'Y', purchase('Y', 2), at(5));
    pipe(TOPIC_PURCHASE, 'X', purchase('X', 3), at(4)); // late record
    const last = read<OutstandingAmount>(OUTSTANDING_OUTPUT).at(-1)!;
    expect(last.value.outstandingPaymentPurchases.map((p) => p.purchaseId)).toEqual(['X', 'Y', 'Z']);
    expect(last.value.amountOutstanding).toBe(6);
    expect(last.timestamp).toBe(at(4));
  });
});

// ---- Invariant 3, against a brute-force reference ----

type Event = { kind: 'purchase'; id: string; total: number; shipped: boolean; ts: number } | { kind: 'payment'; id: string; ts: number };

const ids = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant('purchase' as const), id: fc.constantFrom(...ids), total: fc.integer({ min: 0, max: 50_000 }), shipped: fc.boolean(), ts: fc.integer({ min: 0, max: 600_000 }) }),
  fc.record({ kind: fc.constant('payment' as const), id: fc.constantFrom(...ids), ts: fc.integer({ min: 0, max: 600_000 }) }),
);

const toPurchase = (e: Extract<Event, { kind: 'purchase' }>): Purchase => purchase(e.id, e.total, ['bx'], e.shipped ? 'PACKET0001' : null);
const toPayment = (e: Extract<Event, { kind: 'payment' }>): Payment => payment(e.id, 123);

/** Recomputes B9 from scratch over each prefix of the history; an output wherever the value differs. */
function reference(events: readonly Event[]) {
  const outputs: { key: string; value: OutstandingAmount; timestamp: number }[] = [];
  let last = JSON.stringify({ amountOutstanding: 0, outstandingPaymentPurchases: [] });
  events.forEach((e, i) => {
    const prefix = events.slice(0, i + 1);
    const paid = new Set(prefix.filter((x) => x.kind === 'payment').map((x) => x.id));
    const firstPurchase = new Map<string, Extract<Event, { kind: 'purchase' }>>();
    for (const x of prefix) if (x.kind === 'purchase' && !x.shipped && !firstPurchase.has(x.id)) firstPurchase.set(x.id, x);
    const list = [...firstPurchase.values()]
      .filter((x) => !paid.has(x.id))
      .map((x) => ({ ...toPurchase(x), timestamp: at(x.ts / 1000) }))
      .sort((a, b) => (a.timestamp !== b.timestamp ? a.timestamp - b.timestamp : a.purchaseId < b.purchaseId ? -1 : 1));
    let sum = 0;
    for (const p of list) sum += p.totalAmount;
    const value = { amountOutstanding: sum, outstandingPaymentPurchases: list };
    if (JSON.stringify(value) !== last) outputs.push({ key: 'fixed', value, timestamp: at(e.ts / 1000) });
    last = JSON.stringify(value);
  });
  return outputs;
}

function run(events: readonly Event[], partitions: number) {
  const { pipe, read } = driveApp(paymentsOutstanding, partitions);
  const out: ReturnType<typeof read<OutstandingAmount>>[] = [];
  for (const e of events) {
    if (e.kind === 'purchase') pipe(TOPIC_PURCHASE, e.id, toPurchase(e), at(e.ts / 1000));
    else pipe(TOPIC_PAYMENT, `t-${e.id}`, toPayment(e), at(e.ts / 1000));
    out.push(read<OutstandingAmount>(OUTSTANDING_OUTPUT));
  }
  return out;
}

describe('bookstore B9 invariant 3 (SCENARIOS.md §1.4): amountOutstanding = Σ outstanding ≥ 0, only unpaid listed', () => {
  it('matches a brute-force recomputation after every record, for random histories (payments often first)', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.constantFrom(1, 3), (events, partitions) => {
        const perRecord = run(events, partitions);
        expect(perRecord.flat()).toEqual(reference(events));
        const paidSoFar = new Set<string>();
        events.forEach((e, i) => {
          if (e.kind === 'payment') paidSoFar.add(e.id);
          for (const o of perRecord[i]!) {
            expect(o.value.amountOutstanding).toBeGreaterThanOrEqual(0);
            expect(o.value.amountOutstanding).toBe(o.value.outstandingPaymentPurchases.reduce((s, p) => s + p.totalAmount, 0));
            for (const p of o.value.outstandingPaymentPurchases) expect(paidSoFar.has(p.purchaseId)).toBe(false);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('with every payment first, nothing is ever outstanding and nothing is emitted', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1 }), fc.integer({ min: 1, max: 100_000 }), (paidIds, total) => {
        const events: Event[] = [
          ...paidIds.map((id, i): Event => ({ kind: 'payment', id, ts: i })),
          ...paidIds.map((id, i): Event => ({ kind: 'purchase', id, total, shipped: false, ts: 100 + i })),
        ];
        expect(run(events, 1).flat()).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});
