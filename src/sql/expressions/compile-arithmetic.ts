/**
 * Unary minus/plus and the binary arithmetic operators, in the wider of the two numeric types
 * (INTEGER and BIGINT wrap like Java's int/long; DECIMAL takes ksqlDB's result precision and scale),
 * plus `+` on strings, which concatenates.
 */
import type { Binary, Expr, Pos } from '../ast.js';
import { SqlEvaluationError } from '../errors.js';
import { T, formatType, type SqlType } from '../types.js';
import { Decimal } from '../values.js';
import { fail, orNull, type Node } from './compile-node.js';
import { formatExpression } from './format-expression.js';
import { javaToString } from './java-strings.js';
import { divideDecimals, toDecimal, toDouble, toLong } from './numeric.js';
import { decimalResultType, formatMaybeType, isNumeric, widerNumeric } from './sql-types.js';

export function compileUnary(operand: Node, op: '-' | '+', e: Expr & { pos: Pos }): Node {
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

export function compileArithmetic(e: Binary, left: Node, right: Node): Node {
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
