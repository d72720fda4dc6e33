/**
 * The boolean-valued operators: comparisons (including IS [NOT] DISTINCT FROM), AND/OR/NOT with SQL's
 * three-valued logic, IS [NOT] NULL, LIKE, BETWEEN and IN.
 */
import type { Between, Comparison, ComparisonOp, Expr, InList, IsNull, Like, Logical, Not } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { T, formatType, type SqlType } from '../types.js';
import { castValue } from './cast.js';
import { compareAs, valuesEqual, type CompareKind } from './compare.js';
import { coerceList, type CoercedList } from './compile-constructors.js';
import { compileNode } from './compile-core.js';
import { fail, NULL_NODE, orNull, type Context, type Node } from './compile-node.js';
import { formatExpression } from './format-expression.js';
import { formatMaybeType, isNumeric, isTemporal, widerNumeric } from './sql-types.js';

const COMPARISON_NAMES: Record<ComparisonOp, string> = {
  '=': 'EQUAL',
  '<>': 'NOT_EQUAL',
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_OR_EQUAL',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_OR_EQUAL',
  'IS DISTINCT FROM': 'IS_DISTINCT_FROM',
  'IS NOT DISTINCT FROM': 'IS_NOT_DISTINCT_FROM',
};

/** Checks that a logical operator's operand is BOOLEAN (or a bare NULL). */
export function booleanOperand(node: Node, e: Expr): Node {
  if (node.type !== null && node.type.base !== 'BOOLEAN') {
    fail(`Logical operator requires BOOLEAN operands but ${formatExpression(e)} is ${formatType(node.type)}.`, e.pos);
  }
  return node;
}

/** Three-valued AND of two evaluated operands: false wins, then null. */
function and3(l: unknown, r: unknown): boolean | null {
  return l === false || r === false ? false : l === null || r === null ? null : true;
}

/** Three-valued OR of two evaluated operands: true wins, then null. */
function or3(l: unknown, r: unknown): boolean | null {
  return l === true || r === true ? true : l === null || r === null ? null : false;
}

/** AND and OR, short-circuiting on the left operand. */
export function compileLogical(e: Logical, ctx: Context): Node {
  const left = booleanOperand(compileNode(e.left, ctx), e.left);
  const right = booleanOperand(compileNode(e.right, ctx), e.right);
  if (e.op === 'AND') {
    return {
      type: T.BOOLEAN,
      evaluate: (row) => {
        const l = left.evaluate(row);
        return l === false ? false : and3(l, right.evaluate(row));
      },
    };
  }
  return {
    type: T.BOOLEAN,
    evaluate: (row) => {
      const l = left.evaluate(row);
      return l === true ? true : or3(l, right.evaluate(row));
    },
  };
}

export function compileNot(e: Not, ctx: Context): Node {
  const operand = booleanOperand(compileNode(e.operand, ctx), e.operand);
  return {
    type: T.BOOLEAN,
    evaluate: (row) => {
      const v = operand.evaluate(row);
      return v === null ? null : !v;
    },
  };
}

export function compileIsNull(e: IsNull, ctx: Context): Node {
  const operand = compileNode(e.operand, ctx);
  const negated = e.negated;
  return { type: T.BOOLEAN, evaluate: (row) => (operand.evaluate(row) === null) !== negated };
}

/** How two types compare, or undefined when ksqlDB cannot compare them with this operator. */
function comparisonKind(lt: SqlType, rt: SqlType, op: ComparisonOp): CompareKind | 'EQUALITY' | 'TEMPORAL' | undefined {
  const equalityOnly = op === '=' || op === '<>' || op === 'IS DISTINCT FROM' || op === 'IS NOT DISTINCT FROM';
  if (isNumeric(lt) && isNumeric(rt)) {
    const wide = widerNumeric(lt, rt).base;
    return wide === 'INTEGER' || wide === 'BIGINT' || wide === 'DECIMAL' || wide === 'DOUBLE' ? wide : undefined;
  }
  if (lt.base === 'STRING' && rt.base === 'STRING') return 'OTHER';
  if (lt.base === 'BYTES' && rt.base === 'BYTES') return 'OTHER';
  if (lt.base === 'BOOLEAN' && rt.base === 'BOOLEAN') return equalityOnly ? 'OTHER' : undefined;
  if (isTemporal(lt) && (isTemporal(rt) || rt.base === 'STRING')) return lt.base === 'TIME' && rt.base !== 'TIME' && rt.base !== 'STRING' ? undefined : 'TEMPORAL';
  if (isTemporal(rt) && lt.base === 'STRING') return 'TEMPORAL';
  if ((lt.base === 'ARRAY' || lt.base === 'MAP' || lt.base === 'STRUCT') && lt.base === rt.base) return equalityOnly ? 'EQUALITY' : undefined;
  return undefined;
}

function comparisonTest(op: ComparisonOp): (cmp: number) => boolean {
  switch (op) {
    case '=':
    case 'IS NOT DISTINCT FROM':
      return (c) => c === 0;
    case '<>':
    case 'IS DISTINCT FROM':
      return (c) => c !== 0;
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '>=':
      return (c) => c >= 0;
  }
}

