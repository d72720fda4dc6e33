/**
 * Compiles an expression tree once into closures evaluated per row (ksqlDB's SqlToJavaVisitor +
 * ExpressionTypeManager). Types are checked at compile time with ksqlDB's messages; evaluation follows
 * SQL's three-valued logic; a failing function call or cast yields null, as ksqlDB's
 * evaluateOrReturnNull does.
 */
import type { Between, Binary, Call, Case, Comparison, ComparisonOp, Expr, InList, Like, Pos } from '../ast.js';
import { SqlEvaluationError, SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { T, formatType, type SqlType } from '../types.js';
import { Decimal, type Row } from '../values.js';
import { LAMBDA_FUNCTIONS, resolveScalar, TIME_UNIT_TYPE_NAME } from '../functions/index.js';
import { castNotSupported, castValue, isCastSupported } from './cast.js';
import { compareAs, valuesEqual, type CompareKind } from './compare.js';
import { formatExpression } from './format-expression.js';
import { javaToString } from './java-strings.js';
import { rewriteMagicBetween, rewriteMagicComparison } from './magic-timestamp.js';
import { isLiteral, listCommonType } from './coercion.js';
import { coerceLiteral, literalValue } from './literals.js';
import { divideDecimals, toDecimal, toDouble, toLong } from './numeric.js';
import type { Compiled, Scope } from './scope.js';
import { commonType, decimalResultType, formatMaybeType, isNumeric, isTemporal, typeEquals, widerNumeric, type MaybeType } from './sql-types.js';

/** A compiled node whose type may be unknown (a bare NULL). */
interface Node {
  readonly type: MaybeType;
  evaluate(row: Row): unknown;
}

interface LambdaVar {
  readonly type: SqlType;
  value: unknown;
}

interface Context {
  readonly scope: Scope;
  readonly lambdaVars: ReadonlyMap<string, LambdaVar>;
}

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

const NULL_NODE: Node = { type: null, evaluate: () => null };

function constant(type: MaybeType, value: unknown): Node {
  return { type, evaluate: () => value };
}

/** Runs a per-row step that may fail (a UDF, a cast): failures become null, unsupported features propagate. */
function orNull(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof SqlUnsupportedError) throw e;
    return null;
  }
}

function fail(message: string, pos?: Pos): never {
  throw new SqlStatementError(message, pos);
}

