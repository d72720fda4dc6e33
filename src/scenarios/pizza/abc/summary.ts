import { cellOf, fieldOf, isWindowedKey, latestPerKey, numberOf, type Cell, type ScenarioOutputRecord, type SummaryTable, type WindowedKey } from '../../common/index.js';
import { ABC_OUTPUT_TOPICS } from './queries.js';

/** At most this many rows per table (the CLI summary stays small). */
const MAX_ROWS = 10;

type Outputs = ReadonlyMap<string, readonly ScenarioOutputRecord[]>;

/** Two decimals, for stock levels. */
function pct(c: Cell): Cell {
  return typeof c === 'number' ? Math.round(c * 100) / 100 : c;
}

/** `HH:mm` (UTC) of an instant. */
function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** P4: each product's current inventory row, by product id. */
function inventoryNow(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latestPerKey(records)
    .map((r) => {
      const available = cellOf(fieldOf(r.value, 'AVAILABLE'));
      const capacity = cellOf(fieldOf(r.value, 'CAPACITY'));
      const level = typeof available === 'number' && typeof capacity === 'number' && capacity !== 0 ? pct((available / capacity) * 100) : null;
      return [cellOf(r.key), cellOf(fieldOf(r.value, 'NAME')), available, capacity, level, cellOf(fieldOf(r.value, 'TXN_HOUR'))];
    })
    .sort((a, b) => numberOf(a[0]!) - numberOf(b[0]!))
    .slice(0, MAX_ROWS);
  return { title: 'P4 INVENTORY now', columns: ['product', 'name', 'available', 'capacity', 'stock %', 'expected txn/h'], rows };
}

/** P5: the windows with the most transactions (each window's final count), ties by window start then product. */
function busiestWindows(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const rows = latestPerKey(records)
    .filter((r) => isWindowedKey(r.key))
    .map((r) => {
      const { key, window } = r.key as WindowedKey;
      return { start: window.start, product: cellOf(fieldOf(key, 'PROD_ID')), name: cellOf(fieldOf(key, 'PRODUCT_NAME')), value: r.value };
    })
    .sort((a, b) => numberOf(fieldOf(b.value, 'TXN_PER_HOUR')) - numberOf(fieldOf(a.value, 'TXN_PER_HOUR')) || a.start - b.start || numberOf(a.product) - numberOf(b.product))
    .slice(0, MAX_ROWS)
    .map((w) => [
      `${hhmm(w.start)}-${hhmm(w.start + 3_600_000)}`,
      w.product,
      w.name,
      cellOf(fieldOf(w.value, 'TXN_PER_HOUR')),
      cellOf(fieldOf(w.value, 'EXPECTED_TXN_PER_HOUR')),
      pct(cellOf(fieldOf(w.value, 'STOCK_LEVEL'))),
    ]);
  return { title: 'P5 PRODUCT_TXN_PER_HOUR busiest windows', columns: ['window (UTC)', 'product', 'name', 'txn/h', 'expected', 'stock level'], rows };
}

/** P7: promotions per product (every promoted update counts, §5.4), with the last one's London time. */
function promotionsPerProduct(records: readonly ScenarioOutputRecord[] | undefined): SummaryTable {
  const byProduct = new Map<string, { product: Cell; name: Cell; count: number; last: Cell }>();
  for (const r of records ?? []) {
    const product = cellOf(fieldOf(r.value, 'PROD_ID'));
    const id = String(product);
    const entry = byProduct.get(id) ?? { product, name: cellOf(fieldOf(r.value, 'PRODUCT_NAME')), count: 0, last: null };
    byProduct.set(id, { ...entry, count: entry.count + 1, last: cellOf(fieldOf(r.value, 'TS')) });
  }
  const rows = [...byProduct.values()]
    .sort((a, b) => b.count - a.count || numberOf(a.product) - numberOf(b.product))
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
