import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerQttCommand } from '../../src/cli/qtt-command.js';
import { registerSqlCommand, rowsAsTable, statementErrorLine } from '../../src/cli/sql-command.js';
import { SqlParseError, SqlStatementError, SqlUnsupportedError } from '../../src/sql/errors.js';
import {
  caseLabel,
  diffValues,
  expandTest,
  formatReport,
  jsonReport,
  loadQttFiles,
  normalizeSchema,
  runCase,
  runQttFiles,
  topicsToCreate,
  type QttCase,
  type QttEngine,
  type QttEngineFactory,
  type QttEngineOptions,
  type QttInputRecord,
  type QttOutputRecord,
  type QttSourceDescription,
  type QttTestNode,
} from '../../src/sql/qtt/index.js';
import { parseLosslessJson } from '../../src/sql/qtt/lossless-json.js';
import { Decimal, JsonNumber } from '../../src/sql/values.js';

/**
 * A scripted stand-in for the SQL engine. Statements (one a line) it understands:
 *   COPY a TO b          every record produced to a is appended to b (value unchanged, key unchanged)
 *   DOUBLE a TO b        as COPY, value {N: 2 * N} as a JS number
 *   SOURCE NAME stream|table <schema>   registers a source for post checks (formats KAFKA / JSON)
 *   BAD SYNTAX           throws SqlParseError at line L column 1
 *   BAD COLUMN           throws SqlStatementError "Column 'X' cannot be resolved."
 *   NEEDS feature        throws SqlUnsupportedError(feature)
 *   CRASH                throws a TypeError
 *   SPIN a               producing to a never goes idle (calls checkBudget forever)
 *   EXPLODE a            producing to a throws "Exception caught in process"
 */
class FakeEngine implements QttEngine {
  readonly created = new Map<string, number>();
  private readonly topics = new Map<string, QttOutputRecord[]>();
  private readonly routes: { from: string; to: string; double: boolean }[] = [];
  private readonly sources = new Map<string, QttSourceDescription>();
  private readonly spinning = new Set<string>();
  private readonly exploding = new Set<string>();

  constructor(readonly options: QttEngineOptions) {}

  createTopic(topic: string, partitions: number): void {
    if (!this.created.has(topic)) this.created.set(topic, partitions);
    if (!this.topics.has(topic)) this.topics.set(topic, []);
  }

  execute(text: string): void {
    text.split('\n').forEach((line, i) => {
      const words = line.replace(/;$/, '').split(' ');
      const [op, a, , b] = words;
      if (op === 'COPY' || op === 'DOUBLE') this.routes.push({ from: a ?? '', to: b ?? '', double: op === 'DOUBLE' });
      else if (op === 'SOURCE') {
        this.sources.set(a ?? '', { name: a ?? '', type: words[2] as 'stream' | 'table', schema: words.slice(3).join(' '), keyFormat: 'KAFKA', valueFormat: 'JSON' });
      } else if (op === 'BAD' && a === 'SYNTAX') throw new SqlParseError(i + 1, 1, "Syntax Error\nmismatched input 'BAD'");
      else if (op === 'BAD') throw new SqlStatementError("Column 'X' cannot be resolved.");
      else if (op === 'NEEDS') throw new SqlUnsupportedError(a ?? '');
      else if (op === 'CRASH') throw new TypeError("Cannot read properties of undefined (reading 'x')");
      else if (op === 'SPIN') this.spinning.add(a ?? '');
      else if (op === 'EXPLODE') this.exploding.add(a ?? '');
    });
  }

  produce(topic: string, record: QttInputRecord): void {
    this.append(topic, { key: record.key, value: record.value, timestamp: record.timestamp ?? 0, window: record.window ?? null });
    if (this.exploding.has(topic)) throw new Error('Exception caught in process. taskId=0_0');
    while (this.spinning.has(topic)) this.options.checkBudget?.();
  }

  private append(topic: string, r: QttOutputRecord): void {
    const list = this.topics.get(topic) ?? [];
    list.push(r);
    this.topics.set(topic, list);
    for (const route of this.routes.filter((x) => x.from === topic)) {
      const value = route.double ? { N: 2 * (r.value as { N: JsonNumber }).N.toNumber() } : r.value;
      this.append(route.to, { ...r, value });
    }
  }

  records(topic: string): readonly QttOutputRecord[] {
    return this.topics.get(topic) ?? [];
  }

