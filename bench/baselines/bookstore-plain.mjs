// The bookstore pipeline by hand, with Maps and arrays: the practical limit a JavaScript engine could reach
// (issue 6, "Baselines"). Same input records, same output records as the conformance workload
// `bookstore-pipeline` (src/conformance/workloads.ts), read in the same order after each input record:
//   purchases re-keyed by bookId, inner-joined to the `books` table (Kafka KStreamKTableJoin: the table as of
//   now, the stream record's timestamp) -> enriched-purchases; those with totalAmount > 4000 -> big-purchases;
//   enriched purchases grouped by category, 60 s tumbling windows with 10 s grace, counted -> category-counts.
// Window semantics follow Kafka's KStreamWindowAggregate: stream time is the largest timestamp the aggregation
// has seen; a record is dropped when its window's end <= stream time - grace; an update carries the count and
// the largest record timestamp of the window so far. Closed windows are forgotten, as retention would.

const WINDOW_MS = 60_000;
const GRACE_MS = 10_000;
const BIG_PURCHASE = 4000;

/**
 * Runs the input records; returns the outputs as the contract writes them
 * ({topic, key, window, value, timestamp}) in the order streamsim and Kafka produce them.
 */
export function runBookstorePlain(input) {
  const books = new Map(); // bookId -> book
  const windows = new Map(); // category -> Map(windowStart -> {count, timestamp})
  const outputs = [];
  let streamTime = -Infinity;
  let lastPurge = -Infinity;
  for (let i = 0; i < input.length; i++) {
    const r = input[i];
    if (r.topic === 'books') {
      if (r.key === null) continue; // a table drops null keys
      if (r.value === null) books.delete(r.key);
      else books.set(r.key, r.value);
      continue;
    }
    const p = r.value;
    if (p === null) continue;
    const bookId = p.bookId;
    if (bookId === null || bookId === undefined) continue; // the repartition drops null keys before the join
    const book = books.get(bookId);
    if (book === undefined) continue;
    const enriched = { purchaseId: p.purchaseId, customerId: p.customerId, bookId, category: book.category, totalAmount: p.totalAmount };
    const ts = r.timestamp;
    outputs.push({ topic: 'enriched-purchases', key: bookId, window: null, value: enriched, timestamp: ts });
    if (enriched.totalAmount > BIG_PURCHASE) outputs.push({ topic: 'big-purchases', key: bookId, window: null, value: enriched, timestamp: ts });
    const category = enriched.category;
    if (category === null || category === undefined) continue;
    if (ts > streamTime) streamTime = ts;
    const start = ts - (ts % WINDOW_MS);
    const end = start + WINDOW_MS;
    if (end <= streamTime - GRACE_MS) continue; // late: its window has closed
    let byStart = windows.get(category);
    if (byStart === undefined) windows.set(category, (byStart = new Map()));
    let w = byStart.get(start);
    if (w === undefined) byStart.set(start, (w = { count: 0, timestamp: ts }));
    w.count++;
    if (ts > w.timestamp) w.timestamp = ts;
    outputs.push({ topic: 'category-counts', key: category, window: { start, end }, value: w.count, timestamp: w.timestamp });
    if (streamTime - lastPurge >= WINDOW_MS) {
      purgeClosed(windows, streamTime - GRACE_MS);
      lastPurge = streamTime;
    }
  }
  return { outputs };
}

/** Drops windows that can no longer be updated (end <= stream time - grace). */
function purgeClosed(windows, closeTime) {
  for (const byStart of windows.values()) {
    for (const start of byStart.keys()) if (start + WINDOW_MS <= closeTime) byStart.delete(start);
  }
}
