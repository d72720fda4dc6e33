/**
 * CASE and CAST: the two expressions whose result type is declared (CAST) or is the common type of
 * their branches (CASE), with values converted to it per row; a failing conversion gives null.
 */
import type { Case, Cast, Expr } from '../ast.js';
import { castNotSupported, isCastSupported } from './cast.js';
import { compileNode } from './compile-core.js';
import { castPerRow, fail, NULL_NODE, widen, type Context, type Node } from './compile-node.js';
import { booleanOperand, compileComparison } from './compile-predicates.js';
import { formatExpression } from './format-expression.js';
import { commonType, formatMaybeType, typeEquals } from './sql-types.js';

export function compileCast(e: Cast, ctx: Context): Node {
  const operand = compileNode(e.operand, ctx);
  const to = e.type;
  if (!isCastSupported(operand.type, to)) fail(castNotSupported(operand.type, to), e.pos);
  const from = operand.type;
  if (from !== null && typeEquals(from, to)) return { type: to, evaluate: operand.evaluate };
  return castPerRow(operand, to);
}

/** Searched CASE tests each WHEN as a BOOLEAN; simple CASE compares the operand to each WHEN with `=`. */
export function compileCase(e: Case, ctx: Context): Node {
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