  describeSource(name: string): QttSourceDescription | null {
    return this.sources.get(name) ?? null;
  }

  topicNames(): readonly string[] {
    return [...this.topics.keys()];
  }
}

const engines: FakeEngine[] = [];
const fake: QttEngineFactory = (options) => {
  const e = new FakeEngine(options);
  engines.push(e);
  return e;
};

/** A test node written in JSON, as the files are, and parsed losslessly. */
const node = (json: string): QttTestNode => parseLosslessJson(json) as QttTestNode;
const only = (n: QttTestNode): QttCase => {
  const { cases } = expandTest('mine.json', n);
  expect(cases).toHaveLength(1);
  return cases[0] as QttCase;
};

describe('expansion of format and config', () => {
  const n = node(`{
    "name": "copy", "format": ["JSON", "AVRO"], "config": ["true", "false"],
    "properties": {"ksql.some.flag": "{CONFIG}", "ksql.n": 3},
    "statements": ["CREATE STREAM S (ID INT KEY, V INT) WITH (kafka_topic='in', value_format='{FORMAT}');", "SET {CONFIG};"],
    "inputs": [], "outputs": []
  }`);

  it('crosses every format with every config, substituting {FORMAT} in statements and {CONFIG} everywhere', () => {
    const { cases, leftOut } = expandTest('mine.json', n);
    expect(leftOut).toBe(0);
    expect(cases.map(caseLabel)).toEqual([
      'mine.json › copy [JSON - true]',
      'mine.json › copy [JSON - false]',
      'mine.json › copy [AVRO - true]',
      'mine.json › copy [AVRO - false]',
    ]);
    const third = cases[2] as QttCase;
    expect(third.statements).toEqual(["CREATE STREAM S (ID INT KEY, V INT) WITH (kafka_topic='in', value_format='AVRO');", 'SET true;']);
    expect(third.properties).toEqual({ 'ksql.some.flag': 'true', 'ksql.n': '3' });
  });

  it('shrinks format lists to --only-formats and leaves out cases whose statements, topics or defaults need another format', () => {
    const onlyFormats = new Set(['JSON', 'KAFKA', 'DELIMITED', 'NONE']);
    expect(expandTest('mine.json', n, { onlyFormats }).cases.map((c) => c.format)).toEqual(['JSON', 'JSON']);
    const inStatement = node(`{"name": "a", "statements": ["CREATE STREAM S (A INT) WITH (kafka_topic='t', KEY_FORMAT = 'protobuf', value_format='JSON');"]}`);
    const inTopic = node(`{"name": "b", "statements": ["X;"], "topics": [{"name": "t", "valueFormat": "AVRO"}]}`);
    const inDefault = node(`{"name": "c", "statements": ["X;"], "properties": {"ksql.persistence.default.format.value": "JSON_SR"}}`);
    for (const t of [inStatement, inTopic, inDefault]) expect(expandTest('mine.json', t, { onlyFormats })).toEqual({ cases: [], leftOut: 1 });
    // TIMESTAMP_FORMAT is not a serialization format, and an unknown name is an invalid-format test to run.
    const kept = node(`{"name": "d", "statements": ["CREATE STREAM S (A INT) WITH (kafka_topic='t', timestamp_format='yyyy-MM-dd', value_format='FOO');"]}`);
    expect(expandTest('mine.json', kept, { onlyFormats }).cases).toHaveLength(1);
  });

  it('drops disabled tests and, like ksqlDB, leaves {FORMAT} unusable without a format list', () => {
    expect(expandTest('mine.json', node('{"name": "off", "enabled": false, "statements": ["X;"]}')).cases).toEqual([]);
    const c = only(node(`{"name": "no format", "statements": ["CREATE STREAM S WITH (value_format='{FORMAT}');"]}`));
    expect(c.statements[0]).toContain("To use {FORMAT} in your statements please set the 'format' test case element");
    expect(c.format).toBeUndefined();
  });
});

