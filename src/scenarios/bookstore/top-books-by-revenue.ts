import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { KeyValueStore } from '../../sim/stores/key-value-store.js';
import { Materialized, type StreamsBuilder, type ValueAndTimestamp } from '../../streams/index.js';
import { addKeyValueStore } from '../common/index.js';
import { toSingleKey } from './apps-common.js';
import { TOPIC_BOOK, TOPIC_PAYMENT, TOPIC_PURCHASE, type Book, type Payment, type Purchase } from './schemas.js';

/** Output topic of the TopBooksByRevenue app (SCENARIOS.md §1.3 B8). */
export const TOP_BOOKS_OUTPUT = 'top5-books-by-revenue';
/** The one key every B8 output carries. */
export const TOP_BOOKS_KEY = 'top5';
export const TOP_BOOKS_SIZE = 5;

/** One entry of the B8 list. */
export interface TopBook {
  /** 1-based position in the list. */
  readonly rank: number;
  readonly bookId: string;
  /** Title and authors of the book as they were at its latest paid order. */
  readonly title: string;
  readonly authors: string | null;
  /** Σ over paid orders of the book's price (at the moment each order became paid) × its multiplicity there. */
  readonly revenue: number;
  /** The number of paid orders that contained the book (an order with the book twice counts once). */
  readonly paidOrders: number;
}

/** Per purchaseId: the packet-null purchase's bookIds once seen, and whether a payment referencing it was seen. */
interface OrderState {
  readonly bookIds: readonly string[] | null;
  readonly paid: boolean;
}

/** Per bookId, the running totals that `TopBook` lists. */
interface BookRevenue {
  readonly title: string;
  readonly authors: string | null;
  readonly revenue: number;
  readonly paidOrders: number;
}

type B8Input = { readonly kind: 'purchase'; readonly purchase: Purchase | null } | { readonly kind: 'payment'; readonly payment: Payment | null };

const BOOKS_STORE = 'top-books-book';
const ORDERS_STORE = 'top-books-orders';
const REVENUE_STORE = 'top-books-revenue';
const EMITTED_STORE = 'top-books-emitted';

/**
 * The TopBooksByRevenue app (SCENARIOS.md §1.3 B8), the seed's "join with payments to exclude unpaid orders +
 * join with book to get author name":
 * - An order is paid once both its packet-null purchase and a payment with `referenceNumber == purchaseId` have
 *   been processed, in either order, with no time limit (the same state as B9). Only then does it count.
 * - At that moment each element of `bookIds` adds the book's current `price` from `book` (a GlobalKTable, so every
 *   task sees every book); duplicates count each time. Decision: a bookId missing from `book` then adds nothing
 *   (counted as a dropped record) and is not listed.
 * - Key "top5", value the ≤5 books with most revenue, revenue descending then bookId ascending (code-unit order).
 *   Cumulative, not windowed. Emitted, with the triggering record's timestamp, only when the array changes; only
 *   a newly paid order can change it (book updates reach the list at the book's next paid order).
 * - Partitions > 1: purchases and payments are re-keyed to "top5" and repartitioned, so one task sees all orders.
 */
export function topBooksByRevenue(builder: StreamsBuilder): void {
  builder.globalTable<string, Book>(TOPIC_BOOK, {}, Materialized.as(BOOKS_STORE));
  addKeyValueStore(builder, ORDERS_STORE);
  addKeyValueStore(builder, REVENUE_STORE);
  addKeyValueStore(builder, EMITTED_STORE);
  const purchases = builder.stream<string, Purchase | null>(TOPIC_PURCHASE).mapValues((purchase): B8Input => ({ kind: 'purchase', purchase }));
  const payments = builder.stream<string, Payment | null>(TOPIC_PAYMENT).mapValues((payment): B8Input => ({ kind: 'payment', payment }));
  toSingleKey(purchases.merge(payments), TOP_BOOKS_KEY, 'top-books-single-key')
    .process(topBooksProcessor, ORDERS_STORE, REVENUE_STORE, EMITTED_STORE)
    .to(TOP_BOOKS_OUTPUT);
}

