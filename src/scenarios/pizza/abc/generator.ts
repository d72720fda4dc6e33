import { z } from 'zod';
import {
  applyFaults,
  checkProbability,
  checkSkew,
  CommonFaultsSchema,
  RecordSequencer,
  type SeededFaker,
  SeededFakers,
  SkewedPicker,
  SkewSchema,
  T0,
  type CommonFaults,
  type GeneratedRecord,
} from '../../common/index.js';
import {
  TOPIC_CLICKS,
  TOPIC_INVENTORY,
  TOPIC_TRANSACTIONS,
  type AbcTopic,
  type AbcValues,
  type Click,
  type InventoryDocument,
} from './schemas.js';

/** The faker label of the ABC generator (SCENARIOS.md §5.3). */
export const ABC_LABEL = 'abc';
/** The scenario fault `unknownProduct` draws from its own label, so switching it on never shifts the `abc` draws. */
export const UNKNOWN_PRODUCT_LABEL = 'unknownProduct';
/** The product id of the `unknownProduct` fault: no inventory document ever has it. */
export const UNKNOWN_PRODUCT_ID = 99;

/** Sales factors of §5.3: a product sells at factor·txn_hour per hour. */
export const SALES_FACTORS = [0.5, 1, 1.5] as const;
/** Customers and click users are 1..500 (§5.3 `cust_id = int(1,500)`). */
export const MAX_CUSTOMER = 500;
/** The window before a transaction in which its product clicks fall (§5.3: "in the 60 s before"). */
export const CLICK_LEAD_MS = 60_000;
/** Mean gap of the background clicks (§5.3). */
export const BACKGROUND_CLICK_MEAN_MS = 2000;
const HOUR_MS = 3_600_000;

/**
 * Referrers of a click. **Interpretation:** §5.3 names the click fields but not their values; a few plausible
 * sources of shop traffic.
 */
export const REFERRERS = ['https://www.google.com/', 'https://www.bing.com/', 'https://www.facebook.com/', 'https://abc.example.com/', 'direct'] as const;

/**
 * User agents of a click. **Interpretation:** faker's `internet.userAgent()` needs the `base` locale, which the
 * §0.2 faker (`locale: [en]`) lacks, so the agent is picked from these common browsers.
 */
export const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
] as const;

/** `unknownProduct {p}`: with probability p a transaction is for product 99, which the inventory never lists. */
export interface UnknownProductFault {
  readonly p: number;
}

export interface AbcFaults extends CommonFaults {
  readonly unknownProduct?: UnknownProductFault;
}

export interface AbcOptions {
  readonly seed: number;
  readonly startTime: number;
  readonly durationMs: number;
  /** Number of products, ids 1..products (at most 98, so that 99 stays unknown). */
  readonly products: number;
  /**
   * Key-popularity skew (Zipf exponent, 0..10): a background click goes to product p with weight 1/p^skew, so the
   * first products draw most of the browsing. 0 = uniform (`int(1, N)`). Sales processes are not affected.
   */
  readonly skew: number;
  readonly faults: AbcFaults;
}

/** The §5.3 defaults: 8 products over 2 h (so the hourly windows fill), every fault off. */
export const DEFAULT_ABC_OPTIONS: AbcOptions = Object.freeze({
  seed: 1,
  startTime: T0,
  durationMs: 7_200_000,
  products: 8,
  skew: 0,
  faults: Object.freeze({}),
});

/** zod schema of the options (for `--opt` parsing); every field optional, unknown keys rejected. */
export const AbcOptionsSchema = z.strictObject({
  seed: z.number().int().refine(Number.isSafeInteger, 'seed must be a safe integer').optional(),
  startTime: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  durationMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  products: z.number().int().min(1).max(UNKNOWN_PRODUCT_ID - 1).optional(),
  skew: SkewSchema.optional(),
  faults: CommonFaultsSchema.extend({ unknownProduct: z.strictObject({ p: z.number().min(0).max(1) }).optional() }).optional(),
});

/** An ABC record: keyed by its MongoDB document id, as a string. */
export type AbcRecord = GeneratedRecord<string, AbcValues[AbcTopic]>;

/** A product as the generator drew it: its inventory document plus its hidden sales factor. */
export interface AbcProduct {
  readonly document: InventoryDocument;
  readonly factor: (typeof SALES_FACTORS)[number];
}

function resolve(options: Partial<AbcOptions>): AbcOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<AbcOptions>;
  const o: AbcOptions = { ...DEFAULT_ABC_OPTIONS, ...given };
  for (const [name, value] of [['startTime', o.startTime], ['durationMs', o.durationMs]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`pizza-abc: ${name} must be an integer >= 0, got ${String(value)}`);
  }
  if (!Number.isSafeInteger(o.products) || o.products < 1 || o.products >= UNKNOWN_PRODUCT_ID) {
    throw new RangeError(`pizza-abc: products must be an integer in [1, ${String(UNKNOWN_PRODUCT_ID - 1)}], got ${String(o.products)}`);
  }
  if (o.faults.unknownProduct !== undefined) checkProbability(o.faults.unknownProduct.p, 'unknownProduct');
  checkSkew(o.skew, 'pizza-abc');
  return o;
}

