import { PURCHASE_EVENT_TICKET_OUTPUT, purchaseEventTicket } from '../scenarios/utopia/purchase-event-ticket.js';
import { TOPIC_EVENTS, TOPIC_STREAMS, TOPIC_TICKETS } from '../scenarios/utopia/schemas.js';
import { TOP_CUSTOMER_ARTISTS_OUTPUT, topCustomerArtists } from '../scenarios/utopia/top-customer-artists.js';
import { BufferConfig, JoinWindows, SessionWindows, Suppressed, TimeWindows, type StreamsBuilder } from '../streams/index.js';
import type { Json } from './records.js';

/**
 * The eleven workloads of the issue-6 contract as streamsim topologies. The Java reference program
 * (bench/java) builds the same topologies with Kafka Streams; names, topics and output order are the
 * contract's, so both sides read the same output topics in the same order after each piped record.
 */
export interface InputTopic {
  readonly topic: string;
  /** A table's records may be tombstones (null values); a stream's are events. */
  readonly kind: 'stream' | 'table';
}

export interface OutputTopic {
  readonly topic: string;
  /** The topic's keys are Windowed: written as the inner key plus the window. */
  readonly windowed: boolean;
}

export interface Workload {
  readonly name: WorkloadName;
  readonly inputs: readonly InputTopic[];
  /** In the order they are read after each piped record. */
  readonly outputs: readonly OutputTopic[];
  build(builder: StreamsBuilder): void;
}

export const WORKLOAD_NAMES = [
  'windowed-count',
  'hopping-aggregate',
  'session-count',
  'stream-table-join',
  'stream-stream-join-inner',
  'stream-stream-join-left',
  'table-table-join',
  'suppress-window-count',
  'utopia-top-customer-artists',
  'utopia-purchase-event-ticket',
  'bookstore-pipeline',
] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

type Key = string | null;
const stream = (topic: string): InputTopic => ({ topic, kind: 'stream' });
const table = (topic: string): InputTopic => ({ topic, kind: 'table' });
const plain = (topic: string): OutputTopic => ({ topic, windowed: false });
const windowedOut = (topic: string): OutputTopic => ({ topic, windowed: true });

const pair = (a: Json, b: Json | null): Json => [a, b];

function windowedCount(b: StreamsBuilder, suppress: boolean): void {
  const counts = b
    .stream<Key, Json>('input')
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(30_000, 5_000))
    .count();
  (suppress ? counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())) : counts).toStream().to('output');
}

function streamStreamJoin(b: StreamsBuilder, kind: 'join' | 'leftJoin'): void {
  const left = b.stream<Key, Json>('left');
  const right = b.stream<Key, Json>('right');
  const windows = JoinWindows.ofTimeDifferenceAndGrace(10_000, 5_000);
  const joined = kind === 'join' ? left.join<Json, Json>(right, pair, windows) : left.leftJoin<Json, Json>(right, pair, windows);
  joined.to('output');
}

interface Book {
  readonly bookId: string;
  readonly title: string;
  readonly category: string;
  readonly price: number;
}
interface Purchase {
  readonly purchaseId: string;
  readonly customerId: string;
  readonly bookId: string;
  readonly totalAmount: number;
}
interface EnrichedPurchase {
  readonly purchaseId: string;
  readonly customerId: string;
  readonly bookId: string;
  readonly category: string;
  readonly totalAmount: number;
}

/** The bookstore's enrichment join, big-purchase filter and per-category windowed count (contract item 11). */
function bookstorePipeline(b: StreamsBuilder): void {
  const books = b.table<string, Book>('books');
  const enriched = b
    .stream<string, Purchase>('purchases')
    .selectKey((_purchaseId, p) => p.bookId)
    .join(books, (p: Purchase, book: Book): EnrichedPurchase => ({
      purchaseId: p.purchaseId,
      customerId: p.customerId,
      bookId: p.bookId,
      category: book.category,
      totalAmount: p.totalAmount,
    }));
  enriched.to('enriched-purchases');
  enriched.filter((_bookId, e) => e.totalAmount > 4000).to('big-purchases');
  enriched
    .groupBy((_bookId, e) => e.category)
    .windowedBy(TimeWindows.ofSizeAndGrace(60_000, 10_000))
    .count()
    .toStream()
    .to('category-counts');
}

