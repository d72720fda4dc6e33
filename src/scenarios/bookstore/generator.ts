import { z } from 'zod';
import {
  applyFaults,
  checkProbability,
  checkSkew,
  CommonFaultsSchema,
  RecordSequencer,
  SeededFakers,
  SkewedPicker,
  SkewSchema,
  T0,
  type CommonFaults,
  type GeneratedRecord,
} from '../common/index.js';
import { drawBooks, drawCustomers } from './catalog.js';
import { drawFulfilment } from './fulfilment.js';
import {
  TOPIC_BOOK,
  TOPIC_CUSTOMER,
  TOPIC_INTERACTION,
  TOPIC_PAYMENT,
  TOPIC_PURCHASE,
  TOPIC_SHIPPING,
  type Book,
  type Interaction,
  type Purchase,
} from './schemas.js';

/** Faker labels of the bookstore generator's components (SCENARIOS.md §1.2). */
export const BOOKSTORE_LABELS = {
  catalog: 'catalog',
  customers: 'customers',
  shop: 'shop',
  fulfil: 'fulfil',
} as const;

/**
 * Labels of the scenario faults. **Interpretation:** §1.2 names none; each fault draws from its own component, and
 * only when it is set, so switching one on never shifts the shop, fulfilment, common-fault or other faults' draws.
 */
export const BOOKSTORE_FAULT_LABELS = {
  paymentFirst: 'paymentFirst',
  unknownCustomer: 'unknownCustomer',
  unknownBook: 'unknownBook',
} as const;

/** One shop iteration every 500 ms (the original ran about two per second). */
export const SHOP_PERIOD_MS = 500;
/** P(cart | view) and P(order | cart) (§1.2). */
const CART_P = 0.5;
const ORDER_P = 0.2;

export interface ProbabilityFault {
  readonly p: number;
}

export interface BookstoreFaults extends CommonFaults {
  /** The order's payment arrives `int(1,5)` s before the order (the rest of its chain keeps its times). */
  readonly paymentFirst?: ProbabilityFault;
  /** The order's purchase records carry customerId 0, which no customer has. */
  readonly unknownCustomer?: ProbabilityFault;
  /** The iteration's view carries a bookId that is not in `book` (its other fields are the picked book's). */
  readonly unknownBook?: ProbabilityFault;
}

export interface BookstoreOptions {
  readonly seed: number;
  readonly startTime: number;
  readonly durationMs: number;
  readonly books: number;
  readonly customers: number;
  /** P(a shipped packet is lost). */
  readonly lostP: number;
  /**
   * Key-popularity skew (Zipf exponent, 0..10): each shop iteration's book and customer are picked with weight
   * 1/(i+1)^skew by catalog/customer index i, so the first books and customers become hot keys. 0 = uniform.
   */
  readonly skew: number;
  readonly faults: BookstoreFaults;
}

/** The §1.2 defaults (seed 1; every fault off). */
export const DEFAULT_BOOKSTORE_OPTIONS: BookstoreOptions = Object.freeze({
  seed: 1,
  startTime: T0,
  durationMs: 600_000,
  books: 450,
  customers: 100,
  lostP: 0.2,
  skew: 0,
  faults: Object.freeze({}),
});

const probability = z.number().min(0).max(1);
const pFault = z.strictObject({ p: probability }).optional();

/** zod schema of the options (for `--opt` parsing); every field optional, unknown keys rejected. */
export const BookstoreOptionsSchema = z.strictObject({
  seed: z.number().int().refine(Number.isSafeInteger, 'seed must be a safe integer').optional(),
  startTime: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  durationMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  books: z.number().int().min(1).max(1_000_000).optional(),
  customers: z.number().int().min(1).max(1_000_000).optional(),
  lostP: probability.optional(),
  skew: SkewSchema.optional(),
  faults: CommonFaultsSchema.extend({ paymentFirst: pFault, unknownCustomer: pFault, unknownBook: pFault }).optional(),
});

/** A bookstore record: keyed by entity id (book, customer), UUID (interaction, purchase, payment) or packet. */
export type BookstoreRecord = GeneratedRecord<string>;

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The defaults overlaid with the given options, checked. */
export function resolveBookstoreOptions(options: Partial<BookstoreOptions> = {}): BookstoreOptions {
  const o: BookstoreOptions = { ...DEFAULT_BOOKSTORE_OPTIONS, ...stripUndefined(options) };
  const ints: [string, number, number][] = [
    ['startTime', o.startTime, 0],
    ['durationMs', o.durationMs, 0],
    ['books', o.books, 1],
    ['customers', o.customers, 1],
  ];
  for (const [name, value, min] of ints) {
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`bookstore: ${name} must be an integer >= ${String(min)}, got ${String(value)}`);
  }
  checkProbability(o.lostP, 'bookstore: lostP');
  checkSkew(o.skew, 'bookstore');
  for (const name of ['paymentFirst', 'unknownCustomer', 'unknownBook'] as const) {
    const fault = o.faults[name];
    if (fault !== undefined) checkProbability(fault.p, `bookstore: ${name}`);
  }
  return o;
}

