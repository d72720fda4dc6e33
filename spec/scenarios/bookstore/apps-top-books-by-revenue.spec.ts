import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOPIC_BOOK, TOPIC_PAYMENT, TOPIC_PURCHASE } from '../../../src/scenarios/bookstore/schemas.js';
import { TOP_BOOKS_OUTPUT, topBooksByRevenue, type TopBook } from '../../../src/scenarios/bookstore/top-books-by-revenue.js';
import { at, book, driveApp, payment, purchase, T0 } from './apps-fixtures.js';

function setup(partitions = 1) {
  const { pipe, read, driver } = driveApp(topBooksByRevenue, partitions);
  return { pipe, driver, read: () => read<TopBook[]>(TOP_BOOKS_OUTPUT) };
}

describe('bookstore TopBooksByRevenue (SCENARIOS.md §1.3 B8)', () => {
  it('Example B-f: one output when p1 becomes paid; the unpaid p2 adds nothing', () => {
    const { pipe, read } = setup();
    pipe(TOPIC_BOOK, 'b1', book('b1', 3750, 'Kafka', 'Reiner Stach'), T0);
    pipe(TOPIC_BOOK, 'b2', book('b2', 1100, 'Der Process', null), T0);
    pipe(TOPIC_PURCHASE, 'p1', purchase('p1', 8600, ['b1', 'b1', 'b2']), at(10));
    pipe(TOPIC_PAYMENT, 't1', payment('p1', 8600), at(12));
    pipe(TOPIC_PURCHASE, 'p2', purchase('p2', 1100, ['b2']), at(13));
    expect(read()).toEqual([
      {
        key: 'top5',
        value: [
          { rank: 1, bookId: 'b1', title: 'Kafka', authors: 'Reiner Stach', revenue: 7500, paidOrders: 1 },
          { rank: 2, bookId: 'b2', title: 'Der Process', authors: null, revenue: 1100, paidOrders: 1 },
        ],
        timestamp: at(12),
      },
    ]);
  });

  it('Example B-f with the payment first and 3 partitions: the same list, at the purchase', () => {
    const { pipe, read } = setup(3);
    pipe(TOPIC_BOOK, 'b1', book('b1', 3750, 'Kafka'), T0);
    pipe(TOPIC_BOOK, 'b2', book('b2', 1100), T0);
    pipe(TOPIC_PAYMENT, 't1', payment('p1', 8600), at(9));
    pipe(TOPIC_PURCHASE, 'p1', purchase('p1', 8600, ['b1', 'b1', 'b2']), at(10));
    const out = read();
    expect(out.map((r) => [r.key, r.timestamp])).toEqual([['top5', at(10)]]);
    expect(out[0]!.value.map((b) => [b.rank, b.bookId, b.revenue, b.paidOrders])).toEqual([
      [1, 'b1', 7500, 1],
      [2, 'b2', 1100, 1],
    ]);
  });

  it("uses the book's price at the moment the order becomes paid, not at purchase time", () => {
    const { pipe, read } = setup();
    pipe(TOPIC_BOOK, 'b1', book('b1', 1000), T0);
    pipe(TOPIC_PURCHASE, 'p1', purchase('p1', 1000, ['b1']), at(1));
    pipe(TOPIC_BOOK, 'b1', book('b1', 2500), at(2));
    pipe(TOPIC_PAYMENT, 't1', payment('p1', 1000), at(3));
    expect(read().map((r) => r.value[0]!.revenue)).toEqual([2500]);
  });

  it('keeps 5 entries, revenue descending then bookId ascending; emits only when the array changes', () => {
    const { pipe, read } = setup();
    for (const id of ['b1', 'b2', 'b3', 'b4', 'b5', 'b6']) pipe(TOPIC_BOOK, id, book(id, 100), T0);
    pipe(TOPIC_PURCHASE, 'p1', purchase('p1', 600, ['b6', 'b5', 'b4', 'b3', 'b2', 'b1']), at(1));
    pipe(TOPIC_PAYMENT, 't1', payment('p1'), at(2));
    pipe(TOPIC_PAYMENT, 't1', payment('p1'), at(3)); // duplicate payment: no change, no output
    pipe(TOPIC_PURCHASE, 'p2', purchase('p2', 100, ['b6']), at(4));
    pipe(TOPIC_PAYMENT, 't2', payment('p2'), at(5));
    const out = read();
    expect(out.map((r) => r.timestamp)).toEqual([at(2), at(5)]);
    expect(out[0]!.value.map((b) => b.bookId)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(out[1]!.value.map((b) => [b.rank, b.bookId, b.revenue, b.paidOrders])).toEqual([
      [1, 'b6', 200, 2],
      [2, 'b1', 100, 1],
      [3, 'b2', 100, 1],
      [4, 'b3', 100, 1],
      [5, 'b4', 100, 1],
    ]);
  });

  it('a paid order whose top 5 does not change emits nothing; the shipped re-send is not a new order', () => {
    const { pipe, read } = setup();
    for (const id of ['b1', 'b2', 'b3', 'b4', 'b5', 'b6']) pipe(TOPIC_BOOK, id, book(id, id === 'b6' ? 10 : 1000), T0);
    pipe(TOPIC_PURCHASE, 'p1', purchase('p1', 5000, ['b1', 'b2', 'b3', 'b4', 'b5']), at(1));
    pipe(TOPIC_PAYMENT, 't1', payment('p1'), at(2));
    pipe(TOPIC_PURCHASE, 'p1', purchase('p1', 5000, ['b1', 'b2', 'b3', 'b4', 'b5'], 'PACKET0001'), at(3));
    pipe(TOPIC_PURCHASE, 'p2', purchase('p2', 10, ['b6']), at(4));
    pipe(TOPIC_PAYMENT, 't2', payment('p2'), at(5)); // b6 (10) stays out of the top 5
    expect(read().map((r) => r.timestamp)).toEqual([at(2)]);
  });

  it('a book missing from `book` adds nothing and is counted as dropped', () => {
    const { pipe, read, driver } = setup();
    pipe(TOPIC_BOOK, 'b1', book('b1', 300), T0);
    pipe(TOPIC_PURCHASE, 'p1', purchase('p1', 300, ['b1', 'ghost']), at(1));
    pipe(TOPIC_PAYMENT, 't1', payment('p1'), at(2));
    expect(read().map((r) => r.value.map((b) => [b.bookId, b.revenue]))).toEqual([[['b1', 300]]]);
    expect(driver.droppedRecordReasons().some((d) => d.reason.includes("'ghost'"))).toBe(true);
  });
});

// ---- Invariant 7, against a brute-force reference ----

const bookIds = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'];
type Ev = { kind: 'purchase'; id: string; books: string[]; shipped: boolean } | { kind: 'payment'; id: string };
const orderIds = ['o0', 'o1', 'o2', 'o3', 'o4', 'o5'];
const evArb: fc.Arbitrary<Ev> = fc.oneof(
  fc.record({
    kind: fc.constant('purchase' as const),
    id: fc.constantFrom(...orderIds),
    books: fc.array(fc.constantFrom(...bookIds), { minLength: 1, maxLength: 5 }),
    shipped: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('payment' as const), id: fc.constantFrom(...orderIds) }),
);

/** B8 over a history prefix, by definition: paid orders (first packet-null purchase + any payment), Σ price × multiplicity. */
function referenceTop(prices: ReadonlyMap<string, number>, prefix: readonly Ev[]) {
  const paid = new Set(prefix.filter((e) => e.kind === 'payment').map((e) => e.id));
  const orders = new Map<string, string[]>();
  for (const e of prefix) if (e.kind === 'purchase' && !e.shipped && !orders.has(e.id)) orders.set(e.id, e.books);
  const revenue = new Map<string, { revenue: number; paidOrders: number }>();
  for (const [id, books] of orders) {
    if (!paid.has(id)) continue;
    for (const b of new Set(books)) {
      const multiplicity = books.filter((x) => x === b).length;
      const old = revenue.get(b) ?? { revenue: 0, paidOrders: 0 };
      revenue.set(b, { revenue: old.revenue + prices.get(b)! * multiplicity, paidOrders: old.paidOrders + 1 });
    }
  }
  return [...revenue.entries()]
    .map(([bookId, r]) => ({ bookId, ...r }))
    .sort((a, b) => b.revenue - a.revenue || (a.bookId < b.bookId ? -1 : 1))
    .slice(0, 5)
    .map((r, i) => ({ rank: i + 1, bookId: r.bookId, title: `Title of ${r.bookId}`, authors: null, revenue: r.revenue, paidOrders: r.paidOrders }));
}

describe('bookstore B8 invariant 7 (SCENARIOS.md §1.4): revenue = Σ price × multiplicity over paid orders, sorted, ≤ 5', () => {
  it('matches the definition after every record, for random orders and payments in any order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(100, 250, 1100), { minLength: bookIds.length, maxLength: bookIds.length }),
        fc.array(evArb, { maxLength: 30 }),
        fc.constantFrom(1, 2),
        (priceList, events, partitions) => {
          const prices = new Map(bookIds.map((b, i) => [b, priceList[i]!]));
          const { pipe, read } = setup(partitions);
          for (const b of bookIds) pipe(TOPIC_BOOK, b, book(b, prices.get(b)!), T0);
          let last = JSON.stringify([]);
          events.forEach((e, i) => {
            const ts = at(i + 1);
            if (e.kind === 'purchase') pipe(TOPIC_PURCHASE, e.id, purchase(e.id, 0, e.books, e.shipped ? 'PACKET0001' : null), ts);
            else pipe(TOPIC_PAYMENT, `t${i}`, payment(e.id), ts);
            const expected = referenceTop(prices, events.slice(0, i + 1));
            const changed = JSON.stringify(expected) !== last;
            last = JSON.stringify(expected);
            // Emitted exactly when the reference list changes, with that list, at this record's timestamp.
            const out = read();
            expect(out).toEqual(changed ? [{ key: 'top5', value: expected, timestamp: ts }] : []);
            // The same invariants checked on the app's own output: ≤ 5, sorted, only books of paid orders.
            const paidBooks = new Set(
              events
                .slice(0, i + 1)
                .filter((x) => x.kind === 'purchase' && !x.shipped && events.slice(0, i + 1).some((y) => y.kind === 'payment' && y.id === x.id))
                .flatMap((x) => (x.kind === 'purchase' ? x.books : [])),
            );
            for (const o of out) {
              expect(o.value.length).toBeLessThanOrEqual(5);
              o.value.forEach((b, k) => {
                expect(b.rank).toBe(k + 1);
                expect(paidBooks.has(b.bookId)).toBe(true);
                const next = o.value[k + 1];
                if (next) expect(b.revenue > next.revenue || (b.revenue === next.revenue && b.bookId < next.bookId)).toBe(true);
              });
            }
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
