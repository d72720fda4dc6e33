/**
 * The compiled-node shape shared by the compile-*.ts modules, and the small helpers they all use:
 * null-on-failure evaluation (ksqlDB's evaluateOrReturnNull), compile-time errors, and the implicit
 * conversions that CASE branches, constructor elements and lambda results go through.
 */
import type { Pos } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import type { SqlType } from '../types.js';
import type { Row } from '../values.js';
import { castValue } from './cast.js';
import { toDecimal, toDouble, toLong } from './numeric.js';
import type { Scope } from './scope.js';
import { isNumeric, typeEquals, type MaybeType } from './sql-types.js';

/** A compiled node whose type may be unknown (a bare NULL). */
export interface Node {
  readonly type: MaybeType;
  evaluate(row: Row): unknown;
}

/** A lambda parameter: its type is fixed at compile time, its value is rebound per element. */
export interface LambdaVar {
  readonly type: SqlType;
  value: unknown;
}

export interface Context {
  readonly scope: Scope;
  readonly lambdaVars: ReadonlyMap<string, LambdaVar>;
}

export const NULL_NODE: Node = { type: null, evaluate: () => null };

export function constant(type: MaybeType, value: unknown): Node {
  return { type, evaluate: () => value };
}

/** Runs a per-row step that may fail (a UDF, a cast): failures become null, unsupported features propagate. */
export function orNull(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof SqlUnsupportedError) throw e;
    return null;
  }
}

export function fail(message: string, pos?: Pos): never {
  throw new SqlStatementError(message, pos);
}

/** Converts a value of numeric type `from` to the representation of numeric type `to`. */
export function numericConverter(from: MaybeType, to: SqlType): (v: unknown) => unknown {
  if (from === null || typeEquals(from, to)) return (v) => v;
  switch (to.base) {
    case 'BIGINT':
      return (v) => (v === null ? null : toLong(v));
    case 'DOUBLE':
      return (v) => (v === null ? null : toDouble(v));
    case 'DECIMAL':
      return (v) => (v === null ? null : toDecimal(v).withScale(to.scale));
    default:
      return (v) => v;
  }
}

/** Casts each row's value of `node` to `to`; a failing cast gives null (CAST and implicit widening alike). */
export function castPerRow(node: Node, to: SqlType): Node {
  const from = node.type;
  return { type: to, evaluate: (row) => orNull(() => castValue(node.evaluate(row), from, to)) };
}

/** Converts values of one type to a (wider or equal) type for CASE branches and constructor elements. */
export function widen(node: Node, to: SqlType): Node {
  if (node.type === null || typeEquals(node.type, to)) return node;
  if (isNumeric(node.type) && isNumeric(to)) {
    const f = numericConverter(node.type, to);
    return { type: to, evaluate: (row) => f(node.evaluate(row)) };
  }
  return castPerRow(node, to);
}
