/**
 * The bookstore generator against SCENARIOS.md §1.2 (volumes, catalog, shop loop, fulfilment chain, faults) and
 * the generator invariants of §1.4 (1, 2 and 8). Expected values come from the spec's text, never from the code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CITIES } from '../../../src/scenarios/bookstore/catalog.js';
import { BookstoreOptionsSchema, generateBookstore, type BookstoreRecord } from '../../../src/scenarios/bookstore/generator.js';
import type { Book, Customer, Interaction, Payment, Purchase, Shipping } from '../../../src/scenarios/bookstore/schemas.js';
import { BOOKSTORE_VALUE_SCHEMAS } from '../../../src/scenarios/bookstore/schemas.js';

const T0 = 1_704_067_200_000;
const defaults = generateBookstore({ seed: 7 });

const of = <V>(records: readonly BookstoreRecord[], topic: string): (BookstoreRecord & { value: V })[] =>
  records.filter((r) => r.topic === topic) as (BookstoreRecord & { value: V })[];
const interactions = (records: readonly BookstoreRecord[], event: Interaction['event']) =>
  of<Interaction>(records, 'interaction').filter((r) => r.value.event === event);
const orders = (records: readonly BookstoreRecord[]) => of<Purchase>(records, 'purchase').filter((r) => r.value.packet === null);

/** Position of each record in the broker's append order (the generator returns records in that order). */
function positions(records: readonly BookstoreRecord[]): Map<BookstoreRecord, number> {
  return new Map(records.map((r, i) => [r, i]));
}

describe('generateBookstore: determinism (§0.2)', () => {
  it('the same seed and options give byte-identical records', () => {
    expect(JSON.stringify(generateBookstore({ seed: 7 }))).toBe(JSON.stringify(defaults));
    const opts = { seed: 3, durationMs: 60_000, faults: { paymentFirst: { p: 0.3 }, delay: { p: 0.2, maxMs: 50 } } };
    expect(JSON.stringify(generateBookstore(opts))).toBe(JSON.stringify(generateBookstore(opts)));
  });

  it('another seed gives other records', () => {
    expect(JSON.stringify(generateBookstore({ seed: 8 }))).not.toBe(JSON.stringify(defaults));
  });

  it('records come in append order (appendAt, seq) and every value passes its topic schema', () => {
    for (let i = 1; i < defaults.length; i++) {
      const a = defaults[i - 1]!;
      const b = defaults[i]!;
      expect(a.appendAt < b.appendAt || (a.appendAt === b.appendAt && a.seq < b.seq)).toBe(true);
    }
    for (const r of defaults) expect(BOOKSTORE_VALUE_SCHEMAS[r.topic as keyof typeof BOOKSTORE_VALUE_SCHEMAS].safeParse(r.value).success).toBe(true);
  });
});

describe('generateBookstore: volumes per 10 min (§1.2)', () => {
  it('450 books and 100 customers at T0, then 1 200 views, about 600 carts and 120 orders', () => {
    expect(of(defaults, 'book')).toHaveLength(450);
    expect(of(defaults, 'customer')).toHaveLength(100);
    expect(interactions(defaults, 'view')).toHaveLength(1200);
    expect(interactions(defaults, 'cart').length).toBeGreaterThan(530);
    expect(interactions(defaults, 'cart').length).toBeLessThan(670);
    const n = orders(defaults).length;
    expect(n).toBeGreaterThan(80);
    expect(n).toBeLessThan(160);
    // each order: one order interaction, two purchase records, one payment, two shipping records
    expect(interactions(defaults, 'order')).toHaveLength(n);
    expect(of(defaults, 'purchase')).toHaveLength(2 * n);
    expect(of(defaults, 'payment')).toHaveLength(n);
    expect(of(defaults, 'shipping')).toHaveLength(2 * n);
  });

  it('every shop interaction is at T0 + 500·i with i = 1..1200, one view per iteration', () => {
    const views = interactions(defaults, 'view');
    expect(views.map((r) => r.timestamp)).toEqual(Array.from({ length: 1200 }, (_, i) => T0 + 500 * (i + 1)));
    for (const r of of<Interaction>(defaults, 'interaction')) expect((r.timestamp - T0) % 500).toBe(0);
  });

  it('chains drain past durationMs: some fulfilment records are later than T0 + 600 s', () => {
    expect(defaults.some((r) => r.timestamp > T0 + 600_000)).toBe(true);
    expect(of(defaults, 'interaction').every((r) => r.timestamp <= T0 + 600_000)).toBe(true);
  });
});

