/**
 * Literal values and their coercion to a target type, as ksqlDB coerces the literals of IN lists,
 * ARRAY / MAP / STRUCT constructors and INSERT VALUES: a string literal parses as the target type
 * ("invalid input syntax for type INTEGER: \"x\"."), numbers convert, containers convert element-wise.
 */
import type { Expr, Literal } from '../ast.js';
import { SqlEvaluationError, SqlStatementError } from '../errors.js';
import { T, formatType, type SqlType } from '../types.js';
import { Decimal } from '../values.js';
import { castValue } from './cast.js';
import { formatExpression } from './format-expression.js';
import { javaToString } from './java-strings.js';
import { isNumeric, isTemporal, type MaybeType } from './sql-types.js';

/** The SQL type and value of a literal. */
export function literalValue(lit: Literal): { type: MaybeType; value: unknown } {
  switch (lit.type) {
    case 'NULL':
      return { type: null, value: null };
    case 'BOOLEAN':
      return { type: T.BOOLEAN, value: lit.value };
    case 'INTEGER':
      return { type: T.INTEGER, value: Number(lit.value) };
    case 'BIGINT':
      return { type: T.BIGINT, value: typeof lit.value === 'bigint' ? lit.value : BigInt(lit.text.replace(/[lL]$/, '')) };
    case 'DECIMAL': {
      const d = lit.value instanceof Decimal ? lit.value : Decimal.parse(lit.text);
      return { type: T.decimal(Math.max(d.precision(), d.scale, 1), d.scale), value: d };
    }
    case 'DOUBLE':
      return { type: T.DOUBLE, value: typeof lit.value === 'number' ? lit.value : Number(lit.text) };
    case 'STRING':
      return { type: T.STRING, value: lit.value };
    case 'BYTES':
      return { type: T.BYTES, value: lit.value };
    case 'TIMESTAMP':
      return { type: T.TIMESTAMP, value: lit.value };
    case 'DATE':
      return { type: T.DATE, value: lit.value };
    case 'TIME':
      return { type: T.TIME, value: lit.value };
  }
}

/** Whether an expression is a literal, or a constructor made only of (nested) literals. */
export function isConstant(e: Expr): boolean {
  switch (e.kind) {
    case 'literal':
      return true;
    case 'array':
      return e.elements.every(isConstant);
    case 'map':
      return e.entries.every((x) => isConstant(x.key) && isConstant(x.value));
    case 'struct':
      return e.fields.every((f) => isConstant(f.value));
    case 'cast':
      return isConstant(e.operand);
    case 'unary':
      return e.operand.kind === 'literal';
    default:
      return false;
  }
}

/** A literal that cannot become the target type: callers word it for their context. */
export class CoercionError extends SqlStatementError {
  constructor(
    message: string,
    readonly target: SqlType,
    readonly sourceType: MaybeType,
  ) {
    super(message);
  }
}

function invalidSyntax(target: SqlType, text: string): SqlStatementError {
  const name = target.base === 'DECIMAL' ? 'DECIMAL' : formatType(target);
  return new SqlStatementError(`invalid input syntax for type ${name}: "${text}".`);
}

function mismatch(e: Expr, from: MaybeType, target: SqlType): CoercionError {
  return new CoercionError(`Cannot coerce ${formatExpression(e)} to ${formatType(target)}`, target, from);
}

/**
 * Converts a constant expression (see `isConstant`) to a value of `target`. Throws SqlStatementError for
 * an unparseable string ("invalid input syntax for type BIGINT: \"x\".") and CoercionError when the
 * types do not fit at all.
 */
export function coerceLiteral(e: Expr, target: SqlType): unknown {
  switch (e.kind) {
    case 'literal': {
      const { type, value } = literalValue(e);
      if (type === null) return null;
      if (target.base === 'STRING') {
        if (type.base === 'STRING') return value;
        // Java's toString of the literal's value (TRUE is "true", 1E3 is "1000.0"), as DefaultSqlValueCoercer.LAX.
        if (isNumeric(type) || type.base === 'BOOLEAN' || isTemporal(type)) return javaToString(value, type);
        throw mismatch(e, type, target);
      }
      if (type.base === 'STRING') {
        if (!(isNumeric(target) || target.base === 'BOOLEAN' || target.base === 'TIMESTAMP' || target.base === 'DATE' || target.base === 'TIME')) {
          throw mismatch(e, type, target);
        }
        try {
          return castValue(value, type, target);
        } catch (err) {
          if (err instanceof SqlEvaluationError || err instanceof RangeError) throw invalidSyntax(target, String(value));
          throw err;
        }
      }
      if (isNumeric(type) && isNumeric(target)) return castValue(value, type, target);
      if (type.base === target.base) return value;
      throw mismatch(e, type, target);
    }
    case 'unary': {
      const v = coerceLiteral(e.operand, target);
      if (e.op === '+' || v === null) return v;
      if (typeof v === 'number') return target.base === 'INTEGER' ? -v | 0 : -v;
      if (typeof v === 'bigint') return BigInt.asIntN(64, -v);
      if (v instanceof Decimal) return new Decimal(-v.unscaled, v.scale);
      throw mismatch(e, null, target);
    }
    case 'cast': {
      const v = coerceLiteral(e.operand, e.type);
      return v === null ? null : castValue(v, e.type, target);
    }
    case 'array':
      if (target.base !== 'ARRAY') throw mismatch(e, null, target);
      return e.elements.map((x) => coerceLiteral(x, target.element));
    case 'map': {
      if (target.base !== 'MAP') throw mismatch(e, null, target);
      const m = new Map<unknown, unknown>();
      for (const x of e.entries) m.set(coerceLiteral(x.key, target.key), coerceLiteral(x.value, target.value));
      return m;
    }
    case 'struct': {
      if (target.base !== 'STRUCT') throw mismatch(e, null, target);
      const out: Record<string, unknown> = {};
      for (const f of target.fields) out[f.name] = null;
      for (const f of e.fields) {
        const field = target.fields.find((x) => x.name === f.name);
        if (field === undefined) throw mismatch(e, null, target);
        out[f.name] = coerceLiteral(f.value, field.type);
      }
      return out;
    }
    default:
      throw mismatch(e, null, target);
  }
}
