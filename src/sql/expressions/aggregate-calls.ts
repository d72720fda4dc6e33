/** Finding aggregate calls in an expression, for the planner's GROUP BY / HAVING analysis. */
import type { Call, Expr } from '../ast.js';

/** Whether the expression contains a call to an aggregate function (per `isAggregate`). */
export function isAggregateCall(expr: Expr, isAggregate: (name: string) => boolean): boolean {
  return collectAggregateCalls(expr, isAggregate).length > 0;
}

/** The outermost aggregate calls in an expression, left to right. */
export function collectAggregateCalls(expr: Expr, isAggregate: (name: string) => boolean): Call[] {
  const found: Call[] = [];
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'call':
        if (isAggregate(e.name)) found.push(e);
        else e.args.forEach(visit);
        return;
      case 'deref':
        return visit(e.base);
      case 'subscript':
        visit(e.base);
        return visit(e.index);
      case 'unary':
      case 'not':
      case 'isNull':
      case 'cast':
        return visit(e.operand);
      case 'binary':
      case 'comparison':
      case 'logical':
        visit(e.left);
        return visit(e.right);
      case 'like':
        visit(e.operand);
        return visit(e.pattern);
      case 'between':
        visit(e.operand);
        visit(e.low);
        return visit(e.high);
      case 'in':
        visit(e.operand);
        return e.list.forEach(visit);
      case 'case':
        if (e.operand !== null) visit(e.operand);
        e.whens.forEach((w) => {
          visit(w.when);
          visit(w.then);
        });
        if (e.otherwise !== null) visit(e.otherwise);
        return;
      case 'array':
        return e.elements.forEach(visit);
      case 'map':
        return e.entries.forEach((x) => {
          visit(x.key);
          visit(x.value);
        });
      case 'struct':
        return e.fields.forEach((f) => visit(f.value));
      case 'lambda':
        return visit(e.body);
      default:
        return;
    }
  };
  visit(expr);
  return found;
}