/**
 * The bookstore generator of SCENARIOS.md §1.2. Pure: the same options give byte-identical records.
 *
 * Components and their draws, each from its own seeded faker:
 * - `catalog`: the books (see {@link drawBooks}); records at startTime, in index order.
 * - `customers`: customers 1..n (see {@link drawCustomers}); records at startTime, after the books.
 * - `shop`: iteration i = 1..⌊durationMs/500⌋ at startTime + 500·i: pick(book), pick(customer) (both Zipf-weighted
 *   with one u() each when `skew` > 0), the view's UUID;
 *   bern(0.5) for a cart, then the cart's UUID; on a cart, bern(0.2) for an order, then the order interaction's
 *   UUID and the purchaseId.
 * - `fulfil`: per order, at order time, its whole chain (see {@link drawFulfilment}).
 * - fault labels (only when set): `unknownBook` per iteration bern(p) and, on a hit, a fresh bookId;
 *   `unknownCustomer` per order bern(p); `paymentFirst` per order bern(p) and, on a hit, int(1, 5).
 *
 * Every record of an order (purchase, payment, shipped purchase, underway, delivered|lost) is emitted when the
 * order is placed, so `seq` puts causes before effects within a millisecond, chains drain past durationMs, and a
 * longer duration only appends iterations: every record of a shorter run appears, with its seq, in a longer one
 * (invariant 8). Returns the records in append order (§0.4), after the common faults.
 */
export function generateBookstore(options: Partial<BookstoreOptions> = {}): BookstoreRecord[] {
  const o = resolveBookstoreOptions(options);
  const fakers = new SeededFakers(o.seed);
  const shop = fakers.get(BOOKSTORE_LABELS.shop);
  const skewed = new SkewedPicker(o.skew);
  const fulfil = fakers.get(BOOKSTORE_LABELS.fulfil);
  const { paymentFirst, unknownCustomer, unknownBook } = o.faults;
  const faultRnd = (name: keyof typeof BOOKSTORE_FAULT_LABELS, on: unknown) => (on === undefined ? undefined : fakers.get(BOOKSTORE_FAULT_LABELS[name]));
  const paymentFirstRnd = faultRnd('paymentFirst', paymentFirst);
  const unknownCustomerRnd = faultRnd('unknownCustomer', unknownCustomer);
  const unknownBookRnd = faultRnd('unknownBook', unknownBook);

  const seq = new RecordSequencer();
  const emit = (topic: string, key: string, value: unknown, timestamp: number): void => {
    seq.emit({ topic, key, value, timestamp });
  };

  const books = drawBooks(fakers.get(BOOKSTORE_LABELS.catalog), o.books);
  const customers = drawCustomers(fakers.get(BOOKSTORE_LABELS.customers), o.customers);
  for (const b of books) emit(TOPIC_BOOK, b.bookId, b, o.startTime);
  for (const c of customers) emit(TOPIC_CUSTOMER, String(c.customerId), c, o.startTime);
  const bookIds = new Set(books.map((b) => b.bookId));

  const interaction = (email: string, book: Book, event: Interaction['event'], id = book.bookId): Interaction => ({
    customerEmail: email,
    id,
    title: book.title,
    authors: book.authors,
    categories: book.categories,
    price: book.price,
    event,
  });

  // Carts persist across iterations; duplicates are allowed and kept in insertion order.
  const carts = new Map<number, Book[]>();
  const iterations = Math.floor(o.durationMs / SHOP_PERIOD_MS);
  for (let i = 1; i <= iterations; i++) {
    const t = o.startTime + SHOP_PERIOD_MS * i;
    const book = skewed.pick(shop, books);
    const customer = skewed.pick(shop, customers);
    let viewId = book.bookId;
    if (unknownBook !== undefined && unknownBookRnd !== undefined && unknownBookRnd.bern(unknownBook.p)) {
      do viewId = unknownBookRnd.faker.string.alphanumeric(12);
      while (bookIds.has(viewId));
    }
    emit(TOPIC_INTERACTION, shop.faker.string.uuid(), interaction(customer.email, book, 'view', viewId), t);
    if (!shop.bern(CART_P)) continue;

    const cart = carts.get(customer.customerId) ?? [];
    cart.push(book);
    carts.set(customer.customerId, cart);
    emit(TOPIC_INTERACTION, shop.faker.string.uuid(), interaction(customer.email, book, 'cart'), t);
    if (!shop.bern(ORDER_P)) continue;

    // Original bug fixed: a real `order` interaction, not a copy of the cart record.
    emit(TOPIC_INTERACTION, shop.faker.string.uuid(), interaction(customer.email, book, 'order'), t);
    const purchaseId = shop.faker.string.uuid();
    carts.delete(customer.customerId);
    const chain = drawFulfilment(fulfil, t, o.lostP);
    const customerId = unknownCustomer !== undefined && unknownCustomerRnd !== undefined && unknownCustomerRnd.bern(unknownCustomer.p) ? 0 : customer.customerId;
    let tPayment = chain.tPay;
    if (paymentFirst !== undefined && paymentFirstRnd !== undefined && paymentFirstRnd.bern(paymentFirst.p)) {
      tPayment = t - 1000 * paymentFirstRnd.int(1, 5);
    }

    const purchase: Purchase = {
      purchaseId,
      customerId,
      bookIds: cart.map((b) => b.bookId),
      packet: null,
      totalAmount: cart.reduce((sum, b) => sum + b.price, 0),
    };
    emit(TOPIC_PURCHASE, purchaseId, purchase, t);
    emit(TOPIC_PAYMENT, chain.transactionId, { transactionId: chain.transactionId, referenceNumber: purchaseId, timestamp: tPayment, amount: purchase.totalAmount }, tPayment);
    emit(TOPIC_PURCHASE, purchaseId, { ...purchase, packet: chain.packet }, chain.tShip);
    emit(TOPIC_SHIPPING, chain.packet, { packet: chain.packet, timestamp: chain.tUnder, status: 'underway' }, chain.tUnder);
    emit(TOPIC_SHIPPING, chain.packet, { packet: chain.packet, timestamp: chain.tDone, status: chain.lost ? 'lost' : 'delivered' }, chain.tDone);
  }

  return applyFaults(seq.records as readonly BookstoreRecord[], o.faults, o.seed);
}
