import { describe, expect, it } from 'vitest';
import { bookstoreScenario } from '../../../src/scenarios/bookstore/scenario.js';
import { OUTSTANDING_OUTPUT, type OutstandingAmount } from '../../../src/scenarios/bookstore/payments-outstanding.js';
import { SHIPPING_TIMES_OUTPUT, type ShippingTimes } from '../../../src/scenarios/bookstore/shipment-time.js';
import { TOP_BOOKS_OUTPUT, type TopBook } from '../../../src/scenarios/bookstore/top-books-by-revenue.js';
import {
  TOPIC_BOOK,
  TOPIC_PAYMENT,
  TOPIC_PURCHASE,
  TOPIC_SHIPPING,
  type Book,
  type Payment,
  type Purchase,
  type Shipping,
} from '../../../src/scenarios/bookstore/schemas.js';
import { runScenario } from '../../../src/scenarios/common/run-scenario.js';

/**
 * The three apps on generated bookstore data (one or two simulated minutes), checked against references computed from
 * the generated input itself: invariants 3, 4 and 7 of SCENARIOS.md §1.4 at scenario scale.
 */
function runOn(options: Parameters<typeof bookstoreScenario.generate>[0], partitions = 1) {
  const input = bookstoreScenario.generate(options);
  const result = runScenario(bookstoreScenario, { seed: options.seed!, options, input, partitions });
  const values = <V>(topic: string) => (result.outputs.get(topic) ?? []).map((r) => r.value as V);
  return { input, values };
}

const of = <V>(input: readonly { topic: string; value: unknown }[], topic: string) => input.filter((r) => r.topic === topic).map((r) => r.value as V);

describe('bookstore apps on generated data (SCENARIOS.md §1.4 invariants 3, 4, 7)', () => {
  it('seed 1, no faults: outstanding ends at {0, []} (nf), shipping counts and top 5 match the inputs', () => {
    const { input, values } = runOn({ seed: 1, durationMs: 120_000 }, 2);

    const outstanding = values<OutstandingAmount>(OUTSTANDING_OUTPUT);
    expect(outstanding.length).toBeGreaterThan(0);
    for (const v of outstanding) expect(v.amountOutstanding).toBeGreaterThanOrEqual(0);
    expect(outstanding.at(-1)).toEqual({ amountOutstanding: 0, outstandingPaymentPurchases: [] });

    // Invariant 4: delivered packets with an underway at most 5 min earlier; lost ones never count.
    const shipping = of<Shipping>(input, TOPIC_SHIPPING);
    const underway = new Map(shipping.filter((s) => s.status === 'underway').map((s) => [s.packet, s.timestamp]));
    const deltas = shipping
      .filter((s) => s.status === 'delivered' && underway.has(s.packet))
      .map((s) => s.timestamp - underway.get(s.packet)!)
      .filter((d) => d >= 0 && d <= 300_000);
    const times = values<ShippingTimes>(SHIPPING_TIMES_OUTPUT);
    expect(shipping.some((s) => s.status === 'lost')).toBe(true);
    expect(times.at(-1)!.count).toBe(deltas.length);
    expect(times.at(-1)!.timeToDeliver).toBe(deltas.reduce((a, b) => a + b, 0));

    // Invariant 7: Σ price × multiplicity over paid orders, sorted, at most 5.
    const price = new Map(of<Book>(input, TOPIC_BOOK).map((b) => [b.bookId, b.price]));
    const paid = new Set(of<Payment>(input, TOPIC_PAYMENT).map((p) => p.referenceNumber));
    const revenue = new Map<string, number>();
    for (const p of of<Purchase>(input, TOPIC_PURCHASE)) {
      if (p.packet !== null || !paid.has(p.purchaseId)) continue;
      for (const b of p.bookIds) revenue.set(b, (revenue.get(b) ?? 0) + price.get(b)!);
    }
    const expectedTop = [...revenue.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map(([bookId, r]) => [bookId, r]);
    const top = values<TopBook[]>(TOP_BOOKS_OUTPUT);
    expect(top.at(-1)!.map((b) => [b.bookId, b.revenue])).toEqual(expectedTop);
  });

  it('seed 2 with paymentFirst and duplicates: the outstanding total is never negative and always Σ of the list', () => {
    const { values } = runOn({ seed: 2, durationMs: 60_000, faults: { paymentFirst: { p: 0.5 }, duplicate: { p: 0.2 } } });
    const outstanding = values<OutstandingAmount>(OUTSTANDING_OUTPUT);
    expect(outstanding.length).toBeGreaterThan(0);
    for (const v of outstanding) {
      expect(v.amountOutstanding).toBeGreaterThanOrEqual(0);
      expect(v.amountOutstanding).toBe(v.outstandingPaymentPurchases.reduce((s, p) => s + p.totalAmount, 0));
    }
    // Every order is eventually paid (nothing dropped), so the value still ends at {0, []}.
    expect(outstanding.at(-1)).toEqual({ amountOutstanding: 0, outstandingPaymentPurchases: [] });
  });
});
