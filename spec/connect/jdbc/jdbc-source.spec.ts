import { describe, expect, it } from 'vitest';
import {
  buildStatement,
  InMemoryDatabase,
  InMemoryTable,
  JdbcConnectError,
  JdbcSourceActor,
  JdbcSourceTask,
  MARIADB_DIALECT,
  POSTGRES_DIALECT,
  type IncrementalQuery,
  type JdbcSourceConfig,
  type JdbcSourceRecord,
} from '../../../src/connect/jdbc/index.js';
import { Broker } from '../../../src/sim/broker.js';
import { VirtualClock } from '../../../src/sim/clock.js';

const T0 = 1704067200000;
const S = (s: number): number => T0 + Math.round(s * 1000);

/** The customers connector of SCENARIOS.md §4.2 (validate.non.null false, as in the seed's config). */
const TIMESTAMP_MODE: JdbcSourceConfig = {
  mode: 'timestamp',
  tables: ['customers'],
  topicPrefix: 'psg-',
  timestampColumnName: 'dt_update',
  pollIntervalMs: 500,
  validateNonNull: false,
};

/** [poll time (s after T0), row name] per emitted record. */
const emitted = (records: readonly JdbcSourceRecord[]): [number, unknown][] => records.map((r) => [(r.timestamp - T0) / 1000, r.value['name']]);

describe('SCENARIOS.md §4.5 C-a: timestamp mode on dt_update, poll 500 ms', () => {
  const table = new InMemoryTable('customers', ['name', 'telefone', 'dt_update']);
  const r1 = table.insert({ name: 'r1', dt_update: S(0.53) }, S(0.53));
  table.insert({ name: 'r2', dt_update: S(1.08) }, S(1.08));
  table.insert({ name: 'r3', dt_update: S(1.61) }, S(1.61));
  table.update(r1, { name: "r1'", dt_update: S(2.2) }, S(2.2));
  table.insert({ name: 'r4', dt_update: S(2.3) }, S(2.6)); // commit lag: visible only from +2.6s
  table.insert({ name: 'r5', dt_update: S(2.45) }, S(2.45));

  it('emits exactly the table of C-a, each record stamped with its poll time', () => {
    const task = new JdbcSourceTask(table, TIMESTAMP_MODE, { startTime: T0 });
    const byPoll = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0].map((s) => emitted(task.pollAll(S(s))));
    expect(byPoll).toEqual([[], [[1.0, 'r1']], [[1.5, 'r2']], [[2.0, 'r3']], [[2.5, "r1'"], [2.5, 'r5']], []]);
    expect(task.offsets().get('customers')).toEqual({ timestamp: S(2.45) }); // r4 (+2.300 <= offset) is lost
  });

  it('writes to topic psg-customers with a null key and the row (dt_update bumped) as value', () => {
    const task = new JdbcSourceTask(table, TIMESTAMP_MODE, { startTime: T0 });
    const records = task.runUntil(S(3));
    expect(records.map((r) => [r.topic, r.key])).toEqual(Array.from({ length: 5 }, () => ['psg-customers', null]));
    expect(records[3]!.value).toEqual({ name: "r1'", telefone: null, dt_update: S(2.2) });
    expect(task.runUntil(S(60))).toEqual([]); // r4 never arrives
  });
});

