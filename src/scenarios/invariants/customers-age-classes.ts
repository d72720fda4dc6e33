import fc from 'fast-check';
import { faultKindsOption, faultScheduleArb, type ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import type { HistoryTable, InvariantSpec, JsonValue } from '../../assertions/harness/invariant-spec.js';
import type { ScenarioInputRecord } from '../common/index.js';
import { T0 } from '../common/seeded-faker.js';
import { CUSTOMERS_OUTPUTS, CUSTOMERS_STATEMENTS } from '../customers/queries.js';
import { customersScenario } from '../customers/scenario.js';
import { TOPIC_PSG_CUSTOMERS, type CustomerRow } from '../customers/schemas.js';
import { field, placeFaults, plainJson, runStatements, type Placed } from './sql-run.js';
import { sinceT0 } from './since-t0.js';
import { firstDifference } from './first-difference.js';

const DAY_MS = 86_400_000;
/** 2000-01-01 as days since the epoch: the first "young" birthday (SCENARIOS.md §4.3 C2). */
const DAY_2000 = 10_957;
const POLL_MS = 500;
const WINDOW_MS = 30_000;

/** One polled row: its birthday (days since the epoch) and how many polls after the previous row it came. */
export interface CustomersRow {
  readonly bornDay: number;
  readonly pollGap: number;
}

export interface CustomersAgeHistory {
  readonly rows: readonly CustomersRow[];
  readonly faults: readonly ScheduledFault[];
}

/**
 * The `psg-customers` records in append order, as the JDBC source writes them (SCENARIOS.md §4.2): null key, the
 * row, ts = its poll time P (a multiple of 500 ms after T0, `pollGap` polls after the previous row's, several rows
 * per poll allowed) and `dt_update` just before P. Faults hit row `at mod n`: reorder = swapped with the row before
 * it, late = appended after everything with its own poll time (both make ROWTIME go back, within C4's 24 h grace),
 * dup = appended twice (a keyless stream cannot deduplicate: both are counted).
 */
export function customersInputs(h: CustomersAgeHistory): Placed<ScenarioInputRecord>[] {
  let poll = T0;
  const events = h.rows.map((row, i): ScenarioInputRecord => {
    poll += POLL_MS * (row.pollGap + (i === 0 ? 1 : 0));
    const value: CustomerRow = {
      nome: `Row ${i + 1}`,
      sexo: i % 2 === 0 ? 'F' : 'M',
      endereco: null,
      telefone: `555-${i + 1}`,
      email: `r${i + 1}@example.com`,
      foto: null,
      nascimento: row.bornDay,
      profissao: 'Tester',
      dt_update: poll - 1 - ((i * 37) % (POLL_MS - 1)),
    };
    return { topic: TOPIC_PSG_CUSTOMERS, key: null, value, timestamp: poll };
  });
  return placeFaults([], events, h.faults, 'beforePrevious');
}

interface Observed {
  /** [NOME, SEXO, DT_NASCIMENTO, DT_UPDT, ts] per `jovens` record. */
  readonly jovens: JsonValue[][];
  /** [NOME, IDADECAT, DT_UPDT, ts] per `idadeclass` record. */
  readonly idadeclass: JsonValue[][];
  /** [IDADECAT, window start, CONTAGEM, ts] per `idadecont` update. */
  readonly idadecont: JsonValue[][];
}

function runCustomers(statements: readonly string[], h: CustomersAgeHistory): Observed {
  const outputs = runStatements(customersScenario, statements, customersInputs(h).map((p) => p.record));
  const at = (t: string) => outputs.get(t) ?? [];
  return {
    jovens: at(CUSTOMERS_OUTPUTS.jovens).map((r) => [...['NOME', 'SEXO', 'DT_NASCIMENTO', 'DT_UPDT'].map((k) => field(r.value, k)), r.timestamp]),
    idadeclass: at(CUSTOMERS_OUTPUTS.idadeclass).map((r) => [...['NOME', 'IDADECAT', 'DT_UPDT'].map((k) => field(r.value, k)), r.timestamp]),
    idadecont: at(CUSTOMERS_OUTPUTS.idadecont).map((r) => {
      const key = r.key as { key: unknown; window: { start: number } };
      return [plainJson(key.key), key.window.start, field(r.value, 'CONTAGEM'), r.timestamp];
    }),
  };
}

/** `yyyy-MM-dd HH:mm:ss.SSS` in UTC. */
function utcMillis(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

/**
 * The brute-force reference, in append order: a row is young iff its birthday's ISO date ≥ "2000-01-01"; every row
 * goes to idadeclass; idadecont counts per category and 30 s tumbling window of ROWTIME (epoch-aligned), one update
 * per row, stamped with the window's latest ROWTIME (§0.5), none dropped (the history spans far less than 24 h).
 */
function reference(h: CustomersAgeHistory): Observed {
  const out: Observed = { jovens: [], idadeclass: [], idadecont: [] };
  const counts = new Map<string, { n: number; ts: number }>();
  for (const { record } of customersInputs(h)) {
    const v = record.value as CustomerRow;
    const born = new Date(v.nascimento! * DAY_MS).toISOString().slice(0, 10);
    const young = born >= '2000-01-01';
    const updt = utcMillis(v.dt_update!);
    if (young) out.jovens.push([v.nome, v.sexo, born, updt, record.timestamp]);
    const cat = young ? 'JOVEM' : 'ADULTO';
    out.idadeclass.push([v.nome, cat, updt, record.timestamp]);
    const start = Math.floor(record.timestamp / WINDOW_MS) * WINDOW_MS;
    const prev = counts.get(`${cat}@${start}`) ?? { n: 0, ts: Number.NEGATIVE_INFINITY };
    const next = { n: prev.n + 1, ts: Math.max(prev.ts, record.timestamp) };
    counts.set(`${cat}@${start}`, next);
    out.idadecont.push([cat, start, next.n, next.ts]);
  }
  return out;
}


export const CUSTOMERS_AGE_CLASSES = 'customers-age-classes';

/** The statements of C2–C4 and the stream they read (C1 is a push query: no sink, not checked here). */
export const CUSTOMERS_SINK_STATEMENTS: readonly string[] = CUSTOMERS_STATEMENTS.filter((s) => s.question !== 'C1').map((s) => s.sql);

/**
 * customers C2 `jovens`, C3 `idadeclass` and C4 `idadecont` (the scenario's ksqlDB statements) over 0–12 polled rows
 * with birthdays around 2000-01-01 and far from it (SCENARIOS.md §4.4.4–5): jovens = exactly the rows born on or
 * after 2000-01-01, idadeclass one record per row with its category, |jovens| + |ADULTO| = |idadeclass| = |rows|,
 * and every idadecont update = the running count of its category and 30 s window. `variant` (self-tests only)
 * runs other statements under another name.
 */
export function customersAgeClassesSpec(options: JsonValue = { faults: [] }, variant?: { readonly name: string; readonly statements: readonly string[] }): InvariantSpec<CustomersAgeHistory> {
  const kinds = faultKindsOption(options);
  const statements = variant?.statements ?? CUSTOMERS_SINK_STATEMENTS;
  const bornDay = fc.oneof(fc.integer({ min: DAY_2000 - 1, max: DAY_2000 + 1 }), fc.integer({ min: -25_000, max: 20_000 }));
  return {
    name: variant?.name ?? CUSTOMERS_AGE_CLASSES,
    topology: 'customers jovens / idadeclass / idadecont (C2–C4; ksqlDB)',
    invariant:
      'jovens = the rows born on or after 2000-01-01, idadeclass = every row with its category (|jovens| + |ADULTO| = |idadeclass| = |rows|), each idadecont update = the running count per category and 30 s window of ROWTIME (SCENARIOS.md §4.4.4–5)',
    options: { faults: kinds },
    history: fc.record({
      rows: fc.array(fc.record({ bornDay, pollGap: fc.nat({ max: 70 }) }), { maxLength: 12 }),
      faults: faultScheduleArb(kinds),
    }),
    run: (h) => runCustomers(statements, h) as unknown as JsonValue,
    check: (h, observed) => {
      const got = observed as unknown as Observed;
      const want = reference(h);
      return (
        firstDifference('jovens record', got.jovens, want.jovens) ??
        firstDifference('idadeclass record', got.idadeclass, want.idadeclass) ??
        firstDifference('idadecont update [IDADECAT, window start, CONTAGEM, ts]', got.idadecont, want.idadecont)
      );
    },
    encode: (h) => ({ rows: h.rows.map((r) => ({ ...r })), faults: h.faults.map((f) => ({ ...f })) }),
    decode: (json) => json as unknown as CustomersAgeHistory,
    faults: (h) => h.faults.map((f) => ({ kind: f.kind, row: h.rows.length === 0 ? null : `Row ${(f.at % h.rows.length) + 1}` })),
    table: (h) => customersTable(customersInputs(h)),
  };
}

function customersTable(inputs: readonly Placed<ScenarioInputRecord>[]): HistoryTable {
  return {
    columns: ['#', 'row', 'poll (ts)', 'nascimento', 'dt_update', 'fault'],
    rows: inputs.map(({ record, fault }, i) => {
      const v = record.value as CustomerRow;
      return [String(i + 1), v.nome!, sinceT0(record.timestamp), `${v.nascimento} (${new Date(v.nascimento! * DAY_MS).toISOString().slice(0, 10)})`, sinceT0(v.dt_update!), fault ?? ''];
    }),
  };
}
