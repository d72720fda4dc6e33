import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';
import { formatCreateAsSelect } from '../../src/sql/engine/statement-text.js';
import { SqlStatementError } from '../../src/sql/errors.js';
import { parseStatements } from '../../src/sql/parser/index.js';
import { normalizeSchema, topicsToCreate } from '../../src/sql/qtt/run-case.js';
import { qttTestFunctions } from '../../src/sql/qtt/test-udfs.js';

function engine(options: ConstructorParameters<typeof SqlEngine>[0], ...statements: string[]): SqlEngine {
  const e = new SqlEngine(options);
  for (const s of statements) e.execute(s);
  return e;
}

const values = (e: SqlEngine, topic: string) => e.records(topic).map((r) => r.value);

describe("the QTT runner's test UDFs", () => {
  const source = "CREATE STREAM S (K STRING KEY, ID INT, B BOOLEAN, D STRING) WITH (kafka_topic='s', value_format='JSON', partitions=1);";

  it('are unknown to an engine that was not given them', () => {
    expect(() => engine({}, source, 'CREATE STREAM O AS SELECT K, TEST_UDF(ID, D) AS X FROM S;')).toThrow("Can't find any functions with the name 'TEST_UDF'");
  });

  it('TEST_UDF picks the exact overload; BAD_UDF throws into a null; TOSTRUCT wraps a string', () => {
    const e = engine(
      { extraFunctions: qttTestFunctions },
      source,
      'CREATE STREAM O AS SELECT K, TEST_UDF(ID, D) AS T, BAD_UDF(B) AS BAD, TOSTRUCT(D) AS S FROM S;',
    );
    e.produce('s', { key: 'a', value: { ID: 1, B: false, D: 'x' } });
    e.produce('s', { key: 'b', value: { ID: 2, B: true, D: 'y' } });
    expect(values(e, 'O')).toEqual([
      { T: 'doStuffIntString', BAD: 0, S: { A: 'x' } },
      { T: 'doStuffIntString', BAD: null, S: { A: 'y' } },
    ]);
  });

  it('BAD_UDF(STRING) returns null on every other call of its own call site', () => {
    const e = engine({ extraFunctions: qttTestFunctions }, source, 'CREATE STREAM O AS SELECT K, BAD_UDF(D) AS A, BAD_UDF(D) AS B FROM S;');
    for (const d of ['d1', 'd2', 'd3']) e.produce('s', { key: 'k', value: { ID: 0, B: false, D: d } });
    expect(values(e, 'O')).toEqual([
      { A: null, B: null },
      { A: 'd2', B: 'd2' },
      { A: null, B: null },
    ]);
  });
});

describe('errors ksqlDB finds while building the physical plan end with the planned statement', () => {
  it('prints the statement as SqlFormatter does: qualified columns, aliases, EMIT CHANGES', () => {
    const [stmt] = parseStatements("CREATE TABLE OUTPUT WITH (KEY_FORMAT='KAFKA') AS SELECT f2, f1 AS k, f2+f1, COUNT(*) FROM TEST WHERE f1 > 0 GROUP BY f1, f2;");
    expect(stmt?.kind).toBe('createAsSelect');
    expect(formatCreateAsSelect(stmt as never)).toBe(
      "CREATE TABLE OUTPUT WITH (KEY_FORMAT='KAFKA') AS SELECT\n  TEST.F2 F2,\n  TEST.F1 K,\n  (TEST.F2 + TEST.F1) KSQL_COL_0,\n  COUNT(*) KSQL_COL_1\nFROM TEST TEST\nWHERE (TEST.F1 > 0)\nGROUP BY TEST.F1, TEST.F2\nEMIT CHANGES",
    );
  });

  it('a KAFKA sink key that cannot hold two columns', () => {
    const e = engine({}, "CREATE STREAM TEST (f1 INT KEY, f2 INT) WITH (kafka_topic='t', value_format='JSON', partitions=1);");
    let error: unknown;
    try {
      e.execute('CREATE TABLE OUTPUT AS SELECT f1, f2, COUNT(*) AS N FROM TEST GROUP BY f1, f2;');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SqlStatementError);
    expect((error as Error).message).toMatch(/^Key format does not support schema\.\n[\s\S]*\nStatement: CREATE TABLE OUTPUT AS SELECT\n {2}TEST\.F1 F1,\n/);
  });
});

