/**
 * Scalar function overloads and their resolution, after ksqlDB's UdfIndex: an exact match wins, otherwise
 * arguments may widen (INTEGER -> BIGINT -> DECIMAL -> DOUBLE); a NULL argument matches any parameter.
 * Resolution errors use ksqlDB's wording.
 */
import type { Pos } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { T, type SqlType } from '../types.js';
import { castValue } from '../expressions/cast.js';
import { toDecimal, toDouble, toLong } from '../expressions/numeric.js';
import { formatMaybeType, typeEquals, type MaybeType } from '../expressions/sql-types.js';

/** A parsed parameter spec: a concrete base, DECIMAL (any precision), ANY, STRUCT (any), a generic letter, or a container. */
type Spec =
  | { readonly kind: 'base'; readonly base: SqlType['base'] }
  | { readonly kind: 'any' }
  | { readonly kind: 'generic'; readonly name: string }
  | { readonly kind: 'array'; readonly element: Spec }
  | { readonly kind: 'map'; readonly key: Spec; readonly value: Spec };

/** The type the compiler gives a bare time unit argument (`DAYS` in `DATEADD(DAYS, 1, d)`); spec `UNIT` matches it. */
export const TIME_UNIT_TYPE_NAME = 'INTERVALUNIT';

export type Bindings = Map<string, SqlType>;

export interface Overload {
  /** Parameter specs: `INTEGER`, `DECIMAL`, `STRING`, `ANY`, `STRUCT`, `T`, `ARRAY<T>`, `MAP<K, V>`, `ARRAY<STRING>`... */
  readonly params: readonly string[];
  /** The last parameter repeats zero or more times. */
  readonly variadic?: boolean;
  /** The return type, fixed or computed from the argument types and the generic bindings. */
  readonly returns: SqlType | ((argTypes: readonly MaybeType[], bindings: Bindings) => SqlType);
  /** false (the default): a null argument gives a null result without calling `invoke`. */
  readonly handlesNulls?: boolean;
  readonly invoke: (args: readonly unknown[], argTypes: readonly MaybeType[]) => unknown;
  /** Set for overloads streamsim refuses (non-deterministic ones): resolving them throws SqlUnsupportedError. */
  readonly unsupported?: string;
}

export interface FunctionDef {
  readonly name: string;
  readonly overloads: readonly Overload[];
  /** ksqlDB reports any non-exact match with several candidates as ambiguous (GREATEST, LEAST). */
  readonly ambiguousOnWidening?: boolean;
  /** Name as it appears in "Function 'x' does not accept parameters" (ksqlDB lower-cases most). */
  readonly displayName?: string;
}

export interface ResolvedScalar {
  readonly returnType: SqlType;
  invoke(args: readonly unknown[]): unknown;
}

const specCache = new Map<string, Spec>();

function parseSpec(text: string): Spec {
  const cached = specCache.get(text);
  if (cached !== undefined) return cached;
  const s = text.replace(/\s+/g, '');
  let spec: Spec;
  if (s.startsWith('ARRAY<')) {
    spec = { kind: 'array', element: parseSpec(s.slice(6, -1)) };
  } else if (s.startsWith('MAP<')) {
    const inner = s.slice(4, -1);
    let depth = 0;
    let split = -1;
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] === '<') depth++;
      else if (inner[i] === '>') depth--;
      else if (inner[i] === ',' && depth === 0) split = i;
    }
    spec = { kind: 'map', key: parseSpec(inner.slice(0, split)), value: parseSpec(inner.slice(split + 1)) };
  } else if (s === 'ANY') {
    spec = { kind: 'any' };
  } else if (/^[A-Z]$/.test(s)) {
    spec = { kind: 'generic', name: s };
  } else {
    spec = { kind: 'base', base: s as SqlType['base'] };
  }
  specCache.set(text, spec);
  return spec;
}

/**
 * Cost of implicitly casting one base to another, or undefined when ksqlDB does not do it: numbers widen,
 * and a STRING parses as DATE, TIME or TIMESTAMP (SqlBaseType.canImplicitlyCast).
 */
const WIDENING: Record<string, Record<string, number>> = {
  INTEGER: { BIGINT: 1, DECIMAL: 2, DOUBLE: 3 },
  BIGINT: { DECIMAL: 1, DOUBLE: 2 },
  DECIMAL: { DOUBLE: 1 },
  STRING: { DATE: 1, TIME: 1, TIMESTAMP: 1 },
};