/**
 * The products of a run (§5.3), drawn first from the `abc` faker, so they follow from the seed alone. For
 * tests and summaries that need the hidden sales factors.
 */
export function drawAbcProducts(seed: number, count: number): AbcProduct[] {
  return drawProducts(new SeededFakers(seed).get(ABC_LABEL), count);
}

function drawProducts(rnd: SeededFaker, count: number): AbcProduct[] {
  const products: AbcProduct[] = [];
  for (let p = 1; p <= count; p++) products.push(drawProduct(rnd, p));
  return products;
}

/** §5.3 product p, drawn in the order name, list, discount, capacity, available, txn_hour, factor. */
function drawProduct(rnd: SeededFaker, productId: number): AbcProduct {
  const name = rnd.faker.commerce.productName();
  const list = rnd.int(10, 500);
  const discount = rnd.int(0, 30);
  const capacity = rnd.int(50, 200);
  const available = Math.round(capacity * (0.5 + 0.5 * rnd.u()));
  const txnHour = rnd.int(4, 30);
  const factor = rnd.pick(SALES_FACTORS);
  return { document: { product_id: productId, name, list, discount, available, capacity, txn_hour: txnHour }, factor };
}

/**
 * The stock after one sale: `available − 1`, restocked to `capacity` when that falls below capacity/10.
 * **Interpretation:** §5.3's restock test applies to the decremented value, so the sale and the restock are one update.
 */
export function afterSale(doc: InventoryDocument): InventoryDocument {
  const left = doc.available - 1;
  return { ...doc, available: left < doc.capacity / 10 ? doc.capacity : left };
}

/** A click's descriptive fields, drawn in the order ip, bytes, referrer, agent. */
function clickFields(rnd: SeededFaker): Pick<Click, 'ip' | 'bytes' | 'referrer' | 'agent'> {
  const ip = rnd.faker.internet.ipv4();
  const bytes = rnd.int(200, 20_000);
  const referrer = rnd.pick(REFERRERS);
  const agent = rnd.pick(AGENTS);
  return { ip, bytes, referrer, agent };
}

/** A click with its fields in the DDL's column order (so the JSON reads like the seed's). */
function click(f: ReturnType<typeof clickFields>, userid: number, prodId: number, clickTs: number): Click {
  return { ip: f.ip, userid, prod_id: prodId, bytes: f.bytes, referrer: f.referrer, agent: f.agent, click_ts: clickTs };
}

/** Which stream of the merge a record comes from (see {@link generateAbc}). */
const Group = { Inserts: 0, Products: 1, Background: 2 } as const;
type Group = (typeof Group)[keyof typeof Group];

/** A record before the merge: its topic, value and the merge's sort fields; keys are assigned after the merge. */
interface Draft {
  readonly topic: AbcTopic;
  readonly value: AbcValues[AbcTopic];
  readonly timestamp: number;
  readonly group: Group;
  /** The product whose process made it (0 for background clicks). */
  readonly product: number;
  /** Generation index over the whole generator: keeps each process's own order on ties. */
  readonly index: number;
}

function compareDrafts(a: Draft, b: Draft): number {
  return a.timestamp - b.timestamp || a.group - b.group || a.product - b.product || a.index - b.index;
}

/**
 * A MongoDB ObjectId as 24 lower-case hex chars: 4 bytes of seconds, 5 bytes of process id, a 3-byte counter.
 * Deterministic: the process id is drawn once per run and the counter follows the append order.
 */
export function objectId(timestampMs: number, processId: string, counter: number): string {
  const seconds = Math.floor(timestampMs / 1000) >>> 0;
  return seconds.toString(16).padStart(8, '0') + processId + (counter % 0x1000000).toString(16).padStart(6, '0');
}

/**
 * The ABC retail lab generator of SCENARIOS.md §5.3. Pure: the same options give byte-identical records.
 *
 * Draws, all from the `abc` faker in this order:
 * 1. products 1..N (see {@link drawProduct});
 * 2. the ObjectId process id (10 hex chars) that keys transactions and clicks;
 * 3. per product 1..N, its sales process until `durationMs`: the gap `expo(3 600 000/(factor·txn_hour))`, then
 *    `cust_id = int(1,500)`, the click count `int(1,3)` and per click its lead `int(1, 60 000)` ms and fields;
 * 4. the background clicks: the gap `expo(2000)`, then the product `int(1,N)` (with `skew` > 0 instead a
 *    Zipf-weighted product from one u()), `userid = int(1,500)` and fields.
 * `unknownProduct` draws one `bern(p)` per transaction, in step-3 order, from its own faker.
 *
 * Records: at `startTime` one `insert` per product (key = the product id); per transaction (key = an ObjectId)
 * its clicks at `ts − lead` (never before startTime; userid = the buyer), the transaction at `ts` (integer ms: the
 * floor of the running sum of gaps) and 1 ms later the `update` document (see {@link afterSale}). An
 * unknown-product transaction has prod_id 99 and no update, and leaves the product's stock as it was.
 *
 * Merge order (append order, §0.4): all records sorted by timestamp, then group (the T0 inserts, then the product
 * processes, then background clicks), then product id, then generation order. So each product's own causal order
 * holds on ties (clicks, transaction, update), and every insert precedes everything else at startTime.
 * ObjectId counters are assigned in that order. Common faults apply last.
 */
