import { SeededRng, type RandomStream } from '../sim/rng.js';
import { EventTime, type TimeMix } from './event-time.js';
import type { InputRecord, Json } from './records.js';
import type { WorkloadName } from './workloads.js';

export interface InputOptions {
  /** How many records; by default 50 to 300, drawn from the seed. */
  readonly records?: number;
}

/**
 * The input of one workload for one seed: a few keys (so aggregates collide), records out of order within
 * grace and late beyond it, tombstones and updates on tables, join partners in and out of the join window.
 * Same workload, seed and size: the same records.
 */
export function generateInputs(name: WorkloadName, seed: number, options: InputOptions = {}): InputRecord[] {
  const rng = new SeededRng(seed);
  const n = options.records ?? rng.stream('size').int(50, 300);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`records must be a non-negative integer, got ${n}`);
  return GENERATORS[name](rng.stream(`conformance/${name}`), n);
}

type Generator = (rng: RandomStream, n: number) => InputRecord[];

const keys = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

/** A key from the pool, or null with probability pNull (dropped by aggregations, as Kafka drops them). */
function pickKey(rng: RandomStream, pool: readonly string[], pNull: number): string | null {
  return rng.next() < pNull ? null : rng.pick(pool);
}

function times(rng: RandomStream, mix: TimeMix): EventTime {
  return new EventTime(rng, mix);
}

/** Tumbling 30 s windows, grace 5 s: out of order within 5 s, late from 5 s (at the edge) to past the window. */
const windowedCountInput: Generator = (rng, n) => {
  const t = times(rng, { maxStepMs: 8_000, outOfOrder: { p: 0.15, withinMs: 5_000 }, late: { p: 0.1, minMs: 5_000, maxMs: 90_000 }, pause: { p: 0.05, maxMs: 60_000 } });
  const pool = keys('k', 4);
  return Array.from({ length: n }, (_, i) => ({ topic: 'input', key: pickKey(rng, pool, 0.03), value: rng.next() < 0.05 ? null : `v${i}`, timestamp: t.next() }));
};

/** Hopping 60 s windows advancing by 20 s, grace 10 s; integer values, negative ones included. */
const hoppingInput: Generator = (rng, n) => {
  const t = times(rng, { maxStepMs: 15_000, outOfOrder: { p: 0.15, withinMs: 10_000 }, late: { p: 0.08, minMs: 10_000, maxMs: 120_000 }, pause: { p: 0.05, maxMs: 120_000 } });
  const pool = keys('k', 4);
  return Array.from({ length: n }, () => ({ topic: 'input', key: pickKey(rng, pool, 0.03), value: rng.int(-5, 20), timestamp: t.next() }));
};

/** Sessions with a 10 s gap and 5 s grace: bursts, pauses that end sessions, out-of-order records that bridge two. */
const sessionInput: Generator = (rng, n) => {
  const t = times(rng, { maxStepMs: 4_000, outOfOrder: { p: 0.15, withinMs: 15_000 }, late: { p: 0.07, minMs: 15_000, maxMs: 60_000 }, pause: { p: 0.25, maxMs: 30_000 } });
  const pool = keys('k', 3);
  return Array.from({ length: n }, (_, i) => ({ topic: 'input', key: pickKey(rng, pool, 0.03), value: rng.next() < 0.05 ? null : `v${i}`, timestamp: t.next() }));
};

/**
 * Two topics interleaved, the first `warmUp` records on the first one (a table filled before the stream
 * starts), then `pFirst` of them on the first topic.
 */
function interleave(rng: RandomStream, n: number, warmUp: number, pFirst: number, make: (first: boolean, i: number) => Omit<InputRecord, 'timestamp'>, t: EventTime): InputRecord[] {
  return Array.from({ length: n }, (_, i) => ({ ...make(i < warmUp || rng.next() < pFirst, i), timestamp: t.next() }));
}

/** A table value: a tombstone with probability pTombstone, else the label. */
function tableValue(rng: RandomStream, pTombstone: number, label: Json): Json {
  return rng.next() < pTombstone ? null : label;
}

const streamTableJoinInput: Generator = (rng, n) => {
  const t = times(rng, { maxStepMs: 5_000, outOfOrder: { p: 0.15, withinMs: 10_000 }, late: { p: 0.05, minMs: 10_000, maxMs: 60_000 } });
  const tableKeys = keys('k', 5);
  const streamKeys = keys('k', 6); // k6 is never in the table: the inner join drops it, the left join does not
  return interleave(rng, n, 4, 0.35, (toTable, i) =>
    toTable
      ? { topic: 'table', key: rng.pick(tableKeys), value: tableValue(rng, 0.12, `t${i}`) }
      : { topic: 'input', key: pickKey(rng, streamKeys, 0.03), value: rng.next() < 0.02 ? null : i },
  t);
};

/** Stream-stream joins, 10 s apart with 5 s grace: partners inside and outside the window, late records beyond grace. */
const streamStreamJoinInput: Generator = (rng, n) => {
  const t = times(rng, { maxStepMs: 6_000, outOfOrder: { p: 0.2, withinMs: 15_000 }, late: { p: 0.07, minMs: 15_000, maxMs: 60_000 }, pause: { p: 0.05, maxMs: 40_000 } });
  const pool = keys('k', 4);
  return interleave(rng, n, 0, 0.5, (left, i) =>
    left ? { topic: 'left', key: pickKey(rng, pool, 0.03), value: `l${i}` } : { topic: 'right', key: pickKey(rng, pool, 0.03), value: `r${i}` },
  t);
};