describe('ksql.new.query.planner.enabled: the key follows the projection', () => {
  const props = { 'ksql.new.query.planner.enabled': 'true' };
  const input = "CREATE STREAM INPUT (ID INT KEY, AGE INT KEY, NAME STRING) WITH (kafka_topic='in', format='JSON', partitions=1);";

  it('key columns in projection order', () => {
    const e = engine({ properties: props }, input, 'CREATE STREAM OUTPUT AS SELECT AGE, ID, NAME FROM INPUT;');
    e.produce('in', { key: { ID: 1, AGE: 20 }, value: { NAME: 'a' } });
    expect(e.describeSource('OUTPUT')?.schema).toBe('AGE INTEGER KEY, ID INTEGER KEY, NAME STRING');
    expect(e.records('OUTPUT').map((r) => r.key)).toEqual([{ AGE: 20, ID: 1 }]);
  });

  it('a key column left out is dropped instead of refused', () => {
    const e = engine({ properties: props }, input, 'CREATE STREAM OUTPUT AS SELECT NAME FROM INPUT;');
    e.produce('in', { key: { ID: 1, AGE: 20 }, value: { NAME: 'a' } });
    expect(e.describeSource('OUTPUT')?.schema).toBe('NAME STRING');
    expect(e.records('OUTPUT').map((r) => [r.key, r.value])).toEqual([[null, { NAME: 'a' }]]);
  });
});

describe('SELECT * over a join with PARTITION BY', () => {
  it("takes each side's value columns, pseudo columns and key, prefixed", () => {
    const e = engine(
      {},
      "CREATE STREAM L (A INT KEY, B INT, C INT) WITH (kafka_topic='l', value_format='JSON', partitions=1);",
      "CREATE STREAM R (X INT KEY, Y INT, Z INT) WITH (kafka_topic='r', value_format='JSON', partitions=1);",
      'CREATE STREAM OUTPUT AS SELECT * FROM L JOIN R WITHIN 10 SECONDS ON L.A = R.X PARTITION BY L.B;',
    );
    expect(normalizeSchema(e.describeSource('OUTPUT')!.schema)).toBe(
      normalizeSchema(
        'L_B INT KEY, L_C INT, L_ROWTIME BIGINT, L_ROWPARTITION INT, L_ROWOFFSET BIGINT, L_A INT, R_Y INT, R_Z INT, R_ROWTIME BIGINT, R_ROWPARTITION INT, R_ROWOFFSET BIGINT, R_X INT',
      ),
    );
  });
});

describe("join topologies number their nodes as ksqlDB's do", () => {
  const internal = (e: SqlEngine) => e.topicNames().filter((t) => t.startsWith('_confluent')).map((t) => t.replace(/^.*CSAS_OUTPUT_0-/, ''));
  const props = { 'ksql.service.id': 'x' };

  it('a stream-stream join with a side repartitioned for its key format', () => {
    const e = engine(
      { properties: props },
      "CREATE STREAM S1 (ID INT KEY, FOO INT) WITH (kafka_topic='s1', key_format='DELIMITED', value_format='JSON', partitions=1);",
      "CREATE STREAM S2 (ID INT KEY, VAL STRING) WITH (kafka_topic='s2', key_format='KAFKA', value_format='JSON', partitions=1);",
      'CREATE STREAM OUTPUT AS SELECT S1.ID, S2.VAL FROM S1 JOIN S2 WITHIN 10 SECONDS ON S1.ID = S2.ID;',
    );
    expect(internal(e).sort()).toEqual(['Join-right-repartition', 'KSTREAM-JOINOTHER-0000000013-store-changelog', 'KSTREAM-JOINTHIS-0000000012-store-changelog']);
  });

  it("a stream-table join materializes the table as <context>-Reduce", () => {
    const e = engine(
      { properties: props },
      "CREATE TABLE T (ID INT PRIMARY KEY, VAL STRING) WITH (kafka_topic='t', value_format='JSON', partitions=1);",
      "CREATE STREAM S (ID INT KEY, FOO INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);",
      'CREATE STREAM OUTPUT AS SELECT S.FOO, VAL FROM S LEFT JOIN T ON S.FOO = T.ID;',
    );
    expect(internal(e)).toContain('KafkaTopic_Right-Reduce-changelog');
  });
});

describe('QTT harness details', () => {
  it('a table PRIMARY KEY and a KEY are the same key column in post checks', () => {
    expect(normalizeSchema('K INT PRIMARY KEY, V INT')).toBe(normalizeSchema('K INTEGER KEY, V INTEGER'));
  });

  it('creates the topic of a CREATE STREAM whose name is double-quoted', () => {
    const topics = topicsToCreate({ topics: [], statements: ['CREATE STREAM "input" (id INT KEY) WITH (kafka_topic=\'t1\', value_format=\'JSON\');'], inputs: [], outputs: [] });
    expect([...topics.keys()]).toEqual(['t1']);
  });
});