describe('which rows a poll picks up (Connect WHERE clauses per mode)', () => {
  function table(): InMemoryTable {
    const t = new InMemoryTable('t', [{ name: 'id', nullable: false }, 'name', { name: 'ts', nullable: false }]);
    t.insert({ id: 1, name: 'a', ts: 100 }, 100);
    t.insert({ id: 2, name: 'b', ts: 250 }, 250);
    t.insert({ id: 3, name: 'c', ts: 900 }, 900);
    return t;
  }
  const base = { tables: ['t'], topicPrefix: '', pollIntervalMs: 1000 } as const;

  it('bulk: the whole table on every poll, no offset', () => {
    const task = new JdbcSourceTask(table(), { ...base, mode: 'bulk' }, { startTime: 0 });
    expect(task.pollAll(0).map((r) => r.value['id'])).toEqual([]);
    expect(task.pollAll(1000).map((r) => r.value['id'])).toEqual([1, 2, 3]);
    expect(task.pollAll(2000).map((r) => r.value['id'])).toEqual([1, 2, 3]);
    expect(task.offsets().size).toBe(0);
  });

  it('incrementing: id > last id, ORDER BY id; an update of an old row is not seen', () => {
    const t = table();
    const task = new JdbcSourceTask(t, { ...base, mode: 'incrementing', incrementingColumnName: 'id' }, { startTime: 1000 });
    expect(task.pollAll(1000).map((r) => r.value['id'])).toEqual([1, 2, 3]);
    t.update(0, { name: 'a2', ts: 1500 }, 1500);
    t.insert({ id: 4, name: 'd', ts: 1600 }, 1600);
    expect(task.pollAll(2000).map((r) => [r.value['id'], r.value['name']])).toEqual([[4, 'd']]);
    expect(task.offsets().get('t')).toEqual({ incrementing: 4 });
  });

  it('timestamp: offset < ts < now, so a row stamped exactly "now" waits for the next poll', () => {
    const t = table();
    t.insert({ id: 4, name: 'd', ts: 1000 }, 1000);
    const task = new JdbcSourceTask(t, { ...base, mode: 'timestamp', timestampColumnName: 'ts' }, { startTime: 1000 });
    expect(task.pollAll(1000).map((r) => r.value['id'])).toEqual([1, 2, 3]);
    expect(task.pollAll(2000).map((r) => r.value['id'])).toEqual([4]);
  });

  it('timestamp.delay.interval.ms: the upper bound is now − delay', () => {
    const task = new JdbcSourceTask(table(), { ...base, mode: 'timestamp', timestampColumnName: 'ts', timestampDelayIntervalMs: 800 }, { startTime: 1000 });
    expect(task.pollAll(1000).map((r) => r.value['id'])).toEqual([1]); // ts < 200
    expect(task.pollAll(2000).map((r) => r.value['id'])).toEqual([2, 3]); // 100 < ts < 1200
  });

  it('timestamp+incrementing: ORDER BY ts, id and offsets {timestamp, incrementing}', () => {
    const t = new InMemoryTable('t', [{ name: 'id', nullable: false }, { name: 'ts', nullable: false }]);
    t.insert({ id: 2, ts: 500 }, 500);
    t.insert({ id: 1, ts: 500 }, 500);
    t.insert({ id: 3, ts: 400 }, 400);
    const task = new JdbcSourceTask(t, { ...base, mode: 'timestamp+incrementing', timestampColumnName: 'ts', incrementingColumnName: 'id' }, { startTime: 1000 });
    const records = task.pollAll(1000);
    expect(records.map((r) => r.value['id'])).toEqual([3, 1, 2]);
    expect(records.map((r) => r.sourceOffset)).toEqual([
      { timestamp: 400, incrementing: 3 },
      { timestamp: 500, incrementing: 1 },
      { timestamp: 500, incrementing: 2 },
    ]);
  });

  it('batch.max.rows splits one result set into several poll() calls at the same instant, then waits', () => {
    const task = new JdbcSourceTask(table(), { ...base, mode: 'timestamp', timestampColumnName: 'ts', batchMaxRows: 2 }, { startTime: 1000 });
    expect(task.poll(1000).map((r) => r.value['id'])).toEqual([1, 2]);
    expect(task.nextDue()).toBe(1000); // still reading the result set
    expect(task.poll(1000).map((r) => r.value['id'])).toEqual([3]);
    expect(task.poll(1000)).toEqual([]);
    expect(task.nextDue()).toBe(2000);
  });

  it('offsets are per table: each table of table.whitelist has its own querier and offset', () => {
    const a = new InMemoryTable('a', [{ name: 'ts', nullable: false }]);
    const b = new InMemoryTable('b', [{ name: 'ts', nullable: false }]);
    a.insert({ ts: 10 }, 10);
    b.insert({ ts: 20 }, 20);
    b.insert({ ts: 30 }, 30);
    const task = new JdbcSourceTask(new InMemoryDatabase([a, b]), { ...base, tables: ['a', 'b'], topicPrefix: 'db-', mode: 'timestamp', timestampColumnName: 'ts' }, { startTime: 100 });
    expect(task.pollAll(100).map((r) => [r.topic, r.value['ts']])).toEqual([['db-a', 10], ['db-b', 20], ['db-b', 30]]);
    expect([...task.offsets()]).toEqual([['a', { timestamp: 10 }], ['b', { timestamp: 30 }]]);
  });
});

