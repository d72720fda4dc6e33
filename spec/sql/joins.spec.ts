import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';

/* ksqlDB's join rules (LogicalPlanner#buildJoin, JoinNode, WithinExpression), on our own small examples. */

const CARS = "CREATE STREAM CARS (PLATE STRING KEY, COLOUR STRING, SPEED INT) WITH (kafka_topic='cars', value_format='JSON', partitions=1);";
const TOLLS = "CREATE STREAM TOLLS (PLATE STRING KEY, GATE STRING, COLOUR STRING) WITH (kafka_topic='tolls', value_format='JSON', partitions=1);";

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

describe('SQL joins', () => {
  it('names a column two sources share ALIAS_NAME, a unique one by its name; `*` always prefixes; the first selected join column is the key', () => {
    const e = engine(CARS, TOLLS, 'CREATE STREAM SEEN AS SELECT C.COLOUR, SPEED, T.* FROM CARS C JOIN TOLLS T WITHIN 1 MINUTE ON C.PLATE = T.PLATE;');
    // Both join columns are viable keys; T.PLATE is the one selected (through T.*).
    expect(e.describeSource('SEEN')!.schema).toBe('T_PLATE STRING KEY, C_COLOUR STRING, SPEED INTEGER, T_GATE STRING, T_COLOUR STRING');
  });

  it('without GRACE PERIOD a left join emits [left, null] at once, then the match (JoinWindows.of); with one, only the match', () => {
    const e = engine(CARS, TOLLS, 'CREATE STREAM EAGER AS SELECT C.PLATE, SPEED, GATE FROM CARS C LEFT JOIN TOLLS T WITHIN 1 MINUTE ON C.PLATE = T.PLATE;');
    e.execute('CREATE STREAM LAZY AS SELECT C.PLATE, SPEED, GATE FROM CARS C LEFT JOIN TOLLS T WITHIN 1 MINUTE GRACE PERIOD 0 SECONDS ON C.PLATE = T.PLATE;');
    e.produce('cars', { key: 'AB1', value: { COLOUR: 'red', SPEED: 90 }, timestamp: 1_000 });
    e.produce('tolls', { key: 'AB1', value: { GATE: 'north' }, timestamp: 2_000 });
    expect(e.records('EAGER').map((r) => r.value)).toEqual([
      { SPEED: 90, GATE: null },
      { SPEED: 90, GATE: 'north' },
    ]);
    expect(e.records('LAZY').map((r) => r.value)).toEqual([{ SPEED: 90, GATE: 'north' }]);
  });

  it('FULL OUTER joins get the synthetic ROWKEY key, which `*` includes first', () => {
    const e = engine(CARS, TOLLS, 'CREATE STREAM BOTH AS SELECT * FROM CARS C FULL OUTER JOIN TOLLS T WITHIN 1 MINUTE ON C.PLATE = T.PLATE;');
    expect(e.describeSource('BOTH')!.schema).toMatch(/^ROWKEY STRING KEY, C_PLATE STRING/);
    e.produce('tolls', { key: 'ZZ9', value: { GATE: 'east' }, timestamp: 5 });
    expect(e.records('BOTH').map((r) => [r.key, (r.value as Record<string, unknown>).T_GATE, (r.value as Record<string, unknown>).C_PLATE])).toEqual([['ZZ9', 'east', null]]);
  });

  it('explains a missing join key, a synthetic key, KAFKA values and unresolved ON columns as ksqlDB does', () => {
    const e = engine(CARS, TOLLS);
    expect(failure(e, 'CREATE STREAM X1 AS SELECT SPEED, GATE FROM CARS C JOIN TOLLS T WITHIN 1 MINUTE ON C.PLATE = T.PLATE;')).toContain(
      'must include the join expressions C.PLATE or T.PLATE in its projection (eg, SELECT C.PLATE...).',
    );
    expect(failure(e, 'CREATE STREAM X2 AS SELECT SPEED, GATE FROM CARS C JOIN TOLLS T WITHIN 1 MINUTE ON C.COLOUR = UCASE(T.COLOUR);')).toContain(
      'must include the join expression C.COLOUR in its projection',
    );
    expect(failure(e, 'CREATE STREAM X3 AS SELECT SPEED, GATE FROM CARS C JOIN TOLLS T WITHIN 1 MINUTE ON LCASE(C.COLOUR) = UCASE(T.COLOUR);')).toContain(
      'ROWKEY was added as a synthetic key column because the join criteria did not match any source column.',
    );
    expect(failure(e, 'CREATE STREAM X4 AS SELECT C.PLATE FROM CARS C JOIN TOLLS T WITHIN 1 MINUTE\nON C.PLATE = T.NOPE;')).toBe(
      "Line: 2, Col: 14: JOIN ON column 'T.NOPE' cannot be resolved.",
    );
    e.execute("CREATE STREAM RAW (K STRING KEY, V STRING) WITH (kafka_topic='raw', value_format='KAFKA', partitions=1);");
    expect(failure(e, 'CREATE STREAM X5 AS SELECT R.K, GATE FROM RAW R JOIN TOLLS T WITHIN 1 MINUTE ON R.K = T.PLATE;')).toContain(
      "Source(s) R are using the 'KAFKA' value format. This format does not yet support JOIN.",
    );
  });

  it('re-keys a stream joined on a value column through Join-left-repartition, in the application of ksql.service.id', () => {
    const e = engine(CARS, TOLLS, 'CREATE STREAM SAME AS SELECT C.COLOUR, SPEED, GATE FROM CARS C JOIN TOLLS T WITHIN 1 MINUTE ON C.COLOUR = T.COLOUR;');
    expect(e.topicNames()).toContain('_confluent-ksql-spec_query_CSAS_SAME_0-Join-left-repartition');
    e.produce('tolls', { key: 'AB1', value: { GATE: 'west', COLOUR: 'blue' }, timestamp: 1 });
    e.produce('cars', { key: 'CD2', value: { COLOUR: 'blue', SPEED: 50 }, timestamp: 2 });
    expect(e.records('SAME').map((r) => [r.key, r.value])).toEqual([['blue', { SPEED: 50, GATE: 'west' }]]);
  });
});
