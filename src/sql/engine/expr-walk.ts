import type { Expr } from '../ast.js';

/** Rebuilds an expression bottom-up; `fn` may replace any node (return undefined to keep it). */
export function rewriteExpr(expr: Expr, fn: (e: Expr) => Expr | undefined): Expr {
  const replaced = fn(expr);
  if (replaced !== undefined) return replaced;
  const r = (e: Expr) => rewriteExpr(e, fn);
  switch (expr.kind) {
    case 'literal':
    case 'column':
    case 'timeUnit':
      return expr;
    case 'deref':
      return { ...expr, base: r(expr.base) };
    case 'subscript':
      return { ...expr, base: r(expr.base), index: r(expr.index) };
    case 'unary':
    case 'not':
    case 'isNull':
    case 'cast':
      return { ...expr, operand: r(expr.operand) } as Expr;
    case 'binary':
    case 'comparison':
    case 'logical':
      return { ...expr, left: r(expr.left), right: r(expr.right) } as Expr;
    case 'like':
      return { ...expr, operand: r(expr.operand), pattern: r(expr.pattern) };
    case 'between':
      return { ...expr, operand: r(expr.operand), low: r(expr.low), high: r(expr.high) };
    case 'in':
      return { ...expr, operand: r(expr.operand), list: expr.list.map(r) };
    case 'case':
      return {
        ...expr,
        operand: expr.operand === null ? null : r(expr.operand),
        whens: expr.whens.map((w) => ({ when: r(w.when), then: r(w.then) })),
        otherwise: expr.otherwise === null ? null : r(expr.otherwise),
      };
    case 'call':
      return { ...expr, args: expr.args.map(r) };
    case 'array':
      return { ...expr, elements: expr.elements.map(r) };
    case 'map':
      return { ...expr, entries: expr.entries.map((e) => ({ key: r(e.key), value: r(e.value) })) };
    case 'struct':
      return { ...expr, fields: expr.fields.map((f) => ({ name: f.name, value: r(f.value) })) };
    case 'lambda':
      return { ...expr, body: r(expr.body) };
  }
}

/** Every node of an expression, parents first. */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  rewriteExpr(expr, (e) => {
    visit(e);
    return undefined;
  });
}
