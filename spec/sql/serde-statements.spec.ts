import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';

/** Statement-level serialization rules: value wrapping, NONE keys, read-only sources, CREATE-time checks. */
function engine(properties: Record<string, string>, ...statements: string[]): SqlEngine {
  const e = new SqlEngine({ properties });
  for (const s of statements) e.execute(s);
  return e;
}

const values = (e: SqlEngine, topic: string) => e.records(topic).map((r) => r.value);

describe('value wrapping', () => {
  it('WRAP_SINGLE_VALUE=false reads and writes a bare value; a null value stays null', () => {
    const e = engine(
      {},
      "CREATE STREAM TEMPS (C DOUBLE) WITH (kafka_topic='temps', value_format='JSON', wrap_single_value=false, partitions=1);",
      "CREATE STREAM COPY WITH (wrap_single_value=false) AS SELECT * FROM TEMPS;",
    );
    e.produce('temps', { key: null, value: 21.5 });
    e.produce('temps', { key: null, value: null });
    expect(values(e, 'COPY')).toEqual([21.5, null]);
  });

  it('ksql.persistence.wrap.single.values=false unwraps single-column values only', () => {
    const e = engine(
      { 'ksql.persistence.wrap.single.values': 'false' },
      "CREATE STREAM WORDS (K STRING KEY, W STRING, N INT) WITH (kafka_topic='words', value_format='JSON', partitions=1);",
      'CREATE STREAM ONLY_W AS SELECT K, W FROM WORDS;',
      'CREATE STREAM BOTH AS SELECT K, W, N FROM WORDS;',
    );
    e.produce('words', { key: 'a', value: { W: 'hi', N: 1 } });
    expect(values(e, 'ONLY_W')).toEqual(['hi']);
    expect(values(e, 'BOTH')).toEqual([{ W: 'hi', N: 1 }]);
  });

  it('rejects explicit wrapping the format or the schema cannot honour', () => {
    expect(() =>
      engine({}, "CREATE STREAM S (V INT) WITH (kafka_topic='s', value_format='KAFKA', wrap_single_value=true, partitions=1);"),
    ).toThrow("Format 'KAFKA' does not support 'WRAP_SINGLE_VALUE' set to 'true'.");
    expect(() =>
      engine(
        {},
        "CREATE STREAM S (A INT, B INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);",
        'CREATE STREAM T WITH (wrap_single_value=true) AS SELECT * FROM S;',
      ),
    ).toThrow("'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
  });
});

describe('key formats', () => {
  it('a sink that gains key columns from a NONE source takes the default key format', () => {
    const e = engine(
      { 'ksql.persistence.default.format.key': 'JSON' },
      "CREATE STREAM EVENTS (KIND STRING) WITH (kafka_topic='events', key_format='NONE', value_format='JSON', partitions=1);",
      'CREATE STREAM KEPT AS SELECT * FROM EVENTS;',
      'CREATE TABLE COUNTS AS SELECT KIND, COUNT(*) AS N FROM EVENTS GROUP BY KIND;',
    );
    e.produce('events', { key: 'ignored', value: { KIND: 'x' } });
    expect(e.describeSource('KEPT')?.keyFormat).toBe('NONE');
    expect(e.describeSource('COUNTS')?.keyFormat).toBe('JSON');
    expect(e.records('KEPT').map((r) => r.key)).toEqual([null]);
  });

  it("wraps a key format's refusal in ksqlDB's words", () => {
    expect(() => engine({}, "CREATE TABLE T (K BOOLEAN PRIMARY KEY, V INT) WITH (kafka_topic='t', value_format='JSON', partitions=1);")).toThrow(
      "Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[`K` BOOLEAN KEY], features=[]}\nreason: The 'KAFKA' format does not support type 'BOOLEAN'",
    );
  });

  it('a null DELIMITED key is written as a null Kafka key', () => {
    const e = engine(
      {},
      "CREATE STREAM S (K INT KEY, V INT) WITH (kafka_topic='s', format='DELIMITED', partitions=1);",
      'CREATE STREAM T AS SELECT * FROM S;',
    );
    e.produce('s', { key: null, value: '1' });
    expect(e.records('T').map((r) => r.key)).toEqual([null]);
  });
});

describe('CREATE-time checks', () => {
  it('read-only sources refuse writes and topic deletion', () => {
    const make = () =>
      engine(
        {},
        "CREATE SOURCE TABLE REF (ID INT PRIMARY KEY, NAME STRING) WITH (kafka_topic='ref', value_format='JSON', partitions=1);",
        "CREATE SOURCE STREAM LOG (ID INT KEY, MSG STRING) WITH (kafka_topic='log', value_format='JSON', partitions=1);",
        "CREATE STREAM OTHER (ID INT KEY, MSG STRING) WITH (kafka_topic='other', value_format='JSON', partitions=1);",
      );
    expect(() => make().execute("INSERT INTO REF VALUES (1, 'a');")).toThrow('Cannot insert values into read-only table: REF');
    expect(() => make().execute('INSERT INTO LOG SELECT * FROM OTHER;')).toThrow('Cannot insert into read-only stream: LOG');
    expect(() => make().execute('DROP TABLE REF DELETE TOPIC;')).toThrow('Cannot delete topic for read-only source: REF');
    expect(() =>
      make().execute("CREATE OR REPLACE SOURCE STREAM LOG (ID INT KEY, MSG STRING) WITH (kafka_topic='log', value_format='JSON');"),
    ).toThrow("Cannot add stream 'LOG': CREATE OR REPLACE is not supported on source streams.");
  });

  it('INSERT VALUES into an unknown source suggests the name that differs only in case', () => {
    const e = engine({}, "CREATE STREAM \"events\" (V INT) WITH (kafka_topic='ev', value_format='JSON', partitions=1);");
    expect(() => e.execute('INSERT INTO EVENTS (V) VALUES (1);')).toThrow(
      'Cannot insert values into an unknown stream/table: `EVENTS`\nDid you mean "events"? Hint: wrap the source name in double quotes to make it case-sensitive.',
    );
  });

  it('the TIMESTAMP column must exist and be a BIGINT, a TIMESTAMP or a formatted STRING', () => {
    const create = (cols: string, extra = '') =>
      engine({}, `CREATE STREAM S (${cols}) WITH (kafka_topic='s', value_format='JSON', partitions=1, timestamp='ts'${extra});`);
    expect(() => create('V INT')).toThrow("The TIMESTAMP column set in the WITH clause does not exist in the schema: 'TS'");
    expect(() => create('TS INT')).toThrow('Timestamp column, `TS`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified');
    expect(() => create('TS STRING', ", timestamp_format='yyyy-MM-dd'")).not.toThrow();
  });

  it('only DELIMITED takes a VALUE_DELIMITER; FORMAT excludes KEY_FORMAT and VALUE_FORMAT', () => {
    expect(() => engine({}, "CREATE STREAM S (V INT) WITH (kafka_topic='s', value_format='JSON', value_delimiter='|', partitions=1);")).toThrow(
      'JSON does not support the following configs: [delimiter]',
    );
    expect(() => engine({}, "CREATE STREAM S (V INT) WITH (kafka_topic='s', value_format='JSON', format='KAFKA', partitions=1);")).toThrow(
      "Cannot supply both 'VALUE_FORMAT' and 'FORMAT' properties",
    );
  });

  it('ksql.output.topic.name.prefix prefixes a default sink topic', () => {
    const e = engine(
      { 'ksql.output.topic.name.prefix': 'app-' },
      "CREATE STREAM S (V INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);",
      'CREATE STREAM T AS SELECT * FROM S;',
    );
    expect(e.topicNames()).toContain('app-T');
  });
});
