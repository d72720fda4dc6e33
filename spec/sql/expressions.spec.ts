import { describe, expect, it } from 'vitest';
import type { Expr, Pos } from '../../src/sql/ast.js';
import { SqlStatementError } from '../../src/sql/errors.js';
import { compileExpression, formatExpression, inferType, unknownColumn, type Scope } from '../../src/sql/expressions/index.js';
import { parseStatements } from '../../src/sql/parser/index.js';
import { T, type SqlType } from '../../src/sql/types.js';
import { Decimal, type Row } from '../../src/sql/values.js';

/** Columns of the test scope, ksqlDB-style upper-case names. */
const COLUMNS: Record<string, SqlType> = {
  ID: T.INTEGER,
  L: T.BIGINT,
  D: T.DOUBLE,
  DEC: T.decimal(4, 2),
  S: T.STRING,
  B: T.BOOLEAN,
  NUMS: T.array(T.INTEGER),
  M: T.map(T.STRING, T.INTEGER),
  ST: T.struct([
    { name: 'NAME', type: T.STRING },
    { name: 'AGE', type: T.INTEGER },
  ]),
  DT: T.DATE,
  TM: T.TIME,
  TS: T.TIMESTAMP,
};

const scope: Scope = {
  resolveColumn(source: string | null, name: string, pos: Pos) {
    const type = COLUMNS[name];
    if (type === undefined) throw unknownColumn(name, pos, undefined, source);
    return { type, read: (row: Row) => row[name] };
  },
};

function parse(text: string): Expr {
  const [statement] = parseStatements(`SELECT ${text} FROM T;`);
  if (statement?.kind !== 'select') throw new Error('expected a SELECT');
  const [item] = statement.query.select;
  if (item?.kind !== 'expr') throw new Error('expected an expression');
  return item.expr;
}

function evaluate(text: string, row: Row = {}): unknown {
  return compileExpression(parse(text), scope).evaluate(row);
}

function typeOf(text: string): SqlType | null {
  return inferType(parse(text), scope);
}