const tableTableJoinInput: Generator = (rng, n) => {
  const t = times(rng, { maxStepMs: 5_000, outOfOrder: { p: 0.2, withinMs: 20_000 }, late: { p: 0.05, minMs: 20_000, maxMs: 90_000 } });
  const pool = keys('k', 5);
  return interleave(rng, n, 0, 0.5, (left, i) =>
    left ? { topic: 'left', key: rng.pick(pool), value: tableValue(rng, 0.15, `l${i}`) } : { topic: 'right', key: rng.pick(pool), value: tableValue(rng, 0.15, `r${i}`) },
  t);
};

/** The Utopia streams topic: customers streaming artists (the streamtime field mirrors the timestamp). */
const topCustomerArtistsInput: Generator = (rng, n) => {
  const t = times(rng, { maxStepMs: 5_000, outOfOrder: { p: 0.15, withinMs: 20_000 }, late: { p: 0.05, minMs: 20_000, maxMs: 120_000 } });
  const customers = keys('c', 4);
  const artists = keys('a', 6);
  return Array.from({ length: n }, (_, i) => {
    const timestamp = t.next();
    const value = { id: `s${i}`, customerid: rng.pick(customers), artistid: rng.pick(artists), streamtime: new Date(timestamp).toISOString() };
    return { topic: 'data-demo-streams', key: `s${i}`, value, timestamp };
  });
};

/** Utopia events (small capacities, updated, now and then deleted) and tickets, some for an unknown event. */
const purchaseEventTicketInput: Generator = (rng, n) => {
  const t = times(rng, { maxStepMs: 5_000, outOfOrder: { p: 0.15, withinMs: 20_000 }, late: { p: 0.05, minMs: 20_000, maxMs: 120_000 } });
  const events = keys('e', 6);
  const ticketEvents = keys('e', 7); // e7 never exists: its tickets find no event
  const customers = keys('c', 5);
  return interleave(rng, n, events.length, 0.15, (toEvents, i) => {
    if (toEvents) {
      const id = i < events.length ? events[i]! : rng.pick(events);
      const event = { id, artistid: `a${id.slice(1)}`, venueid: `v${id.slice(1)}`, capacity: rng.int(3, 25), eventdate: `2024-06-0${id.slice(1)}` };
      return { topic: 'data-demo-events', key: id, value: tableValue(rng, 0.05, event) };
    }
    const ticket = { id: `t${i}`, customerid: rng.pick(customers), eventid: rng.pick(ticketEvents), price: rng.int(20, 200) };
    return { topic: 'data-demo-tickets', key: `t${i}`, value: ticket };
  }, t);
};

/**
 * The bookstore pipeline's input one record at a time, the records generateInputs('bookstore-pipeline', seed,
 * { records: n }) returns: the scaling benchmark runs 10^7 of them without holding them as one array.
 */
export function bookstoreInputStream(seed: number, n: number): Iterable<InputRecord> {
  return bookstoreRecords(new SeededRng(seed).stream('conformance/bookstore-pipeline'), n);
}

/** Books (re-categorised and repriced now and then, rarely deleted) and purchases, some of an unknown book. */
function* bookstoreRecords(rng: RandomStream, n: number): IterableIterator<InputRecord> {
  const t = times(rng, { maxStepMs: 10_000, outOfOrder: { p: 0.15, withinMs: 10_000 }, late: { p: 0.06, minMs: 10_000, maxMs: 150_000 }, pause: { p: 0.05, maxMs: 120_000 } });
  const books = keys('b', 6);
  const purchaseBooks = keys('b', 7);
  const customers = keys('c', 8);
  const categories = ['fiction', 'science', 'history'];
  // The draws of interleave(rng, n, 6, 0.12, ...), in its order: topic, then the record, then its time.
  for (let i = 0; i < n; i++) {
    const toBooks = i < books.length || rng.next() < 0.12;
    let record: Omit<InputRecord, 'timestamp'>;
    if (toBooks) {
      const bookId = i < books.length ? books[i]! : rng.pick(books);
      const book = { bookId, title: `Title of ${bookId}`, category: rng.pick(categories), price: rng.int(500, 6000) };
      record = { topic: 'books', key: bookId, value: tableValue(rng, 0.03, book) };
    } else {
      const purchase = { purchaseId: `p${i}`, customerId: rng.pick(customers), bookId: rng.pick(purchaseBooks), totalAmount: rng.int(100, 8000) };
      record = { topic: 'purchases', key: `p${i}`, value: purchase };
    }
    yield { ...record, timestamp: t.next() };
  }
}

const bookstoreInput: Generator = (rng, n) => [...bookstoreRecords(rng, n)];

const GENERATORS: Readonly<Record<WorkloadName, Generator>> = {
  'windowed-count': windowedCountInput,
  'hopping-aggregate': hoppingInput,
  'session-count': sessionInput,
  'stream-table-join': streamTableJoinInput,
  'stream-stream-join-inner': streamStreamJoinInput,
  'stream-stream-join-left': streamStreamJoinInput,
  'table-table-join': tableTableJoinInput,
  'suppress-window-count': windowedCountInput,
  'utopia-top-customer-artists': topCustomerArtistsInput,
  'utopia-purchase-event-ticket': purchaseEventTicketInput,
  'bookstore-pipeline': bookstoreInput,
};