export const WORKLOADS: Readonly<Record<WorkloadName, Workload>> = {
  'windowed-count': {
    name: 'windowed-count',
    inputs: [stream('input')],
    outputs: [windowedOut('output')],
    build: (b) => windowedCount(b, false),
  },
  'hopping-aggregate': {
    name: 'hopping-aggregate',
    inputs: [stream('input')],
    outputs: [windowedOut('output')],
    build: (b) =>
      b
        .stream<Key, number>('input')
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(60_000, 10_000).advanceBy(20_000))
        .aggregate(() => 0, (_k, v, agg) => agg + v)
        .toStream()
        .to('output'),
  },
  'session-count': {
    name: 'session-count',
    inputs: [stream('input')],
    outputs: [windowedOut('output')],
    build: (b) =>
      b
        .stream<Key, Json>('input')
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(10_000, 5_000))
        .count()
        .toStream()
        .to('output'),
  },
  'stream-table-join': {
    name: 'stream-table-join',
    inputs: [table('table'), stream('input')],
    outputs: [plain('output'), plain('output-left')],
    build: (b) => {
      const t = b.table<Key, Json>('table');
      const input = b.stream<Key, Json>('input');
      input.join<Json, Json>(t, pair).to('output');
      input.leftJoin<Json, Json>(t, pair).to('output-left');
    },
  },
  'stream-stream-join-inner': {
    name: 'stream-stream-join-inner',
    inputs: [stream('left'), stream('right')],
    outputs: [plain('output')],
    build: (b) => streamStreamJoin(b, 'join'),
  },
  'stream-stream-join-left': {
    name: 'stream-stream-join-left',
    inputs: [stream('left'), stream('right')],
    outputs: [plain('output')],
    build: (b) => streamStreamJoin(b, 'leftJoin'),
  },
  'table-table-join': {
    name: 'table-table-join',
    inputs: [table('left'), table('right')],
    outputs: [plain('output'), plain('output-left')],
    build: (b) => {
      const left = b.table<Key, Json>('left');
      const right = b.table<Key, Json>('right');
      left.join<Json, Json>(right, pair).toStream().to('output');
      left.leftJoin<Json, Json>(right, pair).toStream().to('output-left');
    },
  },
  'suppress-window-count': {
    name: 'suppress-window-count',
    inputs: [stream('input')],
    outputs: [windowedOut('output')],
    build: (b) => windowedCount(b, true),
  },
  'utopia-top-customer-artists': {
    name: 'utopia-top-customer-artists',
    inputs: [stream(TOPIC_STREAMS)],
    outputs: [plain(TOP_CUSTOMER_ARTISTS_OUTPUT)],
    build: topCustomerArtists,
  },
  'utopia-purchase-event-ticket': {
    name: 'utopia-purchase-event-ticket',
    inputs: [table(TOPIC_EVENTS), stream(TOPIC_TICKETS)],
    outputs: [plain(PURCHASE_EVENT_TICKET_OUTPUT)],
    build: purchaseEventTicket,
  },
  'bookstore-pipeline': {
    name: 'bookstore-pipeline',
    inputs: [table('books'), stream('purchases')],
    outputs: [plain('enriched-purchases'), plain('big-purchases'), windowedOut('category-counts')],
    build: bookstorePipeline,
  },
};

export function isWorkloadName(name: string): name is WorkloadName {
  return (WORKLOAD_NAMES as readonly string[]).includes(name);
}

/** The workload of this name, or an error listing the known ones. */
export function workload(name: string): Workload {
  if (!isWorkloadName(name)) throw new Error(`unknown workload '${name}'; known: ${WORKLOAD_NAMES.join(', ')}`);
  return WORKLOADS[name];
}