export function generateAbc(options: Partial<AbcOptions> = {}): AbcRecord[] {
  const o = resolve(options);
  const fakers = new SeededFakers(o.seed);
  const rnd = fakers.get(ABC_LABEL);
  const unknown = o.faults.unknownProduct;
  const unknownRnd = unknown === undefined ? undefined : fakers.get(UNKNOWN_PRODUCT_LABEL);
  const end = o.durationMs;
  const skewed = new SkewedPicker(o.skew);

  const drafts: Draft[] = [];
  const add = (d: Omit<Draft, 'index'>): void => {
    drafts.push({ ...d, index: drafts.length });
  };

  const products = drawProducts(rnd, o.products);
  const processId = rnd.faker.string.hexadecimal({ length: 10, casing: 'lower', prefix: '' });

  for (const { document } of products) {
    add({ topic: TOPIC_INVENTORY, value: { operationType: 'insert', fullDocument: document }, timestamp: o.startTime, group: Group.Inserts, product: document.product_id });
  }

  for (const { document: initial, factor } of products) {
    const p = initial.product_id;
    const meanGap = HOUR_MS / (factor * initial.txn_hour);
    let stock = initial;
    for (let at = rnd.expo(meanGap); at < end; at += rnd.expo(meanGap)) {
      const ts = o.startTime + Math.floor(at);
      const custId = rnd.int(1, MAX_CUSTOMER);
      const clicks = rnd.int(1, 3);
      for (let c = 0; c < clicks; c++) {
        const clickTs = Math.max(o.startTime, ts - rnd.int(1, CLICK_LEAD_MS));
        add({ topic: TOPIC_CLICKS, value: click(clickFields(rnd), custId, p, clickTs), timestamp: clickTs, group: Group.Products, product: p });
      }
      const isUnknown = unknown !== undefined && unknownRnd !== undefined && unknownRnd.bern(unknown.p);
      const prodId = isUnknown ? UNKNOWN_PRODUCT_ID : p;
      add({ topic: TOPIC_TRANSACTIONS, value: { operationType: 'insert', fullDocument: { cust_id: custId, prod_id: prodId, txn_ts: ts } }, timestamp: ts, group: Group.Products, product: p });
      if (isUnknown) continue;
      stock = afterSale(stock);
      add({ topic: TOPIC_INVENTORY, value: { operationType: 'update', fullDocument: stock }, timestamp: ts + 1, group: Group.Products, product: p });
    }
  }

  for (let at = rnd.expo(BACKGROUND_CLICK_MEAN_MS); at < end; at += rnd.expo(BACKGROUND_CLICK_MEAN_MS)) {
    const ts = o.startTime + Math.floor(at);
    // s = 0 keeps the original int(1, N) draw, so default runs stay byte-identical.
    const productId = o.skew === 0 ? rnd.int(1, o.products) : 1 + skewed.index(rnd, o.products);
    const userid = rnd.int(1, MAX_CUSTOMER);
    add({ topic: TOPIC_CLICKS, value: click(clickFields(rnd), userid, productId, ts), timestamp: ts, group: Group.Background, product: 0 });
  }

  drafts.sort(compareDrafts);
  const seq = new RecordSequencer();
  let counter = 0;
  for (const d of drafts) {
    const key = d.topic === TOPIC_INVENTORY ? String(d.product) : objectId(d.timestamp, processId, counter++);
    seq.emit({ topic: d.topic, key, value: d.value, timestamp: d.timestamp });
  }
  return applyFaults(seq.records as readonly AbcRecord[], o.faults, o.seed);
}

/** Expected records per hour and product: E[factor]·E[txn_hour] = 1·17 sales, each with 2 clicks and an update. */
const RECORDS_PER_PRODUCT_HOUR = 17 * (1 + 2 + 1);
const BACKGROUND_PER_HOUR = HOUR_MS / BACKGROUND_CLICK_MEAN_MS;

/** Options that give about `events` records with the default product count: only the duration scales. */
export function abcSizeFor(events: number, products = DEFAULT_ABC_OPTIONS.products): Partial<AbcOptions> {
  const perHour = products * RECORDS_PER_PRODUCT_HOUR + BACKGROUND_PER_HOUR;
  const hours = Math.max(0, events - products) / perHour;
  return { durationMs: Math.max(1, Math.round(hours * HOUR_MS)) };
}