describe('generateBookstore: catalog and customers (§1.2)', () => {
  const books = of<Book>(defaults, 'book');
  const customers = of<Customer>(defaults, 'customer');

  it('books and customers come first, at T0, books before customers', () => {
    expect(defaults.slice(0, 450).every((r) => r.topic === 'book' && r.timestamp === T0)).toBe(true);
    expect(defaults.slice(450, 550).every((r) => r.topic === 'customer' && r.timestamp === T0)).toBe(true);
  });

  it('bookIds are unique, 12 alphanumerics, and the key', () => {
    expect(new Set(books.map((b) => b.value.bookId)).size).toBe(450);
    for (const b of books) {
      expect(b.value.bookId).toMatch(/^[A-Za-z0-9]{12}$/);
      expect(b.key).toBe(b.value.bookId);
    }
  });

  it('price is 50 × the title\'s first char code (p 0.69) or int(6,1100)·10', () => {
    let fallback = 0;
    for (const { value: b } of books) {
      if (b.price === 50 * b.title.charCodeAt(0)) fallback++;
      else {
        expect(b.price % 10).toBe(0);
        expect(b.price).toBeGreaterThanOrEqual(60);
        expect(b.price).toBeLessThanOrEqual(11_000);
      }
    }
    expect(fallback / 450).toBeGreaterThan(0.6);
    expect(fallback / 450).toBeLessThan(0.78);
  });

  it('categories follow the weights: null about .28, only the listed categories', () => {
    const listed = new Set([
      'Literary Criticism', 'Fiction', 'Authors, Austrian', 'Biography & Autobiography', 'German literature', 'History', 'Education',
      'Language Arts & Disciplines', 'Grotesque in literature', 'Kafka, Franz, 1883-1924', 'Foreign Language Study',
    ]);
    const nulls = books.filter((b) => b.value.categories === null).length;
    expect(nulls / 450).toBeGreaterThan(0.2);
    expect(nulls / 450).toBeLessThan(0.36);
    for (const b of books) if (b.value.categories !== null) expect(listed.has(b.value.categories)).toBe(true);
  });

  it('customers 1..100 keyed by String(customerId); city from the country\'s list; mostly FR', () => {
    expect(customers.map((c) => c.value.customerId)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    for (const c of customers) {
      expect(c.key).toBe(String(c.value.customerId));
      expect(CITIES[c.value.country]).toContain(c.value.city);
      expect(Number(c.value.number)).toBeGreaterThanOrEqual(1);
      expect(Number(c.value.number)).toBeLessThanOrEqual(200);
      expect(c.value.zip).toMatch(/^\d{5}$/);
    }
    const fr = customers.filter((c) => c.value.country === 'FR').length;
    expect(fr).toBeGreaterThan(65);
    expect(fr).toBeLessThan(90);
  });
});

/** Checks invariants 1 and 2 (§1.4) on one fault-free run. */
function checkOrderInvariants(records: readonly BookstoreRecord[]): void {
  const pos = positions(records);
  const books = new Map(of<Book>(records, 'book').map((r) => [r.value.bookId, r.value]));
  const emails = new Map(of<Customer>(records, 'customer').map((r) => [r.value.customerId, r.value.email]));
  const payments = of<Payment>(records, 'payment');
  const shipped = of<Purchase>(records, 'purchase').filter((r) => r.value.packet !== null);
  const shipping = of<Shipping>(records, 'shipping');
  const orderEvents = interactions(records, 'order');
  for (const p of orders(records)) {
    const id = p.value.purchaseId;
    const pay = payments.filter((r) => r.value.referenceNumber === id);
    expect(pay).toHaveLength(1); // invariant 1: exactly one payment per purchase
    const ship = shipped.filter((r) => r.value.purchaseId === id);
    expect(ship).toHaveLength(1);
    const packet = ship[0]!.value.packet!;
    const track = shipping.filter((r) => r.value.packet === packet);
    expect(track.map((r) => r.value.status)).toHaveLength(2);
    const [under, done] = track;
    expect(under!.value.status).toBe('underway');
    expect(['delivered', 'lost']).toContain(done!.value.status);
    // invariant 1: purchase (packet null) < payment < purchase (packet) < underway < delivered|lost, in append order
    const order = [p, pay[0]!, ship[0]!, under!, done!].map((r) => pos.get(r)!);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(5);
    // invariant 2: amount = totalAmount = Σ price(bookIds); bookIds non-empty; the order's book is the last one
    const ids = p.value.bookIds;
    expect(ids.length).toBeGreaterThan(0);
    expect(pay[0]!.value.amount).toBe(p.value.totalAmount);
    expect(p.value.totalAmount).toBe(ids.reduce((s, b) => s + books.get(b)!.price, 0));
    const orderEvent = orderEvents.filter((r) => r.timestamp === p.timestamp && r.value.customerEmail === emails.get(p.value.customerId));
    expect(orderEvent).toHaveLength(1);
    expect(orderEvent[0]!.value.id).toBe(ids[ids.length - 1]);
  }
}

describe('§1.4 invariants 1 and 2 (fault-free)', () => {
  it('hold on the default run', () => checkOrderInvariants(defaults));

  it('hold for any seed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 240 }), (seed, halfSeconds) => {
        checkOrderInvariants(generateBookstore({ seed, durationMs: halfSeconds * 500, books: 40, customers: 10 }));
      }),
      { numRuns: 12 },
    );
  });

  it('fulfilment delays are whole seconds, and about 44% of payments share their order\'s millisecond (§1.2)', () => {
    const pay = new Map(of<Payment>(defaults, 'payment').map((r) => [r.value.referenceNumber, r]));
    let same = 0;
    for (const p of orders(defaults)) {
      const d = pay.get(p.value.purchaseId)!.timestamp - p.timestamp;
      expect(d % 1000).toBe(0);
      expect(d).toBeGreaterThanOrEqual(0);
      if (d === 0) same++;
    }
    const share = same / orders(defaults).length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.58);
  });

  it('mean cart size at order time is about 5 (Geometric(0.2)) once carts are in steady state', () => {
    // Carts start empty and the default run gives each customer only ~6 cart adds, so short runs see smaller
    // carts (about 2.8 at the defaults); with 5 customers each one sees ~120 adds and the mean nears 5.
    const sizes = orders(generateBookstore({ seed: 7, customers: 5 })).map((p) => p.value.bookIds.length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(3.8);
    expect(mean).toBeLessThan(6.2);
  });

  it('about lostP = 0.2 of the packets are lost; lostP 0 loses none, 1 loses all', () => {
    const done = of<Shipping>(defaults, 'shipping').filter((r) => r.value.status !== 'underway');
    const lost = done.filter((r) => r.value.status === 'lost').length / done.length;
    expect(lost).toBeGreaterThan(0.1);
    expect(lost).toBeLessThan(0.3);
    const statuses = (lostP: number) => new Set(of<Shipping>(generateBookstore({ seed: 7, durationMs: 120_000, lostP }), 'shipping').map((r) => r.value.status));
    expect(statuses(0)).toEqual(new Set(['underway', 'delivered']));
    expect(statuses(1)).toEqual(new Set(['underway', 'lost']));
  });
});

