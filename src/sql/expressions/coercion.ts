/**
 * The common type of a user-supplied list (IN lists, ARRAY[...] and MAP(...) constructors), after ksqlDB's
 * CoercionUtil.coerceUserList: elements are folded left to right; string literals parse as the numeric
 * or boolean type so far (a numeric string brings its own type: '4.000' is DECIMAL(4, 3)); other literals
 * coerce laxly (anything primitive to STRING), other expressions strictly (numbers widen, containers
 * element-wise, structs field-wise); constructors nested in the list resolve element by element and
 * structs take the union of their fields.
 */
import type { Expr } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import { T, formatType, type SqlType } from '../types.js';
import { Decimal } from '../values.js';
import { formatExpression } from './format-expression.js';
import { isNumeric, isTemporal, numericRank, typeEquals, widerNumeric, type MaybeType } from './sql-types.js';

/** Types an expression nested in a constructor of the list. */
export type TypeOf = (e: Expr) => MaybeType;

interface Typed {
  readonly expr: Expr | null;
  readonly type: MaybeType;
}

/** CoercionUtil's InvalidCoercionException: a nested constructor rewords it with its own types. */
class InvalidCoercion extends SqlStatementError {}

function coercionFailure(e: Expr | null, source: MaybeType, target: SqlType): InvalidCoercion {
  const source_ = source === null ? 'null' : formatType(source);
  return new InvalidCoercion(
    `operator does not exist: ${formatType(target)} = ${source_} (${e === null ? 'null' : formatExpression(e)})\nHint: You might need to add explicit type casts.`,
  );
}

function invalidSyntax(value: string, target: SqlType): SqlStatementError {
  return new SqlStatementError(`invalid input syntax for type ${target.base}: "${value}".`);
}

/** ksqlDB's Literal: constants written in the statement (a signed number counts). */
export function isLiteral(e: Expr): boolean {
  return e.kind === 'literal' || (e.kind === 'unary' && e.operand.kind === 'literal' && e.operand.type !== 'STRING');
}

function isStringLiteral(e: Expr | null): e is Expr & { kind: 'literal'; value: string } {
  return e !== null && e.kind === 'literal' && e.type === 'STRING';
}

/** getStringNumericType: INTEGER or BIGINT for whole numbers in range, otherwise the value's own DECIMAL. */
function stringNumericType(text: string): SqlType | null {
  const t = text.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return null;
  const exponent = Number(m[4] ?? '0');
  if (!/[.eE]/.test(t)) {
    const n = BigInt(t);
    if (n > -2147483648n && n < 2147483647n) return T.INTEGER;
    if (n > -9223372036854775808n && n < 9223372036854775807n) return T.BIGINT;
  }
  // DecimalUtil.fromValue on new BigDecimal(text): scale = fraction digits - exponent, never negative.
  const frac = m[3] ?? '';
  let unscaled = BigInt(`${m[1] ?? ''}${m[2] ?? ''}${frac}` || '0');
  let scale = frac.length - exponent;
  if (scale < 0) {
    unscaled *= 10n ** BigInt(-scale);
    scale = 0;
  }
  const value = new Decimal(unscaled, scale);
  const abs = value.unscaled < 0n ? -value.unscaled : value.unscaled;
  if (abs < 10n ** BigInt(scale)) return T.decimal(scale + 1, scale);
  return T.decimal(Math.max(abs.toString().length, scale), scale);
}

function numericFromStringLiteral(value: string, target: SqlType): SqlType {
  const source = stringNumericType(value);
  if (source === null) throw invalidSyntax(value, target);
  if (source.base === 'DOUBLE' || target.base === 'DOUBLE') return T.DOUBLE;
  if (source.base === 'DECIMAL' || target.base === 'DECIMAL') return widerNumeric(source, target);
  return numericRank(source) <= numericRank(target) ? target : source;
}

/** SqlBooleans.parseBooleanExact: a non-empty prefix of true/yes/false/no, in any case. */
export function isBooleanText(value: string): boolean {
  const t = value.trim().toLowerCase();
  return t !== '' && ['true', 'yes', 'false', 'no'].some((w) => w.startsWith(t));
}

