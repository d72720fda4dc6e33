import { StreamsBuilder } from '../../streams/index.js';
import { ProcessorGroup, type Scenario } from '../common/index.js';
import { BookstoreOptionsSchema, DEFAULT_BOOKSTORE_OPTIONS, generateBookstore, type BookstoreOptions } from './generator.js';
import { BOOKSTORE_STATEMENTS, SQL_OUTPUT_TOPICS } from './queries.js';
import {
  BookSchema,
  CustomerSchema,
  InteractionSchema,
  PaymentSchema,
  PurchaseSchema,
  ShippingSchema,
  TOPIC_BOOK,
  TOPIC_CUSTOMER,
  TOPIC_INTERACTION,
  TOPIC_PAYMENT,
  TOPIC_PURCHASE,
  TOPIC_SHIPPING,
} from './schemas.js';
import { summarizeBookstore } from './summary.js';
import { OUTSTANDING_OUTPUT, paymentsOutstanding } from './payments-outstanding.js';
import { shipmentTime, SHIPPING_TIMES_OUTPUT } from './shipment-time.js';
import { TOP_BOOKS_OUTPUT, topBooksByRevenue } from './top-books-by-revenue.js';

/**
 * Input records per second of duration at the defaults, from §1.2: two shop iterations per second, each one view,
 * 0.5 carts and 0.1 orders, and an order writes six records (order interaction, purchase, payment, shipped
 * purchase, underway, delivered|lost): 2 · (1 + 0.5 + 0.1·6) = 4.2 (measured: 4.23 over seeds 1..20).
 */
export const RECORDS_PER_SECOND = 4.2;
/** Catalog and customer records at the defaults (450 books + 100 customers), all at startTime. */
const CATALOG_RECORDS = DEFAULT_BOOKSTORE_OPTIONS.books + DEFAULT_BOOKSTORE_OPTIONS.customers;

/**
 * Options that give about `events` records. With at least twice the default catalog, the catalog stays at its
 * defaults and the duration covers the rest; below that, half the records go to a proportionally smaller catalog
 * (at least one book and one customer) and half to the shop.
 */
export function bookstoreSizeFor(events: number): Partial<BookstoreOptions> {
  const n = Math.max(0, Math.floor(events));
  const durationFor = (records: number): number => Math.round((records / RECORDS_PER_SECOND) * 2) * 500;
  if (n >= 2 * CATALOG_RECORDS) return { durationMs: durationFor(n - CATALOG_RECORDS) };
  const scale = n / (2 * CATALOG_RECORDS);
  return {
    books: Math.max(1, Math.round(DEFAULT_BOOKSTORE_OPTIONS.books * scale)),
    customers: Math.max(1, Math.round(DEFAULT_BOOKSTORE_OPTIONS.customers * scale)),
    durationMs: durationFor(n / 2),
  };
}

/**
 * The three Kafka Streams apps of §1.3 (B8–B10), each its own application (id = the original app's name, as
 * separate apps in the original), with the output topic it writes.
 */
const DSL_APPS: readonly { readonly id: string; readonly build: (builder: StreamsBuilder) => void; readonly output: string }[] = [
  { id: 'TopBooksByRevenue', build: topBooksByRevenue, output: TOP_BOOKS_OUTPUT },
  { id: 'PaymentsOutstanding', build: paymentsOutstanding, output: OUTSTANDING_OUTPUT },
  { id: 'ShipmentTime', build: shipmentTime, output: SHIPPING_TIMES_OUTPUT },
];
const DSL_OUTPUT_TOPICS = DSL_APPS.map((a) => a.output);

/** ipt Kafka Bookstore (SCENARIOS.md §1): a web shop's views, carts, orders, payments and shipments. */
export const bookstoreScenario: Scenario<BookstoreOptions> = {
  name: 'bookstore',
  description: 'ipt Kafka Bookstore: shop interactions, purchases, payments and shipping; KSQL 5 queries and three Streams apps',
  inputTopics: [
    { name: TOPIC_BOOK, kind: 'table', value: BookSchema },
    { name: TOPIC_CUSTOMER, kind: 'table', value: CustomerSchema },
    { name: TOPIC_INTERACTION, kind: 'stream', value: InteractionSchema },
    { name: TOPIC_PURCHASE, kind: 'stream', value: PurchaseSchema },
    { name: TOPIC_PAYMENT, kind: 'stream', value: PaymentSchema },
    { name: TOPIC_SHIPPING, kind: 'stream', value: ShippingSchema },
  ],
  outputTopics: [...Object.values(SQL_OUTPUT_TOPICS), ...DSL_OUTPUT_TOPICS],
  defaults: DEFAULT_BOOKSTORE_OPTIONS,
  optionsSchema: BookstoreOptionsSchema,
  durationOption: 'durationMs',
  sizeFor: bookstoreSizeFor,
  generate: (options) => generateBookstore(options),
  start(ctx) {
    const group = new ProcessorGroup(ctx.broker, ctx.seed, ctx);
    const engine = group.addSqlEngine('ksql5');
    for (const { sql } of BOOKSTORE_STATEMENTS) engine.execute(sql);
    for (const app of DSL_APPS) {
      const builder = new StreamsBuilder();
      app.build(builder);
      group.addTopology(app.id, builder, ctx.partitions);
    }
    return group;
  },
  summarize: (outputs) =>
    summarizeBookstore(outputs, {
      ...SQL_OUTPUT_TOPICS,
      topBooks: TOP_BOOKS_OUTPUT,
      outstanding: OUTSTANDING_OUTPUT,
      shippingTimes: SHIPPING_TIMES_OUTPUT,
    }),
};
