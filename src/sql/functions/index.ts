/**
 * Scalar functions: `resolveScalar(name, argTypes)` picks an overload (or throws ksqlDB's error) and
 * gives its return type and an `invoke` for the per-record path. Lambda functions (TRANSFORM, FILTER,
 * REDUCE) are compiled by the expression compiler, which knows how to bind lambda parameters.
 */
import type { Pos } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import type { MaybeType } from '../expressions/sql-types.js';
import { COLLECTION_FUNCTIONS } from './collections.js';
import { CONVERSION_FUNCTIONS } from './conversions.js';
import { DATETIME_FUNCTIONS } from './datetime.js';
import { JSON_FUNCTIONS } from './json.js';
import { MATH_FUNCTIONS } from './math.js';
import { MISC_FUNCTIONS } from './misc.js';
import { resolveOverload, type FunctionDef, type ResolvedScalar } from './registry.js';
import { STRING_FUNCTIONS } from './string.js';

export type { FunctionDef, Overload, ResolvedScalar } from './registry.js';
export { TIME_UNIT_TYPE_NAME } from './registry.js';
export { javaDateFormat, type JavaDateFormat } from './java-date-format.js';
export { zoneOf, type Zone } from './time-zones.js';
export { sqlToJson } from './json.js';

const REGISTRY = new Map<string, FunctionDef>();
for (const def of [...STRING_FUNCTIONS, ...MATH_FUNCTIONS, ...DATETIME_FUNCTIONS, ...COLLECTION_FUNCTIONS, ...JSON_FUNCTIONS, ...MISC_FUNCTIONS, ...CONVERSION_FUNCTIONS]) {
  REGISTRY.set(def.name, def);
}

/** Functions that take lambdas; the expression compiler implements them. */
export const LAMBDA_FUNCTIONS: ReadonlySet<string> = new Set(['TRANSFORM', 'FILTER', 'REDUCE']);

/**
 * Functions an engine adds to the built-in ones (the QTT runner's test UDFs): looked up by upper-case name,
 * and asked again for every call it resolves, so a stateful function gets one instance per call site, as
 * ksqlDB instantiates a UDF class per use in a query.
 */
export type ExtraFunctions = (upperName: string) => FunctionDef | undefined;

const NO_EXTRA_FUNCTIONS: ExtraFunctions = () => undefined;
let extraFunctions: ExtraFunctions = NO_EXTRA_FUNCTIONS;

/**
 * Runs `compile` with `extra` functions visible to `resolveScalar` and `isScalarFunction`. Statements are
 * compiled synchronously, so this dynamic scope reaches every call site without threading a registry through
 * each compile step; resolved calls keep their implementation after it ends.
 */
export function withExtraFunctions<R>(extra: ExtraFunctions | undefined, compile: () => R): R {
  if (extra === undefined) return compile();
  const outer = extraFunctions;
  extraFunctions = extra;
  try {
    return compile();
  } finally {
    extraFunctions = outer;
  }
}

function lookup(name: string): FunctionDef | undefined {
  const upper = name.toUpperCase();
  return REGISTRY.get(upper) ?? extraFunctions(upper);
}

export function isScalarFunction(name: string): boolean {
  return lookup(name) !== undefined || LAMBDA_FUNCTIONS.has(name.toUpperCase());
}

/**
 * Resolves a call. `argTypes` entries may be null for an untyped NULL argument (ksqlDB prints them as `null`).
 * Throws SqlStatementError "Can't find any functions with the name 'X'" or "Function 'x' does not accept
 * parameters (...)." / "... cannot be resolved due to ambiguous method parameters (...).".
 */
export function resolveScalar(name: string, argTypes: readonly MaybeType[], pos?: Pos): ResolvedScalar {
  const def = lookup(name);
  if (def === undefined) throw new SqlStatementError(`Can't find any functions with the name '${name}'`, pos);
  return resolveOverload(def, argTypes, pos);
}
