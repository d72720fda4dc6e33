import { cellOf, fieldOf, isWindowedKey, latestPerKey, numberOf, type Cell, type ScenarioOutputRecord, type SummaryTable, type WindowedKey } from '../common/index.js';

/** At most this many rows per table (the CLI summary stays small). */
const MAX_ROWS = 10;

type Outputs = ReadonlyMap<string, readonly ScenarioOutputRecord[]>;

/** Output topics the summary reads (the §1.3 names and the three DSL apps' outputs). */
export interface BookstoreSummaryTopics {
  readonly pageviewsCategories: string;
  readonly purchaseEnriched: string;
  readonly purchaseCountByCity: string;
  readonly bigPurchase: string;
  readonly viewsPerBook: string;
  readonly totalPaymentsBy5Sec: string;
  readonly avgPurchaseByCountry: string;
  readonly topBooks: string;
  readonly outstanding: string;
  readonly shippingTimes: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function lastValue(records: readonly ScenarioOutputRecord[] | undefined): unknown {
  return records === undefined || records.length === 0 ? undefined : records[records.length - 1]!.value;
}

/** Rows sorted by the number column descending, then by the label, cut to MAX_ROWS. */
function topRows(rows: [Cell, number][]): Cell[][] {
  return rows
    .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
    .slice(0, MAX_ROWS)
    .map(([k, n]) => [k, n]);
}

/**
 * B1: the final view count per category in the latest complete 30 s window: the latest one that ends at or before
 * the last output's timestamp (the last view often opens a window of its own), else simply the latest.
 */
function viewsPerCategory(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const finals = latestPerKey(records).filter((r) => isWindowedKey(r.key));
  const lastTs = Math.max(...finals.map((r) => r.timestamp));
  const windows = finals.map((r) => (r.key as WindowedKey).window);
  const complete = windows.filter((w) => w.end <= lastTs);
  const lastStart = Math.max(...(complete.length > 0 ? complete : windows).map((w) => w.start));
  const rows = finals.filter((r) => (r.key as WindowedKey).window.start === lastStart).map((r): [Cell, number] => [cellOf((r.key as WindowedKey).key), numberOf(fieldOf(r.value, 'NUM_VIEWS'))]);
  const title = finals.length === 0 ? 'B1 views per category (no window)' : `B1 views per category, window from ${iso(lastStart)}`;
  return { title, columns: ['category', 'views'], rows: topRows(rows) };
}

/** B3: purchases per city, the final count of every 30 min window summed. */
function purchasesPerCity(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const totals = new Map<Cell, number>();
  for (const r of latestPerKey(records)) {
    if (!isWindowedKey(r.key)) continue;
    const city = cellOf(r.key.key);
    totals.set(city, (totals.get(city) ?? 0) + numberOf(fieldOf(r.value, 'PURCHASE_COUNT')));
  }
  return { title: 'B3 purchases per city (all 30 min windows)', columns: ['city', 'purchases'], rows: topRows([...totals]) };
}

/** B2 and B4: enriched purchases, how many had an unknown customer, and big purchases. */
function purchaseCounts(enriched: readonly ScenarioOutputRecord[] | undefined, big: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const all = enriched ?? [];
  const unknown = all.filter((r) => fieldOf(r.value, 'CITY') === null || fieldOf(r.value, 'CITY') === undefined).length;
  return {
    title: 'B2/B4 purchases',
    columns: ['measure', 'count'],
    rows: [
      ['enriched purchases (B2)', all.length],
      ['with unknown customer', unknown],
      ['big purchases > 30000 (B4)', (big ?? []).length],
    ],
  };
}

/** B5: the most viewed titles. */
function viewsPerBook(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latestPerKey(records).map((r): [Cell, number] => [cellOf(r.key), numberOf(fieldOf(r.value, 'VIEW_COUNT'))]);
  return { title: 'B5 most viewed titles', columns: ['title', 'views'], rows: topRows(rows) };
}

/** B6: the final totals of the last 5 s windows. */
function paymentTotals(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latestPerKey(records)
    .filter((r) => isWindowedKey(r.key))
    .sort((a, b) => (a.key as WindowedKey).window.start - (b.key as WindowedKey).window.start)
    .slice(-MAX_ROWS)
    .map((r) => [iso((r.key as WindowedKey).window.start), numberOf(fieldOf(r.value, 'TOTAL_AMOUNT'))]);
  return { title: 'B6 total payments per 5 s (latest windows)', columns: ['window start', 'total (cents)'], rows };
}

/** B7: purchases, total and average per country. */
function avgPerCountry(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latestPerKey(records)
    .map((r) => [cellOf(r.key), numberOf(fieldOf(r.value, 'PURCHASE_COUNT')), numberOf(fieldOf(r.value, 'TOTAL_AMOUNT')), Math.round(numberOf(fieldOf(r.value, 'AVG_AMOUNT')))] as Cell[])
    .sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0])))
    .slice(0, MAX_ROWS);
  return { title: 'B7 average purchase per country', columns: ['country', 'purchases', 'total (cents)', 'average (cents)'], rows };
}

/** B8: the latest top-5 list. */
function topBooks(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const list = lastValue(records);
  const rows = (Array.isArray(list) ? list : []).slice(0, MAX_ROWS).map((e: unknown) => [cellOf(fieldOf(e, 'rank')), cellOf(fieldOf(e, 'title')), cellOf(fieldOf(e, 'revenue')), cellOf(fieldOf(e, 'paidOrders'))]);
  return { title: 'B8 top 5 books by revenue (paid orders)', columns: ['rank', 'title', 'revenue (cents)', 'paid orders'], rows };
}

/** B9 and B10: the latest outstanding amount and the latest shipping-time average. */
function outstandingAndShipping(outstanding: readonly ScenarioOutputRecord[] | undefined, shipping: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const o = lastValue(outstanding);
  const s = lastValue(shipping);
  const listed = fieldOf(o, 'outstandingPaymentPurchases');
  return {
    title: 'B9 outstanding payments, B10 shipping time',
    columns: ['measure', 'value'],
    rows: [
      ['outstanding amount (cents)', o === undefined ? null : cellOf(fieldOf(o, 'amountOutstanding'))],
      ['outstanding purchases', Array.isArray(listed) ? listed.length : null],
      ['delivered packets counted', s === undefined ? null : cellOf(fieldOf(s, 'count'))],
      ['average shipping time (ms)', s === undefined ? null : cellOf(fieldOf(s, 'averageMs'))],
    ],
  };
}

/** One small table per bookstore question (§1.3), from the output topics. */
export function summarizeBookstore(outputs: Outputs, topics: BookstoreSummaryTopics): SummaryTable[] {
  return [
    viewsPerCategory(outputs.get(topics.pageviewsCategories)),
    purchasesPerCity(outputs.get(topics.purchaseCountByCity)),
    purchaseCounts(outputs.get(topics.purchaseEnriched), outputs.get(topics.bigPurchase)),
    viewsPerBook(outputs.get(topics.viewsPerBook)),
    paymentTotals(outputs.get(topics.totalPaymentsBy5Sec)),
    avgPerCountry(outputs.get(topics.avgPurchaseByCountry)),
    topBooks(outputs.get(topics.topBooks)),
    outstandingAndShipping(outputs.get(topics.outstanding), outputs.get(topics.shippingTimes)),
  ];
}