export function compileComparison(e: Comparison, ctx: Context): Node {
  const left = compileNode(e.left, ctx);
  const right = compileNode(e.right, ctx);
  const lt = left.type;
  const rt = right.type;
  const distinctOp = e.op === 'IS DISTINCT FROM' || e.op === 'IS NOT DISTINCT FROM';
  if (lt === null && rt === null && !distinctOp) fail(`Comparison with NULL not supported: NULL ${e.op} NULL`, e.pos);
  let kind: ReturnType<typeof comparisonKind> = 'OTHER';
  let convertLeft = (v: unknown): unknown => v;
  let convertRight = (v: unknown): unknown => v;
  if (lt !== null && rt !== null) {
    kind = comparisonKind(lt, rt, e.op);
    if (kind === undefined) {
      fail(
        `Cannot compare ${formatExpression(e.left)} (${formatType(lt)}) to ${formatExpression(e.right)} (${formatType(rt)}) with ${COMPARISON_NAMES[e.op]}.`,
        e.pos,
      );
    }
    if (kind === 'TEMPORAL') {
      // Compare in the wider temporal type; a string side is parsed as the other side's type.
      const target = lt.base === 'TIMESTAMP' || rt.base === 'TIMESTAMP' ? T.TIMESTAMP : isTemporal(lt) ? lt : rt;
      convertLeft = (v) => castValue(v, lt, target);
      convertRight = (v) => castValue(v, rt, target);
      kind = 'OTHER';
    }
  }
  const compareKind = kind;
  const test = comparisonTest(e.op);
  if (distinctOp) {
    const wantDistinct = e.op === 'IS DISTINCT FROM';
    return {
      type: T.BOOLEAN,
      evaluate: (row) => {
        const l = left.evaluate(row);
        const r = right.evaluate(row);
        if (l === null || r === null) return (l === null && r === null) !== wantDistinct;
        const equal = compareKind === 'EQUALITY' ? valuesEqual(l, r) : compareAs(compareKind as CompareKind, convertLeft(l), convertRight(r)) === 0;
        return equal !== wantDistinct;
      },
    };
  }
  return {
    type: T.BOOLEAN,
    evaluate: (row) => {
      const l = left.evaluate(row);
      if (l === null) return null;
      const r = right.evaluate(row);
      if (r === null) return null;
      return orNull(() => {
        if (compareKind === 'EQUALITY') return valuesEqual(l, r) === (e.op === '=');
        return test(compareAs(compareKind as CompareKind, convertLeft(l), convertRight(r)));
      });
    },
  };
}

/** Both bounds are evaluated on every row, as two comparisons joined by a three-valued AND. */
export function compileBetween(e: Between, ctx: Context): Node {
  const ge: Comparison = { kind: 'comparison', op: '>=', left: e.operand, right: e.low, pos: e.pos };
  const le: Comparison = { kind: 'comparison', op: '<=', left: e.operand, right: e.high, pos: e.pos };
  const low = compileComparison(ge, ctx);
  const high = compileComparison(le, ctx);
  const negated = e.negated;
  return {
    type: T.BOOLEAN,
    evaluate: (row) => {
      const both = and3(low.evaluate(row), high.evaluate(row));
      return both === null ? null : both !== negated;
    },
  };
}

const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** LIKE with `%` and `_` (and an optional escape character), matching the whole string. */
export function likeToRegExp(pattern: string, escape: string | null): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (escape !== null && c === escape && i + 1 < pattern.length) {
      source += (pattern[++i] ?? '').replace(REGEXP_SPECIAL, '\\$&');
    } else if (c === '%') {
      source += '.*';
    } else if (c === '_') {
      source += '.';
    } else {
      source += c.replace(REGEXP_SPECIAL, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

export function compileLike(e: Like, ctx: Context): Node {
  const operand = compileNode(e.operand, ctx);
  const pattern = compileNode(e.pattern, ctx);
  for (const [node, expr] of [
    [operand, e.operand],
    [pattern, e.pattern],
  ] as const) {
    if (node.type !== null && node.type.base !== 'STRING') {
      fail(`Function 'LIKE' does not accept parameters (${formatMaybeType(operand.type)}, ${formatMaybeType(pattern.type)}): ${formatExpression(expr)}`, e.pos);
    }
  }
  const negated = e.negated;
  const fixed = e.pattern.kind === 'literal' && typeof e.pattern.value === 'string' ? likeToRegExp(e.pattern.value, e.escape) : null;
  return {
    type: T.BOOLEAN,
    evaluate: (row) => {
      const v = operand.evaluate(row);
      if (v === null) return null;
      let re = fixed;
      if (re === null) {
        const p = pattern.evaluate(row);
        if (p === null) return null;
        re = likeToRegExp(p as string, e.escape);
      }
      return re.test(v as string) !== negated;
    },
  };
}

/**
 * IN, after ksqlDB's InListEvaluator: NULL items are dropped, the operand and the items are coerced to
 * their common type (see coercion.ts), and the operand matches an item that equals it. A NULL operand
 * matches nothing, so IN gives false and NOT IN true.
 */
export function compileIn(e: InList, ctx: Context): Node {
  const list = e.list.filter((x) => !(x.kind === 'literal' && x.type === 'NULL'));
  let coerced: CoercedList;
  try {
    coerced = coerceList([e.operand, ...list], ctx);
  } catch (err) {
    if (err instanceof SqlStatementError && !(err instanceof SqlUnsupportedError)) fail(`Invalid Predicate: ${err.message}`, e.pos);
    throw err;
  }
  const [operand = NULL_NODE, ...items] = coerced.nodes;
  const negated = e.negated;
  return {
    type: T.BOOLEAN,
    evaluate: (row) => {
      const v = operand.evaluate(row);
      if (v === null) return negated;
      for (const item of items) {
        const x = item.evaluate(row);
        if (x !== null && valuesEqual(v, x)) return !negated;
      }
      return negated;
    },
  };
}
