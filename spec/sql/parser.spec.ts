import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CreateAsSelect, CreateSource, Expr, JoinRelation, Query, SelectStatement, Statement } from '../../src/sql/ast.js';
import { SqlParseError, SqlUnsupportedError } from '../../src/sql/errors.js';
import { parseStatements, splitStatements } from '../../src/sql/parser/index.js';
import { T } from '../../src/sql/types.js';
import { Decimal } from '../../src/sql/values.js';

function one(sql: string): Statement {
  const statements = parseStatements(sql);
  expect(statements).toHaveLength(1);
  return statements[0] as Statement;
}

function query(sql: string): Query {
  const s = one(sql);
  if (s.kind === 'select' || s.kind === 'createAsSelect' || s.kind === 'insertInto') return s.query;
  throw new Error(`not a query: ${s.kind}`);
}

/** The first select item's expression. */
function expr(text: string): Expr {
  const item = query(`SELECT ${text} FROM S;`).select[0];
  if (item?.kind !== 'expr') throw new Error('not an expression item');
  return item.expr;
}

/** A compact rendering of an expression tree, written by hand in the expectations below. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return e.type === 'STRING' ? `'${String(e.value)}'` : `${e.type}:${e.text}`;
    case 'column':
      return e.source === null ? e.name : `${e.source}.${e.name}`;
    case 'deref':
      return `${show(e.base)}->${e.field}`;
    case 'subscript':
      return `${show(e.base)}[${show(e.index)}]`;
    case 'unary':
      return `(${e.op}${show(e.operand)})`;
    case 'binary':
    case 'comparison':
    case 'logical':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'not':
      return `(NOT ${show(e.operand)})`;
    case 'isNull':
      return `(${show(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'like':
      return `(${show(e.operand)} ${e.negated ? 'NOT ' : ''}LIKE ${show(e.pattern)}${e.escape === null ? '' : ` ESCAPE ${e.escape}`})`;
    case 'between':
      return `(${show(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${show(e.low)} AND ${show(e.high)})`;
    case 'in':
      return `(${show(e.operand)} ${e.negated ? 'NOT ' : ''}IN ${e.list.map(show).join(', ')})`;
    case 'case':
      return `CASE${e.operand === null ? '' : ` ${show(e.operand)}`}${e.whens.map((w) => ` WHEN ${show(w.when)} THEN ${show(w.then)}`).join('')}${e.otherwise === null ? '' : ` ELSE ${show(e.otherwise)}`} END`;
    case 'cast':
      return `CAST(${show(e.operand)} AS ${e.type.base})`;
    case 'call':
      return `${e.name}(${e.star ? '*' : e.args.map(show).join(', ')})`;
    case 'array':
      return `[${e.elements.map(show).join(', ')}]`;
    case 'map':
      return `MAP(${e.entries.map((x) => `${show(x.key)}:=${show(x.value)}`).join(', ')})`;
    case 'struct':
      return `STRUCT(${e.fields.map((x) => `${x.name}:=${show(x.value)}`).join(', ')})`;
    case 'lambda':
      return `(${e.params.join(', ')}) => ${show(e.body)}`;
    case 'timeUnit':
      return e.unit;
  }
}

describe('lexing', () => {
  it('upper-cases unquoted identifiers and keeps quoted ones', () => {
    const s = one('select `MixedCase`, "other""q", plain from src;') as SelectStatement;
    expect(s.query.select.map((i) => (i.kind === 'expr' ? show(i.expr) : '*'))).toEqual(['MixedCase', 'other"q', 'PLAIN']);
  });

  it("reads strings with '' escapes and skips both kinds of comment", () => {
    const e = expr(`/* a comment */ 'it''s' -- trailing comment\n`);
    expect(e).toMatchObject({ kind: 'literal', type: 'STRING', value: "it's" });
  });

  it('types numbers as INTEGER, BIGINT, DECIMAL and DOUBLE', () => {
    expect(expr('1')).toMatchObject({ type: 'INTEGER', value: 1, text: '1' });
    expect(expr('2147483648')).toMatchObject({ type: 'BIGINT', value: 2147483648n, text: '2147483648' });
    expect(expr('-2147483648')).toMatchObject({ type: 'INTEGER', value: -2147483648 });
    const decimal = expr('1.50');
    expect(decimal).toMatchObject({ type: 'DECIMAL', text: '1.50' });
    expect((decimal as { value: Decimal }).value.equals(new Decimal(150n, 2))).toBe(true);
    expect(expr('1.5E3')).toMatchObject({ type: 'DOUBLE', value: 1500 });
    expect(expr('-0.5')).toMatchObject({ type: 'DECIMAL', text: '-0.5' });
  });

  it('gives 1-based line and column positions', () => {
    const [, second] = parseStatements('SHOW STREAMS;\n  SELECT x\n FROM s;');
    expect(second?.pos).toEqual({ line: 2, column: 3 });
    const item = (second as SelectStatement).query.select[0];
    expect(item?.pos).toEqual({ line: 2, column: 10 });
  });
});

describe('expressions', () => {
  it.each([
    ['a OR b AND c', '(A OR (B AND C))'],
    ['NOT a = 1 AND b', '((NOT (A = INTEGER:1)) AND B)'],
    ['a + b * c - d', '((A + (B * C)) - D)'],
    ['-a * b % 2', '(((-A) * B) % INTEGER:2)'],
    ['a - -1', '(A - INTEGER:-1)'],
    ['a != b', '(A <> B)'],
    ['a IS NOT NULL', '(A IS NOT NULL)'],
    ["a NOT LIKE 'x%' ESCAPE '!'", "(A NOT LIKE 'x%' ESCAPE !)"],
    ['a BETWEEN 1 AND 2 AND b', '((A BETWEEN INTEGER:1 AND INTEGER:2) AND B)'],
    ['a NOT IN (1, b = 2)', '(A NOT IN INTEGER:1, (B = INTEGER:2))'],
    ['a IS DISTINCT FROM b', '(A IS DISTINCT FROM B)'],
    ['a IS NOT DISTINCT FROM b', '(A IS NOT DISTINCT FROM B)'],
    ['s.col->f1->f2[1]', 'S.COL->F1->F2[INTEGER:1]'],
    ["m['k']", "M['k']"],
    ['CASE WHEN a > 1 THEN 1 ELSE 2 END', 'CASE WHEN (A > INTEGER:1) THEN INTEGER:1 ELSE INTEGER:2 END'],
    ["CASE a WHEN 1 THEN 'x' END", "CASE A WHEN INTEGER:1 THEN 'x' END"],
    ['CAST(a AS DECIMAL(4, 2))', 'CAST(A AS DECIMAL)'],
    ['count(*)', 'COUNT(*)'],
    ['now()', 'NOW()'],
    ['ARRAY[1, 2]', '[INTEGER:1, INTEGER:2]'],
    ["MAP('a' := 1, 'b' := 2)", "MAP('a':=INTEGER:1, 'b':=INTEGER:2)"],
    ['STRUCT(id := 2, `Name` := a)', 'STRUCT(ID:=INTEGER:2, Name:=A)'],
    ['TRANSFORM(xs, x => x * 2)', 'TRANSFORM(XS, (X) => (X * INTEGER:2))'],
    ['REDUCE(xs, 0, (s, x) => s + x)', 'REDUCE(XS, INTEGER:0, (S, X) => (S + X))'],
    ['TIMESTAMPADD(SECONDS, 5, ts)', 'TIMESTAMPADD(SECONDS, INTEGER:5, TS)'],
    ['TIMESTAMPADD(MILLISECOND, 5, ts)', 'TIMESTAMPADD(MILLISECONDS, INTEGER:5, TS)'],
    ['ROWTIME', 'ROWTIME'],
    ["a || 'x'", "CONCAT(A, 'x')"],
    ["c.firstname + ' ' + c.lastname", "((C.FIRSTNAME + ' ') + C.LASTNAME)"],
    ['(a + b) * c', '((A + B) * C)'],
  ])('%s', (text, tree) => {
    expect(show(expr(text))).toBe(tree);
  });

  it('reads types: nested, decimal, custom and the postfix ARRAY', () => {
    const s = one(
      'CREATE STREAM S (A ARRAY<MAP<STRING, STRUCT<x INT, `y` DECIMAL(10, 2)>>>, B VARCHAR, C MY_TYPE, D BIGINT ARRAY) WITH (kafka_topic=\'t\');',
    ) as CreateSource;
    expect(s.columns.map((c) => c.type)).toEqual([
      T.array(T.map(T.STRING, T.struct([{ name: 'X', type: T.INTEGER }, { name: 'y', type: T.decimal(10, 2) }]))),
      T.STRING,
      { base: 'CUSTOM', name: 'MY_TYPE' },
      T.array(T.BIGINT),
    ]);
  });
});

describe('statements', () => {
  it('CREATE STREAM with keys, headers and properties', () => {
    const s = one(
      "CREATE OR REPLACE STREAM IF NOT EXISTS orders (id INT KEY, h BYTES HEADER('trace'), hs ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, v STRING) WITH (kafka_topic='orders', value_format='JSON', partitions=2);",
    );
    expect(s).toMatchObject({
      kind: 'createSource',
      sourceType: 'STREAM',
      name: 'ORDERS',
      orReplace: true,
      ifNotExists: true,
      isSource: false,
      text: "CREATE OR REPLACE STREAM IF NOT EXISTS orders (id INT KEY, h BYTES HEADER('trace'), hs ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, v STRING) WITH (kafka_topic='orders', value_format='JSON', partitions=2)",
    });
    const c = s as CreateSource;
    expect(c.columns.map((x) => [x.name, x.key, x.primaryKey, x.header])).toEqual([
      ['ID', true, false, null],
      ['H', false, false, { key: 'trace' }],
      ['HS', false, false, { key: null }],
      ['V', false, false, null],
    ]);
    expect(Object.keys(c.properties)).toEqual(['KAFKA_TOPIC', 'VALUE_FORMAT', 'PARTITIONS']);
    expect(c.properties['PARTITIONS']).toMatchObject({ type: 'INTEGER', value: 2 });
    expect(c.properties['KAFKA_TOPIC']).toMatchObject({ type: 'STRING', value: 'orders' });
  });

  it('CREATE SOURCE TABLE with a PRIMARY KEY, and the 2018 dialect without columns', () => {
    expect(one("CREATE SOURCE TABLE t (k STRING PRIMARY KEY, v INT) WITH (kafka_topic='t', format='JSON');")).toMatchObject({
      kind: 'createSource',
      isSource: true,
      sourceType: 'TABLE',
      columns: [{ name: 'K', key: false, primaryKey: true }, { name: 'V', key: false, primaryKey: false }],
    });
    expect(one("CREATE TABLE BOOK with (kafka_topic='book', VALUE_FORMAT='AVRO', key='bookId');")).toMatchObject({
      kind: 'createSource',
      columns: [],
      properties: { KEY: { value: 'bookId' } },
    });
  });

  it('CREATE TABLE AS SELECT with windows, GROUP BY, HAVING, EMIT', () => {
    const s = one(
      "CREATE TABLE counts WITH (kafka_topic='c') AS SELECT k, COUNT(*) AS n FROM s WINDOW TUMBLING (SIZE 30 SECONDS, RETENTION 2 DAYS, GRACE PERIOD 1 MINUTE) WHERE v > 0 GROUP BY k HAVING COUNT(*) > 1 EMIT CHANGES;",
    ) as CreateAsSelect;
    expect(s.kind).toBe('createAsSelect');
    expect(s.properties['KAFKA_TOPIC']?.value).toBe('c');
    expect(s.query.window).toMatchObject({ type: 'TUMBLING', sizeMs: 30_000, retentionMs: 172_800_000, graceMs: 60_000 });
    expect(s.query.select[1]).toMatchObject({ kind: 'expr', alias: 'N' });
    expect(s.query.groupBy?.map(show)).toEqual(['K']);
    expect(s.query.having && show(s.query.having)).toBe('(COUNT(*) > INTEGER:1)');
    expect(s.query.emit).toBe('CHANGES');
  });

  it('HOPPING and SESSION windows, singular units', () => {
    expect(query('SELECT k FROM s WINDOW HOPPING (SIZE 1 HOUR, ADVANCE BY 10 MINUTES) GROUP BY k;').window).toMatchObject({
      type: 'HOPPING',
      sizeMs: 3_600_000,
      advanceMs: 600_000,
      graceMs: null,
    });
    expect(query('SELECT k FROM s WINDOW SESSION (5 SECOND, GRACE PERIOD 0 MILLISECONDS) GROUP BY k EMIT FINAL;')).toMatchObject({
      window: { type: 'SESSION', gapMs: 5000, graceMs: 0, sizeMs: null },
      emit: 'FINAL',
    });
  });

  it('GROUP BY and PARTITION BY with and without parentheses', () => {
    expect(query('SELECT * FROM s GROUP BY (a, b);').groupBy?.map(show)).toEqual(['A', 'B']);
    expect(query('SELECT * FROM s GROUP BY (a) + 1, b;').groupBy?.map(show)).toEqual(['(A + INTEGER:1)', 'B']);
    expect(query('SELECT * FROM s PARTITION BY a, b->c;').partitionBy?.map(show)).toEqual(['A', 'B->C']);
  });

  it('joins chain left-deep with windows and grace', () => {
    const q = query(
      'SELECT * FROM a JOIN b WITHIN 10 SECONDS ON a.id = b.id LEFT OUTER JOIN c AS x WITHIN (1 SECOND, 2 SECONDS) GRACE PERIOD 3 SECONDS ON a.id = x.id FULL JOIN d ON 1 = 1;',
    );
    const outer = q.from as JoinRelation;
    expect(outer).toMatchObject({ kind: 'join', type: 'FULL', right: { name: 'D', alias: null }, within: null });
    const middle = outer.left as JoinRelation;
    expect(middle).toMatchObject({ type: 'LEFT', right: { name: 'C', alias: 'X' }, within: { beforeMs: 1000, afterMs: 2000, graceMs: 3000 } });
    expect(middle.left).toMatchObject({ type: 'INNER', left: { name: 'A' }, right: { name: 'B' }, within: { beforeMs: 10_000, afterMs: 10_000, graceMs: null } });
  });

  it('select items: *, S.*, struct->*, aliases with and without AS', () => {
    const q = query('SELECT *, s.*, v->*, a b, c AS `d` FROM src s EMIT CHANGES LIMIT 3;');
    expect(q.select).toMatchObject([
      { kind: 'star', source: null },
      { kind: 'star', source: 'S' },
      { kind: 'expr', expr: { kind: 'deref', base: { kind: 'column', name: 'V' }, field: '*' } },
      { kind: 'expr', alias: 'B' },
      { kind: 'expr', alias: 'd' },
    ]);
    expect(q.from).toMatchObject({ kind: 'source', name: 'SRC', alias: 'S' });
    expect(q.limit).toBe(3);
  });

  it('INSERT INTO ... SELECT and INSERT VALUES', () => {
    expect(one("INSERT INTO out WITH (QUERY_ID='q') SELECT * FROM s;")).toMatchObject({ kind: 'insertInto', target: 'OUT', properties: { QUERY_ID: { value: 'q' } } });
    const v = one("INSERT INTO s (k, v) VALUES ('a', -1.5);");
    expect(v).toMatchObject({ kind: 'insertValues', target: 'S', columns: ['K', 'V'] });
    expect(v.kind === 'insertValues' && v.values.map(show)).toEqual(["'a'", 'DECIMAL:-1.5']);
    expect(one('INSERT INTO s VALUES (1);')).toMatchObject({ columns: null });
  });

  it('DROP, SET, UNSET, SHOW/LIST, DESCRIBE, PRINT, TERMINATE, CREATE TYPE', () => {
    expect(one('DROP STREAM IF EXISTS s DELETE TOPIC;')).toMatchObject({ kind: 'drop', sourceType: 'STREAM', name: 'S', ifExists: true, deleteTopic: true });
    expect(one('drop table t')).toMatchObject({ kind: 'drop', sourceType: 'TABLE', ifExists: false, deleteTopic: false, text: 'drop table t' });
    expect(one("SET 'auto.offset.reset' = 'earliest';")).toMatchObject({ kind: 'set', property: 'auto.offset.reset', value: 'earliest' });
    expect(one("UNSET 'auto.offset.reset';")).toMatchObject({ kind: 'unset', property: 'auto.offset.reset' });
    expect(one('LIST TOPICS EXTENDED;')).toMatchObject({ kind: 'show', what: 'TOPICS', extended: true });
    expect(one('SHOW QUERIES;')).toMatchObject({ kind: 'show', what: 'QUERIES', extended: false });
    expect(one('describe interaction;')).toMatchObject({ kind: 'describe', name: 'INTERACTION', extended: false, function: false });
    expect(one('DESCRIBE s EXTENDED;')).toMatchObject({ kind: 'describe', extended: true });
    expect(one('DESCRIBE FUNCTION substring;')).toMatchObject({ kind: 'describe', name: 'SUBSTRING', function: true });
    expect(one("PRINT 'interaction' FROM BEGINNING INTERVAL 2 LIMIT 10;")).toMatchObject({
      kind: 'print',
      topic: 'interaction',
      fromBeginning: true,
      intervalRecords: 2,
      limit: 10,
    });
    expect(one('PRINT myTopic;')).toMatchObject({ topic: 'myTopic', fromBeginning: false, intervalRecords: null, limit: null });
    expect(one('TERMINATE CSAS_OUT_0;')).toMatchObject({ kind: 'terminate', queryId: 'CSAS_OUT_0' });
    expect(one('TERMINATE ALL;')).toMatchObject({ kind: 'terminate', queryId: null });
    expect(one('CREATE TYPE ADDRESS AS STRUCT<street STRING, n INT>;')).toMatchObject({
      kind: 'createType',
      name: 'ADDRESS',
      type: T.struct([{ name: 'STREET', type: T.STRING }, { name: 'N', type: T.INTEGER }]),
    });
  });

  it('pull and push queries, non-reserved words as names', () => {
    expect(query("SELECT * FROM t WHERE key = 'a';").emit).toBeNull();
    expect(query('SELECT * FROM t EMIT CHANGES;').from).toMatchObject({ alias: null });
    expect(one('CREATE STREAM s (key STRING KEY, timestamp BIGINT, date DATE) WITH (kafka_topic=\'t\');')).toMatchObject({
      columns: [{ name: 'KEY', key: true }, { name: 'TIMESTAMP', type: T.BIGINT }, { name: 'DATE', type: T.DATE }],
    });
  });

  it('splits several statements and keeps each text without its semicolon', () => {
    const s = parseStatements("SET 'a'='b'; -- note\nSELECT 'x;y' FROM s;;\n");
    expect(s.map((x) => x.text)).toEqual(["SET 'a'='b'", "SELECT 'x;y' FROM s"]);
    expect(splitStatements("SET 'a'='b'; /* ; */ SELECT 1 FROM s")).toEqual([
      { text: "SET 'a'='b'", pos: { line: 1, column: 1 } },
      { text: 'SELECT 1 FROM s', pos: { line: 1, column: 22 } },
    ]);
  });

  it('names ksqlDB syntax outside the AST as unsupported', () => {
    expect(() => parseStatements('ALTER STREAM s ADD COLUMN c INT;')).toThrow(SqlUnsupportedError);
    expect(() => parseStatements("CREATE SOURCE CONNECTOR c WITH ('a'='b');")).toThrow(SqlUnsupportedError);
  });
});

/** ksqlDB's own statements, read from ../shared/qtt when it exists (never copied into this repository). */
describe('the ksqlDB query-validation-test statements', () => {
  const dir = new URL('../../../shared/qtt/', import.meta.url);
  it.skipIf(!existsSync(dir))('parse, except those of tests expecting a ParseFailedException', () => {
    let parsed = 0;
    let unsupported = 0;
    const failures: string[] = [];
    let expectedFailures = 0;
    for (const file of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as {
        tests?: { name: string; statements: string[]; expectedException?: { type?: string; message?: string } }[];
      };
      for (const test of doc.tests ?? []) {
        const exception = test.expectedException;
        if (exception?.type?.endsWith('ParseFailedException')) {
          expectedFailures++;
          // The harness runs a test's statements as one text, one statement a line.
          let error: unknown = null;
          try {
            parseStatements(test.statements.join('\n'));
          } catch (e) {
            error = e;
          }
          expect(error, `${file}: ${test.name}`).toBeInstanceOf(SqlParseError);
          expect((error as Error).message, `${file}: ${test.name}`).toContain(exception.message ?? '');
          continue;
        }
        for (const statement of test.statements) {
          try {
            parseStatements(statement);
            parsed++;
          } catch (e) {
            if (e instanceof SqlUnsupportedError) unsupported++;
            else failures.push(`${file}: ${statement}: ${(e as Error).message}`);
          }
        }
      }
    }
    console.log(`qtt statements: ${parsed} parsed, ${unsupported} unsupported, ${failures.length} failed; ${expectedFailures} parse-failure tests rejected`);
    expect(failures).toEqual([]);
    expect(unsupported).toBeLessThanOrEqual(2); // ALTER STREAM / ALTER TABLE
  });
});
