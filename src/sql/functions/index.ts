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

export type { ResolvedScalar } from './registry.js';
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

export function isScalarFunction(name: string): boolean {
  const upper = name.toUpperCase();
  return REGISTRY.has(upper) || LAMBDA_FUNCTIONS.has(upper);
}

/**
 * Resolves a call. `argTypes` entries may be null for an untyped NULL argument (ksqlDB prints them as `null`).
 * Throws SqlStatementError "Can't find any functions with the name 'X'" or "Function 'x' does not accept
 * parameters (...)." / "... cannot be resolved due to ambiguous method parameters (...).".
 */
export function resolveScalar(name: string, argTypes: readonly MaybeType[], pos?: Pos): ResolvedScalar {
  const def = REGISTRY.get(name.toUpperCase());
  if (def === undefined) throw new SqlStatementError(`Can't find any functions with the name '${name}'`, pos);
  return resolveOverload(def, argTypes, pos);
}
