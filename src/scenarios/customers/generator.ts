import { z } from 'zod';
import { InMemoryTable } from '../../connect/jdbc/in-memory-table.js';
import { JdbcSourceTask } from '../../connect/jdbc/source-task.js';
import type { JdbcSourceConfig } from '../../connect/jdbc/config.js';
import { applyFaults, checkProbability, CommonFaultsSchema, RecordSequencer, SeededFakers, T0, type CommonFaults, type GeneratedRecord } from '../common/index.js';
import { CUSTOMER_COLUMNS, CUSTOMERS_TABLE, TOPIC_PSG_CUSTOMERS, type CustomerRow } from './schemas.js';

/** Faker labels of the customers generator (SCENARIOS.md §4.2); `commitLag` is the fault's own label. */
export const CUSTOMERS_LABELS = { rows: 'rows', updates: 'updates', commitLag: 'commitLag' } as const;

export interface CustomersOptions {
  readonly seed: number;
  readonly startTime: number;
  readonly durationMs: number;
  /** Per insert tick, with probability p an earlier row gets a new `telefone` and `dt_update = t_k`. */
  readonly update: { readonly p: number };
  /** The same, but `dt_update` is left unchanged (the connector never sees it). */
  readonly silentUpdate: { readonly p: number };
  /** Scenario fault: with probability p a write commits (becomes visible to polls) `int(1, maxMs)` ms late. */
  readonly commitLag?: { readonly p: number; readonly maxMs: number };
  /** Common faults (§0.4), applied to the `psg-customers` records the connector produced. */
  readonly faults: CommonFaults;
}

export const DEFAULT_CUSTOMERS_OPTIONS: CustomersOptions = Object.freeze({
  seed: 1,
  startTime: T0,
  durationMs: 600_000,
  update: Object.freeze({ p: 0 }),
  silentUpdate: Object.freeze({ p: 0 }),
  faults: Object.freeze({}),
});

const probability = z.number().min(0).max(1);

export const CustomersOptionsSchema = z.strictObject({
  seed: z.number().int().refine(Number.isSafeInteger, 'seed must be a safe integer').optional(),
  startTime: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  durationMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  update: z.strictObject({ p: probability }).optional(),
  silentUpdate: z.strictObject({ p: probability }).optional(),
  commitLag: z.strictObject({ p: probability, maxMs: z.number().int().min(1).max(86_400_000) }).optional(),
  faults: CommonFaultsSchema.optional(),
});

/** The connector of the seed (`connect_postgres.config`): timestamp mode on dt_update, poll 500 ms. */
export const CUSTOMERS_CONNECTOR: JdbcSourceConfig = Object.freeze({
  mode: 'timestamp',
  tables: [CUSTOMERS_TABLE],
  topicPrefix: 'psg-',
  timestampColumnName: 'dt_update',
  pollIntervalMs: 500,
  validateNonNull: false,
});

/** One write to `public.customers`: what it did, when (t_k), and when its transaction became visible. */
export interface CustomerWrite {
  readonly kind: 'insert' | 'update' | 'silentUpdate';
  /** Row index (0-based insert order). */
  readonly row: number;
  readonly at: number;
  readonly visibleAt: number;
  /** The row's `dt_update` after this write. */
  readonly dtUpdate: number;
  readonly values: Partial<CustomerRow>;
}

/** The simulated table's history and the instant of the connector's last poll. */
export interface CustomersHistory {
  readonly table: InMemoryTable;
  readonly writes: readonly CustomerWrite[];
  readonly lastPoll: number;
}

const DAY_MS = 86_400_000;