describe('comparing values', () => {
  it('compares JSON numbers by exact value, decimals with their scale, doubles within 1e-6', () => {
    expect(diffValues(9223372036854775807n, new JsonNumber('9223372036854775807'))).toBeNull();
    expect(diffValues(9223372036854775806n, new JsonNumber('9223372036854775807'))).toBe('expected 9223372036854775807, got 9223372036854775806');
    expect(diffValues(new Decimal(110n, 2), new JsonNumber('1.10'))).toBeNull();
    expect(diffValues(new Decimal(110n, 2), new JsonNumber('1.1'))).not.toBeNull();
    expect(diffValues(new Decimal(10n, 0), new JsonNumber('10'))).toBeNull();
    expect(diffValues(new Decimal(100n, 1), new JsonNumber('10'))).not.toBeNull();
    expect(diffValues(new Decimal(150n, 2), '1.50')).toBeNull();
    expect(diffValues(new JsonNumber('2.50'), new JsonNumber('2.50'))).toBeNull();
    expect(diffValues(0.1 + 0.2, new JsonNumber('0.3'))).toBeNull();
    expect(diffValues(0.3001, new JsonNumber('0.3'))).not.toBeNull();
    expect(diffValues(5, new JsonNumber('5'))).toBeNull();
    expect(diffValues(5, new JsonNumber('6'))).not.toBeNull();
    expect(diffValues('5', new JsonNumber('5'))).not.toBeNull();
  });

  it('matches objects on field count and each expected field, as written or upper-cased', () => {
    expect(diffValues({ NAME: 'a', N: 1 }, { name: 'a', N: new JsonNumber('1') })).toBeNull();
    expect(diffValues(new Map([['k', true]]), { k: true })).toBeNull();
    expect(diffValues({ NAME: 'a', EXTRA: null }, { NAME: 'a' })).toBe('expected fields {NAME}, got {NAME, EXTRA}');
    expect(diffValues({ S: { A: [1, 2] } }, { S: { A: [new JsonNumber('1'), new JsonNumber('3')] } })).toBe('S.A[1]: expected 3, got 2');
    expect(diffValues(null, null)).toBeNull();
    expect(diffValues(undefined, null)).toBeNull();
    expect(diffValues('x', null)).toBe('expected null, got "x"');
  });

  it('reads schemas as ksqlDB parses them', () => {
    expect(normalizeSchema('`ID` INT KEY, name VARCHAR, D DECIMAL(4,2), M MAP<STRING, INT>')).toBe(
      normalizeSchema('ID INTEGER KEY, NAME STRING, D DECIMAL(4, 2), M MAP<STRING, INTEGER>'),
    );
    expect(normalizeSchema('ID INT KEY, V INT')).not.toBe(normalizeSchema('ID INT, V INT'));
  });
});