function errorOf(text: string): string {
  try {
    compileExpression(parse(text), scope);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlStatementError);
    return (e as Error).message;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('arithmetic', () => {
  it('integer arithmetic truncates, wraps like Java int, and gives null on division by zero', () => {
    expect(evaluate('7 / 2')).toBe(3);
    expect(evaluate('-7 / 2')).toBe(-3);
    expect(evaluate('-7 % 3')).toBe(-1);
    expect(evaluate('ID + 1', { ID: 2147483647 })).toBe(-2147483648);
    expect(evaluate('ID / 0', { ID: 5 })).toBeNull();
    expect(typeOf('2 * 3 + 4')).toEqual(T.INTEGER);
  });

  it('widens INTEGER to BIGINT to DECIMAL to DOUBLE', () => {
    expect(typeOf('ID + L')).toEqual(T.BIGINT);
    expect(evaluate('ID + L', { ID: 1, L: 9007199254740993n })).toBe(9007199254740994n);
    expect(typeOf('ID + D')).toEqual(T.DOUBLE);
    expect(evaluate('ID + D', { ID: 1, D: 0.5 })).toBe(1.5);
    // DECIMAL(4, 2) + INTEGER as DECIMAL(10, 0): scale 2, precision 2 + max(2, 10) + 1.
    expect(typeOf('DEC + ID')).toEqual(T.decimal(13, 2));
    expect(evaluate('DEC + ID', { DEC: Decimal.parse('1.25'), ID: 2 })).toEqual(Decimal.parse('3.25'));
    expect(typeOf('DEC + D')).toEqual(T.DOUBLE);
  });

  it('multiplies and divides decimals exactly', () => {
    expect(evaluate('DEC * DEC', { DEC: Decimal.parse('1.50') })).toEqual(Decimal.parse('2.2500'));
    // DECIMAL(4,2) / DECIMAL(4,2) has scale max(6, 2 + 4 + 1) = 7.
    expect(evaluate('DEC / DEC', { DEC: Decimal.parse('10.00') })).toEqual(Decimal.parse('1.0000000'));
    expect(evaluate('DEC / ID', { DEC: Decimal.parse('1.00'), ID: 0 })).toBeNull();
  });

  it('propagates null operands', () => {
    expect(evaluate('ID + 1', { ID: null })).toBeNull();
    expect(evaluate('-D', { D: null })).toBeNull();
    expect(evaluate('-L', { L: 5n })).toBe(-5n);
  });

  it('concatenates strings with + (KSQL 2018 dialect), null giving null', () => {
    expect(evaluate("'a' + S + 'c'", { S: 'b' })).toBe('abc');
    expect(evaluate("'a' + S", { S: null })).toBeNull();
  });

  it('rejects arithmetic on non-numbers', () => {
    expect(errorOf('B + 1')).toContain('Unsupported arithmetic types');
  });
});

describe('comparisons and logic', () => {
  it('compares across numeric types and strings', () => {
    expect(evaluate('ID < 2.5', { ID: 2 })).toBe(true);
    expect(evaluate('L = ID', { L: 3n, ID: 3 })).toBe(true);
    expect(evaluate("S < 'b2'", { S: 'B2' })).toBe(true);
    expect(evaluate("S < 'b2'", { S: 'b10' })).toBe(true);
    expect(evaluate("S >= 'b2'", { S: 'b3' })).toBe(true);
  });

  it('gives null when an operand is null, except IS [NOT] DISTINCT FROM', () => {
    expect(evaluate('ID = 1', { ID: null })).toBeNull();
    expect(evaluate('ID IS DISTINCT FROM 1', { ID: null })).toBe(true);
    expect(evaluate('ID IS NOT DISTINCT FROM L', { ID: null, L: null })).toBe(true);
  });

  it('compares temporal columns with ISO strings', () => {
    expect(evaluate("TM > '00:00:00.010'", { TM: 11 })).toBe(true);
    expect(evaluate("DT = '1970-01-11'", { DT: 10 })).toBe(true);
    expect(evaluate("TS >= '2021-07-01T12:00:00'", { TS: 1625140800000 })).toBe(true);
  });

  it("reports incomparable types in ksqlDB's words", () => {
    expect(errorOf("ID > 'not an int'")).toBe("Cannot compare ID (INTEGER) to 'not an int' (STRING) with GREATER_THAN.");
    expect(errorOf('NUMS < NUMS')).toBe('Cannot compare NUMS (ARRAY<INTEGER>) to NUMS (ARRAY<INTEGER>) with LESS_THAN.');
    expect(errorOf('B <= B')).toContain('with LESS_THAN_OR_EQUAL.');
  });

  it('uses three-valued logic', () => {
    expect(evaluate('B AND false', { B: null })).toBe(false);
    expect(evaluate('B AND true', { B: null })).toBeNull();
    expect(evaluate('B OR true', { B: null })).toBe(true);
    expect(evaluate('B OR false', { B: null })).toBeNull();
    expect(evaluate('NOT B', { B: null })).toBeNull();
    expect(evaluate('S IS NULL', { S: null })).toBe(true);
    expect(evaluate('S IS NOT NULL', { S: 'x' })).toBe(true);
  });
});

describe('LIKE, BETWEEN, IN', () => {
  it('matches LIKE patterns over the whole string', () => {
    expect(evaluate("S LIKE '%hi%'", { S: 'this' })).toBe(true);
    expect(evaluate("S LIKE 'h_'", { S: 'hi' })).toBe(true);
    expect(evaluate("S LIKE 'h_'", { S: 'hid' })).toBe(false);
    expect(evaluate("S NOT LIKE 'a%'", { S: 'bcd' })).toBe(true);
    expect(evaluate("S LIKE '100!%' ESCAPE '!'", { S: '100%' })).toBe(true);
    expect(evaluate("S LIKE '100!%' ESCAPE '!'", { S: '1000' })).toBe(false);
    expect(evaluate("S LIKE 'a%'", { S: null })).toBeNull();
  });

  it('tests BETWEEN inclusively', () => {
    expect(evaluate('ID BETWEEN 1 AND 10', { ID: 10 })).toBe(true);
    expect(evaluate('ID NOT BETWEEN 1 AND 10', { ID: 11 })).toBe(true);
    expect(evaluate("S BETWEEN 'a' AND 'c'", { S: 'b' })).toBe(true);
    expect(evaluate('ID BETWEEN 1 AND 10', { ID: null })).toBeNull();
  });

  it('coerces IN-list literals to the operand type', () => {
    expect(evaluate("ID IN (1, 2, '3')", { ID: 3 })).toBe(true);
    expect(evaluate('ID IN (1, 5.10)', { ID: 5 })).toBe(false);
    expect(evaluate('ID IN (1, 5.0)', { ID: 5 })).toBe(true);
    expect(evaluate('ID NOT IN (1, 2)', { ID: 3 })).toBe(true);
    expect(evaluate("B IN ('yes')", { B: true })).toBe(true);
    expect(evaluate('NUMS IN (ARRAY[1, 2])', { NUMS: [1, 2] })).toBe(true);
  });

  it('compares IN items in the common type of the whole list (ksqlDB CoercionUtil)', () => {
    // '4.000' brings DECIMAL(4, 3); D makes the list DOUBLE, so 4 matches 4.0.
    expect(evaluate("ID IN (1, '4.000', D)", { ID: 4, D: 0 })).toBe(true);
    // A string literal beyond INTEGER makes the list BIGINT instead of failing.
    expect(evaluate("ID IN ('2147483648')", { ID: -2147483648 })).toBe(false);
    // Booleans accept any prefix of true/yes/false/no.
    expect(evaluate("B IN ('tr')", { B: true })).toBe(true);
    // A NULL operand matches nothing: IN is false, NOT IN true.
    expect(evaluate('ID IN (1, NULL)', { ID: null })).toBe(false);
    expect(evaluate('ID NOT IN (1)', { ID: null })).toBe(true);
    // The decimal widens with the INTEGER before the BOOLEAN is met.
    expect(errorOf('DEC IN (10, true)')).toContain('operator does not exist: DECIMAL(12, 2) = BOOLEAN (true)');
  });

  it('rejects IN-list items of the wrong type', () => {
    expect(errorOf("ID IN (10, 'ten')")).toContain('invalid input syntax for type INTEGER: "ten".');
    expect(errorOf('ID IN (10, true)')).toContain('operator does not exist: INTEGER = BOOLEAN (true)');
    expect(errorOf('ID IN (10, S)')).toContain('operator does not exist: INTEGER = STRING (S)');
  });
});

describe('CASE and CAST', () => {
  it('evaluates searched and simple CASE, widening numeric branches', () => {
    expect(evaluate("CASE WHEN ID > 1 THEN 'big' ELSE 'small' END", { ID: 2 })).toBe('big');
    expect(evaluate("CASE WHEN ID > 1 THEN 'big' END", { ID: 0 })).toBeNull();
    expect(evaluate("CASE ID WHEN 1 THEN 'one' WHEN 2 THEN 'two' END", { ID: 2 })).toBe('two');
    expect(typeOf('CASE WHEN B THEN 1 ELSE L END')).toEqual(T.BIGINT);
    expect(evaluate('CASE WHEN B THEN 1 ELSE L END', { B: true, L: 5n })).toBe(1n);
    expect(errorOf('CASE WHEN B THEN NULL ELSE NULL END')).toBe('Invalid Case expression. All case branches have NULL type');
  });

  it('casts strings to numbers, failures giving null', () => {
    expect(evaluate("CAST(' 12 ' AS INTEGER)")).toBe(12);
    expect(evaluate("CAST('12' AS BIGINT)")).toBe(12n);
    expect(evaluate("CAST('abc' AS INTEGER)")).toBeNull();
    expect(evaluate("CAST('1.5' AS DOUBLE)")).toBe(1.5);
  });

  it('casts numbers like Java: truncation, wrapping, HALF_UP decimals', () => {
    expect(evaluate('CAST(D AS INTEGER)', { D: -2.9 })).toBe(-2);
    expect(evaluate('CAST(L AS INTEGER)', { L: 2147483648n })).toBe(-2147483648);
    expect(evaluate('CAST(DEC AS DECIMAL(5, 3))', { DEC: Decimal.parse('10.12') })).toEqual(Decimal.parse('10.120'));
    expect(evaluate("CAST('0.95' AS DECIMAL(2, 1))")).toEqual(Decimal.parse('1.0'));
    // 10 does not fit DECIMAL(2, 1): null.
    expect(evaluate('CAST(ID AS DECIMAL(2, 1))', { ID: 10 })).toBeNull();
  });

  it("casts to STRING the way Java's toString prints", () => {
    expect(evaluate('CAST(D AS STRING)', { D: 1 })).toBe('1.0');
    expect(evaluate('CAST(D AS STRING)', { D: 12345678.9 })).toBe('1.23456789E7');
    expect(evaluate('CAST(DEC AS STRING)', { DEC: Decimal.parse('0.50') })).toBe('0.50');
    expect(evaluate('CAST(NUMS AS STRING)', { NUMS: [1, 3] })).toBe('[1, 3]');
    expect(evaluate('CAST(M AS STRING)', { M: new Map([['k', 1]]) })).toBe('{k=1}');
    expect(evaluate('CAST(ST AS STRING)', { ST: { NAME: 'x', AGE: 3 } })).toBe('Struct{NAME=x,AGE=3}');
    expect(evaluate('CAST(DT AS STRING)', { DT: 31 })).toBe('1970-02-01');
    expect(evaluate('CAST(TM AS STRING)', { TM: 3_723_000 })).toBe('01:02:03');
    expect(evaluate('CAST(TS AS STRING)', { TS: 1 })).toBe('1970-01-01T00:00:00.001');
  });

  it('casts between temporal types and from ISO strings', () => {
    expect(evaluate("CAST('00:01' AS TIME)")).toBe(60_000);
    expect(evaluate("CAST('1970-01-02' AS DATE)")).toBe(1);
    expect(evaluate("CAST('1970-01-01T00:00:01.5' AS TIMESTAMP)")).toBe(1500);
    expect(evaluate('CAST(TS AS DATE)', { TS: 86_400_000 * 3 + 5 })).toBe(3);
    expect(evaluate('CAST(TS AS TIME)', { TS: -1000 })).toBe(86_399_000);
  });

  it('rejects casts ksqlDB does not have', () => {
    expect(errorOf('CAST(S AS ARRAY<INTEGER>)')).toBe('Cast of STRING to ARRAY<INTEGER> is not supported');
  });
});

describe('structs, arrays, maps', () => {
  const row = { ST: { NAME: 'ann', AGE: 30 }, NUMS: [10, 20, 30], M: new Map([['a', 1]]) };

  it('dereferences struct fields and subscripts arrays (1-based, negative from the end) and maps', () => {
    expect(evaluate('ST->NAME', row)).toBe('ann');
    expect(evaluate('NUMS[1]', row)).toBe(10);
    expect(evaluate('NUMS[-1]', row)).toBe(30);
    expect(evaluate('NUMS[4]', row)).toBeNull();
    expect(evaluate('NUMS[0]', row)).toBeNull();
    expect(evaluate("M['a']", row)).toBe(1);
    expect(evaluate("M['b']", row)).toBeNull();
    expect(evaluate('ST->NAME', { ST: null })).toBeNull();
  });

  it('builds arrays, maps and structs with a common element type', () => {
    expect(evaluate('ARRAY[1, 2, 3]')).toEqual([1, 2, 3]);
    expect(typeOf('ARRAY[1, L]')).toEqual(T.array(T.BIGINT));
    expect(evaluate("ARRAY[1, '2']")).toEqual([1, 2]);
    expect(evaluate("MAP('a' := 1, 'b' := 2)")).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    expect(evaluate("STRUCT(X := 1, Y := 'y')")).toEqual({ X: 1, Y: 'y' });
  });

  it('folds constructor elements into a common type: literals laxly, structs by field union', () => {
    expect(evaluate("ARRAY['a', 1, true]")).toEqual(['a', '1', 'true']);
    expect(evaluate("MAP(S := B, 'k' := 'no')", { S: 'x', B: true })).toEqual(
      new Map([
        ['x', true],
        ['k', false],
      ]),
    );
    expect(typeOf('ARRAY[STRUCT(X := ID, Y := L), STRUCT(Y := ID)]')).toEqual(
      T.array(
        T.struct([
          { name: 'Y', type: T.BIGINT },
          { name: 'X', type: T.INTEGER },
        ]),
      ),
    );
    expect(evaluate('ARRAY[STRUCT(X := ID), STRUCT(Y := ID)]', { ID: 7 })).toEqual([
      { Y: null, X: 7 },
      { Y: 7, X: null },
    ]);
  });

  it("reports constructor errors in ksqlDB's words", () => {
    expect(errorOf('ARRAY[NULL]')).toContain('Cannot construct an array with all NULL elements');
    expect(errorOf("ARRAY[1, 'one']")).toContain('invalid input syntax for type INTEGER: "one"');
    expect(errorOf("MAP('a' := NULL)")).toBe('Cannot construct a map with all NULL values');
    expect(errorOf('STRUCT(X := 1, X := 2)')).toBe('Duplicate field names found in STRUCT');
  });
});

describe('lambdas', () => {
  it('TRANSFORM, FILTER and REDUCE over arrays', () => {
    expect(evaluate('TRANSFORM(NUMS, x => x * 2)', { NUMS: [1, 2] })).toEqual([2, 4]);
    expect(evaluate('FILTER(NUMS, x => x > 1)', { NUMS: [1, 2, 3] })).toEqual([2, 3]);
    expect(evaluate('REDUCE(NUMS, 0, (s, x) => s + x)', { NUMS: [1, 2, 3] })).toBe(6);
    expect(evaluate('TRANSFORM(NUMS, x => x * 2)', { NUMS: null })).toBeNull();
  });

  it('TRANSFORM and FILTER over maps', () => {
    const m = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    expect(evaluate('FILTER(M, (k, v) => v > 1)', { M: m })).toEqual(new Map([['b', 2]]));
    expect(evaluate("TRANSFORM(M, (k, v) => UCASE(k), (k, v) => v + 1)", { M: m })).toEqual(
      new Map([
        ['A', 2],
        ['B', 3],
      ]),
    );
  });
});

describe('functions inside expressions', () => {
  it('turns a failing call into null, as ksqlDB does', () => {
    expect(evaluate("IFNULL(CAST(PARSE_DATE(S, 'yyyy-MM-dd') AS STRING), 'none')", { S: 'junk' })).toBe('none');
    expect(evaluate("IFNULL(CAST(PARSE_DATE(S, 'yyyy-MM-dd') AS STRING), 'none')", { S: '2022-02-02' })).toBe('2022-02-02');
  });

  it('passes time units to DATEADD and friends', () => {
    expect(evaluate('DATEADD(DAYS, 2, DT)', { DT: 10 })).toBe(12);
  });
});

describe('errors and formatting', () => {
  it('names unknown columns', () => {
    expect(errorOf('BOB + 1')).toBe("Column 'BOB' cannot be resolved.");
    expect(unknownColumn('BOB', undefined, 'SELECT', 'I').message).toBe("SELECT column 'I.BOB' cannot be resolved.");
  });

  it('refuses an untyped NULL at the top', () => {
    expect(errorOf('NULL')).toBe("Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).");
  });

  it('prints expressions as ksqlDB does in its messages', () => {
    expect(formatExpression(parse("SUM(X) + 1.5 > 'a'"))).toBe("((SUM(X) + 1.5) > 'a')");
    expect(formatExpression(parse("MAP('a' := V)"))).toBe("MAP('a':=V)");
  });
});