/** 0: exact, n > 0: widening cost, -1: no match. Binds generics. */
function matchSpec(spec: Spec, actual: MaybeType, bindings: Bindings): number {
  if (actual === null) return 0;
  switch (spec.kind) {
    case 'any':
      return 0;
    case 'generic': {
      const bound = bindings.get(spec.name);
      if (bound === undefined) {
        bindings.set(spec.name, actual);
        return 0;
      }
      return typeEquals(bound, actual) ? 0 : -1;
    }
    case 'array':
      return actual.base === 'ARRAY' ? matchSpec(spec.element, actual.element, bindings) : -1;
    case 'map':
      if (actual.base !== 'MAP') return -1;
      {
        const k = matchSpec(spec.key, actual.key, bindings);
        const v = matchSpec(spec.value, actual.value, bindings);
        return k < 0 || v < 0 ? -1 : k + v;
      }
    case 'base':
      if ((spec.base as string) === 'UNIT') return actual.base === 'CUSTOM' && actual.name === TIME_UNIT_TYPE_NAME ? 0 : -1;
      if (spec.base === actual.base) return 0;
      return WIDENING[actual.base]?.[spec.base] ?? -1;
  }
}

/** Converts a widened argument to the parameter's representation. */
function converterFor(spec: Spec, actual: MaybeType): ((v: unknown) => unknown) | null {
  if (actual === null || spec.kind !== 'base' || spec.base === actual.base) return null;
  switch (spec.base) {
    case 'BIGINT':
      return toLong;
    case 'DOUBLE':
      return toDouble;
    case 'DECIMAL':
      return toDecimal;
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP': {
      const to: SqlType = { base: spec.base };
      return (v) => castValue(v, T.STRING, to);
    }
    default:
      return null;
  }
}

/** The spec for argument i, honouring a variadic last parameter. */
function specAt(o: Overload, i: number): string | undefined {
  if (i < o.params.length - (o.variadic === true ? 1 : 0)) return o.params[i];
  return o.variadic === true ? o.params[o.params.length - 1] : undefined;
}

function arityMatches(o: Overload, n: number): boolean {
  return o.variadic === true ? n >= o.params.length - 1 : n === o.params.length;
}

interface Candidate {
  readonly overload: Overload;
  readonly cost: number;
  readonly bindings: Bindings;
}

function tryMatch(o: Overload, argTypes: readonly MaybeType[]): Candidate | null {
  if (!arityMatches(o, argTypes.length)) return null;
  const bindings: Bindings = new Map();
  let cost = 0;
  for (let i = 0; i < argTypes.length; i++) {
    const spec = specAt(o, i);
    if (spec === undefined) return null;
    const c = matchSpec(parseSpec(spec), argTypes[i] ?? null, bindings);
    if (c < 0) return null;
    cost += c;
  }
  return { overload: o, cost, bindings };
}

function describeArgs(argTypes: readonly MaybeType[]): string {
  return argTypes.map(formatMaybeType).join(', ');
}

export function resolveOverload(def: FunctionDef, argTypes: readonly MaybeType[], pos?: Pos): ResolvedScalar {
  const display = def.displayName ?? def.name.toLowerCase();
  const candidates = def.overloads.map((o) => tryMatch(o, argTypes)).filter((c): c is Candidate => c !== null);
  if (candidates.length === 0) {
    throw new SqlStatementError(`Function '${display}' does not accept parameters (${describeArgs(argTypes)}).`, pos);
  }
  let chosen: Candidate | undefined;
  const exact = candidates.filter((c) => c.cost === 0);
  if (exact.length > 0) {
    const fixed = exact.filter((c) => c.overload.variadic !== true);
    const pool = fixed.length > 0 ? fixed : exact;
    if (pool.length === 1) chosen = pool[0];
  } else if (!(def.ambiguousOnWidening === true && candidates.length > 1)) {
    const best = Math.min(...candidates.map((c) => c.cost));
    const cheapest = candidates.filter((c) => c.cost === best);
    if (cheapest.length === 1) chosen = cheapest[0];
  }
  if (chosen === undefined) {
    throw new SqlStatementError(`Function '${display}' cannot be resolved due to ambiguous method parameters (${describeArgs(argTypes)}).`, pos);
  }
  return bind(chosen, argTypes, pos);
}

function bind(c: Candidate, argTypes: readonly MaybeType[], pos?: Pos): ResolvedScalar {
  const o = c.overload;
  if (o.unsupported !== undefined) throw new SqlUnsupportedError(o.unsupported, pos);
  const returnType = typeof o.returns === 'function' ? o.returns(argTypes, c.bindings) : o.returns;
  const converters = argTypes.map((t, i) => converterFor(parseSpec(specAt(o, i) ?? 'ANY'), t));
  const needsConversion = converters.some((f) => f !== null);
  const handlesNulls = o.handlesNulls === true;
  return {
    returnType,
    invoke(args: readonly unknown[]): unknown {
      let actual = args;
      if (needsConversion) {
        actual = args.map((v, i) => {
          const f = converters[i];
          return f === null || f === undefined || v === null ? v : f(v);
        });
      }
      if (!handlesNulls) {
        for (const v of actual) if (v === null || v === undefined) return null;
      }
      return o.invoke(actual, argTypes);
    },
  };
}

/** A generic binding, or a fallback when every argument was an untyped NULL. */
export function bound(bindings: Bindings, name: string, fallback: SqlType = T.STRING): SqlType {
  return bindings.get(name) ?? fallback;
}