describe('running a case', () => {
  const copy = `"statements": ["COPY in TO out;"], "inputs": [{"topic": "in", "key": 1, "value": {"N": 1}, "timestamp": 10}, {"topic": "in", "key": 2, "value": {"N": 2}, "timestamp": 20}]`;

  it('passes when every output topic matches in count and order, timestamps only where given', () => {
    const c = only(node(`{"name": "ok", ${copy}, "outputs": [{"topic": "out", "key": 1, "value": {"N": 1}, "timestamp": 10}, {"topic": "out", "key": 2, "value": {"N": 2}}]}`));
    expect(runCase(c, fake)).toEqual({ file: 'mine.json', name: 'ok', status: 'passed' });
  });

  it('creates the topics the test names before the statements run, with their partitions', () => {
    const c = only(
      node(`{"name": "topics", "topics": [{"name": "declared", "partitions": 3}],
        "statements": ["CREATE STREAM S (ID INT KEY) WITH (kafka_topic='src', partitions=4, value_format='JSON');", "CREATE STREAM T AS SELECT * FROM S;"],
        "inputs": [{"topic": "in", "value": null}], "outputs": [{"topic": "out", "value": null}]}`),
    );
    expect([...topicsToCreate(c)]).toEqual([['declared', 3], ['src', 4], ['in', 1], ['out', 1]]);
    runCase(c, fake);
    expect([...(engines.at(-1) as FakeEngine).created]).toEqual([['declared', 3], ['src', 4], ['in', 1], ['out', 1]]);
    expect((engines.at(-1) as FakeEngine).options.properties).toEqual({ 'ksql.service.id': 'some.ksql.service.id' });
  });

  it('fails with a short diff on the first differing record, or on the count', () => {
    const wrongValue = only(node(`{"name": "v", ${copy}, "outputs": [{"topic": "out", "key": 1, "value": {"N": 1}}, {"topic": "out", "key": 2, "value": {"N": 3}}]}`));
    expect(runCase(wrongValue, fake).reason).toBe('topic out record 1: value.N: expected 3, got 2');
    const wrongTime = only(node(`{"name": "t", ${copy}, "outputs": [{"topic": "out", "key": 1, "value": {"N": 1}, "timestamp": 11}]}`));
    expect(runCase(wrongTime, fake).reason).toBe('topic out record 0: timestamp: expected 11, got 10');
    const tooFew = only(node(`{"name": "n", ${copy}, "outputs": [{"topic": "out", "key": 1, "value": {"N": 1}}]}`));
    expect(runCase(tooFew, fake).reason).toBe('topic out: expected 1 records, got 2; first extra: 2 → {"N":2} (ts 20)');
    const missingKey = only(node(`{"name": "k", ${copy}, "outputs": [{"topic": "out", "value": {"N": 1}}, {"topic": "out", "key": 2, "value": {"N": 2}}]}`));
    expect(runCase(missingKey, fake).reason).toBe('topic out record 0: key: expected null, got 1');
  });

  it('compares windows, and accepts any timestamp for an expected 0 when the test has no inputs', () => {
    const windowed = `"statements": ["COPY in TO out;"], "inputs": [{"topic": "in", "key": "a", "value": null, "window": {"start": 0, "end": 1000, "type": "time"}, "timestamp": 5}]`;
    expect(runCase(only(node(`{"name": "w", ${windowed}, "outputs": [{"topic": "out", "key": "a", "value": null, "window": {"start": 0, "end": 1000, "type": "time"}}]}`)), fake).status).toBe('passed');
    expect(runCase(only(node(`{"name": "w2", ${windowed}, "outputs": [{"topic": "out", "key": "a", "value": null, "window": {"start": 0, "end": 2000, "type": "time"}}]}`)), fake).reason).toBe(
      'topic out record 0: expected window [0, 2000), got [0, 1000)',
    );
    expect(runCase(only(node(`{"name": "w3", ${windowed}, "outputs": [{"topic": "out", "key": "a", "value": null}]}`)), fake).reason).toBe(
      'topic out record 0: expected no window, got [0, 1000)',
    );
  });

  it('matches an expected exception by type and message substring', () => {
    const parse = (type: string, message: string) =>
      runCase(only(node(`{"name": "e", "statements": ["COPY a TO b;", "BAD SYNTAX;"], "expectedException": {"type": "${type}", "message": "${message}"}}`)), fake);
    expect(parse('io.confluent.ksql.parser.exception.ParseFailedException', 'line 2:1: Syntax Error').status).toBe('passed');
    expect(parse('io.confluent.ksql.util.KsqlStatementException', 'Syntax Error').status).toBe('passed');
    expect(parse('io.confluent.ksql.parser.exception.ParseFailedException', 'Expecting').reason).toBe(
      'expected ParseFailedException containing "Expecting", got SqlParseError: "line 2:1: Syntax Error\\nmismatched input \'BAD\'"',
    );
    const statement = runCase(only(node(`{"name": "e", "statements": ["BAD COLUMN;"], "expectedException": {"type": "io.confluent.ksql.parser.exception.ParseFailedException"}}`)), fake);
    expect(statement.status).toBe('failed');
    const notThrown = runCase(only(node(`{"name": "e", "statements": ["COPY a TO b;"], "expectedException": {"type": "io.confluent.ksql.util.KsqlException", "message": "boom"}}`)), fake);
    expect(notThrown.reason).toBe('expected KsqlException containing "boom", but nothing was thrown');
    const streams = runCase(
      only(node(`{"name": "s", "statements": ["EXPLODE in;"], "inputs": [{"topic": "in", "value": 1}], "expectedException": {"type": "org.apache.kafka.streams.errors.StreamsException", "message": "Exception caught in process"}}`)),
      fake,
    );
    expect(streams.status).toBe('passed');
  });

  it('skips a case the engine does not support yet, naming the feature', () => {
    const r = runCase(only(node('{"name": "later", "statements": ["NEEDS PARTITION-BY-STRUCT;"], "expectedException": {"message": "x"}}')), fake);
    expect(r).toEqual({ file: 'mine.json', name: 'later', status: 'skipped', reason: 'PARTITION-BY-STRUCT' });
  });

  it('turns any exception into a failed case, and stops a case that runs past its budget', () => {
    const crash = runCase(only(node('{"name": "crash", "statements": ["CRASH;"]}')), fake);
    expect(crash).toEqual({ file: 'mine.json', name: 'crash', status: 'failed', reason: 'statements threw TypeError: "Cannot read properties of undefined (reading \'x\')"' });
    const factoryThrows = runCase(only(node('{"name": "f", "statements": ["X;"]}')), () => {
      throw new RangeError('no engine');
    });
    expect(factoryThrows.status).toBe('failed');
    let now = 0;
    const clock = (): number => (now += 5);
    const spin = runCase(only(node('{"name": "spin", "statements": ["SPIN in;"], "inputs": [{"topic": "in", "value": 1}]}')), fake, { clock, budgetMs: 100 });
    expect(spin).toEqual({ file: 'mine.json', name: 'spin', status: 'failed', reason: 'timed out: ran past its 100 ms budget' });
  });

  it('checks post conditions: sources, their type and schema, and blacklisted topics', () => {
    const post = (p: string) =>
      runCase(only(node(`{"name": "p", "statements": ["SOURCE OUT table ID INT KEY, COUNT BIGINT;", "COPY in TO x-repartition;"], "inputs": [{"topic": "in", "value": 1}], "post": ${p}}`)), fake);
    expect(post('{"sources": [{"name": "OUT", "type": "table", "schema": "`ID` INTEGER KEY, `COUNT` BIGINT", "keyFormat": {"format": "KAFKA"}, "valueFormat": "JSON"}]}').status).toBe('passed');
    expect(post('{"sources": [{"name": "OUT", "type": "stream"}]}').reason).toBe('post: OUT is a table, expected a stream');
    expect(post('{"sources": [{"name": "OUT", "schema": "ID INT KEY, COUNT INT"}]}').reason).toBe('post: OUT schema: expected ID INT KEY, COUNT INT, got ID INT KEY, COUNT BIGINT');
    expect(post('{"sources": [{"name": "NOPE", "type": "table"}]}').reason).toBe('post: source NOPE does not exist');
    expect(post('{"topics": {"blacklist": ".*-repartition"}}').reason).toBe('post: blacklisted topic x-repartition exists');
  });
});