describe('§1.4 invariant 8: a longer duration only adds records', () => {
  it('every record of a shorter run appears, identical and with its seq, in a longer run (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (seed, a, b) => {
        const short = generateBookstore({ seed, durationMs: Math.min(a, b) * 500 + 250, books: 30, customers: 5 });
        const long = generateBookstore({ seed, durationMs: Math.max(a, b) * 500 + 499, books: 30, customers: 5 });
        const bySeq = new Map(long.map((r) => [r.seq, r]));
        for (const r of short) expect(bySeq.get(r.seq)).toEqual(r);
      }),
      { numRuns: 10 },
    );
  });

  it('also with every fault switched on: fault draws follow seq, so a shorter run is still a prefix (property)', () => {
    const faults = {
      paymentFirst: { p: 0.3 }, unknownCustomer: { p: 0.3 }, unknownBook: { p: 0.3 },
      delay: { p: 0.2, maxMs: 3000 }, duplicate: { p: 0.1 }, drop: { p: 0.1 },
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (seed, a, b) => {
        const short = generateBookstore({ seed, durationMs: Math.min(a, b) * 500, books: 30, customers: 5, faults });
        const long = generateBookstore({ seed, durationMs: Math.max(a, b) * 500, books: 30, customers: 5, faults });
        const bySeq = new Map(long.map((r) => [r.seq, r]));
        for (const r of short) expect(bySeq.get(r.seq)).toEqual(r);
      }),
      { numRuns: 5 },
    );
  });
});