function compareTopBooks(a: { bookId: string; revenue: number }, b: { bookId: string; revenue: number }): number {
  if (a.revenue !== b.revenue) return b.revenue - a.revenue;
  return a.bookId < b.bookId ? -1 : a.bookId > b.bookId ? 1 : 0;
}

function topBooksProcessor(): Processor<string, B8Input, string, TopBook[]> {
  let ctx!: ProcessorContext<string, TopBook[]>;
  let books!: KeyValueStore<string, ValueAndTimestamp<Book>>;
  let orders!: KeyValueStore<string, OrderState>;
  let revenues!: KeyValueStore<string, BookRevenue>;
  let emitted!: KeyValueStore<string, TopBook[]>;

  /** Adds a newly paid order's books to their revenue. */
  const settle = (bookIds: readonly string[]): void => {
    const seen = new Set<string>();
    for (const bookId of bookIds) {
      const book = books.get(bookId)?.value;
      if (book === undefined) {
        ctx.recordDropped(`paid order lists book '${bookId}', which is not in '${TOPIC_BOOK}'`);
        continue;
      }
      const old = revenues.get(bookId);
      const firstInOrder = !seen.has(bookId);
      seen.add(bookId);
      revenues.put(bookId, {
        title: book.title,
        authors: book.authors,
        revenue: (old?.revenue ?? 0) + book.price,
        paidOrders: (old?.paidOrders ?? 0) + (firstInOrder ? 1 : 0),
      });
    }
  };

  const emitIfChanged = (timestamp: number): void => {
    const top = revenues
      .all()
      .map((kv) => ({ bookId: kv.key, ...kv.value }))
      .sort(compareTopBooks)
      .slice(0, TOP_BOOKS_SIZE)
      .map((b, i): TopBook => ({ rank: i + 1, bookId: b.bookId, title: b.title, authors: b.authors, revenue: b.revenue, paidOrders: b.paidOrders }));
    const last = emitted.get(TOP_BOOKS_KEY);
    if (last !== null && JSON.stringify(last) === JSON.stringify(top)) return;
    emitted.put(TOP_BOOKS_KEY, top);
    ctx.forward({ key: TOP_BOOKS_KEY, value: top, timestamp, headers: [] });
  };

  /** Records one side of an order; settles it when this record completes it. */
  const update = (purchaseId: string, change: Partial<OrderState>, timestamp: number): void => {
    const old = orders.get(purchaseId) ?? { bookIds: null, paid: false };
    const wasPaid = old.bookIds !== null && old.paid;
    if (wasPaid) return;
    const next: OrderState = { bookIds: old.bookIds ?? change.bookIds ?? null, paid: old.paid || (change.paid ?? false) };
    orders.put(purchaseId, next);
    if (next.bookIds === null || !next.paid) return;
    settle(next.bookIds);
    emitIfChanged(timestamp);
  };

  return {
    init(c) {
      ctx = c;
      books = c.getStateStore(BOOKS_STORE);
      orders = c.getStateStore(ORDERS_STORE);
      revenues = c.getStateStore(REVENUE_STORE);
      emitted = c.getStateStore(EMITTED_STORE);
    },
    process(r: StreamRecord<string, B8Input>) {
      const v = r.value;
      if (v.kind === 'purchase') {
        if (v.purchase === null) return ctx.recordDropped('null purchase value');
        if (v.purchase.packet !== null) return; // the shipped re-send: the order is already known
        update(v.purchase.purchaseId, { bookIds: v.purchase.bookIds }, r.timestamp);
      } else {
        if (v.payment === null) return ctx.recordDropped('null payment value');
        update(v.payment.referenceNumber, { paid: true }, r.timestamp);
      }
    },
  };
}
