/**
 * TRANSFORM, FILTER and REDUCE over arrays and maps (ksqlDB's lambda functions): the lambda body is
 * compiled once with its parameters as typed variables, which are rebound to each element per row.
 */
import type { Call, Expr } from '../ast.js';
import { T, formatType, type SqlType } from '../types.js';
import type { Row } from '../values.js';
import { compileNode } from './compile-core.js';
import { fail, widen, type Context, type LambdaVar, type Node } from './compile-node.js';
import { formatExpression } from './format-expression.js';
import { formatMaybeType } from './sql-types.js';

export function compileLambdaCall(e: Call, ctx: Context): Node {
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