describe('timestamp-mode hazards Connect documents (timestamps are not unique)', () => {
  const cfg: JdbcSourceConfig = { tables: ['t'], topicPrefix: '', pollIntervalMs: 1000, mode: 'timestamp', timestampColumnName: 'ts', validateNonNull: false };

  it('a row committed after a poll already passed its (shared) timestamp is lost', () => {
    const t = new InMemoryTable('t', ['id', 'ts']);
    t.insert({ id: 'a', ts: 500 }, 500);
    t.insert({ id: 'b', ts: 500 }, 1500); // same timestamp, slower transaction
    const task = new JdbcSourceTask(t, cfg, { startTime: 1000 });
    expect(task.runUntil(5000).map((r) => r.value['id'])).toEqual(['a']);
  });

  it('a restart from a committed offset in the middle of a timestamp loses the rest of that timestamp', () => {
    const t = new InMemoryTable('t', ['id', 'ts']);
    t.insert({ id: 1, ts: 500 }, 500);
    t.insert({ id: 2, ts: 500 }, 500);
    const first = new JdbcSourceTask(t, { ...cfg, batchMaxRows: 1 }, { startTime: 1000 });
    expect(first.poll(1000).map((r) => r.value['id'])).toEqual([1]); // then the worker dies
    const restarted = new JdbcSourceTask(t, cfg, { startTime: 2000, offsets: first.offsets() });
    expect(restarted.runUntil(5000)).toEqual([]); // row 2 is lost (ts > 500 excludes it)
  });

  it('timestamp+incrementing resumes inside the timestamp: (ts = ? AND id > ?) OR ts > ?', () => {
    const t = new InMemoryTable('t', ['id', 'ts']);
    t.insert({ id: 1, ts: 500 }, 500);
    t.insert({ id: 2, ts: 500 }, 500);
    const both = { ...cfg, mode: 'timestamp+incrementing' as const, incrementingColumnName: 'id' };
    const first = new JdbcSourceTask(t, { ...both, batchMaxRows: 1 }, { startTime: 1000 });
    expect(first.poll(1000).map((r) => r.value['id'])).toEqual([1]);
    const restarted = new JdbcSourceTask(t, both, { startTime: 2000, offsets: first.offsets() });
    expect(restarted.runUntil(5000).map((r) => r.value['id'])).toEqual([2]);
  });

  it('restarting from an older committed offset emits rows again (duplicates)', () => {
    const t = new InMemoryTable('t', ['id', 'ts']);
    t.insert({ id: 1, ts: 500 }, 500);
    t.insert({ id: 2, ts: 1500 }, 1500);
    const first = new JdbcSourceTask(t, cfg, { startTime: 1000 });
    expect(first.runUntil(1000).map((r) => r.value['id'])).toEqual([1]);
    const committed = first.offsets(); // committed here; row 2 is emitted after, but not committed
    expect(first.runUntil(2000).map((r) => r.value['id'])).toEqual([2]);
    const restarted = new JdbcSourceTask(t, cfg, { startTime: 3000, offsets: committed });
    expect(restarted.runUntil(3000).map((r) => r.value['id'])).toEqual([2]);
  });

  it('an update that bumps the timestamp re-emits the row; one that leaves it alone is never seen', () => {
    const t = new InMemoryTable('t', ['id', 'phone', 'ts']);
    t.insert({ id: 1, phone: 'p0', ts: 100 }, 100);
    const task = new JdbcSourceTask(t, cfg, { startTime: 1000 });
    expect(task.pollAll(1000).map((r) => r.value['phone'])).toEqual(['p0']);
    t.update(0, { phone: 'p1' }, 1200); // silent update: ts unchanged
    expect(task.pollAll(2000)).toEqual([]);
    t.update(0, { phone: 'p2', ts: 2500 }, 2500);
    expect(task.pollAll(3000).map((r) => [r.value['id'], r.value['phone']])).toEqual([[1, 'p2']]);
  });
});

describe('validate.non.null and NULL offset columns', () => {
  it('refuses to start on a nullable timestamp column unless validate.non.null is false', () => {
    const t = new InMemoryTable('t', ['id', 'ts']);
    const cfg: JdbcSourceConfig = { tables: ['t'], topicPrefix: '', mode: 'timestamp', timestampColumnName: 'ts' };
    expect(() => new JdbcSourceTask(t, cfg, { startTime: 0 })).toThrow(JdbcConnectError);
    expect(() => new JdbcSourceTask(t, cfg, { startTime: 0 })).toThrow(/timestamp columns \[ts\] on t because all of these columns are nullable/);
    expect(() => new JdbcSourceTask(t, { ...cfg, validateNonNull: false }, { startTime: 0 })).not.toThrow();
  });

  it('refuses a nullable incrementing column, and an unknown column', () => {
    const t = new InMemoryTable('t', ['id', { name: 'ts', nullable: false }]);
    expect(() => new JdbcSourceTask(t, { tables: ['t'], topicPrefix: '', mode: 'incrementing', incrementingColumnName: 'id' }, { startTime: 0 })).toThrow(/incrementing column id on t because this column is nullable/);
    expect(() => new JdbcSourceTask(t, { tables: ['t'], topicPrefix: '', mode: 'timestamp', timestampColumnName: 'nope' }, { startTime: 0 })).toThrow(/no column 'nope'/);
  });

  it('with validation off, a row whose timestamp is NULL never matches (SQL NULL comparison)', () => {
    const t = new InMemoryTable('t', ['id', 'ts']);
    t.insert({ id: 1, ts: null }, 10);
    t.insert({ id: 2, ts: 20 }, 20);
    const task = new JdbcSourceTask(t, { tables: ['t'], topicPrefix: '', mode: 'timestamp', timestampColumnName: 'ts', validateNonNull: false }, { startTime: 100 });
    expect(task.runUntil(1_000_000).map((r) => r.value['id'])).toEqual([2]);
  });
});

