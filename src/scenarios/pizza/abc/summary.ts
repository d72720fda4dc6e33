import type { ScenarioOutputRecord, SummaryTable } from '../../common/index.js';
import { ABC_OUTPUT_TOPICS } from './queries.js';

/** At most this many rows per table (the CLI summary stays small). */
const MAX_ROWS = 10;

type Cell = string | number | boolean | null;
type Outputs = ReadonlyMap<string, readonly ScenarioOutputRecord[]>;

interface Windowed {
  readonly key: unknown;
  readonly window: { readonly start: number; readonly end: number };
}

function isWindowed(key: unknown): key is Windowed {
  return typeof key === 'object' && key !== null && 'window' in key && 'key' in key;
}

/** A SQL value as a cell: BIGINT (bigint), lossless JSON numbers (toJSON) and plain values. */
function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'toJSON' in v && typeof v.toJSON === 'function') return cell((v.toJSON as () => unknown)());
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

function field(value: unknown, name: string): Cell {
  return typeof value === 'object' && value !== null ? cell((value as Record<string, unknown>)[name]) : null;
}

function num(c: Cell): number {
  return typeof c === 'number' ? c : Number(c);
}

/** Two decimals, for stock levels. */
function pct(c: Cell): Cell {
  return typeof c === 'number' ? Math.round(c * 100) / 100 : c;
}

/** `HH:mm` (UTC) of an instant. */
function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

function keyText(key: unknown): string {
  return JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}

/** The last record per key: a table's current state (a key lives in one partition, so its order is kept). */
function latest(records: readonly ScenarioOutputRecord[] | undefined): ScenarioOutputRecord[] {
  const byKey = new Map<string, ScenarioOutputRecord>();
  for (const r of records ?? []) byKey.set(keyText(r.key), r);
  return [...byKey.values()];
}

/** P4: each product's current inventory row, by product id. */
function inventoryNow(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latest(records)
    .map((r) => {
      const available = field(r.value, 'AVAILABLE');
      const capacity = field(r.value, 'CAPACITY');
      const level = typeof available === 'number' && typeof capacity === 'number' && capacity !== 0 ? pct((available / capacity) * 100) : null;
      return [cell(r.key), field(r.value, 'NAME'), available, capacity, level, field(r.value, 'TXN_HOUR')];
    })
    .sort((a, b) => num(a[0]!) - num(b[0]!))
    .slice(0, MAX_ROWS);
  return { title: 'P4 INVENTORY now', columns: ['product', 'name', 'available', 'capacity', 'stock %', 'expected txn/h'], rows };
}

/** P5: the windows with the most transactions (each window's final count), ties by window start then product. */
function busiestWindows(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latest(records)
    .filter((r) => isWindowed(r.key))
    .map((r) => {
      const { key, window } = r.key as Windowed;
      return { start: window.start, product: field(key, 'PROD_ID'), name: field(key, 'PRODUCT_NAME'), value: r.value };
    })
    .sort((a, b) => num(field(b.value, 'TXN_PER_HOUR')) - num(field(a.value, 'TXN_PER_HOUR')) || a.start - b.start || num(a.product) - num(b.product))
    .slice(0, MAX_ROWS)
    .map((w) => [
      `${hhmm(w.start)}-${hhmm(w.start + 3_600_000)}`,
      w.product,
      w.name,
      field(w.value, 'TXN_PER_HOUR'),
      field(w.value, 'EXPECTED_TXN_PER_HOUR'),
      pct(field(w.value, 'STOCK_LEVEL')),
    ]);
  return { title: 'P5 PRODUCT_TXN_PER_HOUR busiest windows', columns: ['window (UTC)', 'product', 'name', 'txn/h', 'expected', 'stock level'], rows };
}

/** P7: promotions per product (every promoted update counts, §5.4), with the last one's London time. */
function promotionsPerProduct(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const byProduct = new Map<string, { product: Cell; name: Cell; count: number; last: Cell }>();
  for (const r of records ?? []) {
    const product = field(r.value, 'PROD_ID');
    const id = String(product);
    const entry = byProduct.get(id) ?? { product, name: field(r.value, 'PRODUCT_NAME'), count: 0, last: null };
    byProduct.set(id, { ...entry, count: entry.count + 1, last: field(r.value, 'TS') });
  }
  const rows = [...byProduct.values()]
    .sort((a, b) => b.count - a.count || num(a.product) - num(b.product))
    .slice(0, MAX_ROWS)
    .map((e) => [e.product, e.name, e.count, e.last]);
  return { title: 'P7 ABC_PROMOTIONS per product', columns: ['product', 'name', 'promotions', 'last (London)'], rows };
}

/** The answers of §5.4 P4, P5 and P7 from the output topics. */
export function summarizeAbc(outputs: Outputs): SummaryTable[] {
  return [
    inventoryNow(outputs.get(ABC_OUTPUT_TOPICS.inventory)),
    busiestWindows(outputs.get(ABC_OUTPUT_TOPICS.productTxnPerHour)),
    promotionsPerProduct(outputs.get(ABC_OUTPUT_TOPICS.promotions)),
  ];
}
