import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';

function engine(...statements: string[]): SqlEngine {
  const e = new SqlEngine();
  for (const s of statements) e.execute(s);
  return e;
}

function failure(statements: readonly string[]): string {
  try {
    engine(...statements);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected the statements to fail');
}

const SHIPMENTS = "CREATE STREAM SHIPMENTS (ID STRING KEY, SENT BIGINT, WHEN_TEXT STRING, QTY INT) WITH (kafka_topic='shipments', value_format='JSON', partitions=1);";

describe('sink WITH (TIMESTAMP=...)', () => {
  it('takes each record timestamp from a BIGINT output column; null or negative drops the record', () => {
    const e = engine(SHIPMENTS, "CREATE STREAM BY_AT WITH (timestamp='shipped') AS SELECT ID, SENT AS SHIPPED, QTY FROM SHIPMENTS;");
    e.produce('shipments', { key: 'a', value: { SENT: 500, QTY: 1 }, timestamp: 9_000 });
    e.produce('shipments', { key: 'b', value: { SENT: -7, QTY: 2 }, timestamp: 9_000 });
    e.produce('shipments', { key: 'c', value: { QTY: 3 }, timestamp: 9_000 });
    e.produce('shipments', { key: 'd', value: { SENT: 42, QTY: 4 }, timestamp: 9_000 });
    expect(e.records('BY_AT').map((r) => [r.key, r.timestamp])).toEqual([
      ['a', 500],
      ['d', 42],
    ]);
  });

  it('parses a STRING column with TIMESTAMP_FORMAT; an unparsable value drops the record', () => {
    const e = engine(
      SHIPMENTS,
      "CREATE STREAM BY_TEXT WITH (timestamp='when_text', timestamp_format='yyyy-MM-dd HH:mm:ssX') AS SELECT ID, WHEN_TEXT, QTY FROM SHIPMENTS;",
    );
    e.produce('shipments', { key: 'a', value: { WHEN_TEXT: '1970-01-01 00:00:02Z', QTY: 1 }, timestamp: 9_000 });
    e.produce('shipments', { key: 'b', value: { WHEN_TEXT: 'soon', QTY: 2 }, timestamp: 9_000 });
    expect(e.records('BY_TEXT').map((r) => [r.key, r.timestamp])).toEqual([['a', 2_000]]);
  });

  it('reports an unknown TIMESTAMP column before a missing key column', () => {
    expect(failure([SHIPMENTS, "CREATE STREAM OUT WITH (timestamp='nope') AS SELECT QTY FROM SHIPMENTS;"])).toBe(
      "The TIMESTAMP column set in the WITH clause does not exist in the schema: 'NOPE'",
    );
  });
});

describe('struct fields in the projection', () => {
  const PARCELS = "CREATE STREAM PARCELS (ID STRING KEY, W INT, DIMS STRUCT<W INT, H INT>) WITH (kafka_topic='parcels', value_format='JSON', partitions=1);";

  it('struct->* selects every field under its own name', () => {
    const e = engine(PARCELS, 'CREATE STREAM FLAT AS SELECT ID, DIMS->* FROM PARCELS;');
    e.produce('parcels', { key: 'p', value: { W: 1, DIMS: { W: 2, H: 3 } }, timestamp: 0 });
    expect(e.records('FLAT').map((r) => r.value)).toEqual([{ W: 2, H: 3 }]);
  });

  it('a field named like a source column gets a numbered name', () => {
    const e = engine(PARCELS, 'CREATE STREAM NAMED AS SELECT ID, W, DIMS->W, DIMS->H FROM PARCELS;');
    e.produce('parcels', { key: 'p', value: { W: 1, DIMS: { W: 2, H: 3 } }, timestamp: 0 });
    expect(e.records('NAMED').map((r) => r.value)).toEqual([{ W: 1, W_1: 2, H: 3 }]);
  });
});

describe('aggregation rules and messages', () => {
  const TRADES = "CREATE STREAM TRADES (ID STRING KEY, SYM STRING, PX INT) WITH (kafka_topic='trades', value_format='DELIMITED', partitions=1);";
  const TRADES_JSON = "CREATE STREAM TRADES (ID STRING KEY, SYM STRING, PX INT) WITH (kafka_topic='trades', value_format='JSON', partitions=1);";

  it('an aggregate without GROUP BY names the calls', () => {
    expect(failure([TRADES_JSON, 'CREATE TABLE T AS SELECT SUM(PX) FROM TRADES;'])).toBe(
      'CREATE TABLE AS SELECT statement does not support aggregate function [SUM(PX)] without a GROUP BY clause.',
    );
    expect(failure([TRADES_JSON, 'CREATE TABLE T AS SELECT SYM, SUM(PX) FROM TRADES;'])).toContain('Non-aggregate SELECT expression(s) not part of GROUP BY: SYM');
  });

  it('a WINDOW needs a GROUP BY', () => {
    expect(failure([TRADES_JSON, 'CREATE STREAM T AS SELECT * FROM TRADES WINDOW TUMBLING (SIZE 1 SECOND);'])).toBe('WINDOW clause requires a GROUP BY clause.');
  });

  it('an intermediate type DELIMITED cannot hold is rejected', () => {
    expect(failure([TRADES, 'CREATE TABLE T AS SELECT SYM, AVG(PX) AS A FROM TRADES GROUP BY SYM;'])).toContain(
      'One of the functions used in the statement has an intermediate type that the value format can not handle.',
    );
  });

  it('HAVING type errors print the aggregate as written', () => {
    expect(failure([TRADES_JSON, "CREATE TABLE T AS SELECT SYM, COUNT(*) AS N FROM TRADES GROUP BY SYM HAVING MAX(PX) = 'x';"])).toBe(
      "Error in HAVING expression: Cannot compare MAX(PX) (INTEGER) to 'x' (STRING) with EQUAL.",
    );
  });
});

describe('clause messages', () => {
  it('a non-boolean WHERE prints the expression and its type', () => {
    expect(failure([SHIPMENTS, 'CREATE STREAM T AS SELECT * FROM SHIPMENTS WHERE QTY * 2;'])).toBe(
      'Type error in WHERE expression: Should evaluate to boolean but is (QTY * 2) (INTEGER) instead.',
    );
  });

  it('an unsupported CAST in SELECT is an invalid select', () => {
    expect(failure([SHIPMENTS, 'CREATE STREAM T AS SELECT ID, CAST(WHEN_TEXT AS ARRAY<INT>) AS A FROM SHIPMENTS;'])).toBe(
      'Invalid Select: Cast of STRING to ARRAY<INTEGER> is not supported',
    );
  });
});
