import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';
import { splitAtFirstRead } from '../../src/cli/sql-command.js';

/** An engine with a stream of page views, a count per user and a windowed count, fed three views. */
function views(): SqlEngine {
  const e = new SqlEngine();
  e.execute(`
    CREATE STREAM VIEWS (USERID STRING KEY, PAGE STRING) WITH (kafka_topic='views', value_format='JSON', partitions=1);
    CREATE TABLE PER_USER AS SELECT USERID, COUNT(*) AS N FROM VIEWS GROUP BY USERID;
    CREATE TABLE PER_MINUTE AS SELECT USERID, COUNT(*) AS N FROM VIEWS WINDOW TUMBLING (SIZE 60 SECONDS) GROUP BY USERID;
  `);
  e.produce('views', { key: 'amy', value: { PAGE: 'home' }, timestamp: 1_000 });
  e.produce('views', { key: 'cal', value: { PAGE: 'shop' }, timestamp: 2_000 });
  e.produce('views', { key: 'amy', value: { PAGE: 'shop' }, timestamp: 61_000 });
  return e;
}

const last = (e: SqlEngine) => {
  const r = e.results().at(-1)!;
  return { columns: r.columns, rows: r.rows.map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v))) };
};

describe('pull queries read the current state of a materialized table', () => {
  it('returns the latest row per key, with a key lookup and a projection', () => {
    const e = views();
    e.execute('SELECT * FROM PER_USER;');
    expect(last(e)).toEqual({ columns: ['USERID', 'N'], rows: [['amy', 2], ['cal', 1]] });
    e.execute("SELECT USERID, N + 100 AS M FROM PER_USER WHERE USERID IN ('cal', 'zed');");
    expect(last(e)).toEqual({ columns: ['USERID', 'M'], rows: [['cal', 101]] });
  });

  it('a windowed table shows its window bounds after the key, and WHERE can bound them', () => {
    const e = views();
    e.execute("SELECT * FROM PER_MINUTE WHERE USERID = 'amy' AND WINDOWSTART >= 60000;");
    expect(last(e)).toEqual({ columns: ['USERID', 'WINDOWSTART', 'WINDOWEND', 'N'], rows: [['amy', 60_000, 120_000, 1]] });
  });

  it('a stream pull query scans the stream; LIMIT stops it', () => {
    const e = views();
    e.execute("SELECT PAGE FROM VIEWS WHERE PAGE = 'shop' LIMIT 1;");
    expect(last(e)).toEqual({ columns: ['PAGE'], rows: [['shop']] });
  });

  it("fails as ksqlDB does on a plain table, disabled stream pulls, and clauses pull queries don't support", () => {
    const e = views();
    e.execute("CREATE TABLE USERS (ID STRING PRIMARY KEY, NAME STRING) WITH (kafka_topic='users', value_format='JSON', partitions=1);");
    expect(() => e.execute('SELECT * FROM USERS;')).toThrow("The `USERS` table isn't queryable. To derive a queryable table, you can do 'CREATE TABLE QUERYABLE_USERS AS SELECT * FROM USERS'.");
    expect(() => e.execute('SELECT USERID, COUNT(*) FROM VIEWS GROUP BY USERID;')).toThrow("Pull queries don't support GROUP BY clauses.");
    expect(() => e.execute('SELECT ROWOFFSET FROM PER_USER;')).toThrow("Pull queries don't support the following columns in SELECT clauses: `ROWOFFSET`");
    e.execute("SET 'ksql.query.pull.stream.enabled'='false';");
    expect(() => e.execute('SELECT * FROM VIEWS;')).toThrow('Pull queries on streams are disabled.');
  });

  it('streamsim sql pipes its records in before the first pull query, keeping positions', () => {
    const text = "CREATE STREAM S (A INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);\nSELECT * FROM S;\n";
    const [before, after] = splitAtFirstRead(text);
    expect(before).toBe(text.slice(0, text.indexOf('SELECT')));
    expect(after.indexOf('SELECT')).toBe(text.indexOf('SELECT'));
    expect(after.trimStart()).toBe('SELECT * FROM S;\n');
  });
});
