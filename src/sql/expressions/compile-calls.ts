/** Scalar function calls: resolved once by argument types, invoked per row; a throwing UDF gives null. */
import type { Call } from '../ast.js';
import type { Row } from '../values.js';
import { LAMBDA_FUNCTIONS, resolveScalar } from '../functions/index.js';
import { compileNode } from './compile-core.js';
import { compileLambdaCall } from './compile-lambdas.js';
import { orNull, type Context, type Node } from './compile-node.js';

export function compileCall(e: Call, ctx: Context): Node {
  if (LAMBDA_FUNCTIONS.has(e.name.toUpperCase())) return compileLambdaCall(e, ctx);
  const args = e.args.map((a) => compileNode(a, ctx));
  const fn = resolveScalar(
    e.name,
    args.map((a) => a.type),
    e.pos,
  );
  const argFns = args.map((a) => a.evaluate);
  // Zero and one argument avoid building the argument array through map() on every row.
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
