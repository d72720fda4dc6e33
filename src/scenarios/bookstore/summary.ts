import type { ScenarioOutputRecord, SummaryTable } from '../common/index.js';

/** At most this many rows per table (the CLI summary stays small). */
const MAX_ROWS = 10;

type Cell = string | number | boolean | null;
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

interface Windowed {
  readonly key: unknown;
  readonly window: { readonly start: number; readonly end: number };
}

function isWindowed(key: unknown): key is Windowed {
  return typeof key === 'object' && key !== null && 'window' in key && 'key' in key;
}

/**
 * A SQL or DSL value field as a summary cell: plain values as they are, bigint as a number, and the SQL engine's
 * number wrappers (a JSON sink's BIGINT is a lossless JsonNumber, a DECIMAL a Decimal; both have toNumber()).
 */
function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && typeof (v as { toNumber?: unknown }).toNumber === 'function') return (v as { toNumber(): number }).toNumber();
  return JSON.stringify(v);
}

function num(v: unknown): number {
  const c = cell(v);
  return typeof c === 'number' ? c : Number(c);
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** The last record per key (a table's final state; a key lives in one partition, so partition order is enough). */
function latest(records: readonly ScenarioOutputRecord[] | undefined): ScenarioOutputRecord[] {
  const byKey = new Map<string, ScenarioOutputRecord>();
  for (const r of records ?? []) byKey.set(JSON.stringify(r.key, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)), r);
  return [...byKey.values()];
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
  const finals = latest(records).filter((r) => isWindowed(r.key));
  const lastTs = Math.max(...finals.map((r) => r.timestamp));
  const windows = finals.map((r) => (r.key as Windowed).window);
  const complete = windows.filter((w) => w.end <= lastTs);
  const lastStart = Math.max(...(complete.length > 0 ? complete : windows).map((w) => w.start));
  const rows = finals.filter((r) => (r.key as Windowed).window.start === lastStart).map((r): [Cell, number] => [cell((r.key as Windowed).key), num(field(r.value, 'NUM_VIEWS'))]);
  const title = finals.length === 0 ? 'B1 views per category (no window)' : `B1 views per category, window from ${iso(lastStart)}`;
  return { title, columns: ['category', 'views'], rows: topRows(rows) };
}

/** B3: purchases per city, the final count of every 30 min window summed. */
function purchasesPerCity(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const totals = new Map<Cell, number>();
  for (const r of latest(records)) {
    if (!isWindowed(r.key)) continue;
    const city = cell(r.key.key);
    totals.set(city, (totals.get(city) ?? 0) + num(field(r.value, 'PURCHASE_COUNT')));
  }
  return { title: 'B3 purchases per city (all 30 min windows)', columns: ['city', 'purchases'], rows: topRows([...totals]) };
}

/** B2 and B4: enriched purchases, how many had an unknown customer, and big purchases. */
function purchaseCounts(enriched: readonly ScenarioOutputRecord[] | undefined, big: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const all = enriched ?? [];
  const unknown = all.filter((r) => field(r.value, 'CITY') === null || field(r.value, 'CITY') === undefined).length;
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
  const rows = latest(records).map((r): [Cell, number] => [cell(r.key), num(field(r.value, 'VIEW_COUNT'))]);
  return { title: 'B5 most viewed titles', columns: ['title', 'views'], rows: topRows(rows) };
}

/** B6: the final totals of the last 5 s windows. */
function paymentTotals(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latest(records)
    .filter((r) => isWindowed(r.key))
    .sort((a, b) => (a.key as Windowed).window.start - (b.key as Windowed).window.start)
    .slice(-MAX_ROWS)
    .map((r) => [iso((r.key as Windowed).window.start), num(field(r.value, 'TOTAL_AMOUNT'))]);
  return { title: 'B6 total payments per 5 s (latest windows)', columns: ['window start', 'total (cents)'], rows };
}

/** B7: purchases, total and average per country. */
function avgPerCountry(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latest(records)
    .map((r) => [cell(r.key), num(field(r.value, 'PURCHASE_COUNT')), num(field(r.value, 'TOTAL_AMOUNT')), Math.round(num(field(r.value, 'AVG_AMOUNT')))] as Cell[])
    .sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0])))
    .slice(0, MAX_ROWS);
  return { title: 'B7 average purchase per country', columns: ['country', 'purchases', 'total (cents)', 'average (cents)'], rows };
}

/** B8: the latest top-5 list. */
function topBooks(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const list = lastValue(records);
  const rows = (Array.isArray(list) ? list : []).slice(0, MAX_ROWS).map((e: unknown) => [cell(field(e, 'rank')), cell(field(e, 'title')), cell(field(e, 'revenue')), cell(field(e, 'paidOrders'))]);
  return { title: 'B8 top 5 books by revenue (paid orders)', columns: ['rank', 'title', 'revenue (cents)', 'paid orders'], rows };
}

/** B9 and B10: the latest outstanding amount and the latest shipping-time average. */
function outstandingAndShipping(outstanding: readonly ScenarioOutputRecord[] | undefined, shipping: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const o = lastValue(outstanding);
  const s = lastValue(shipping);
  const listed = field(o, 'outstandingPaymentPurchases');
  return {
    title: 'B9 outstanding payments, B10 shipping time',
    columns: ['measure', 'value'],
    rows: [
      ['outstanding amount (cents)', o === undefined ? null : cell(field(o, 'amountOutstanding'))],
      ['outstanding purchases', Array.isArray(listed) ? listed.length : null],
      ['delivered packets counted', s === undefined ? null : cell(field(s, 'count'))],
      ['average shipping time (ms)', s === undefined ? null : cell(field(s, 'averageMs'))],
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