describe('faults (§0.4, §1.2)', () => {
  const base = generateBookstore({ seed: 11, durationMs: 300_000 });
  const withFault = (faults: object) => generateBookstore({ seed: 11, durationMs: 300_000, faults });
  const bySeq = (records: readonly BookstoreRecord[]) => new Map(records.map((r) => [r.seq, r]));

  it('are off by default: appendAt = timestamp, no unknown customer or book, each payment after its purchase', () => {
    const bookIds = new Set(of<Book>(base, 'book').map((r) => r.value.bookId));
    expect(base.every((r) => r.appendAt === r.timestamp)).toBe(true);
    expect(new Set(base.map((r) => r.seq)).size).toBe(base.length);
    expect(orders(base).every((r) => r.value.customerId >= 1)).toBe(true);
    expect(of<Interaction>(base, 'interaction').every((r) => bookIds.has(r.value.id))).toBe(true);
    checkOrderInvariants(base);
  });

  it('paymentFirst {p:1} moves every payment to tOrder − 1000·int(1,5), appended before its purchase; nothing else changes', () => {
    const faulty = withFault({ paymentFirst: { p: 1 } });
    const pos = positions(faulty);
    const purchases = new Map(orders(faulty).map((r) => [r.value.purchaseId, r]));
    for (const pay of of<Payment>(faulty, 'payment')) {
      const p = purchases.get(pay.value.referenceNumber)!;
      const early = p.timestamp - pay.timestamp;
      expect([1000, 2000, 3000, 4000, 5000]).toContain(early);
      expect(pay.value.timestamp).toBe(pay.timestamp);
      expect(pos.get(pay)!).toBeLessThan(pos.get(p)!);
    }
    const baseSeq = bySeq(base);
    for (const r of faulty) if (r.topic !== 'payment') expect(r).toEqual(baseSeq.get(r.seq));
    expect(faulty).toHaveLength(base.length);
  });

  it('unknownCustomer {p:1} gives every purchase customerId 0; nothing else changes', () => {
    const faulty = withFault({ unknownCustomer: { p: 1 } });
    expect(of<Purchase>(faulty, 'purchase').every((r) => r.value.customerId === 0)).toBe(true);
    const baseSeq = bySeq(base);
    for (const r of faulty) {
      const b = baseSeq.get(r.seq)!;
      expect(r.topic === 'purchase' ? { ...r, value: { ...(r.value as Purchase), customerId: (b.value as Purchase).customerId } } : r).toEqual(b);
    }
  });

  it('unknownBook {p:1} makes every view name a bookId not in book; carts and orders keep real books; draws elsewhere unshifted', () => {
    const faulty = withFault({ unknownBook: { p: 1 } });
    const bookIds = new Set(of<Book>(faulty, 'book').map((r) => r.value.bookId));
    expect(interactions(faulty, 'view').every((r) => !bookIds.has(r.value.id))).toBe(true);
    expect(interactions(faulty, 'cart').every((r) => bookIds.has(r.value.id))).toBe(true);
    const baseSeq = bySeq(base);
    for (const r of faulty) {
      const b = baseSeq.get(r.seq)!;
      if (r.topic === 'interaction' && (r.value as Interaction).event === 'view') expect({ ...(r.value as Interaction), id: (b.value as Interaction).id }).toEqual(b.value);
      else expect(r).toEqual(b);
    }
  });

  it('a fault with p 0.5 hits some orders, not all; switching it on never shifts the common faults', () => {
    const some = orders(withFault({ unknownCustomer: { p: 0.5 } })).filter((r) => r.value.customerId === 0).length;
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(orders(base).length);
    const common = { delay: { p: 0.3, maxMs: 2000, topics: ['interaction'] } };
    const delayed = (extra: object) => withFault({ ...common, ...extra }).filter((r) => r.topic === 'interaction' && r.value && (r.value as Interaction).event !== 'view');
    const a = delayed({});
    expect(a.some((r) => r.appendAt > r.timestamp)).toBe(true);
    expect(delayed({ paymentFirst: { p: 0.5 }, unknownCustomer: { p: 0.5 } })).toEqual(a);
  });

  it('common drop {p:1} on payment removes every payment', () => {
    const faulty = withFault({ drop: { p: 1, topics: ['payment'] } });
    expect(of(faulty, 'payment')).toHaveLength(0);
    expect(faulty).toHaveLength(base.length - of(base, 'payment').length);
  });
});

describe('BookstoreOptionsSchema', () => {
  it('accepts any subset of the options and the scenario faults', () => {
    expect(BookstoreOptionsSchema.parse({})).toEqual({});
    expect(BookstoreOptionsSchema.parse({ durationMs: 1000, faults: { paymentFirst: { p: 0.1 }, drop: { p: 0.2 } } })).toEqual({
      durationMs: 1000,
      faults: { paymentFirst: { p: 0.1 }, drop: { p: 0.2 } },
    });
  });

  it('rejects unknown keys and out-of-range values', () => {
    expect(BookstoreOptionsSchema.safeParse({ orders: 3 }).success).toBe(false);
    expect(BookstoreOptionsSchema.safeParse({ faults: { lateBook: { p: 1 } } }).success).toBe(false);
    expect(BookstoreOptionsSchema.safeParse({ lostP: 1.5 }).success).toBe(false);
    expect(BookstoreOptionsSchema.safeParse({ books: 0 }).success).toBe(false);
    expect(() => generateBookstore({ lostP: -1 })).toThrow(RangeError);
  });
});
