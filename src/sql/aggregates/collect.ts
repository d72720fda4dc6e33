/**
 * COLLECT_LIST, COLLECT_SET and HISTOGRAM (ksqlDB's CollectListUdaf, CollectSetUdaf, HistogramUdaf). All three
 * can undo, so they aggregate tables too. Lists and sets keep nulls and stop growing at their configured
 * limit (ksql.functions.collect_list.limit / collect_set.limit, default 1000); histograms count non-null
 * strings, at most 1000 distinct ones, and drop an entry whose count falls to zero.
 */
import { T } from '../types.js';
import { configInt, noOverload, valueKey, type UdafFactory } from './udaf.js';

const DEFAULT_LIMIT = 1000;

export const collectList: UdafFactory = (req) => {
  const arg = req.argTypes[0];
  if (req.argTypes.length !== 1 || arg === undefined) throw noOverload(req);
  const limit = configInt(req, 'ksql.functions.collect_list.limit', DEFAULT_LIMIT);
  const type = T.array(arg);
  return {
    returnType: type,
    aggregateType: type,
    initial: () => [],
    add: (acc, args) => {
      const list = acc as readonly unknown[];
      return list.length >= limit ? acc : [...list, args[0] ?? null];
    },
    undo: (acc, args) => {
      // CollectListUdaf removes the last occurrence of the value
      const list = acc as readonly unknown[];
      const key = valueKey(args[0]);
      for (let i = list.length - 1; i >= 0; i--) {
        if (valueKey(list[i]) === key) return [...list.slice(0, i), ...list.slice(i + 1)];
      }
      return acc;
    },
    merge: (a, b) => [...(a as readonly unknown[]), ...(b as readonly unknown[])].slice(0, limit),
    result: (acc) => acc,
  };
};

export const collectSet: UdafFactory = (req) => {
  const arg = req.argTypes[0];
  if (req.argTypes.length !== 1 || arg === undefined) throw noOverload(req);
  const limit = configInt(req, 'ksql.functions.collect_set.limit', DEFAULT_LIMIT);
  const type = T.array(arg);
  const addOne = (set: readonly unknown[], v: unknown): readonly unknown[] => {
    if (set.length >= limit) return set;
    const key = valueKey(v);
    return set.some((x) => valueKey(x) === key) ? set : [...set, v ?? null];
  };
  return {
    returnType: type,
    aggregateType: type,
    initial: () => [],
    add: (acc, args) => addOne(acc as readonly unknown[], args[0]),
    undo: (acc, args) => {
      const key = valueKey(args[0]);
      return (acc as readonly unknown[]).filter((x) => valueKey(x) !== key);
    },
    merge: (a, b) => (b as readonly unknown[]).reduce<readonly unknown[]>(addOne, a as readonly unknown[]),
    result: (acc) => acc,
  };
};

/** HISTOGRAM(STRING) → MAP<STRING, BIGINT> of how often each value was seen. */
export const histogram: UdafFactory = (req) => {
  if (req.argTypes.length !== 1 || req.argTypes[0]?.base !== 'STRING') throw noOverload(req);
  const type = T.map(T.STRING, T.BIGINT);
  const bump = (acc: unknown, v: unknown, by: bigint): unknown => {
    if (typeof v !== 'string') return acc;
    const counts = acc as ReadonlyMap<string, bigint>;
    const next = (counts.get(v) ?? 0n) + by;
    if (by > 0n && !counts.has(v) && counts.size >= DEFAULT_LIMIT) return acc;
    const out = new Map(counts);
    if (next <= 0n) out.delete(v);
    else out.set(v, next);
    return out;
  };
  return {
    returnType: type,
    aggregateType: type,
    initial: () => new Map<string, bigint>(),
    add: (acc, args) => bump(acc, args[0], 1n),
    undo: (acc, args) => bump(acc, args[0], -1n),
    merge: (a, b) => {
      let out: unknown = a;
      for (const [k, c] of b as ReadonlyMap<string, bigint>) out = bump(out, k, c);
      return out;
    },
    result: (acc) => new Map(acc as ReadonlyMap<string, bigint>),
  };
};
