/**
 * Array and map functions (ksqlDB's io.confluent.ksql.function.udf.array / map). Equality is deep;
 * ordering puts nulls last; set functions keep first-seen order like ksqlDB's LinkedHashSet.
 */
import { T, type SqlType } from '../types.js';
import { compareValues, valuesEqual } from '../expressions/compare.js';
import { javaToString } from '../expressions/java-strings.js';
import type { MaybeType } from '../expressions/sql-types.js';
import { bound, type Bindings, type FunctionDef } from './registry.js';

const arrayOfT = (_: readonly MaybeType[], b: Bindings): SqlType => T.array(bound(b, 'T'));
const elementT = (_: readonly MaybeType[], b: Bindings): SqlType => bound(b, 'T');

function distinct(values: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((x) => valuesEqual(x, v))) out.push(v);
  return out;
}

function contains(values: readonly unknown[], v: unknown): boolean {
  return values.some((x) => valuesEqual(x, v));
}

function compareNullsLast(a: unknown, b: unknown): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareValues(a, b);
}

function extreme(values: readonly unknown[], sign: 1 | -1): unknown {
  let best: unknown = null;
  for (const v of values) if (v !== null && (best === null || sign * compareValues(v, best) > 0)) best = v;
  return best;
}

function sorted(values: readonly unknown[], direction: string): unknown[] | null {
  const dir = direction.toUpperCase();
  if (dir !== 'ASC' && dir !== 'DESC') return null;
  const nonNull = values.filter((v) => v !== null).sort(compareValues);
  if (dir === 'DESC') nonNull.reverse();
  return [...nonNull, ...values.filter((v) => v === null)];
}

function series(start: bigint, end: bigint, step: bigint): bigint[] {
  if (step === 0n) throw new RangeError('GENERATE_SERIES step cannot be zero');
  const out: bigint[] = [];
  for (let v = start; step > 0n ? v <= end : v >= end; v += step) out.push(v);
  return out;
}

