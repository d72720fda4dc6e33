import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';
import { SqlStatementError } from '../../src/sql/errors.js';

function engine(...statements: string[]): SqlEngine {
  const e = new SqlEngine();
  for (const s of statements) e.execute(s);
  return e;
}

const plain = (records: readonly { key: unknown; value: unknown; timestamp: number }[]) =>
  records.map((r) => ({ key: r.key, value: JSON.parse(JSON.stringify(r.value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown, timestamp: r.timestamp }));

describe('SqlEngine: persistent queries on the in-memory broker', () => {
  it('CREATE STREAM + CSAS with a filter and a projection (JSON), keys kept', () => {
    const e = engine(
      "CREATE STREAM ORDERS (ID STRING KEY, ITEM STRING, QTY INT) WITH (kafka_topic='orders', value_format='JSON', partitions=1);",
      'CREATE STREAM BIG AS SELECT ID, UCASE(ITEM) AS ITEM, QTY * 2 AS DOUBLED FROM ORDERS WHERE QTY > 1;',
    );
    e.produce('orders', { key: 'o1', value: { ITEM: 'pen', QTY: 1 }, timestamp: 10 });
    e.produce('orders', { key: 'o2', value: { item: 'ink', qty: 3 }, timestamp: 20 });
    expect(plain(e.records('BIG'))).toEqual([{ key: 'o2', value: { ITEM: 'INK', DOUBLED: 6 }, timestamp: 20 }]);
  });

  it('CTAS COUNT(*) GROUP BY re-keys through a repartition and emits every update', () => {
    const e = engine(
      "CREATE STREAM CLICKS (ID STRING KEY, PAGE STRING) WITH (kafka_topic='clicks', value_format='JSON', partitions=1);",
      'CREATE TABLE PER_PAGE AS SELECT PAGE, COUNT(*) AS N FROM CLICKS GROUP BY PAGE;',
    );
    for (const [i, page] of ['home', 'cart', 'home'].entries()) e.produce('clicks', { key: `c${i}`, value: { PAGE: page }, timestamp: i });
    expect(plain(e.records('PER_PAGE'))).toEqual([
      { key: 'home', value: { N: 1 }, timestamp: 0 },
      { key: 'cart', value: { N: 1 }, timestamp: 1 },
      { key: 'home', value: { N: 2 }, timestamp: 2 },
    ]);
  });

  it('WINDOW TUMBLING keys carry the window; a late record beyond grace is dropped', () => {
    const e = engine(
      "CREATE STREAM READINGS (SENSOR STRING KEY, V INT) WITH (kafka_topic='readings', value_format='JSON', partitions=1);",
      'CREATE TABLE PER_MINUTE AS SELECT SENSOR, SUM(V) AS TOTAL FROM READINGS WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY SENSOR;',
    );
    e.produce('readings', { key: 's', value: { V: 1 }, timestamp: 1_000 });
    e.produce('readings', { key: 's', value: { V: 2 }, timestamp: 61_000 });
    e.produce('readings', { key: 's', value: { V: 5 }, timestamp: 59_000 }); // window [0,60000) closes at 70000: still open
    e.produce('readings', { key: 's', value: { V: 7 }, timestamp: 200_000 });
    e.produce('readings', { key: 's', value: { V: 9 }, timestamp: 30_000 }); // late: dropped
    expect(e.records('PER_MINUTE').map((r) => [r.key, r.window, (r.value as { TOTAL: unknown }).TOTAL])).toEqual([
      ['s', { start: 0, end: 60_000 }, 1],
      ['s', { start: 60_000, end: 120_000 }, 2],
      ['s', { start: 0, end: 60_000 }, 6],
      ['s', { start: 180_000, end: 240_000 }, 7],
    ]);
  });

  it('stream-table join reads the table at processing time (DELIMITED stream, JSON table)', () => {
    const e = engine(
      "CREATE TABLE USERS (ID STRING PRIMARY KEY, NAME STRING) WITH (kafka_topic='users', value_format='JSON', partitions=1);",
      "CREATE STREAM VIEWS (ID STRING KEY, PAGE STRING) WITH (kafka_topic='views', value_format='DELIMITED', partitions=1);",
      'CREATE STREAM ENRICHED AS SELECT V.ID AS ID, V.PAGE, U.NAME FROM VIEWS V LEFT JOIN USERS U ON V.ID = U.ID;',
    );
    e.produce('views', { key: 'u1', value: 'home', timestamp: 1 });
    e.produce('users', { key: 'u1', value: { NAME: 'Ann' }, timestamp: 2 });
    e.produce('views', { key: 'u1', value: 'cart', timestamp: 3 });
    expect(plain(e.records('ENRICHED')).map((r) => [r.key, r.value])).toEqual([
      ['u1', 'home,'],
      ['u1', 'cart,Ann'],
    ]);
  });

  it('INSERT INTO ... VALUES writes through the source formats', () => {
    const e = engine(
      "CREATE STREAM S (K INT KEY, NAME STRING) WITH (kafka_topic='s', value_format='JSON', partitions=1);",
      "INSERT INTO S (K, NAME, ROWTIME) VALUES (7, 'seven', 1000);",
    );
    expect(plain(e.records('s'))).toEqual([{ key: 7, value: { NAME: 'seven' }, timestamp: 1000 }]);
  });

  it('semantic errors use ksqlDB wording', () => {
    const e = engine("CREATE STREAM S (K INT KEY, V INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);");
    expect(() => e.execute('CREATE TABLE T AS SELECT K, V, COUNT(*) FROM S GROUP BY K;')).toThrow(
      new SqlStatementError('Non-aggregate SELECT expression(s) not part of GROUP BY: V\nEither add the column(s) to the GROUP BY or remove them from the SELECT.'),
    );
    expect(() => e.execute('CREATE STREAM X AS SELECT NOPE FROM S;')).toThrow(/SELECT column 'NOPE' cannot be resolved/);
  });
});


describe('SqlEngine: transient push queries', () => {
  it('SELECT ... EMIT CHANGES LIMIT n collects rows, key columns first, until the limit', () => {
    const e = engine(
      "CREATE STREAM PV (USER_ID STRING KEY, PAGE STRING, MS INT) WITH (kafka_topic='pv', value_format='JSON', partitions=1);",
      'SELECT USER_ID, PAGE, MS * 2 AS DOUBLED FROM PV WHERE MS > 10 EMIT CHANGES LIMIT 2;',
    );
    for (const [i, [user, page, ms]] of ([['u1', 'home', 12], ['u2', 'cart', 5], ['u1', 'home', 30], ['u3', 'home', 40]] as const).entries()) {
      e.produce('pv', { key: user, value: { PAGE: page, MS: ms }, timestamp: i });
    }
    const [q] = e.pushQueries();
    expect(q!.columns).toEqual(['USER_ID', 'PAGE', 'DOUBLED']);
    expect(q!.rows).toEqual([
      ['u1', 'home', 24],
      ['u1', 'home', 60],
    ]);
  });
});
