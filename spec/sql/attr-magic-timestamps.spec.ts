import { describe, expect, it } from 'vitest';
import type { Expr, Pos } from '../../src/sql/ast.js';
import { resolveAggregate } from '../../src/sql/aggregates/index.js';
import { SqlStatementError } from '../../src/sql/errors.js';
import { compileExpression, javaDoubleToString, unknownColumn, type Scope } from '../../src/sql/expressions/index.js';
import { javaDoubleToString as formatsDoubleToString } from '../../src/sql/formats/coerce.js';
import { parseStatements } from '../../src/sql/parser/index.js';
import { T, type SqlType } from '../../src/sql/types.js';
import type { Row } from '../../src/sql/values.js';

describe('ATTR', () => {
  const run = (values: unknown[], undo: unknown[] = []): unknown => {
    const udaf = resolveAggregate('ATTR', [T.STRING], []);
    let acc = values.reduce((a, v) => udaf.add(a, [v]), udaf.initial());
    for (const v of undo) acc = udaf.undo!(acc, [v]);
    return udaf.result(acc);
  };

  it('returns the single value a group holds, null once it holds two', () => {
    expect(run(['x', 'x'])).toBe('x');
    expect(run(['x', 'y'])).toBeNull();
    expect(run([null, 'y'])).toBeNull();
    expect(run([null, null])).toBeNull();
  });

  it('undoes values, so a table group can become single-valued again', () => {
    expect(run(['x', 'y'], ['y'])).toBe('x');
    expect(run(['x'], ['x'])).toBeNull();
    // counts never go below zero: undoing twice then adding once leaves one
    const udaf = resolveAggregate('ATTR', [T.INTEGER], []);
    let acc = udaf.add(udaf.initial(), [7]);
    acc = udaf.undo!(udaf.undo!(acc, [7]), [7]);
    expect(udaf.result(udaf.add(acc, [7]))).toBe(7);
  });

  it('compares structured values by content and keeps the input type', () => {
    const type = T.array(T.INTEGER);
    const udaf = resolveAggregate('ATTR', [type], []);
    expect(udaf.returnType).toEqual(type);
    const acc = udaf.add(udaf.add(udaf.initial(), [[4, 5]]), [[4, 5]]);
    expect(udaf.result(acc)).toEqual([4, 5]);
    const merged = udaf.merge!(acc, udaf.add(udaf.initial(), [[6]]));
    expect(udaf.result(merged)).toBeNull();
  });
});

describe('string literals compared with ROWTIME and window bounds', () => {
  const COLUMNS: Record<string, SqlType> = { ROWTIME: T.BIGINT, WINDOWSTART: T.BIGINT, L: T.BIGINT };
  const scope: Scope = {
    resolveColumn(source: string | null, name: string, pos: Pos) {
      const type = COLUMNS[name];
      if (type === undefined) throw unknownColumn(name, pos, undefined, source);
      return { type, read: (row: Row) => row[name] };
    },
  };
  const parse = (text: string): Expr => {
    const [statement] = parseStatements(`SELECT ${text} FROM T;`);
    if (statement?.kind !== 'select' || statement.query.select[0]?.kind !== 'expr') throw new Error('expected an expression');
    return statement.query.select[0].expr;
  };
  const evaluate = (text: string, row: Row): unknown => compileExpression(parse(text), scope).evaluate(row);
  const jan2021 = Date.UTC(2021, 0, 1);

  it('reads partial ISO timestamps, UTC unless a zone is given', () => {
    expect(evaluate(`ROWTIME >= '2021'`, { ROWTIME: jan2021 })).toBe(true);
    expect(evaluate(`ROWTIME > '2021-01-01T00:00'`, { ROWTIME: jan2021 })).toBe(false);
    expect(evaluate(`'2021-01-01T01:00:00+0100' = ROWTIME`, { ROWTIME: jan2021 })).toBe(true);
    expect(evaluate(`WINDOWSTART < '2021-01-01T00:00:00.001'`, { WINDOWSTART: jan2021 })).toBe(true);
  });

  it('rewrites BETWEEN bounds on ROWTIME', () => {
    expect(evaluate(`ROWTIME BETWEEN '2020-12' AND '2021-02'`, { ROWTIME: jan2021 })).toBe(true);
    expect(evaluate(`ROWTIME NOT BETWEEN '2021-01-02' AND '2022'`, { ROWTIME: jan2021 })).toBe(true);
  });

  it('leaves other BIGINT columns alone and rejects unparsable text', () => {
    expect(() => compileExpression(parse(`L > '2021'`), scope)).toThrow(SqlStatementError);
    expect(() => compileExpression(parse(`ROWTIME > 'soon'`), scope)).toThrow(/Failed to parse timestamp 'soon'/);
  });
});

describe('one Double.toString for expressions and formats', () => {
  it('prints the two-digit significand Java prints at the extremes', () => {
    expect(formatsDoubleToString).toBe(javaDoubleToString);
    expect(formatsDoubleToString(Number.MIN_VALUE)).toBe('4.9E-324');
    expect(formatsDoubleToString(-1e21)).toBe('-1.0E21');
    expect(formatsDoubleToString(0.5)).toBe('0.5');
  });
});
