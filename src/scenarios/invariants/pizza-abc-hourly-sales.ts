import fc from 'fast-check';
import { faultKindsOption, faultScheduleArb, type ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import type { HistoryTable, InvariantSpec, JsonValue } from '../../assertions/harness/invariant-spec.js';
import type { ScenarioInputRecord } from '../common/index.js';
import { T0 } from '../common/seeded-faker.js';
import { ABC_OUTPUT_TOPICS, ABC_STATEMENTS } from '../pizza/abc/queries.js';
import { pizzaAbcScenario } from '../pizza/abc/scenario.js';
import { TOPIC_INVENTORY, TOPIC_TRANSACTIONS, type InventoryEvent, type TransactionEvent } from '../pizza/abc/schemas.js';
import { field, plainJson, runStatements, type Placed } from './sql-run.js';
import { sinceT0 } from './since-t0.js';
import { firstDifference } from './first-difference.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ADVANCE = 5 * MIN;
/** A product id no inventory document has (SCENARIOS.md §5.3 fault unknownProduct). */
const UNKNOWN_PRODUCT = 99;

/** A product's inventory document at T0: `available` = capacity − missing (so histories shrink to full stock). */
export interface AbcProduct {
  readonly missing: number;
  readonly capacity: number;
  readonly txnHour: number;
}

/** A sale: which product (an index past the products is the unknown product 99) and minutes since the last one. */
export interface AbcSale {
  readonly product: number;
  readonly gapMin: number;
  /** The sale's inventory update (1 ms later) sets `available` to capacity − this, at least 0 (0: a restock). */
  readonly missingAfter: number;
}

export interface AbcHistory {
  readonly products: readonly AbcProduct[];
  readonly sales: readonly AbcSale[];
  readonly faults: readonly ScheduledFault[];
}

function inventoryRecord(id: number, p: AbcProduct, available: number, at: number, op: 'insert' | 'update'): ScenarioInputRecord {
  const value: InventoryEvent = {
    operationType: op,
    fullDocument: { product_id: id, name: `Product ${id}`, list: 100, discount: 10, available, capacity: p.capacity, txn_hour: p.txnHour },
  };
  return { topic: TOPIC_INVENTORY, key: String(id), value, timestamp: at };
}

/**
 * The records in append order: one inventory insert per product at T0, then per sale the transaction, `gapMin`
 * minutes after the previous one (the first 10 min after T0), and 1 ms later (§5.3) the product's inventory update.
 * Faults hit transaction `at mod n` (not its update): reorder = appended before the inventory inserts (the left join
 * finds no product, PRODUCT_NAME is null and the grouping drops it), late = appended after everything with its
 * own timestamp (the history spans under 24 h, so every window is still within its grace), dup = appended twice.
 */
export function abcInputs(h: AbcHistory): Placed<ScenarioInputRecord>[] {
  const setup = h.products.map((p, i): Placed<ScenarioInputRecord> => ({ record: inventoryRecord(i + 1, p, Math.max(0, p.capacity - p.missing), T0, 'insert') }));
  const n = h.sales.length;
  const kinds = (i: number): Set<string> => new Set(h.faults.filter((f) => f.at % n === i).map((f) => f.kind));
  const early: Placed<ScenarioInputRecord>[] = [];
  const middle: Placed<ScenarioInputRecord>[] = [];
  const last: Placed<ScenarioInputRecord>[] = [];
  let t = T0 + 10 * MIN;
  h.sales.forEach((s, i) => {
    t += s.gapMin * MIN;
    const known = s.product < h.products.length;
    const value: TransactionEvent = { operationType: 'insert', fullDocument: { cust_id: i + 1, prod_id: known ? s.product + 1 : UNKNOWN_PRODUCT, txn_ts: t } };
    const record: ScenarioInputRecord = { topic: TOPIC_TRANSACTIONS, key: String(i + 1), value, timestamp: t };
    const k = kinds(i);
    const fault = k.has('reorder') ? ('reorder' as const) : k.has('late') ? ('late' as const) : undefined;
    const copies: Placed<ScenarioInputRecord>[] = [fault === undefined ? { record } : { record, fault }, ...(k.has('dup') ? [{ record, fault: 'dup' as const }] : [])];
    (fault === 'reorder' ? early : fault === 'late' ? last : middle).push(...copies);
    // the inventory update stays where the fault-free order puts it
    const p = h.products[s.product];
    if (p !== undefined) middle.push({ record: inventoryRecord(s.product + 1, p, Math.max(0, p.capacity - s.missingAfter), t + 1, 'update') });
  });
  return [...early, ...setup, ...middle, ...last];
}

interface Observed {
  /** [PROD_ID, PRODUCT_NAME, window start, TXN_PER_HOUR, EXPECTED_TXN_PER_HOUR, STOCK_LEVEL, ts] per P5 update. */
  readonly hourly: JsonValue[][];
  /** [PROD_ID, PRODUCT_NAME, TXN_PER_HOUR, EXPECTED_TXN_PER_HOUR, STOCK_LEVEL, TS, ts] per P7 record. */
  readonly promotions: JsonValue[][];
}

function runAbc(statements: readonly string[], h: AbcHistory): Observed {
  const outputs = runStatements(pizzaAbcScenario, statements, abcInputs(h).map((p) => p.record));
  const at = (t: string) => outputs.get(t) ?? [];
  return {
    hourly: at(ABC_OUTPUT_TOPICS.productTxnPerHour).map((r) => {
      const key = r.key as { key: unknown; window: { start: number } };
      const k = plainJson(key.key) as { PROD_ID?: JsonValue; PRODUCT_NAME?: JsonValue } | null;
      return [k?.PROD_ID ?? null, k?.PRODUCT_NAME ?? null, key.window.start, ...['TXN_PER_HOUR', 'EXPECTED_TXN_PER_HOUR', 'STOCK_LEVEL'].map((f) => field(r.value, f)), r.timestamp];
    }),
    promotions: at(ABC_OUTPUT_TOPICS.promotions).map((r) => [...['PROD_ID', 'PRODUCT_NAME', 'TXN_PER_HOUR', 'EXPECTED_TXN_PER_HOUR', 'STOCK_LEVEL', 'TS'].map((f) => field(r.value, f)), r.timestamp]),
  };
}

/**
 * The brute-force reference, in append order: the inventory as the latest document per product; each transaction
 * of a known product lands in the 12 hopping windows [s, s + 1 h), s a multiple of 5 min with s ≤ ts < s + 1 h,
 * ascending, and each window's update is its count, max txn_hour, max available / max capacity · 100 of the
 * inventory rows joined in it, stamped with its latest ts. Promotions: the updates with count < expected and
 * stock > 80, TS the ts as London wall time (UTC in January, where every history lies).
 */
function reference(h: AbcHistory): Observed {
  const inventory = new Map<number, InventoryEvent['fullDocument']>();
  const windows = new Map<string, { n: number; hour: number; avail: number; cap: number; ts: number }>();
  const out: Observed = { hourly: [], promotions: [] };
  for (const { record } of abcInputs(h)) {
    if (record.topic === TOPIC_INVENTORY) {
      const doc = (record.value as InventoryEvent).fullDocument;
      inventory.set(doc.product_id, doc);
      continue;
    }
    const tx = (record.value as TransactionEvent).fullDocument;
    const doc = inventory.get(tx.prod_id);
    if (doc === undefined) continue; // null PRODUCT_NAME: the grouping drops it (§0.5)
    const ts = record.timestamp;
    const last = Math.floor(ts / ADVANCE) * ADVANCE;
    for (let start = last - HOUR + ADVANCE; start <= last; start += ADVANCE) {
      const key = `${tx.prod_id}@${start}`;
      const w = windows.get(key);
      const next = w === undefined ? { n: 1, hour: doc.txn_hour, avail: doc.available, cap: doc.capacity, ts } : { n: w.n + 1, hour: Math.max(w.hour, doc.txn_hour), avail: Math.max(w.avail, doc.available), cap: Math.max(w.cap, doc.capacity), ts: Math.max(w.ts, ts) };
      windows.set(key, next);
      const stock = (next.avail / next.cap) * 100;
      out.hourly.push([tx.prod_id, doc.name, start, next.n, next.hour, stock, next.ts]);
      if (next.n < next.hour && stock > 80) out.promotions.push([tx.prod_id, doc.name, next.n, next.hour, stock, new Date(next.ts).toISOString().replace('T', ' ').slice(0, 19), next.ts]);
    }
  }
  return out;
}


export const PIZZA_ABC_HOURLY_SALES = 'pizza-abc-hourly-sales';

/**
 * pizza-abc P5 `PRODUCT_TXN_PER_HOUR` and P7 `ABC_PROMOTIONS` (the scenario's ksqlDB statements) over 1–3 products
 * and 0–10 sales, some of the unknown product 99 (SCENARIOS.md §5.5.6): P5 emits 12 updates per known-product
 * transaction, each window's TXN_PER_HOUR is its running count, 0 ≤ STOCK_LEVEL ≤ 100 follows the joined rows'
 * maxima, and P7 is exactly the P5 updates with TXN_PER_HOUR < EXPECTED and STOCK_LEVEL > 80.
 */
export function abcHourlySalesSpec(options: JsonValue = { faults: [] }, variant?: { readonly name: string; readonly statements: readonly string[] }): InvariantSpec<AbcHistory> {
  const kinds = faultKindsOption(options);
  const statements = variant?.statements ?? ABC_STATEMENTS.map((s) => s.sql);
  return {
    name: variant?.name ?? PIZZA_ABC_HOURLY_SALES,
    topology: 'pizza-abc PRODUCT_TXN_PER_HOUR (P5) and ABC_PROMOTIONS (P7; ksqlDB)',
    invariant:
      'per known-product transaction 12 hopping-window updates (ascending start), each = the window\'s running count, max TXN_HOUR and max available / max capacity · 100 ∈ [0, 100] of the joined inventory; ABC_PROMOTIONS = exactly those with TXN_PER_HOUR < EXPECTED and STOCK_LEVEL > 80 (SCENARIOS.md §5.5.6)',
    options: { faults: kinds },
    history: fc.record({
      products: fc.array(fc.record({ missing: fc.integer({ min: 0, max: 20 }), capacity: fc.integer({ min: 1, max: 20 }), txnHour: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 3 }),
      sales: fc.array(fc.record({ product: fc.nat({ max: 3 }), gapMin: fc.integer({ min: 0, max: 50 }), missingAfter: fc.integer({ min: 0, max: 20 }) }), { maxLength: 10 }),
      faults: faultScheduleArb(kinds),
    }),
    run: (h) => runAbc(statements, h) as unknown as JsonValue,
    check: (h, observed) => {
      const got = observed as unknown as Observed;
      const bad = got.hourly.find((r) => typeof r[5] !== 'number' || r[5] < 0 || r[5] > 100);
      if (bad !== undefined) return `STOCK_LEVEL ${JSON.stringify(bad[5])} outside [0, 100] in ${JSON.stringify(bad)}`;
      const want = reference(h);
      return (
        firstDifference('PRODUCT_TXN_PER_HOUR update [PROD_ID, PRODUCT_NAME, start, TXN_PER_HOUR, EXPECTED, STOCK_LEVEL, ts]', got.hourly, want.hourly) ??
        firstDifference('ABC_PROMOTIONS record [PROD_ID, PRODUCT_NAME, TXN_PER_HOUR, EXPECTED, STOCK_LEVEL, TS, ts]', got.promotions, want.promotions)
      );
    },
    encode: (h) => ({ products: h.products.map((p) => ({ ...p })), sales: h.sales.map((s) => ({ ...s })), faults: h.faults.map((f) => ({ ...f })) }),
    decode: (json) => json as unknown as AbcHistory,
    faults: (h) => h.faults.map((f) => ({ kind: f.kind, transaction: h.sales.length === 0 ? null : String((f.at % h.sales.length) + 1) })),
    table: (h) => abcTable(abcInputs(h)),
  };
}

function abcTable(inputs: readonly Placed<ScenarioInputRecord>[]): HistoryTable {
  return {
    columns: ['#', 'topic', 'key', 'timestamp', 'value', 'fault'],
    rows: inputs.map(({ record, fault }, i) => {
      const text =
        record.topic === TOPIC_INVENTORY
          ? (({ product_id, available, capacity, txn_hour }) => `product ${product_id} available=${available} capacity=${capacity} txn_hour=${txn_hour}`)((record.value as InventoryEvent).fullDocument)
          : `prod_id=${(record.value as TransactionEvent).fullDocument.prod_id}`;
      return [String(i + 1), record.topic, String(record.key), sinceT0(record.timestamp), text, fault ?? ''];
    }),
  };
}
