import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';

const SHOPS = "CREATE STREAM SALES (ID INT KEY, SHOP STRING, CITY STRING, AMOUNT INT) WITH (kafka_topic='sales', value_format='JSON', partitions=1);";

function engine(...statements: string[]): SqlEngine {
  const e = new SqlEngine();
  for (const s of statements) e.execute(s);
  return e;
}

const fails = (sql: string) => expect(() => engine(SHOPS, sql));

describe('GROUP BY / HAVING analysis (ksqlDB AggregateAnalyzer rules)', () => {
  it('reports a whole non-aggregate SELECT expression, printed unqualified', () => {
    fails('CREATE TABLE T AS SELECT UCASE(SHOP), COUNT(*) FROM SALES GROUP BY LCASE(SHOP);').toThrow(
      'Non-aggregate SELECT expression(s) not part of GROUP BY: UCASE(SHOP)',
    );
    fails('CREATE TABLE T AS SELECT SHOP, AMOUNT + SUM(AMOUNT) FROM SALES GROUP BY SHOP;').toThrow('not part of GROUP BY: (AMOUNT + SUM(AMOUNT))');
  });

  it('reports HAVING columns outside aggregates, nested aggregates, and missing aggregates', () => {
    fails('CREATE TABLE T AS SELECT SHOP, COUNT(*) FROM SALES GROUP BY SHOP HAVING AMOUNT > 1;').toThrow('Non-aggregate HAVING expression not part of GROUP BY: AMOUNT');
    fails('CREATE TABLE T AS SELECT SHOP, MAX(SUM(AMOUNT)) FROM SALES GROUP BY SHOP;').toThrow('Aggregate functions can not be nested: MAX(SUM())');
    fails('CREATE TABLE T AS SELECT SHOP FROM SALES GROUP BY SHOP;').toThrow('GROUP BY requires aggregate functions in either the SELECT or HAVING clause.');
    fails('CREATE TABLE T AS SELECT COUNT(*) FROM SALES GROUP BY CITY, SALES.CITY;').toThrow('Duplicate GROUP BY expression: SALES.CITY');
  });

  it('keys: every grouping expression once in the projection', () => {
    fails('CREATE TABLE T AS SELECT CITY, COUNT(*) FROM SALES GROUP BY SHOP, CITY;').toThrow('must include the grouping expression SHOP in its projection');
    fails('CREATE TABLE T AS SELECT SHOP, SHOP AS S2, COUNT(*) FROM SALES GROUP BY SHOP;').toThrow('The projection contains a key column more than once: `SHOP` and `S2`.');
  });

  it('window bounds: only in the SELECT of a windowed aggregation', () => {
    fails('CREATE TABLE T AS SELECT SHOP, MAX(WINDOWEND) FROM SALES WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY SHOP;').toThrow(
      'Window bounds column WINDOWEND can only be used in the SELECT clause of windowed aggregations',
    );
    fails('CREATE TABLE T AS SELECT SHOP, WINDOWSTART AS W, COUNT(*) FROM SALES GROUP BY SHOP;').toThrow("SELECT column 'WINDOWSTART' cannot be resolved.");
  });

  it('SELECT * is allowed when every column is grouped', () => {
    const e = engine(
      "CREATE STREAM PAIRS (A INT KEY, B INT) WITH (kafka_topic='pairs', format='JSON', partitions=1);",
      'CREATE TABLE T AS SELECT *, COUNT(*) AS N FROM PAIRS GROUP BY A, B;',
    );
    e.produce('pairs', { key: 1, value: { B: 2 }, timestamp: 0 });
    expect(e.records('T').map((r) => [r.key, JSON.stringify(r.value)])).toEqual([[{ A: 1, B: 2 }, '{"N":1}']]);
  });
});

describe('PARTITION BY and projection rules', () => {
  it('SELECT * puts the new key first, then value columns, then the old key', () => {
    const e = engine(SHOPS, 'CREATE STREAM BY_SHOP AS SELECT * FROM SALES PARTITION BY SHOP;');
    expect(e.metastore.get('BY_SHOP')!.valueColumns.map((c) => c.name)).toEqual(['CITY', 'AMOUNT', 'ID']);
  });

  it('a null value passes through, re-keyed from the key columns alone', () => {
    const e = engine(SHOPS, 'CREATE STREAM S AS SELECT ID * 10 AS K, SHOP FROM SALES PARTITION BY ID * 10;');
    e.produce('sales', { key: 3, value: null, timestamp: 0 });
    expect(e.records('S').map((r) => [r.key, r.value])).toEqual([[30, null]]);
  });

  it('names the partitioning expressions, qualified, when missing from the projection', () => {
    fails('CREATE STREAM S AS SELECT SHOP FROM SALES PARTITION BY CITY, ABS(AMOUNT);').toThrow(
      'must include the partitioning expressions SALES.CITY and ABS(SALES.AMOUNT) in its projection (eg, SELECT SALES.CITY, ABS(SALES.AMOUNT)...).',
    );
  });

  it('names the clause of an unknown column and reserves system column names', () => {
    fails('CREATE STREAM S AS SELECT NOPE FROM SALES;').toThrow("SELECT column 'NOPE' cannot be resolved.");
    fails('CREATE STREAM S AS SELECT ID FROM SALES WHERE NOPE > 1;').toThrow("WHERE column 'NOPE' cannot be resolved.");
    fails('CREATE STREAM S AS SELECT ID, AMOUNT AS ROWTIME FROM SALES;').toThrow('`ROWTIME` is a reserved column name.');
  });

  it('wraps the key format reason', () => {
    fails('CREATE TABLE T AS SELECT SHOP, CITY, COUNT(*) FROM SALES GROUP BY SHOP, CITY;').toThrow(
      "Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[`SHOP` STRING KEY, `CITY` STRING KEY], features=[]}\nreason: The 'KAFKA' format only supports a single field.",
    );
  });
});
