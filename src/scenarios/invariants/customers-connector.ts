import fc from 'fast-check';
import { faultKindsOption, faultScheduleArb, type FaultKind, type ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import type { HistoryTable, InvariantSpec, JsonValue } from '../../assertions/harness/invariant-spec.js';
import type { JdbcSourceConfig } from '../../connect/jdbc/config.js';
import { InMemoryTable } from '../../connect/jdbc/in-memory-table.js';
import { JdbcSourceTask } from '../../connect/jdbc/source-task.js';
import { T0 } from '../common/seeded-faker.js';
import { CUSTOMERS_CONNECTOR } from '../customers/generator.js';
import { CUSTOMER_COLUMNS, CUSTOMERS_TABLE } from '../customers/schemas.js';
import { sinceT0 } from './since-t0.js';

const POLL_MS = 500;

/** One write to `public.customers`: an insert, an update that bumps dt_update, or a silent update (§4.2). */
export interface CustomersWriteSpec {
  readonly kind: 'insert' | 'update' | 'silent';
  /** ms after the previous write. */
  readonly gapMs: number;
  /** For updates: the target, an index into the rows inserted so far (mod their count). */
  readonly row: number;
  /** Commit lag (ms) when a `late` fault hits this write. */
  readonly lagMs: number;
}

export interface CustomersConnectorHistory {
  readonly writes: readonly CustomersWriteSpec[];
  readonly faults: readonly ScheduledFault[];
}

/** A write as applied: its row, instant, commit instant, dt_update afterwards and new phone. */
export interface AppliedWrite {
  readonly kind: 'insert' | 'update' | 'silent';
  readonly row: number;
  readonly at: number;
  readonly visibleAt: number;
  readonly dtUpdate: number;
  readonly telefone: string;
  readonly fault?: FaultKind;
}

/**
 * The writes as the database applies them, from T0 + 1 ms on. An update before any insert is skipped. Faults
 * hit write `at mod n` (§4.2 fault `commitLag`): late = its transaction commits `lagMs` later; reorder = it commits
 * only when the next write does (commit order ≠ write order); dup = the write runs twice (an insert twice is a
 * second row with the same values, emitted once more; an update twice changes nothing more). An update commits
 * no earlier than its row's insert (a transaction cannot change a row it cannot see yet).
 */
export function appliedWrites(h: CustomersConnectorHistory): AppliedWrite[] {
  const n = h.writes.length;
  const kinds = (i: number): Set<FaultKind> => new Set(h.faults.filter((f) => f.at % n === i).map((f) => f.kind));
  const out: AppliedWrite[] = [];
  const dt: number[] = [];
  const insertVisible: number[] = [];
  let t = T0 + 1;
  const times = h.writes.map((w) => (t += w.gapMs));
  h.writes.forEach((w, i) => {
    const k = kinds(i);
    const fault = k.has('reorder') ? 'reorder' : k.has('late') ? 'late' : undefined;
    const at = times[i]!;
    const visibleAt = fault === 'reorder' ? (times[i + 1] ?? at + POLL_MS) : fault === 'late' ? at + w.lagMs : at;
    for (let copy = 0; copy < (k.has('dup') ? 2 : 1); copy++) {
      const f: FaultKind | undefined = copy === 1 ? 'dup' : fault;
      const base = { at, telefone: `555-${i + 1}`, ...(f === undefined ? {} : { fault: f }) };
      if (w.kind === 'insert') {
        dt.push(at);
        insertVisible.push(visibleAt);
        out.push({ kind: 'insert', row: dt.length - 1, dtUpdate: at, visibleAt, ...base });
      } else if (dt.length > 0) {
        const row = w.row % dt.length;
        if (w.kind === 'update') dt[row] = at;
        // an update cannot commit before the row's insert does (it waits for the row): InMemoryTable would show it
        out.push({ kind: w.kind, row, dtUpdate: dt[row]!, visibleAt: Math.max(visibleAt, insertVisible[row]!), ...base });
      }
    }
  });
  return out;
}

/** The last poll worth running: the first after every write is committed and below the `dt_update < P` bound. */
function lastPoll(writes: readonly AppliedWrite[]): number {
  const horizon = writes.reduce((m, w) => Math.max(m, w.dtUpdate + 1, w.visibleAt), T0);
  return T0 + Math.ceil((horizon - T0) / POLL_MS) * POLL_MS;
}

/** Emitted records as [nome, telefone, dt_update, ts]. */
type Observed = JsonValue[][];

function runConnector(config: JdbcSourceConfig, writes: readonly AppliedWrite[]): Observed {
  const table = new InMemoryTable(CUSTOMERS_TABLE, CUSTOMER_COLUMNS);
  for (const w of writes) {
    if (w.kind === 'insert') table.insert({ nome: `Row ${w.row + 1}`, telefone: w.telefone, dt_update: w.dtUpdate }, w.visibleAt);
    else table.update(w.row, w.kind === 'update' ? { telefone: w.telefone, dt_update: w.dtUpdate } : { telefone: w.telefone }, w.visibleAt);
  }
  const task = new JdbcSourceTask(table, config, { startTime: T0 });
  return task.runUntil(lastPoll(writes)).map((r) => {
    const v = r.value as { nome: string; telefone: string; dt_update: number };
    return [v.nome, v.telefone, v.dt_update, r.timestamp];
  });
}

/**
 * The brute-force reference of §4.2's connector: polls at T0 + 500·j (j ≥ 1); each sees, per row, the last version
 * committed at or before P, selects those with offset < dt_update < P in (dt_update, row) order, emits them at P
 * and moves the offset to the largest dt_update emitted.
 */
function reference(writes: readonly AppliedWrite[]): Observed {
  const out: Observed = [];
  const rows = new Set(writes.map((w) => w.row));
  let offset = Number.NEGATIVE_INFINITY;
  for (let p = T0 + POLL_MS; p <= lastPoll(writes); p += POLL_MS) {
    const visible: { row: number; telefone: string; dtUpdate: number }[] = [];
    for (const row of rows) {
      const committed = writes.filter((w) => w.row === row && w.visibleAt <= p);
      if (!committed.some((w) => w.kind === 'insert')) continue; // absent until its insert commits
      // the version committed last (ties: the later write) is visible; each write's values already include
      // every earlier write of the row (an UPDATE applies on top of the last written version)
      const last = committed.reduce((a, b) => (b.visibleAt >= a.visibleAt ? b : a));
      visible.push({ row, telefone: last.telefone, dtUpdate: last.dtUpdate });
    }
    const picked = visible.filter((v) => offset < v.dtUpdate && v.dtUpdate < p).sort((a, b) => a.dtUpdate - b.dtUpdate || a.row - b.row);
    for (const v of picked) out.push([`Row ${v.row + 1}`, v.telefone, v.dtUpdate, p]);
    if (picked.length > 0) offset = Math.max(offset, ...picked.map((v) => v.dtUpdate));
  }
  return out;
}

export const CUSTOMERS_CONNECTOR_INVARIANT = 'customers-connector';

/**
 * The customers JDBC source (timestamp mode on dt_update, polls every 500 ms: the scenario's CUSTOMERS_CONNECTOR on
 * the simulated `public.customers`) over 0–10 writes (SCENARIOS.md §4.4.1–3): the records equal a brute-force
 * replay of the polls: every committed row once, in (dt_update, row) order, once more per update that bumps
 * dt_update, never a silent update, ts = the poll P with dt_update < P, and a row committed after the offset
 * passed its dt_update is lost. `variant` (self-tests only) runs another connector config under another name.
 */
export function customersConnectorSpec(options: JsonValue = { faults: [] }, variant?: { readonly name: string; readonly config: JdbcSourceConfig }): InvariantSpec<CustomersConnectorHistory> {
  const kinds = faultKindsOption(options);
  const config = variant?.config ?? CUSTOMERS_CONNECTOR;
  return {
    name: variant?.name ?? CUSTOMERS_CONNECTOR_INVARIANT,
    topology: 'customers JDBC source connector (timestamp mode on dt_update, poll 500 ms) → psg-customers',
    invariant:
      'psg-customers = the polls replayed by hand: each poll P emits the committed rows with offset < dt_update < P in (dt_update, row) order at ts P, then offset = their max dt_update; so every row once plus once per dt_update bump, silent updates never, rows committed behind the offset lost (SCENARIOS.md §4.4.1–3)',
    options: { faults: kinds },
    history: fc.record({
      writes: fc.array(
        fc.record({
          kind: fc.constantFrom('insert' as const, 'update' as const, 'silent' as const),
          gapMs: fc.integer({ min: 0, max: 900 }),
          row: fc.nat({ max: 9 }),
          lagMs: fc.integer({ min: 1, max: 2000 }),
        }),
        { maxLength: 10 },
      ),
      faults: faultScheduleArb(kinds),
    }),
    run: (h) => runConnector(config, appliedWrites(h)),
    check: (h, observed) => {
      const want = reference(appliedWrites(h));
      const got = observed as Observed;
      for (let i = 0; i < Math.max(got.length, want.length); i++) {
        const g = JSON.stringify(got[i] ?? null);
        const w = JSON.stringify(want[i] ?? null);
        if (g !== w) return `psg-customers record ${i + 1} [nome, telefone, dt_update, ts]: got ${i < got.length ? g : 'nothing'}, expected ${i < want.length ? w : 'nothing'}`;
      }
      return null;
    },
    encode: (h) => ({ writes: h.writes.map((w) => ({ ...w })), faults: h.faults.map((f) => ({ ...f })) }),
    decode: (json) => json as unknown as CustomersConnectorHistory,
    faults: (h) => h.faults.map((f) => ({ kind: f.kind, write: h.writes.length === 0 ? null : (f.at % h.writes.length) + 1 })),
    table: (h) => writesTable(appliedWrites(h)),
  };
}

function writesTable(writes: readonly AppliedWrite[]): HistoryTable {
  return {
    columns: ['#', 'write', 'row', 'at', 'committed', 'dt_update', 'telefone', 'fault'],
    rows: writes.map((w, i) => [String(i + 1), w.kind, `Row ${w.row + 1}`, sinceT0(w.at), sinceT0(w.visibleAt), sinceT0(w.dtUpdate), w.telefone, w.fault ?? '']),
  };
}
