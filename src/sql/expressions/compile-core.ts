/**
 * Compiles an expression tree once into closures evaluated per row (ksqlDB's SqlToJavaVisitor +
 * ExpressionTypeManager). Types are checked at compile time with ksqlDB's messages; evaluation follows
 * SQL's three-valued logic; a failing function call or cast yields null, as ksqlDB's
 * evaluateOrReturnNull does.
 *
 * This file is the dispatcher and the public entry points; each kind of expression is compiled in its
 * own compile-*.ts module, which recurses back through `compileNode` (an import cycle by design: only
 * function declarations cross it, so module load order does not matter).
 */
import type { Expr } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import { TIME_UNIT_TYPE_NAME } from '../functions/index.js';
import { compileDeref, compileSubscript } from './compile-access.js';
import { compileArithmetic, compileUnary } from './compile-arithmetic.js';
import { compileCall } from './compile-calls.js';
import { compileCase, compileCast } from './compile-case-cast.js';
import { compileArray, compileMap, compileStruct } from './compile-constructors.js';
import { constant, fail, type Context, type Node } from './compile-node.js';
import { compileBetween, compileComparison, compileIn, compileIsNull, compileLike, compileLogical, compileNot } from './compile-predicates.js';
import { formatExpression } from './format-expression.js';
import { literalValue } from './literals.js';
import { rewriteMagicBetween, rewriteMagicComparison } from './magic-timestamp.js';
import type { Compiled, Scope } from './scope.js';
import type { MaybeType } from './sql-types.js';

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
    case 'logical':
      return compileLogical(e, ctx);
    case 'not':
      return compileNot(e, ctx);
    case 'isNull':
      return compileIsNull(e, ctx);
    case 'like':
      return compileLike(e, ctx);
    case 'between':
      return compileBetween(rewriteMagicBetween(e), ctx);
    case 'in':
      return compileIn(e, ctx);
    case 'case':
      return compileCase(e, ctx);
    case 'cast':
      return compileCast(e, ctx);
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

function rootContext(scope: Scope): Context {
  return { scope, lambdaVars: new Map() };
}

/** Compiles an expression against a scope. Throws SqlStatementError with ksqlDB's wording on type errors. */
export function compileExpression(expr: Expr, scope: Scope): Compiled {
  const node = compileNode(expr, rootContext(scope));
  if (node.type === null) {
    throw new SqlStatementError("Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).", expr.pos);
  }
  return { type: node.type, evaluate: node.evaluate };
}

/** The SQL type of an expression (null for a bare NULL), without keeping the compiled form. */
export function inferType(expr: Expr, scope: Scope): MaybeType {
  return compileNode(expr, rootContext(scope)).type;
}
