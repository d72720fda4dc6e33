/**
 * The JDBC source over real PostgreSQL and MariaDB tables, against the in-memory simulation on the same row
 * history: for each mode, the records a poll returns (values, keys, offsets, poll times) must be the same.
 *
 * Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust, db `test`) and MariaDB at 127.0.0.1:3306 (root, no
 * password, db `test`). An unreachable server fails its tests with the host, port and error; with
 * STREAMSIM_SKIP_DB=1 they are skipped instead, the reason in the test name.
 */
import { describe, expect, it } from 'vitest';
import {
  AsyncJdbcSourceTask,
  InMemoryTable,
  JdbcConnectError,
  JdbcSourceTask,
  MariaDbTableReader,
  PostgresTableReader,
  type JdbcMode,
  type JdbcSourceConfig,
  type JdbcSourceRecord,
  type Row,
} from '../../../src/connect/jdbc/index.js';

const T0 = 1704067200000;
const S = (s: number): number => T0 + Math.round(s * 1000);
const SKIP = process.env['STREAMSIM_SKIP_DB'] === '1';

interface Server {
  readonly label: string;
  readonly where: string;
  connect(): Promise<PostgresTableReader | MariaDbTableReader>;
  /** DDL for the test table: explicit ids, a naive millisecond timestamp, a date. */
  createTable(name: string): string;
  quote(id: string): string;
  param(n: number): string;
}

