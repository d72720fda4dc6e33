import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';

/* Sources over topics whose keys carry windows (WITH WINDOW_TYPE / WINDOW_SIZE), on our own small examples. */

const VISITS = "CREATE STREAM VISITS (PAGE STRING KEY, HITS INT) WITH (kafka_topic='visits', value_format='JSON', partitions=1, WINDOW_TYPE='tumbling', WINDOW_SIZE='10 seconds');";
const SESSIONS = "CREATE STREAM SESSIONS (PAGE STRING KEY, USERS INT) WITH (kafka_topic='sessions', value_format='JSON', partitions=1, WINDOW_TYPE='session');";
const PAGES = "CREATE STREAM PAGES (PAGE STRING KEY, TITLE STRING) WITH (kafka_topic='pages', value_format='JSON', partitions=1);";

function engine(...statements: string[]): SqlEngine {
  const e = new SqlEngine({ properties: { 'ksql.service.id': 'spec_' } });
  for (const s of statements) e.execute(s);
  return e;
}

const failure = (e: SqlEngine, sql: string): string => {
  try {
    e.execute(sql);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('windowed sources', () => {
  it('keep their windows through a query; a time window ends at start + WINDOW_SIZE, a session at its stored end', () => {
    const e = engine(VISITS, SESSIONS, 'CREATE STREAM BUSY AS SELECT * FROM VISITS WHERE HITS > 1;', 'CREATE STREAM LONG AS SELECT PAGE, USERS FROM SESSIONS WHERE WINDOWEND - WINDOWSTART >= 500;');
    e.produce('visits', { key: 'home', value: { HITS: 3 }, timestamp: 20_000, window: { start: 20_000, end: 0 } });
    e.produce('visits', { key: 'home', value: { HITS: 1 }, timestamp: 21_000, window: { start: 20_000, end: 30_000 } });
    expect(e.records('BUSY').map((r) => [r.key, r.window, r.value])).toEqual([['home', { start: 20_000, end: 30_000 }, { HITS: 3 }]]);
    e.produce('sessions', { key: 'a', value: { USERS: 1 }, timestamp: 100, window: { start: 100, end: 100 } });
    e.produce('sessions', { key: 'a', value: { USERS: 2 }, timestamp: 900, window: { start: 100, end: 900 } });
    expect(e.records('LONG').map((r) => [r.key, r.window, r.value])).toEqual([['a', { start: 100, end: 900 }, { USERS: 2 }]]);
  });

  it('reject persistent queries on windowed tables', () => {
    const e = engine("CREATE TABLE T (PAGE STRING PRIMARY KEY, N INT) WITH (kafka_topic='t', value_format='JSON', partitions=1, WINDOW_TYPE='hopping', WINDOW_SIZE='1 minute');");
    expect(failure(e, 'CREATE TABLE T2 AS SELECT * FROM T;')).toBe('KSQL does not support persistent queries on windowed tables.');
  });

  it('join only compatibly windowed sources, on the same key and window, without re-keying', () => {
    const e = engine(VISITS, SESSIONS, PAGES, "CREATE STREAM S2 (PAGE STRING KEY, N INT) WITH (kafka_topic='s2', value_format='JSON', partitions=1, WINDOW_TYPE='SESSION');");
    expect(failure(e, 'CREATE STREAM X AS SELECT * FROM SESSIONS S JOIN PAGES P WITHIN 1 MINUTE ON S.PAGE = P.PAGE;')).toBe(
      'Can not join windowed source to non-windowed source.\n`S` is SESSION windowed\n`P` is not windowed',
    );
    expect(failure(e, 'CREATE STREAM X AS SELECT * FROM VISITS V JOIN SESSIONS S WITHIN 1 MINUTE ON V.PAGE = S.PAGE;')).toMatch(/^Incompatible windowed sources\.\nLeft source: TUMBLING\nRight source: SESSION\n/);
    expect(failure(e, 'CREATE STREAM X AS SELECT * FROM SESSIONS S JOIN S2 WITHIN 1 MINUTE ON S.USERS = S2.N;')).toContain('Implicit repartitioning of windowed sources is not supported.');
    e.execute('CREATE STREAM J AS SELECT S.PAGE, USERS, N FROM SESSIONS S JOIN S2 WITHIN 1 MINUTE ON S.PAGE = S2.PAGE;');
    e.produce('sessions', { key: 'a', value: { USERS: 5 }, timestamp: 50, window: { start: 10, end: 50 } });
    e.produce('s2', { key: 'a', value: { N: 1 }, timestamp: 40, window: { start: 10, end: 40 } });
    e.produce('s2', { key: 'a', value: { N: 2 }, timestamp: 50, window: { start: 10, end: 50 } });
    expect(e.records('J').map((r) => [r.key, r.window, r.value])).toEqual([['a', { start: 10, end: 50 }, { USERS: 5, N: 2 }]]);
  });
});
