import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqlParseError, SqlUnsupportedError } from '../../src/sql/errors.js';
import { tokenize } from '../../src/sql/parser/lexer.js';
import { parseStatements } from '../../src/sql/parser/index.js';

/** Valid statements of our own, covering most of the grammar. */
const SEEDS = [
  "CREATE STREAM orders (id INT KEY, item STRUCT<name STRING, qty INT>, tags ARRAY<STRING>, attrs MAP<STRING, DOUBLE>) WITH (kafka_topic='orders', value_format='JSON', partitions=1);",
  "CREATE TABLE totals WITH (kafka_topic='totals') AS SELECT id, SUM(item->qty) AS total, COUNT(*) FROM orders WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS, GRACE PERIOD 5 SECONDS) WHERE item->name LIKE 'a%' AND NOT tags[1] IS NULL GROUP BY id HAVING COUNT(*) BETWEEN 1 AND 5 EMIT CHANGES;",
  "SELECT o.id, CASE WHEN o.id IN (1, 2) THEN 'low' ELSE CAST(o.id AS STRING) END AS band, TRANSFORM(tags, t => UCASE(t)) FROM orders o LEFT JOIN customers c WITHIN (1 SECOND, 2 HOURS) ON o.id = c.id EMIT CHANGES LIMIT 10;",
  "INSERT INTO s (k, v) VALUES ('a', MAP('x' := ARRAY[1.5, -2E3]), STRUCT(f := 1));",
  "SET 'auto.offset.reset' = 'earliest'; DROP TABLE IF EXISTS t DELETE TOPIC; PRINT 'topic' FROM BEGINNING LIMIT 2; SHOW STREAMS EXTENDED;",
  'SELECT TIMESTAMPADD(SECONDS, -5, ROWTIME), REDUCE(xs, 0, (s, x) => s + x) % 3, `Quoted`."Col" FROM s PARTITION BY (a, b);',
];

/** Throws anything but the two errors the parser may throw. */
function parseOrCleanError(text: string): void {
  try {
    const statements = parseStatements(text);
    expect(Array.isArray(statements)).toBe(true);
  } catch (e) {
    if (!(e instanceof SqlParseError) && !(e instanceof SqlUnsupportedError)) throw e;
    if (e instanceof SqlParseError) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.column).toBeGreaterThanOrEqual(1);
    }
  }
}

/** The seeds as token texts, for mutations that keep the lexical shape. */
const seedTokens = SEEDS.map((s) => tokenize(s).filter((t) => t.type !== 'EOF').map((t) => t.text));

const mutated = fc
  .tuple(fc.constantFrom(...seedTokens), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 4 }))
  .map(([tokens, edits]) => {
    const out = [...tokens];
    for (const [a, b, op] of edits) {
      if (out.length === 0) break;
      const i = a % out.length;
      const j = b % out.length;
      if (op === 0) out.splice(i, 1); // delete a token
      else if (op === 1) [out[i], out[j]] = [out[j] ?? '', out[i] ?? '']; // swap two
      else if (op === 2) out.splice(i); // truncate
      else out.splice(i, 0, out[j] ?? ''); // duplicate one elsewhere
    }
    return out.join(' ');
  });

const sqlish = fc
  .array(
    fc.constantFrom(
      'SELECT', 'FROM', 'WHERE', '(', ')', '[', ']', ',', ';', '*', '->', '=>', ':=', '<', '>', 'AND', 'NOT', 'CASE', 'WHEN',
      'END', 'CAST', 'AS', 'ARRAY', 'MAP', 'STRUCT', 'x', '`q`', "'s'", '1', '1.5', '2E9', '-', 'GROUP BY', 'WINDOW',
      'TUMBLING', 'SIZE', 'SECONDS', 'JOIN', 'ON', 'CREATE', 'STREAM', 'TABLE', 'WITH', 'EMIT', 'CHANGES', 'IN', 'IS',
      'NULL', 'LIKE', 'BETWEEN', 'INSERT', 'INTO', 'VALUES', '/*', '--', '\n', '"', "'",
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(' '));

describe('the parser never fails with anything but a clean error', () => {
  it('the seed statements parse', () => {
    for (const s of SEEDS) expect(parseStatements(s).length).toBeGreaterThan(0);
  });

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), parseOrCleanError), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), parseOrCleanError), { numRuns: 500 });
  });

  it('on SQL-like token soup', () => {
    fc.assert(fc.property(sqlish, parseOrCleanError), { numRuns: 3000 });
  });

  it('on mutations of valid statements (deletions, swaps, truncations, duplications)', () => {
    fc.assert(fc.property(mutated, parseOrCleanError), { numRuns: 3000 });
  });

  it('in linear time on long and deeply nested inputs', () => {
    const started = performance.now();
    parseOrCleanError(`SELECT ${Array.from({ length: 20_000 }, (_, i) => `a${i}`).join(' + ')} FROM s;`);
    parseOrCleanError(`SELECT ${'('.repeat(50_000)}1${')'.repeat(50_000)} FROM s;`);
    parseOrCleanError(`SELECT ${'NOT '.repeat(50_000)}a FROM s;`);
    parseOrCleanError(`SELECT ${'- '.repeat(50_000)}a FROM s;`);
    parseOrCleanError(`CREATE STREAM s (a ${'ARRAY<'.repeat(50_000)}INT) WITH (kafka_topic='t');`);
    parseOrCleanError(`SELECT f(x, ${'(a, '.repeat(20_000)} FROM s;`);
    parseOrCleanError(`SELECT * FROM s GROUP BY ${'(a, '.repeat(20_000)};`);
    parseOrCleanError('SELECT 1 FROM s;'.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses nesting deeper than it supports with a parse error, not a stack overflow', () => {
    expect(() => parseStatements(`SELECT ${'('.repeat(5_000)}1${')'.repeat(5_000)} FROM s;`)).toThrow(SqlParseError);
  });
});