describe('reporting', () => {
  it('prints one line per failing case and ends with the plain summary line', () => {
    const files = [
      { path: 'a.json', file: 'a.json', tests: [node('{"name": "good", "statements": ["COPY a TO b;"]}'), node('{"name": "bad", "format": ["JSON"], "statements": ["CRASH;"]}')] },
      { path: 'b.json', file: 'b.json', tests: [node('{"name": "later", "statements": ["NEEDS WINDOWS;"]}')] },
      { path: 'c.json', file: 'c.json', error: 'Unexpected end of input' },
    ];
    const run = runQttFiles(files, fake);
    expect(formatReport(run.results)).toBe(
      [
        'FAIL a.json › bad [JSON]: statements threw TypeError: "Cannot read properties of undefined (reading \'x\')"',
        'FAIL c.json › (file): cannot read: Unexpected end of input',
        '1 passed, 2 failed, 1 skipped',
        '',
      ].join('\n'),
    );
    expect(formatReport(run.results, { showSkips: true, leftOut: 3 }).split('\n')).toEqual([
      'FAIL a.json › bad [JSON]: statements threw TypeError: "Cannot read properties of undefined (reading \'x\')"',
      'SKIP b.json › later: WINDOWS',
      'FAIL c.json › (file): cannot read: Unexpected end of input',
      '3 cases left out by --only-formats',
      '1 passed, 2 failed, 1 skipped',
      '',
    ]);
    const json = JSON.parse(jsonReport(run.results, 3)) as { passed: number; failed: number; skipped: number; leftOut: number; cases: { name: string; status: string }[] };
    expect(json).toMatchObject({ passed: 1, failed: 2, skipped: 1, leftOut: 3 });
    expect(json.cases.map((c) => `${c.name}:${c.status}`)).toEqual(['good:passed', 'bad:failed', 'later:skipped', '(file):failed']);
  });

  it('keeps a multi-line reason on its one line', () => {
    const r = runCase(only(node('{"name": "m", "statements": ["COPY a TO b;", "BAD SYNTAX;"]}')), fake);
    expect(formatReport([r]).split('\n')[0]).toBe('FAIL mine.json › m: statements threw SqlParseError: "line 2:1: Syntax Error\\nmismatched input \'BAD\'"');
  });
});