/** Converts a value of numeric type `from` to the representation of numeric type `to`. */
function numericConverter(from: MaybeType, to: SqlType): (v: unknown) => unknown {
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

/** Converts values of one type to a (wider or equal) type for CASE branches and constructor elements. */
function widen(node: Node, to: SqlType): Node {
  if (node.type === null || typeEquals(node.type, to)) return node;
  if (isNumeric(node.type) && isNumeric(to)) {
    const f = numericConverter(node.type, to);
    return { type: to, evaluate: (row) => f(node.evaluate(row)) };
  }
  const from = node.type;
  return { type: to, evaluate: (row) => orNull(() => castValue(node.evaluate(row), from, to)) };
}

export function compileNode(e: Expr, ctx: Context): Node {
  const precomputed = ctx.scope.resolveExpression?.(e);
  if (precomputed !== undefined) return { type: precomputed.type, evaluate: (row) => precomputed.read(row) };
  switch (e.kind) {
    case 'literal': {
      const { type, value } = literalValue(e);
      return constant(type, value);
    }
    case 'column': {
      const lambdaVar = e.source === null ? (ctx.lambdaVars.get(e.name) ?? ctx.lambdaVars.get(e.name.toUpperCase())) : undefined;
      if (lambdaVar !== undefined) return { type: lambdaVar.type, evaluate: () => lambdaVar.value };
      const binding = ctx.scope.resolveColumn(e.source, e.name, e.pos);
      return { type: binding.type, evaluate: (row) => binding.read(row) ?? null };
    }
    case 'deref':
      return compileDeref(compileNode(e.base, ctx), e.field, e);
    case 'subscript':
      return compileSubscript(compileNode(e.base, ctx), compileNode(e.index, ctx), e);
    case 'unary':
      return compileUnary(compileNode(e.operand, ctx), e.op, e);
    case 'binary':
      return compileArithmetic(e, compileNode(e.left, ctx), compileNode(e.right, ctx));
    case 'comparison':
      return compileComparison(rewriteMagicComparison(e), ctx);
    case 'logical': {
      const left = booleanOperand(compileNode(e.left, ctx), e.left);
      const right = booleanOperand(compileNode(e.right, ctx), e.right);
      if (e.op === 'AND') {
        return {
          type: T.BOOLEAN,
          evaluate: (row) => {
            const l = left.evaluate(row);
            if (l === false) return false;
            const r = right.evaluate(row);
            if (r === false) return false;
            return l === null || r === null ? null : true;
          },
        };
      }
      return {
        type: T.BOOLEAN,
        evaluate: (row) => {
          const l = left.evaluate(row);
          if (l === true) return true;
          const r = right.evaluate(row);
          if (r === true) return true;
          return l === null || r === null ? null : false;
        },
      };
    }
    case 'not': {
      const operand = booleanOperand(compileNode(e.operand, ctx), e.operand);
      return {
        type: T.BOOLEAN,
        evaluate: (row) => {
          const v = operand.evaluate(row);
          return v === null ? null : !v;
        },
      };
    }
    case 'isNull': {
      const operand = compileNode(e.operand, ctx);
      const negated = e.negated;
      return { type: T.BOOLEAN, evaluate: (row) => (operand.evaluate(row) === null) !== negated };
    }
    case 'like':
      return compileLike(e, ctx);
    case 'between':
      return compileBetween(rewriteMagicBetween(e), ctx);
    case 'in':
      return compileIn(e, ctx);
    case 'case':
      return compileCase(e, ctx);
    case 'cast': {
      const operand = compileNode(e.operand, ctx);
      const to = e.type;
      if (!isCastSupported(operand.type, to)) fail(castNotSupported(operand.type, to), e.pos);
      const from = operand.type;
      if (from !== null && typeEquals(from, to)) return { type: to, evaluate: operand.evaluate };
      return { type: to, evaluate: (row) => orNull(() => castValue(operand.evaluate(row), from, to)) };
    }
    case 'call':
      return compileCall(e, ctx);
    case 'array':
      return compileArray(e.elements, ctx, e.pos);
    case 'map':
      return compileMap(e, ctx);
    case 'struct':
      return compileStruct(e, ctx);
    case 'lambda':
      return fail(`Lambda expressions are only allowed as arguments of TRANSFORM, FILTER and REDUCE: ${formatExpression(e)}`, e.pos);
    case 'timeUnit':
      return constant({ base: 'CUSTOM', name: TIME_UNIT_TYPE_NAME }, e.unit);
  }
}

function booleanOperand(node: Node, e: Expr): Node {
  if (node.type !== null && node.type.base !== 'BOOLEAN') {
    fail(`Logical operator requires BOOLEAN operands but ${formatExpression(e)} is ${formatType(node.type)}.`, e.pos);
  }
  return node;
}

function compileDeref(base: Node, fieldName: string, e: Expr & { pos: Pos }): Node {
  const t = base.type;
  if (t === null || t.base !== 'STRUCT') {
    return fail(`Expected STRUCT type for dereference of ${formatExpression(e)} but got ${formatMaybeType(t)}`, e.pos);
  }
  const field = t.fields.find((f) => f.name === fieldName) ?? t.fields.find((f) => f.name.toUpperCase() === fieldName.toUpperCase());
  if (field === undefined) return fail(`Could not find field '${fieldName}' in '${formatExpression(e).replace(/->.*$/, '')}'.`, e.pos);
  const name = field.name;
  return {
    type: field.type,
    evaluate: (row) => {
      const v = base.evaluate(row) as Record<string, unknown> | null;
      return v === null ? null : (v[name] ?? null);
    },
  };
}

function compileSubscript(base: Node, index: Node, e: Expr & { pos: Pos }): Node {
  const t = base.type;
  if (t?.base === 'ARRAY') {
    if (index.type !== null && index.type.base !== 'INTEGER' && index.type.base !== 'BIGINT') {
      fail(`Array index must be INTEGER but was ${formatType(index.type)}: ${formatExpression(e)}`, e.pos);
    }
    // 1-based; negative counts from the end; out of range is null (ksqlDB's ArrayAccess).
    return {
      type: t.element,
      evaluate: (row) => {
        const arr = base.evaluate(row) as unknown[] | null;
        const raw = index.evaluate(row);
        if (arr === null || raw === null) return null;
        const i = Number(raw);
        const at = i > 0 ? i - 1 : i < 0 ? arr.length + i : -1;
        return at >= 0 && at < arr.length ? (arr[at] ?? null) : null;
      },
    };
  }
  if (t?.base === 'MAP') {
    const keyType = t.key;
    const convert = isNumeric(index.type) && isNumeric(keyType) ? numericConverter(index.type, keyType) : (v: unknown) => v;
    return {
      type: t.value,
      evaluate: (row) => {
        const m = base.evaluate(row) as Map<unknown, unknown> | null;
        const k = index.evaluate(row);
        if (m === null || k === null) return null;
        const key = convert(k);
        if (m.has(key)) return m.get(key) ?? null;
        if (typeof key === 'object' || typeof key === 'bigint') {
          for (const [mk, mv] of m) if (valuesEqual(mk, key)) return mv ?? null;
        }
        return null;
      },
    };
  }
  return fail(`Subscript expected either ARRAY or MAP but was ${formatMaybeType(t)}: ${formatExpression(e)}`, e.pos);
}

function compileUnary(operand: Node, op: '-' | '+', e: Expr & { pos: Pos }): Node {
  const t = operand.type;
  if (t !== null && !isNumeric(t)) fail(`Unary ${op} is not supported for ${formatType(t)}: ${formatExpression(e)}`, e.pos);
  if (op === '+') return operand;
  return {
    type: t,
    evaluate: (row) => {
      const v = operand.evaluate(row);
      if (v === null) return null;
      if (typeof v === 'bigint') return BigInt.asIntN(64, -v);
      if (v instanceof Decimal) return new Decimal(-v.unscaled, v.scale);
      return t?.base === 'INTEGER' ? -(v as number) | 0 : -(v as number);
    },
  };
}

type BinaryOp = Binary['op'];

function integerOp(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case '+':
      return (a, b) => (a + b) | 0;
    case '-':
      return (a, b) => (a - b) | 0;
    case '*':
      return (a, b) => Math.imul(a, b);
    case '/':
      return (a, b) => {
        if (b === 0) throw new SqlEvaluationError('/ by zero');
        return (a / b) | 0;
      };
    case '%':
      return (a, b) => {
        if (b === 0) throw new SqlEvaluationError('/ by zero');
        return a % b | 0;
      };
  }
}