export const COLLECTION_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'ARRAY_CONTAINS',
    overloads: [
      {
        params: ['ARRAY<T>', 'T'],
        handlesNulls: true,
        returns: T.BOOLEAN,
        invoke: ([a, v]) => (a === null ? false : contains(a as unknown[], v)),
      },
    ],
  },
  { name: 'ARRAY_LENGTH', overloads: [{ params: ['ARRAY<T>'], returns: T.INTEGER, invoke: ([a]) => (a as unknown[]).length }] },
  { name: 'ARRAY_MAX', overloads: [{ params: ['ARRAY<T>'], returns: elementT, invoke: ([a]) => extreme(a as unknown[], 1) }] },
  { name: 'ARRAY_MIN', overloads: [{ params: ['ARRAY<T>'], returns: elementT, invoke: ([a]) => extreme(a as unknown[], -1) }] },
  {
    name: 'ARRAY_SORT',
    overloads: [
      { params: ['ARRAY<T>'], returns: arrayOfT, invoke: ([a]) => sorted(a as unknown[], 'ASC') },
      { params: ['ARRAY<T>', 'STRING'], returns: arrayOfT, invoke: ([a, d]) => sorted(a as unknown[], d as string) },
    ],
  },
  { name: 'ARRAY_DISTINCT', overloads: [{ params: ['ARRAY<T>'], returns: arrayOfT, invoke: ([a]) => distinct(a as unknown[]) }] },
  {
    name: 'ARRAY_EXCEPT',
    overloads: [
      {
        params: ['ARRAY<T>', 'ARRAY<T>'],
        returns: arrayOfT,
        invoke: ([a, b]) => distinct((a as unknown[]).filter((v) => !contains(b as unknown[], v))),
      },
    ],
  },
  {
    name: 'ARRAY_INTERSECT',
    overloads: [
      {
        params: ['ARRAY<T>', 'ARRAY<T>'],
        returns: arrayOfT,
        invoke: ([a, b]) => distinct((a as unknown[]).filter((v) => contains(b as unknown[], v))),
      },
    ],
  },
  {
    name: 'ARRAY_UNION',
    overloads: [{ params: ['ARRAY<T>', 'ARRAY<T>'], returns: arrayOfT, invoke: ([a, b]) => distinct([...(a as unknown[]), ...(b as unknown[])]) }],
  },
  {
    name: 'ARRAY_CONCAT',
    overloads: [
      {
        params: ['ARRAY<T>', 'ARRAY<T>'],
        handlesNulls: true,
        returns: arrayOfT,
        invoke: ([a, b]) => (a === null && b === null ? null : [...((a as unknown[] | null) ?? []), ...((b as unknown[] | null) ?? [])]),
      },
    ],
  },
  {
    name: 'ARRAY_REMOVE',
    overloads: [
      {
        params: ['ARRAY<T>', 'T'],
        handlesNulls: true,
        returns: arrayOfT,
        invoke: ([a, v]) => (a === null ? null : (a as unknown[]).filter((x) => !(x === null ? v === null : valuesEqual(x, v)))),
      },
    ],
  },
  {
    name: 'ARRAY_JOIN',
    overloads: [
      {
        params: ['ARRAY<T>'],
        returns: T.STRING,
        invoke: ([a], types) => (a as unknown[]).map((v) => javaToString(v, types[0]?.base === 'ARRAY' ? types[0].element : null)).join(','),
      },
      {
        params: ['ARRAY<T>', 'STRING'],
        handlesNulls: true,
        returns: T.STRING,
        invoke: ([a, d], types) =>
          a === null ? null : (a as unknown[]).map((v) => javaToString(v, types[0]?.base === 'ARRAY' ? types[0].element : null)).join((d as string | null) ?? ''),
      },
    ],
  },
  {
    name: 'SLICE',
    overloads: [
      {
        params: ['ARRAY<T>', 'INTEGER', 'INTEGER'],
        returns: arrayOfT,
        // 1-based and inclusive; out-of-range bounds clamp (ksqlDB's Slice).
        invoke: ([a, from, to]) => {
          const arr = a as unknown[];
          const start = Math.max(0, (from as number) - 1);
          const end = Math.min(arr.length, to as number);
          return start > end ? [] : arr.slice(start, end);
        },
      },
    ],
  },
  {
    name: 'GENERATE_SERIES',
    overloads: [
      { params: ['INTEGER', 'INTEGER'], returns: T.array(T.INTEGER), invoke: ([a, b]) => series(BigInt(a as number), BigInt(b as number), (a as number) <= (b as number) ? 1n : -1n).map(Number) },
      { params: ['INTEGER', 'INTEGER', 'INTEGER'], returns: T.array(T.INTEGER), invoke: ([a, b, s]) => series(BigInt(a as number), BigInt(b as number), BigInt(s as number)).map(Number) },
      { params: ['BIGINT', 'BIGINT'], returns: T.array(T.BIGINT), invoke: ([a, b]) => series(a as bigint, b as bigint, (a as bigint) <= (b as bigint) ? 1n : -1n) },
      { params: ['BIGINT', 'BIGINT', 'INTEGER'], returns: T.array(T.BIGINT), invoke: ([a, b, s]) => series(a as bigint, b as bigint, BigInt(s as number)) },
    ],
  },
  {
    name: 'MAP_KEYS',
    overloads: [{ params: ['MAP<K, V>'], returns: (_, b) => T.array(bound(b, 'K')), invoke: ([m]) => [...(m as Map<unknown, unknown>).keys()] }],
  },
  {
    name: 'MAP_VALUES',
    overloads: [{ params: ['MAP<K, V>'], returns: (_, b) => T.array(bound(b, 'V')), invoke: ([m]) => [...(m as Map<unknown, unknown>).values()] }],
  },
  {
    name: 'MAP_UNION',
    overloads: [
      {
        params: ['MAP<K, V>', 'MAP<K, V>'],
        handlesNulls: true,
        returns: (_, b) => T.map(bound(b, 'K'), bound(b, 'V')),
        invoke: ([x, y]) => (x === null && y === null ? null : new Map([...((x as Map<unknown, unknown> | null) ?? []), ...((y as Map<unknown, unknown> | null) ?? [])])),
      },
    ],
  },
  {
    name: 'AS_MAP',
    overloads: [
      {
        params: ['ARRAY<STRING>', 'ARRAY<T>'],
        returns: (_, b) => T.map(T.STRING, bound(b, 'T')),
        invoke: ([keys, values]) => {
          const m = new Map<unknown, unknown>();
          (keys as unknown[]).forEach((k, i) => m.set(k, (values as unknown[])[i] ?? null));
          return m;
        },
      },
    ],
  },
  {
    name: 'SPLIT_TO_MAP',
    overloads: [
      {
        params: ['STRING', 'STRING', 'STRING'],
        returns: T.map(T.STRING, T.STRING),
        // ksqlDB's SplitToMap: empty or equal delimiters give null; empty entries and entries without the
        // key-value delimiter are dropped; the value ends at the next key-value delimiter; later keys win.
        invoke: ([s, entryDelim, kvDelim]) => {
          const ed = entryDelim as string;
          const kd = kvDelim as string;
          if (ed === '' || kd === '' || ed === kd) return null;
          const m = new Map<string, string>();
          for (const entry of (s as string).split(ed)) {
            if (entry === '' || !entry.includes(kd)) continue;
            const [k = '', v = ''] = entry.split(kd);
            m.set(k, v);
          }
          return m;
        },
      },
    ],
  },
  {
    name: 'ENTRIES',
    overloads: [
      {
        params: ['MAP<STRING, T>', 'BOOLEAN'],
        returns: (_, b) =>
          T.array(
            T.struct([
              { name: 'K', type: T.STRING },
              { name: 'V', type: bound(b, 'T') },
            ]),
          ),
        invoke: ([m, sortKeys]) => {
          const entries = [...(m as Map<string, unknown>)];
          if (sortKeys === true) entries.sort(([a], [b]) => compareNullsLast(a, b));
          return entries.map(([K, V]) => ({ K, V }));
        },
      },
    ],
  },
];