/** DefaultSqlValueCoercer.canCoerce at the type level: the type `from` becomes, or undefined. */
function canCoerce(from: SqlType, to: SqlType, lax: boolean): SqlType | undefined {
  if (typeEquals(from, to)) return to;
  if (isNumeric(from) && isNumeric(to)) {
    if (numericRank(from) > numericRank(to)) return undefined;
    return to.base === 'DECIMAL' ? widerNumeric(from, to) : to;
  }
  if (from.base === 'ARRAY' && to.base === 'ARRAY') {
    const element = canCoerce(from.element, to.element, lax);
    return element === undefined ? undefined : T.array(element);
  }
  if (from.base === 'MAP' && to.base === 'MAP') {
    const key = canCoerce(from.key, to.key, lax);
    const value = canCoerce(from.value, to.value, lax);
    return key === undefined || value === undefined ? undefined : T.map(key, value);
  }
  if (from.base === 'STRUCT' && to.base === 'STRUCT') {
    const fields: { name: string; type: SqlType }[] = [];
    for (const f of to.fields) {
      const source = from.fields.find((x) => x.name === f.name);
      const type = source === undefined ? f.type : canCoerce(source.type, f.type, lax);
      if (type === undefined) return undefined;
      fields.push({ name: f.name, type });
    }
    return from.fields.every((f) => to.fields.some((x) => x.name === f.name)) ? T.struct(fields) : undefined;
  }
  if (from.base === 'STRING' && isTemporal(to)) return to;
  if (lax && to.base === 'STRING' && (isNumeric(from) || from.base === 'BOOLEAN' || isTemporal(from))) return to;
  return undefined;
}

function commonSimpleType(exp: Typed, target: SqlType): SqlType {
  const source = exp.type as SqlType;
  const lax = exp.expr !== null && isLiteral(exp.expr);
  const common = canCoerce(source, target, lax) ?? canCoerce(target, source, lax);
  if (common === undefined) throw coercionFailure(exp.expr, source, target);
  return common;
}

/** A nested constructor's elements against the type so far (resolveStructuredCommonType). */
function structuredCommonType(target: SqlType, exprs: readonly Expr[], typeOf: TypeOf): SqlType {
  if (exprs.length === 0) return target;
  const typed: Typed[] = [{ expr: null, type: target }, ...exprs.map((e) => ({ expr: e, type: typeOf(e) }))];
  return foldCommonType(typed, typeOf) ?? target;
}

/** Runs a nested resolution, rewording a coercion failure with the constructor's own types. */
function nested(exp: Typed, target: SqlType, f: () => SqlType): SqlType {
  try {
    return f();
  } catch (e) {
    if (e instanceof InvalidCoercion) throw coercionFailure(exp.expr, exp.type, target);
    throw e;
  }
}

function structCommonType(exp: Typed, e: Expr & { kind: 'struct' }, target: SqlType, typeOf: TypeOf): SqlType {
  if (target.base !== 'STRUCT') throw coercionFailure(exp.expr, exp.type, target);
  return nested(exp, target, () => {
    const names = [...new Set([...e.fields.map((f) => f.name), ...target.fields.map((f) => f.name)])];
    return T.struct(
      names.map((name) => {
        const value = e.fields.find((f) => f.name === name)?.value;
        const sourceType = value === undefined ? null : typeOf(value);
        const targetType = target.fields.find((f) => f.name === name)?.type;
        if (targetType === undefined) return { name, type: sourceType ?? T.STRING };
        if (sourceType === null || value === undefined) return { name, type: targetType };
        return { name, type: commonTypeStep({ expr: value, type: sourceType }, targetType, typeOf) ?? targetType };
      }),
    );
  });
}

function commonTypeStep(exp: Typed, common: MaybeType, typeOf: TypeOf): MaybeType {
  if (common === null) return exp.type;
  if (exp.type === null) return common;
  const e = exp.expr;
  if (e?.kind === 'array') {
    if (common.base !== 'ARRAY') throw coercionFailure(e, exp.type, common);
    return nested(exp, common, () => T.array(structuredCommonType(common.element, e.elements, typeOf)));
  }
  if (e?.kind === 'map') {
    if (common.base !== 'MAP') throw coercionFailure(e, exp.type, common);
    return nested(exp, common, () =>
      T.map(
        structuredCommonType(
          common.key,
          e.entries.map((x) => x.key),
          typeOf,
        ),
        structuredCommonType(
          common.value,
          e.entries.map((x) => x.value),
          typeOf,
        ),
      ),
    );
  }
  if (e?.kind === 'struct') return structCommonType(exp, e, common, typeOf);
  if (isStringLiteral(e)) {
    if (isNumeric(common)) return numericFromStringLiteral(e.value, common);
    if (common.base === 'BOOLEAN') {
      if (!isBooleanText(e.value)) throw invalidSyntax(e.value, common);
      return common;
    }
  }
  return commonSimpleType(exp, common);
}

function foldCommonType(items: readonly Typed[], typeOf: TypeOf): MaybeType {
  let common: MaybeType = null;
  for (const item of items) common = commonTypeStep(item, common, typeOf);
  return common;
}

/**
 * The common type of a list whose element types are known, or null when every element is a bare NULL.
 * Throws SqlStatementError with ksqlDB's messages: "operator does not exist: INTEGER = BOOLEAN (true)..."
 * and "invalid input syntax for type INTEGER: \"x\".".
 */
export function listCommonType(exprs: readonly Expr[], types: readonly MaybeType[], typeOf: TypeOf): MaybeType {
  return foldCommonType(
    exprs.map((expr, i) => ({ expr, type: types[i] ?? null })),
    typeOf,
  );
}