function bigintOp(op: BinaryOp): (a: bigint, b: bigint) => bigint {
  switch (op) {
    case '+':
      return (a, b) => BigInt.asIntN(64, a + b);
    case '-':
      return (a, b) => BigInt.asIntN(64, a - b);
    case '*':
      return (a, b) => BigInt.asIntN(64, a * b);
    case '/':
      return (a, b) => {
        if (b === 0n) throw new SqlEvaluationError('/ by zero');
        return BigInt.asIntN(64, a / b);
      };
    case '%':
      return (a, b) => {
        if (b === 0n) throw new SqlEvaluationError('/ by zero');
        return a % b;
      };
  }
}

function doubleOp(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return (a, b) => a / b;
    case '%':
      return (a, b) => a % b;
  }
}

function decimalOp(op: BinaryOp, scale: number): (a: Decimal, b: Decimal) => Decimal {
  const aligned = (a: Decimal, b: Decimal): [bigint, bigint, number] => {
    const s = Math.max(a.scale, b.scale);
    return [a.withScale(s).unscaled, b.withScale(s).unscaled, s];
  };
  switch (op) {
    case '+':
      return (a, b) => {
        const [x, y, s] = aligned(a, b);
        return new Decimal(x + y, s).withScale(scale);
      };
    case '-':
      return (a, b) => {
        const [x, y, s] = aligned(a, b);
        return new Decimal(x - y, s).withScale(scale);
      };
    case '*':
      return (a, b) => new Decimal(a.unscaled * b.unscaled, a.scale + b.scale).withScale(scale);
    case '/':
      return (a, b) => divideDecimals(a, b, scale);
    case '%':
      return (a, b) => {
        const [x, y, s] = aligned(a, b);
        if (y === 0n) throw new SqlEvaluationError('Division by zero');
        return new Decimal(x % y, s).withScale(scale);
      };
  }
}

