/**
 * MIN, MAX, TOPK and TOPKDISTINCT: the order-based aggregates (ksqlDB's MinKudaf/MaxKudaf, TopkKudaf,
 * TopkDistinctKudaf). Nulls are ignored; none of them can undo, so ksqlDB rejects them on table sources.
 */
import { T, type SqlType } from '../types.js';
import { compareValues, isComparableType, literalInt, noOverload, valueKey, type UdafFactory, type UdafRequest } from './udaf.js';

function extreme(req: UdafRequest, keepFirst: (cmp: number) => boolean) {
  const arg = req.argTypes[0];
  if (req.argTypes.length !== 1 || arg === undefined || !isComparableType(arg)) throw noOverload(req);
  const pick = (a: unknown, b: unknown): unknown => {
    if (a === null || a === undefined) return b ?? null;
    if (b === null || b === undefined) return a;
    return keepFirst(compareValues(a, b)) ? a : b;
  };
  return {
    returnType: arg,
    aggregateType: arg,
    initial: () => null,
    add: (acc: unknown, args: readonly unknown[]) => pick(acc, args[0]),
    merge: pick,
    result: (acc: unknown) => acc,
  };
}

export const min: UdafFactory = (req) => extreme(req, (cmp) => cmp <= 0);
export const max: UdafFactory = (req) => extreme(req, (cmp) => cmp >= 0);

/** Inserts `item` into a list sorted descending by `sortOf`, after its equals; keeps at most k. */
function insertDescending<V>(list: readonly V[], item: V, k: number, sortOf: (v: V) => unknown): readonly V[] {
  const s = sortOf(item);
  const last = list[list.length - 1];
  if (list.length >= k && last !== undefined && compareValues(s, sortOf(last)) <= 0) return list;
  let at = list.length;
  for (let i = 0; i < list.length; i++) {
    if (compareValues(sortOf(list[i] as V), s) < 0) {
      at = i;
      break;
    }
  }
  const out = [...list.slice(0, at), item, ...list.slice(at)];
  return out.length > k ? out.slice(0, k) : out;
}

function mergeDescending<V>(a: readonly V[], b: readonly V[], k: number, sortOf: (v: V) => unknown): readonly V[] {
  let out = a;
  for (const v of b) out = insertDescending(out, v, k, sortOf);
  return out;
}

/**
 * TOPK(col, k) → ARRAY of the k greatest values, descending. TOPK(col, other..., k) → ARRAY<STRUCT<sort_col,
 * col0, col1...>> carrying the other columns along (ksqlDB 0.28+).
 */
export const topk: UdafFactory = (req) => {
  const n = req.argTypes.length;
  const sortType = req.argTypes[0];
  if (n < 2 || sortType === undefined || !isComparableType(sortType)) throw noOverload(req);
  const k = literalInt(req, n - 1);
  if (k <= 0) throw noOverload(req);
  const others = req.argTypes.slice(1, n - 1);
  if (others.length === 0) {
    const type = T.array(sortType);
    return {
      returnType: type,
      aggregateType: type,
      initial: () => [],
      add: (acc, args) =>
        args[0] === null || args[0] === undefined ? acc : insertDescending(acc as readonly unknown[], args[0], k, (v) => v),
      merge: (a, b) => mergeDescending(a as readonly unknown[], b as readonly unknown[], k, (v) => v),
      result: (acc) => acc,
    };
  }
  const fields: { name: string; type: SqlType }[] = [
    { name: 'sort_col', type: sortType },
    ...others.map((type, i) => ({ name: `col${i}`, type })),
  ];
  const type = T.array(T.struct(fields));
  const sortOf = (v: Record<string, unknown>): unknown => v['sort_col'];
  return {
    returnType: type,
    aggregateType: type,
    initial: () => [],
    add: (acc, args) => {
      if (args[0] === null || args[0] === undefined) return acc;
      const entry: Record<string, unknown> = { sort_col: args[0] };
      others.forEach((_, i) => (entry[`col${i}`] = args[i + 1] ?? null));
      return insertDescending(acc as readonly Record<string, unknown>[], entry, k, sortOf);
    },
    merge: (a, b) => mergeDescending(a as readonly Record<string, unknown>[], b as readonly Record<string, unknown>[], k, sortOf),
    result: (acc) => acc,
  };
};

/** TOPKDISTINCT(col, k): the k greatest distinct values, descending. */
export const topkDistinct: UdafFactory = (req) => {
  const arg = req.argTypes[0];
  if (req.argTypes.length !== 2 || arg === undefined || !isComparableType(arg)) throw noOverload(req);
  const k = literalInt(req, 1);
  if (k <= 0) throw noOverload(req);
  const type = T.array(arg);
  const addOne = (acc: readonly unknown[], v: unknown): readonly unknown[] => {
    if (v === null || v === undefined) return acc;
    const key = valueKey(v);
    if (acc.some((x) => valueKey(x) === key)) return acc;
    return insertDescending(acc, v, k, (x) => x);
  };
  return {
    returnType: type,
    aggregateType: type,
    initial: () => [],
    add: (acc, args) => addOne(acc as readonly unknown[], args[0]),
    merge: (a, b) => (b as readonly unknown[]).reduce<readonly unknown[]>((out, v) => addOne(out, v), a as readonly unknown[]),
    result: (acc) => acc,
  };
};
