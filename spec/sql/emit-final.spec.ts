import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';

const READINGS = "CREATE STREAM READINGS (SENSOR STRING KEY, V INT) WITH (kafka_topic='readings', value_format='JSON', partitions=1);";

function engine(properties: Record<string, string>, ...statements: string[]): SqlEngine {
  const e = new SqlEngine({ properties });
  for (const s of statements) e.execute(s);
  return e;
}

const produce = (e: SqlEngine, records: readonly [key: string, v: number, timestamp: number][]) => {
  for (const [key, V, timestamp] of records) e.produce('readings', { key, value: { V }, timestamp });
};

describe('EMIT FINAL (ksqlDB >= 7.3: windowed aggregation with EmitStrategy.onWindowClose)', () => {
  it('without GRACE PERIOD the grace is 0: a window is final as soon as stream time reaches its end', () => {
    const e = engine({}, READINGS, 'CREATE TABLE T AS SELECT SENSOR, SUM(V) AS TOTAL FROM READINGS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY SENSOR EMIT FINAL;');
    produce(e, [['a', 1, 1_000], ['b', 2, 4_000], ['a', 3, 9_000]]);
    expect(e.records('T')).toEqual([]);
    produce(e, [['a', 4, 10_000]]);
    expect(e.records('T').map((r) => [r.key, r.window, r.value, r.timestamp])).toEqual([
      ['a', { start: 0, end: 10_000 }, { TOTAL: 4 }, 9_000],
      ['b', { start: 0, end: 10_000 }, { TOTAL: 2 }, 4_000],
    ]);
  });

  it('session windows: each session once, when stream time passes its end + gap + grace', () => {
    const e = engine({}, READINGS, 'CREATE TABLE T AS SELECT SENSOR, COUNT(*) AS N FROM READINGS WINDOW SESSION (5 SECONDS) GROUP BY SENSOR EMIT FINAL;');
    produce(e, [['a', 1, 0], ['a', 1, 3_000], ['a', 1, 8_000]]);
    expect(e.records('T')).toEqual([]);
    produce(e, [['a', 1, 20_000]]);
    expect(e.records('T').map((r) => [r.key, r.window, JSON.stringify(r.value)])).toEqual([['a', { start: 0, end: 8_000 }, '{"N":3}']]);
  });
});

describe('UDAF properties reach the aggregation', () => {
  it('ksql.functions.collect_list.limit caps COLLECT_LIST', () => {
    const e = engine({ 'ksql.functions.collect_list.limit': '2' }, READINGS, 'CREATE TABLE T AS SELECT SENSOR, COLLECT_LIST(V) AS VS FROM READINGS GROUP BY SENSOR;');
    produce(e, [['a', 1, 0], ['a', 2, 1], ['a', 3, 2]]);
    expect(e.records('T').map((r) => r.value)).toEqual([{ VS: [1] }, { VS: [1, 2] }, { VS: [1, 2] }]);
  });
});