function compileArithmetic(e: Binary, left: Node, right: Node): Node {
  const lt = left.type;
  const rt = right.type;
  // `+` on strings concatenates (KSQL 2018 dialect); a null operand gives null.
  if (e.op === '+' && (lt?.base === 'STRING' || rt?.base === 'STRING')) {
    return {
      type: T.STRING,
      evaluate: (row) => {
        const l = left.evaluate(row);
        const r = right.evaluate(row);
        return l === null || r === null ? null : javaToString(l, lt) + javaToString(r, rt);
      },
    };
  }
  if ((lt !== null && !isNumeric(lt)) || (rt !== null && !isNumeric(rt))) {
    fail(`Error processing expression: ${formatExpression(e)}. Unsupported arithmetic types. ${formatMaybeType(lt)} ${formatMaybeType(rt)}`, e.pos);
  }
  if (lt === null || rt === null) return { type: lt ?? rt ?? T.INTEGER, evaluate: () => null };
  const wide = widerNumeric(lt, rt);
  let op: (a: unknown, b: unknown) => unknown;
  let type: SqlType;
  switch (wide.base) {
    case 'INTEGER': {
      const f = integerOp(e.op);
      op = (a, b) => f(a as number, b as number);
      type = T.INTEGER;
      break;
    }
    case 'BIGINT': {
      const f = bigintOp(e.op);
      op = (a, b) => f(toLong(a), toLong(b));
      type = T.BIGINT;
      break;
    }
    case 'DECIMAL': {
      type = decimalResultType(e.op, lt, rt);
      const f = decimalOp(e.op, type.base === 'DECIMAL' ? type.scale : 0);
      op = (a, b) => f(toDecimal(a), toDecimal(b));
      break;
    }
    default: {
      const f = doubleOp(e.op);
      op = (a, b) => f(toDouble(a), toDouble(b));
      type = T.DOUBLE;
    }
  }
  return {
    type,
    evaluate: (row) => {
      const l = left.evaluate(row);
      if (l === null) return null;
      const r = right.evaluate(row);
      if (r === null) return null;
      return orNull(() => op(l, r));
    },
  };
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

function compileComparison(e: Comparison, ctx: Context): Node {
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
      convertLeft = lt.base === 'STRING' ? (v) => castValue(v, T.STRING, target) : (v) => castValue(v, lt, target);
      convertRight = rt.base === 'STRING' ? (v) => castValue(v, T.STRING, target) : (v) => castValue(v, rt, target);
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

/** LIKE with `%` and `_` (and an optional escape character), matching the whole string. */
export function likeToRegExp(pattern: string, escape: string | null): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (escape !== null && c === escape && i + 1 < pattern.length) {
      source += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') {
      source += '.*';
    } else if (c === '_') {
      source += '.';
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function compileLike(e: Like, ctx: Context): Node {
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

function compileBetween(e: Between, ctx: Context): Node {
  const ge: Comparison = { kind: 'comparison', op: '>=', left: e.operand, right: e.low, pos: e.pos };
  const le: Comparison = { kind: 'comparison', op: '<=', left: e.operand, right: e.high, pos: e.pos };
  const low = compileComparison(ge, ctx);
  const high = compileComparison(le, ctx);
  const negated = e.negated;
  return {
    type: T.BOOLEAN,
    evaluate: (row) => {
      const a = low.evaluate(row);
      const b = high.evaluate(row);
      const both = a === false || b === false ? false : a === null || b === null ? null : true;
      return both === null ? null : both !== negated;
    },
  };
}

/**
 * IN, after ksqlDB's InListEvaluator: NULL items are dropped, the operand and the items are coerced to
 * their common type (see coercion.ts), and the operand matches an item that equals it. A NULL operand
 * matches nothing, so IN gives false and NOT IN true.
 */
function compileIn(e: InList, ctx: Context): Node {
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

function compileCase(e: Case, ctx: Context): Node {
  const operand = e.operand === null ? null : compileNode(e.operand, ctx);
  const conditions = e.whens.map((w) => {
    if (operand === null) return booleanOperand(compileNode(w.when, ctx), w.when);
    return compileComparison({ kind: 'comparison', op: '=', left: e.operand as Expr, right: w.when, pos: w.when.pos }, ctx);
  });
  const results = e.whens.map((w) => compileNode(w.then, ctx));
  const otherwise = e.otherwise === null ? NULL_NODE : compileNode(e.otherwise, ctx);
  const type = commonType([...results.map((r) => r.type), otherwise.type]);
  if (type === undefined) {
    const first = results[0]?.type ?? null;
    const bad = [...results, otherwise].find((r) => r.type !== null && first !== null && !typeEquals(r.type, first));
    fail(
      `Invalid Case expression. Type for all 'THEN' clauses should be the same.\nTHEN expression '${formatExpression(e.whens[results.indexOf(bad as Node)]?.then ?? e.otherwise ?? e)}' has type: ${formatMaybeType(bad?.type ?? null)}. Previous THEN expression(s) type: ${formatMaybeType(first)}.`,
      e.pos,
    );
  }
  if (type === null) fail('Invalid Case expression. All case branches have NULL type', e.pos);
  const branches = results.map((r) => widen(r, type));
  const fallback = widen(otherwise, type);
  return {
    type,
    evaluate: (row) => {
      for (let i = 0; i < conditions.length; i++) {
        if (conditions[i]?.evaluate(row) === true) return branches[i]?.evaluate(row) ?? null;
      }
      return fallback.evaluate(row);
    },
  };
}

interface CoercedList {
  readonly type: MaybeType;
  readonly nodes: Node[];
}

/** A user list coerced to its common type: literals convert once, other expressions are cast per row. */
function coerceList(exprs: readonly Expr[], ctx: Context): CoercedList {
  const compiled = exprs.map((x) => compileNode(x, ctx));
  const type = listCommonType(
    exprs,
    compiled.map((n) => n.type),
    (x) => compileNode(x, ctx).type,
  );
  if (type === null) return { type, nodes: compiled };
  const nodes = compiled.map((n, i) => {
    const x = exprs[i] as Expr;
    if (n.type === null || typeEquals(n.type, type)) return n;
    if (isLiteral(x)) return constant(type, coerceLiteral(x, type));
    return widen(n, type);
  });
  return { type, nodes };
}

function compileArray(elements: readonly Expr[], ctx: Context, pos: Pos): Node {
  const { type, nodes } = coerceList(elements, ctx);
  if (type === null) {
    fail(
      'Cannot construct an array with all NULL elements (see https://github.com/confluentinc/ksql/issues/4239). As a workaround, you may cast a NULL value to the desired type.',
      pos,
    );
  }
  return { type: T.array(type), evaluate: (row) => nodes.map((n) => n.evaluate(row)) };
}

function compileMap(e: Expr & { kind: 'map' }, ctx: Context): Node {
  if (e.entries.length === 0) {
    fail('Map constructor cannot be empty. Please supply at least one key value pair (see https://github.com/confluentinc/ksql/issues/4239).', e.pos);
  }
  const keys = coerceList(
    e.entries.map((x) => x.key),
    ctx,
  );
  const values = coerceList(
    e.entries.map((x) => x.value),
    ctx,
  );
  if (keys.type === null) fail('Cannot construct a map with all NULL keys', e.pos);
  if (values.type === null) fail('Cannot construct a map with all NULL values', e.pos);
  return {
    type: T.map(keys.type, values.type),
    evaluate: (row) => {
      const m = new Map<unknown, unknown>();
      keys.nodes.forEach((k, i) => m.set(k.evaluate(row), values.nodes[i]?.evaluate(row) ?? null));
      return m;
    },
  };
}

function compileStruct(e: Expr & { kind: 'struct' }, ctx: Context): Node {
  const names = new Set<string>();
  for (const f of e.fields) {
    if (names.has(f.name)) fail('Duplicate field names found in STRUCT', e.pos);
    names.add(f.name);
  }
  const fields = e.fields.map((f) => ({ name: f.name, node: compileNode(f.value, ctx) }));
  return {
    type: T.struct(fields.map((f) => ({ name: f.name, type: f.node.type ?? T.STRING }))),
    evaluate: (row) => {
      const out: Record<string, unknown> = {};
      for (const f of fields) out[f.name] = f.node.evaluate(row);
      return out;
    },
  };
}

function compileCall(e: Call, ctx: Context): Node {
  if (LAMBDA_FUNCTIONS.has(e.name.toUpperCase())) return compileLambdaCall(e, ctx);
  const args = e.args.map((a) => compileNode(a, ctx));
  const fn = resolveScalar(
    e.name,
    args.map((a) => a.type),
    e.pos,
  );
  const argFns = args.map((a) => a.evaluate);
  switch (argFns.length) {
    case 0:
      return { type: fn.returnType, evaluate: () => orNull(() => fn.invoke([])) };
    case 1: {
      const [a] = argFns as [(row: Row) => unknown];
      return { type: fn.returnType, evaluate: (row) => orNull(() => fn.invoke([a(row)])) };
    }
    default:
      return { type: fn.returnType, evaluate: (row) => orNull(() => fn.invoke(argFns.map((f) => f(row)))) };
  }
}

/** TRANSFORM, FILTER and REDUCE over arrays and maps, with lambda parameters bound per element. */
function compileLambdaCall(e: Call, ctx: Context): Node {
  const name = e.name.toUpperCase();
  const [collectionExpr] = e.args;
  const lambdaExpr = e.args[e.args.length - 1];
  const arityOk = name === 'REDUCE' ? e.args.length === 3 : name === 'TRANSFORM' ? e.args.length === 2 || e.args.length === 3 : e.args.length === 2;
  if (collectionExpr === undefined || lambdaExpr === undefined || lambdaExpr.kind !== 'lambda' || !arityOk) {
    return fail(`Function '${name.toLowerCase()}' does not accept parameters (${e.args.map(formatExpression).join(', ')}).`, e.pos);
  }
  const collection = compileNode(collectionExpr, ctx);
  const ct = collection.type;
  if (ct === null || (ct.base !== 'ARRAY' && ct.base !== 'MAP')) {
    return fail(`Function '${name.toLowerCase()}' does not accept parameters (${formatMaybeType(ct)}, LAMBDA).`, e.pos);
  }
  const bindLambda = (paramTypes: SqlType[], lambda: Expr & { kind: 'lambda' } = lambdaExpr): { vars: LambdaVar[]; body: Node } => {
    if (lambda.params.length !== paramTypes.length) {
      fail(`Was expecting ${paramTypes.length} arguments but found ${lambda.params.length}, ${formatExpression(lambda)}. Check your lambda statement.`, lambda.pos);
    }
    const vars = paramTypes.map((type) => ({ type, value: null as unknown }));
    const lambdaVars = new Map(ctx.lambdaVars);
    lambda.params.forEach((p, i) => lambdaVars.set(p, vars[i] as LambdaVar));
    return { vars, body: compileNode(lambda.body, { scope: ctx.scope, lambdaVars }) };
  };
  const call = (vars: LambdaVar[], body: Node, row: Row, ...values: unknown[]): unknown => {
    values.forEach((v, i) => {
      (vars[i] as LambdaVar).value = v;
    });
    return body.evaluate(row);
  };

  if (name === 'REDUCE') {
    const initial = compileNode(e.args[1] as Expr, ctx);
    const stateType = initial.type ?? T.STRING;
    const elementTypes = ct.base === 'ARRAY' ? [ct.element] : [ct.key, ct.value];
    const { vars, body } = bindLambda([stateType, ...elementTypes]);
    const toState = widen(body, stateType);
    return {
      type: stateType,
      evaluate: (row) => {
        const c = collection.evaluate(row);
        let state = initial.evaluate(row);
        if (c === null || state === null) return state;
        if (Array.isArray(c)) for (const v of c) state = call(vars, toState, row, state, v);
        else for (const [k, v] of c as Map<unknown, unknown>) state = call(vars, toState, row, state, k, v);
        return state;
      },
    };
  }

  if (ct.base === 'ARRAY') {
    const { vars, body } = bindLambda([ct.element]);
    if (name === 'TRANSFORM') {
      return {
        type: T.array(body.type ?? T.STRING),
        evaluate: (row) => {
          const c = collection.evaluate(row) as unknown[] | null;
          return c === null ? null : c.map((v) => call(vars, body, row, v));
        },
      };
    }
    return {
      type: ct,
      evaluate: (row) => {
        const c = collection.evaluate(row) as unknown[] | null;
        return c === null ? null : c.filter((v) => call(vars, body, row, v) === true);
      },
    };
  }

  if (name === 'TRANSFORM') {
    // TRANSFORM(map, (k, v) => newKey, (k, v) => newValue)
    const keyLambda = e.args[1];
    if (e.args.length !== 3 || keyLambda === undefined || keyLambda.kind !== 'lambda') {
      return fail(`Function 'transform' does not accept parameters (${formatType(ct)}, LAMBDA).`, e.pos);
    }
    const keys = bindLambda([ct.key, ct.value], keyLambda);
    const values = bindLambda([ct.key, ct.value]);
    return {
      type: T.map(keys.body.type ?? T.STRING, values.body.type ?? T.STRING),
      evaluate: (row) => {
        const c = collection.evaluate(row) as Map<unknown, unknown> | null;
        if (c === null) return null;
        const out = new Map<unknown, unknown>();
        for (const [k, v] of c) out.set(call(keys.vars, keys.body, row, k, v), call(values.vars, values.body, row, k, v));
        return out;
      },
    };
  }
  const { vars, body } = bindLambda([ct.key, ct.value]);
  return {
    type: ct,
    evaluate: (row) => {
      const c = collection.evaluate(row) as Map<unknown, unknown> | null;
      if (c === null) return null;
      const out = new Map<unknown, unknown>();
      for (const [k, v] of c) if (call(vars, body, row, k, v) === true) out.set(k, v);
      return out;
    },
  };
}

/** Compiles an expression against a scope. Throws SqlStatementError with ksqlDB's wording on type errors. */
export function compileExpression(expr: Expr, scope: Scope): Compiled {
  const node = compileNode(expr, { scope, lambdaVars: new Map() });
  if (node.type === null) {
    throw new SqlStatementError("Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).", expr.pos);
  }
  return { type: node.type, evaluate: node.evaluate };
}

/** The SQL type of an expression (null for a bare NULL), without keeping the compiled form. */
export function inferType(expr: Expr, scope: Scope): MaybeType {
  return compileNode(expr, { scope, lambdaVars: new Map() }).type;
}