describe('record keys', () => {
  const t = new InMemoryTable('t', ['id', { name: 'ts', nullable: false }]);
  t.insert({ id: 7, ts: 10 }, 10);
  const cfg: JdbcSourceConfig = { tables: ['t'], topicPrefix: '', mode: 'timestamp', timestampColumnName: 'ts' };

  it('the connector sets no key: null', () => {
    expect(new JdbcSourceTask(t, cfg, { startTime: 100 }).pollAll(100).map((r) => r.key)).toEqual([null]);
  });

  it('ValueToKey gives a struct key, ExtractField$Key then the bare field', () => {
    expect(new JdbcSourceTask(t, { ...cfg, keyTransform: { valueToKey: ['id'] } }, { startTime: 100 }).pollAll(100).map((r) => r.key)).toEqual([{ id: 7 }]);
    expect(new JdbcSourceTask(t, { ...cfg, keyTransform: { valueToKey: ['id'], extractField: 'id' } }, { startTime: 100 }).pollAll(100).map((r) => r.key)).toEqual([7]);
  });

  it('ValueToKey on a missing field fails the record', () => {
    expect(() => new JdbcSourceTask(t, { ...cfg, keyTransform: { valueToKey: ['nope'] } }, { startTime: 100 }).pollAll(100)).toThrow(/field does not exist: nope/);
  });
});

describe('the SQL Connect prepares, with placeholders', () => {
  const q = (mode: IncrementalQuery['mode']): IncrementalQuery => ({
    table: 'customers',
    mode,
    timestampColumns: mode.startsWith('timestamp') ? ['dt_update'] : [],
    incrementingColumn: mode.endsWith('incrementing') ? 'id' : null,
    beginTimestamp: T0 + 530,
    endTimestamp: T0 + 1000,
    lastIncrementing: 4,
  });

  it('PostgreSQL', () => {
    expect(buildStatement(q('bulk'), POSTGRES_DIALECT)).toEqual({ text: 'SELECT * FROM "customers"', params: [] });
    expect(buildStatement(q('incrementing'), POSTGRES_DIALECT)).toEqual({ text: 'SELECT * FROM "customers" WHERE "id" > $1 ORDER BY "id" ASC', params: [4] });
    expect(buildStatement(q('timestamp'), POSTGRES_DIALECT)).toEqual({
      text: 'SELECT * FROM "customers" WHERE "dt_update" > $1 AND "dt_update" < $2 ORDER BY "dt_update" ASC',
      params: ['2024-01-01 00:00:00.530', '2024-01-01 00:00:01.000'],
    });
  });

  it('MariaDB, timestamp+incrementing', () => {
    expect(buildStatement(q('timestamp+incrementing'), MARIADB_DIALECT)).toEqual({
      text: 'SELECT * FROM `customers` WHERE `dt_update` < ? AND ((`dt_update` = ? AND `id` > ?) OR `dt_update` > ?) ORDER BY `dt_update`,`id` ASC',
      params: ['2024-01-01 00:00:01.000', '2024-01-01 00:00:00.530', 4, '2024-01-01 00:00:00.530'],
    });
  });
});

describe('JdbcSourceActor: the task producing to a broker on the virtual clock', () => {
  it('produces each poll to <prefix><table> at the poll instant, key null, and stops after stopAfter', () => {
    const broker = new Broker({ clock: new VirtualClock(T0) });
    broker.createTopic('psg-customers');
    const t = new InMemoryTable('customers', ['name', 'dt_update']);
    t.insert({ name: 'r1', dt_update: S(0.53) }, S(0.53));
    t.insert({ name: 'r2', dt_update: S(1.08) }, S(1.08));
    const actor = new JdbcSourceActor(broker, new JdbcSourceTask(t, TIMESTAMP_MODE, { startTime: T0 }), S(1.5));
    let polls = 0;
    actor.advanceTo(S(1.2), () => polls++);
    expect(polls).toBe(3); // +0.0, +0.5, +1.0
    expect(broker.clock.now()).toBe(S(1.0));
    expect(actor.nextDue()).toBe(S(1.5));
    actor.advanceTo(S(100));
    expect(actor.nextDue()).toBeNull();
    expect(broker.records('psg-customers').map((r) => [r.key, (r.value as { name: string }).name, r.timestamp])).toEqual([
      [null, 'r1', S(1.0)],
      [null, 'r2', S(1.5)],
    ]);
  });
});
