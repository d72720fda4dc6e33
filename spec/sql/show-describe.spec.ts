import { describe, expect, it } from 'vitest';
import { renderResult } from '../../src/cli/sql-command.js';
import { SqlEngine } from '../../src/sql/engine/index.js';

function shop(): SqlEngine {
  const e = new SqlEngine();
  e.execute(`
    CREATE STREAM ORDERS (ID INT KEY, ITEM STRING) WITH (kafka_topic='orders', value_format='JSON', partitions=2);
    CREATE TABLE ITEMS AS SELECT ITEM, COUNT(*) AS N FROM ORDERS GROUP BY ITEM;
  `);
  e.produce('orders', { key: 7, value: { ITEM: 'pen' }, timestamp: 1_500 });
  return e;
}

const last = (e: SqlEngine) => e.results().at(-1)!;

describe('SHOW / LIST, DESCRIBE and PRINT answer with the CLI tables', () => {
  // The sink topic takes its source's partition count (ksqlDB's default for CREATE ... AS SELECT).
  it('lists streams, tables, persistent queries and non-internal topics', () => {
    const e = shop();
    e.execute('LIST STREAMS; SHOW TABLES; SHOW QUERIES; SHOW TOPICS;');
    const [streams, tables, queries, topics] = e.results().slice(-4);
    expect(streams!.rows).toEqual([['ORDERS', 'orders', 'KAFKA', 'JSON', 'false']]);
    expect(tables!.columns[0]).toBe('Table Name');
    expect(tables!.rows).toEqual([['ITEMS', 'ITEMS', 'KAFKA', 'JSON', 'false']]);
    expect(queries!.rows.map((r) => r.slice(0, 5))).toEqual([['CTAS_ITEMS_0', 'PERSISTENT', 'RUNNING:1', 'ITEMS', 'ITEMS']]);
    expect(topics!.rows).toEqual([['ITEMS', '2', '1'], ['orders', '2', '1']]);
  });

  it('shows properties set in the session', () => {
    const e = shop();
    e.execute("SET 'auto.offset.reset'='earliest'; SHOW PROPERTIES;");
    expect(last(e).rows).toEqual([['auto.offset.reset', 'KSQL', 'SESSION', 'earliest']]);
  });

  it('describes a source: fields with key markers, EXTENDED adds formats and topic', () => {
    const e = shop();
    e.execute('DESCRIBE ITEMS;');
    expect(last(e).rows).toEqual([['ITEM', 'VARCHAR(STRING)  (primary key)'], ['N', 'BIGINT']]);
    expect(last(e).details).toEqual([['Name', 'ITEMS']]);
    e.execute('DESCRIBE ORDERS EXTENDED;');
    expect(last(e).rows[0]).toEqual(['ID', 'INTEGER  (key)']);
    expect(last(e).details).toContainEqual(['Kafka topic', 'orders (partitions: 2, replication: 1)']);
    expect(() => e.execute('DESCRIBE NOPE;')).toThrow("Could not find STREAM/TABLE 'NOPE' in the Metastore");
  });

  it('prints a topic from the beginning as ksqlDB does, and nothing without FROM BEGINNING', () => {
    const e = shop();
    e.execute("PRINT 'orders' FROM BEGINNING LIMIT 5;");
    expect(renderResult(last(e))).toBe('Key format: KAFKA\nValue format: JSON\nrowtime: 1970/01/01 00:00:01.500 Z, key: 7, value: {"ITEM":"pen"}, partition: 1\n');
    e.execute("PRINT 'orders';");
    expect(last(e).rows).toEqual([]);
    expect(() => e.execute("PRINT 'nope';")).toThrow("Could not find topic 'nope'");
  });
});