function resolve(options: Partial<CustomersOptions>): CustomersOptions {
  const o: CustomersOptions = { ...DEFAULT_CUSTOMERS_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  for (const [name, v] of [['startTime', o.startTime], ['durationMs', o.durationMs]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`customers: ${name} must be an integer >= 0, got ${String(v)}`);
  }
  checkProbability(o.update.p, 'customers update');
  checkProbability(o.silentUpdate.p, 'customers silentUpdate');
  if (o.commitLag !== undefined) {
    checkProbability(o.commitLag.p, 'customers commitLag');
    if (!Number.isSafeInteger(o.commitLag.maxMs) || o.commitLag.maxMs < 1) throw new RangeError('customers commitLag: maxMs must be an integer >= 1');
  }
  return o;
}

/**
 * The row history of §4.2. Row k is inserted at `t_k = t_{k−1} + 500 + int(20,60)` while `t_k < startTime +
 * durationMs` (label `rows`: the gap first, then the fields in column order). After each insert, the `updates`
 * component draws `bern(update.p)` and, on a hit after the first row, `int(1, k−1)` for the earlier row and a
 * new phone number; then the same for `silentUpdate`. Every write then draws its commit lag (label `commitLag`,
 * only when the fault is on): lag counts from the write's instant t_k.
 */
export function customersHistory(options: Partial<CustomersOptions> = {}): CustomersHistory {
  const o = resolve(options);
  const fakers = new SeededFakers(o.seed);
  const rows = fakers.get(CUSTOMERS_LABELS.rows);
  const updates = fakers.get(CUSTOMERS_LABELS.updates);
  const lag = o.commitLag === undefined ? null : fakers.get(CUSTOMERS_LABELS.commitLag);
  const table = new InMemoryTable(CUSTOMERS_TABLE, CUSTOMER_COLUMNS);
  const writes: CustomerWrite[] = [];
  const dtOf: number[] = [];
  const end = o.startTime + o.durationMs;
  const visibleAt = (at: number): number => (lag !== null && lag.bern(o.commitLag!.p) ? at + lag.int(1, o.commitLag!.maxMs) : at);

  for (let t = o.startTime + 500 + rows.int(20, 60); t < end; t += 500 + rows.int(20, 60)) {
    const f = rows.faker;
    const row: CustomerRow = {
      nome: f.person.fullName(),
      sexo: rows.bern(0.5) ? 'M' : 'F',
      endereco: `${f.location.streetAddress()}\n${f.location.city()}, ${f.location.state({ abbreviated: true })} ${f.location.zipCode()}`,
      telefone: f.phone.number(),
      email: f.internet.exampleEmail(),
      foto: f.image.url(),
      nascimento: Math.floor(f.date.birthdate({ mode: 'age', min: 0, max: 115, refDate: t }).getTime() / DAY_MS),
      profissao: f.person.jobTitle(),
      dt_update: t,
    };
    const k = dtOf.length;
    const insertVisible = visibleAt(t);
    table.insert(row, insertVisible);
    dtOf.push(t);
    writes.push({ kind: 'insert', row: k, at: t, visibleAt: insertVisible, dtUpdate: t, values: row });
    for (const kind of ['update', 'silentUpdate'] as const) {
      if (!updates.bern(o[kind].p) || k === 0) continue;
      const target = updates.int(1, k) - 1; // a random earlier row (1-based among rows 1..k−1 of §4.2)
      const values: Partial<CustomerRow> = kind === 'update' ? { telefone: updates.faker.phone.number(), dt_update: t } : { telefone: updates.faker.phone.number() };
      if (kind === 'update') dtOf[target] = t;
      const v = visibleAt(t);
      table.update(target, values, v);
      writes.push({ kind, row: target, at: t, visibleAt: v, dtUpdate: dtOf[target]!, values });
    }
  }
  // the first poll after every write is visible and below the `dt_update < P` bound: later polls find nothing
  const horizon = writes.reduce((h, w) => Math.max(h, w.dtUpdate + 1, w.visibleAt), o.startTime);
  const lastPoll = o.startTime + Math.ceil((horizon - o.startTime) / 500) * 500;
  return { table, writes, lastPoll };
}

/** A `psg-customers` record: null key, the row as value, stamped with its poll time. */
export type CustomersRecord = GeneratedRecord<null, CustomerRow>;

/**
 * The input of the customers scenario: what the JDBC source connector (timestamp mode on dt_update, polls at
 * `startTime + 500·j`) produced to `psg-customers` from the §4.2 row history, common faults applied. This is
 * what `streamsim gen customers` emits: connector output, not table rows.
 */
export function generateCustomers(options: Partial<CustomersOptions> = {}): CustomersRecord[] {
  const o = resolve(options);
  const history = customersHistory(o);
  const task = new JdbcSourceTask(history.table, CUSTOMERS_CONNECTOR, { startTime: o.startTime });
  const seq = new RecordSequencer();
  for (const r of task.runUntil(history.lastPoll)) {
    seq.emit({ topic: TOPIC_PSG_CUSTOMERS, key: null, value: r.value as CustomerRow, timestamp: r.timestamp });
  }
  return applyFaults(seq.records as CustomersRecord[], o.faults, o.seed);
}