describe('loading files and the commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qtt-'));
  writeFileSync(join(dir, 'b.json'), '{"tests": [{"name": "copy", "statements": ["COPY in TO out;"], "inputs": [{"topic": "in", "value": {"N": 12345678901234567890}}], "outputs": [{"topic": "out", "value": {"N": 12345678901234567890}}]}]}');
  writeFileSync(join(dir, 'a.json'), '{"tests": [{"name": "broken", "statements": ["CRASH;"]}]}');
  writeFileSync(join(dir, 'c.json'), '{"tests": [');
  writeFileSync(join(dir, 'notes.txt'), 'not a test');

  it('reads directories in name order with lossless numbers, and reports files that do not parse', () => {
    const files = loadQttFiles([dir]);
    expect(files.map((f) => f.file)).toEqual(['a.json', 'b.json', 'c.json']);
    expect('error' in (files[2] as object)).toBe(true);
    const b = files[1];
    if (b === undefined || 'error' in b) throw new Error('b.json should load');
    expect(((b.tests[0]?.inputs?.[0]?.value as { N: JsonNumber }).N).text).toBe('12345678901234567890');
  });

  async function qtt(...argv: string[]) {
    let out = '';
    const program = new Command().exitOverride();
    registerQttCommand(program, { out: (t) => (out += t), err: () => undefined }, { loadFactory: () => Promise.resolve(fake) });
    let error: unknown = null;
    await program.parseAsync(['qtt', ...argv], { from: 'user' }).catch((e: unknown) => (error = e));
    return { out, error };
  }

  it('streamsim qtt prints failures and the summary, writes --json, and fails when a case failed', async () => {
    const jsonFile = join(dir, 'results.out');
    const r = await qtt(dir, '--json', jsonFile);
    expect(r.out.trimEnd().split('\n')).toEqual([
      'FAIL a.json › broken: statements threw TypeError: "Cannot read properties of undefined (reading \'x\')"',
      `FAIL c.json › (file): cannot read: ${(loadQttFiles([join(dir, 'c.json')])[0] as { error: string }).error}`,
      '1 passed, 2 failed, 0 skipped',
    ]);
    expect((r.error as Error).message).toBe('2 of 3 cases failed');
    expect((JSON.parse(readFileSync(jsonFile, 'utf8')) as { passed: number }).passed).toBe(1);
    const ok = await qtt(join(dir, 'b.json'), '--only-formats', 'json,kafka');
    expect(ok.out).toBe('1 passed, 0 failed, 0 skipped\n');
    expect(ok.error).toBeNull();
    expect(((await qtt(dir, '--only-formats', 'JSON,JSOM')).error as Error).message).toBe(
      '--only-formats: unknown format JSOM; known: JSON, JSON_SR, AVRO, PROTOBUF, PROTOBUF_NOSR, KAFKA, DELIMITED, NONE',
    );
  });

  it('streamsim sql reports a bad statement as file:line:column: reason', async () => {
    const sqlFile = join(dir, 'bad.sql');
    writeFileSync(sqlFile, 'COPY in TO out;\nBAD SYNTAX;\n');
    const program = new Command().exitOverride();
    registerSqlCommand(program, { out: () => undefined, err: () => undefined }, { loadFactory: () => Promise.resolve(fake) });
    await expect(program.parseAsync(['sql', sqlFile], { from: 'user' })).rejects.toThrow(`${sqlFile}:2:1: Syntax Error mismatched input 'BAD'`);
    expect(statementErrorLine('q.sql', new SqlStatementError('Unknown column', { line: 3, column: 9 }))).toBe('q.sql:3:9: Unknown column');
    expect(statementErrorLine('q.sql', new SqlStatementError('Unknown source'))).toBe('q.sql: Unknown source');
  });

  it('prints push-query rows as a boxed table', () => {
    expect(rowsAsTable({ sql: 'SELECT', columns: ['ID', 'NAME'], rows: [[1n, 'ann'], [22n, null]] })).toBe(
      ['+----+------+', '| ID | NAME |', '+----+------+', '| 1  | ann  |', '| 22 | null |', '+----+------+', ''].join('\n'),
    );
  });
});

describe('decimal outputs written by a JSON sink', () => {
  it('a decimal number equals the same decimal written as a string, scale included', () => {
    expect(diffValues(new JsonNumber('3.40'), '3.40')).toBeNull();
    expect(diffValues(new JsonNumber('3.4'), '3.40')).not.toBeNull();
    expect(diffValues(new JsonNumber('3.40'), 'abc')).not.toBeNull();
  });
});
