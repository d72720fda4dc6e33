import { describe, expect, it } from 'vitest';
import { SqlParseError } from '../../src/sql/errors.js';
import { parseStatements } from '../../src/sql/parser/index.js';

/** Parses, expecting a SqlParseError, and returns it. */
function parseError(sql: string): SqlParseError {
  try {
    parseStatements(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlParseError);
    return e as SqlParseError;
  }
  throw new Error(`parsed: ${sql}`);
}

describe('syntax errors read as ksqlDB reports them', () => {
  it('a type parameter that is not a number or STRING', () => {
    // ANTLR reads `STRING (` as the start of type parameters: KEY is the offending token, at column 28.
    const e = parseError("CREATE STREAM S (K STRING (KEY)) WITH (kafka_topic='t');");
    expect([e.line, e.column]).toEqual([1, 28]);
    expect(e.message).toBe(
      "line 1:28: Syntax Error\nExpecting {'STRING', INTEGER_VALUE}\nStatement: CREATE STREAM S (K STRING (KEY)) WITH (kafka_topic='t');",
    );
  });

  it('what may follow a column definition', () => {
    const e = parseError("CREATE STREAM S (K VARCHAR(STRING) (KEY)) WITH (kafka_topic='t');");
    expect(e.reason).toBe("Syntax Error\nExpecting {',', ')'}");
    expect(e.column).toBe(36);
  });

  it("a tuple inside a GROUP BY list: missing ')'", () => {
    const e = parseError('SHOW TABLES;\nCREATE TABLE T AS SELECT a, COUNT(*) FROM S GROUP BY c, (a, b);');
    expect(e.message).toContain("line 2:59: Syntax Error\nmissing ')' at ','");
  });

  it('PARTITION BY takes value expressions, not boolean ones', () => {
    expect(parseError('SELECT * FROM s PARTITION BY a AND b;').reason).toMatch(/^Syntax Error/);
  });

  it('a missing FROM', () => {
    const e = parseError('SELECT a, b;');
    expect([e.line, e.column]).toEqual([1, 12]);
    expect(e.reason).toBe("Syntax Error\nExpecting {',', 'FROM'}");
  });

  it('a reserved word as a column name', () => {
    const e = parseError("CREATE STREAM S (select INT) WITH (kafka_topic='t');");
    expect(e.reason).toContain(`"select" is a reserved keyword and it can't be used as an identifier.`);
    expect(parseStatements("CREATE STREAM S (`select` INT) WITH (kafka_topic='t');")[0]).toMatchObject({ columns: [{ name: 'select' }] });
  });

  it('an unknown window unit, an unterminated string, a stray character', () => {
    expect(parseError('SELECT k FROM s WINDOW TUMBLING (SIZE 1 FORTNIGHT) GROUP BY k;').column).toBe(41);
    const unterminated = parseError("SELECT 'abc FROM s;");
    expect([unterminated.line, unterminated.column]).toEqual([1, 8]);
    expect(parseError('SELECT a ? b FROM s;').column).toBe(10);
  });

  it('positions on later lines count from the line start', () => {
    const e = parseError('SELECT a,\n  b\n  FROM s WHERE;');
    expect([e.line, e.column]).toEqual([3, 15]);
  });
});

describe('errors found while building the tree', () => {
  it('an integer literal beyond BIGINT, one column right as ksqlDB reports it', () => {
    const e = parseError('SELECT 9223372036854775808 FROM s;');
    expect(e.message).toContain('Failed to prepare statement: line 1:9: Invalid numeric literal: 9223372036854775808');
    expect(parseStatements('SELECT -9223372036854775808 FROM s;')).toHaveLength(1);
  });

  it('a DOUBLE literal that overflows', () => {
    expect(parseError('SELECT -1.8E308 FROM s;').message).toContain('Number overflows DOUBLE: -1.8E308');
  });

  it('an illegal source name', () => {
    expect(parseError("CREATE STREAM `a.b` (x INT) WITH (kafka_topic='t');").message).toContain(
      "Source names may only contain alphanumeric values, '_' or '-'. Got: 'a.b'",
    );
  });

  it("a windowed source's WINDOW_SIZE", () => {
    expect(
      parseError("CREATE TABLE T (K STRING PRIMARY KEY) WITH (kafka_topic='t', format='JSON', WINDOW_TYPE='tumbling', WINDOW_SIZE='3 weeks');").message,
    ).toContain("Configuration WINDOW_SIZE is invalid: Invalid duration: '3 weeks'. Unknown time unit: 'WEEKS'");
    expect(
      parseError("CREATE TABLE T (K STRING PRIMARY KEY) WITH (kafka_topic='t', format='JSON', WINDOW_TYPE='SESSION', WINDOW_SIZE='3 SECONDS');").message,
    ).toContain("'WINDOW_SIZE' should not be set for SESSION windows.");
  });

  it('a LIKE escape longer than one character', () => {
    expect(parseError("SELECT * FROM s WHERE a LIKE 'x' ESCAPE 'ab';").message).toContain('Expected single character escape but got: ab');
  });
});