const SERVERS: readonly Server[] = [
  {
    label: 'PostgreSQL',
    where: '127.0.0.1:5432',
    connect: () => PostgresTableReader.connect({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', connectionTimeoutMillis: 2000 }),
    createTable: (n) => `CREATE TABLE "${n}" (id INTEGER NOT NULL PRIMARY KEY, name TEXT, phone TEXT, ts TIMESTAMP(3) NOT NULL, born DATE, loose TIMESTAMP(3))`,
    quote: (id) => `"${id}"`,
    param: (n) => `$${n}`,
  },
  {
    label: 'MariaDB',
    where: '127.0.0.1:3306',
    connect: () => MariaDbTableReader.connect({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test', connectTimeout: 2000 }),
    createTable: (n) => `CREATE TABLE \`${n}\` (id INTEGER NOT NULL PRIMARY KEY, name TEXT, phone TEXT, ts DATETIME(3) NOT NULL, born DATE, loose DATETIME(3) NULL)`,
    quote: (id) => `\`${id}\``,
    param: () => '?',
  },
];

/** Connection check at collection time, so an unreachable server can be skipped (or failed) by name. */
async function probe(s: Server): Promise<string | null> {
  try {
    const r = await s.connect();
    await r.close();
    return null;
  } catch (err) {
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
}
const unreachable = new Map<string, string | null>();
for (const s of SERVERS) unreachable.set(s.label, await probe(s));

/** One write of the row history: applied to the database when the first poll at or after `at` runs. */
type Write = { readonly at: number; readonly insert: Row } | { readonly at: number; readonly id: number; readonly set: Row };

const naive = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
/** 2003-05-10 is day 12182, 1965-02-01 is day −1795 (SCENARIOS.md C-b's birthdays). */
const BORN = { young: 12_182, old: -1795 } as const;
const ISO = { [BORN.young]: '2003-05-10', [BORN.old]: '1965-02-01' } as Record<number, string>;

const HISTORY: readonly Write[] = [
  { at: S(0.53), insert: { id: 1, name: 'a', phone: 'p1', ts: S(0.53), born: BORN.young } },
  { at: S(1.08), insert: { id: 2, name: 'b', phone: 'p2', ts: S(1.08), born: BORN.old } },
  { at: S(1.61), insert: { id: 3, name: 'c', phone: 'p3', ts: S(1.61), born: null } },
  { at: S(1.7), insert: { id: 4, name: 'd', phone: 'p4', ts: S(1.61), born: BORN.old } }, // shares c's timestamp
  { at: S(2.2), id: 1, set: { phone: 'p1b', ts: S(2.2) } }, // update that bumps the timestamp
  { at: S(2.45), insert: { id: 6, name: 'f', phone: 'p6', ts: S(2.45), born: BORN.young } },
  { at: S(2.6), insert: { id: 5, name: 'e', phone: 'p5', ts: S(2.3), born: BORN.young } }, // committed late
  { at: S(2.7), id: 2, set: { phone: 'p2b' } }, // silent update
  { at: S(3.0), insert: { id: 7, name: 'g', phone: null, ts: S(3.0), born: BORN.old } }, // stamped at a poll instant
];
const POLLS = Array.from({ length: 8 }, (_, i) => S(0.5 * (i + 1)));
const COLUMNS = [{ name: 'id', nullable: false }, 'name', 'phone', { name: 'ts', nullable: false }, 'born', 'loose'] as const;

const CONFIGS: Record<JdbcMode, (table: string) => JdbcSourceConfig> = {
  bulk: (t) => ({ mode: 'bulk', tables: [t], topicPrefix: 'db-', pollIntervalMs: 500 }),
  incrementing: (t) => ({ mode: 'incrementing', tables: [t], topicPrefix: 'db-', pollIntervalMs: 500, incrementingColumnName: 'id', keyTransform: { valueToKey: ['id'], extractField: 'id' } }),
  timestamp: (t) => ({ mode: 'timestamp', tables: [t], topicPrefix: 'db-', pollIntervalMs: 500, timestampColumnName: 'ts', batchMaxRows: 2 }),
  'timestamp+incrementing': (t) => ({ mode: 'timestamp+incrementing', tables: [t], topicPrefix: 'db-', pollIntervalMs: 500, timestampColumnName: 'ts', incrementingColumnName: 'id' }),
};

function inMemory(table: string): InMemoryTable {
  const t = new InMemoryTable(table, COLUMNS);
  const rowOf = new Map<unknown, number>();
  for (const w of HISTORY) {
    if ('insert' in w) rowOf.set(w.insert['id'], t.insert(w.insert, w.at));
    else t.update(rowOf.get(w.id)!, w.set, w.at);
  }
  return t;
}

async function write(s: Server, db: PostgresTableReader | MariaDbTableReader, table: string, w: Write): Promise<void> {
  const sqlValue = (c: string, v: unknown): unknown => (v === null ? null : c === 'ts' ? naive(v as number) : c === 'born' ? ISO[v as number] : v);
  const cols = Object.keys('insert' in w ? w.insert : w.set);
  const values = cols.map((c) => sqlValue(c, ('insert' in w ? w.insert : w.set)[c]));
  if ('insert' in w) {
    await db.exec(`INSERT INTO ${s.quote(table)} (${cols.map(s.quote).join(', ')}) VALUES (${cols.map((_, i) => s.param(i + 1)).join(', ')})`, values);
  } else {
    const sets = cols.map((c, i) => `${s.quote(c)} = ${s.param(i + 1)}`).join(', ');
    await db.exec(`UPDATE ${s.quote(table)} SET ${sets} WHERE id = ${s.param(cols.length + 1)}`, [...values, w.id]);
  }
}

/**
 * The result order SQL leaves open is normalised: bulk has no ORDER BY (sorted by id within a poll), timestamp
 * mode orders by ts only (ties sorted by id). Incrementing modes are compared exactly.
 */
function normalise(mode: JdbcMode, records: readonly JdbcSourceRecord[]): JdbcSourceRecord[] {
  const id = (r: JdbcSourceRecord): number => r.value['id'] as number;
  if (mode === 'bulk') return [...records].sort((a, b) => a.timestamp - b.timestamp || id(a) - id(b));
  if (mode === 'timestamp') return [...records].sort((a, b) => a.timestamp - b.timestamp || (a.value['ts'] as number) - (b.value['ts'] as number) || id(a) - id(b));
  return [...records];
}

const MODES: readonly JdbcMode[] = ['bulk', 'incrementing', 'timestamp', 'timestamp+incrementing'];

for (const server of SERVERS) {
  describe(`JDBC source on ${server.label} (${server.where}) matches the in-memory simulation`, () => {
    const error = unreachable.get(server.label) ?? null;
    const reason = `${server.label} at ${server.where} unreachable: ${error}`;
    if (error !== null && SKIP) {
      console.warn(`skipping real-database tests: ${reason} (STREAMSIM_SKIP_DB=1)`);
      it.skip(`skipped: ${reason} (STREAMSIM_SKIP_DB=1)`, () => undefined);
      return;
    }
    const dbIt = (name: string, body: (db: PostgresTableReader | MariaDbTableReader, table: string) => Promise<void>): void => {
      it(name, async () => {
        if (error !== null) throw new Error(`${reason} (set STREAMSIM_SKIP_DB=1 to skip)`);
        const db = await server.connect();
        const table = `streamsim_jdbc_${process.pid}_${name.replace(/[^a-z]+/gi, '_').slice(0, 30).toLowerCase()}`;
        try {
          await db.exec(`DROP TABLE IF EXISTS ${server.quote(table)}`);
          await db.exec(server.createTable(table));
          await body(db, table);
        } finally {
          await db.exec(`DROP TABLE IF EXISTS ${server.quote(table)}`);
          await db.close();
        }
      });
    };

    for (const mode of MODES) {
      dbIt(`mode ${mode}: same records at every poll`, async (db, table) => {
        const config = CONFIGS[mode](table);
        const real = new AsyncJdbcSourceTask(db, { ...config, validateNonNull: true }, { startTime: T0 });
        await real.start();
        const sim = new JdbcSourceTask(inMemory(table), config, { startTime: T0 });
        const fromDb: JdbcSourceRecord[] = [];
        const fromSim: JdbcSourceRecord[] = [];
        let next = 0;
        for (const poll of POLLS) {
          while (next < HISTORY.length && HISTORY[next]!.at <= poll) await write(server, db, table, HISTORY[next++]!);
          fromDb.push(...(await real.pollAll(poll)));
          fromSim.push(...sim.pollAll(poll));
        }
        expect(normalise(mode, fromDb)).toEqual(normalise(mode, fromSim));
        expect(real.offsets()).toEqual(sim.offsets());
        expect(fromDb.length).toBeGreaterThan(0);
        // the statement sent is Connect's, with placeholders
        const sent = db.statements.at(-1)!.text;
        if (mode === 'timestamp') expect(sent).toMatch(/WHERE .ts.? > (\$1|\?) AND .ts.? < (\$2|\?) ORDER BY .ts.? ASC$/);
      });
    }

    dbIt('validate.non.null reads nullability from information_schema', async (db, table) => {
      const task = new AsyncJdbcSourceTask(db, { mode: 'timestamp', tables: [table], topicPrefix: '', timestampColumnName: 'loose' }, { startTime: T0 });
      await expect(task.start()).rejects.toThrow(JdbcConnectError);
      const ok = new AsyncJdbcSourceTask(db, { mode: 'timestamp', tables: [table], topicPrefix: '', timestampColumnName: 'ts' }, { startTime: T0 });
      await expect(ok.start()).resolves.toBeUndefined();
    });
  });
}
