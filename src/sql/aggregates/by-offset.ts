/**
 * LATEST_BY_OFFSET and EARLIEST_BY_OFFSET, with their optional arguments: `(col)`, `(col, ignoreNulls)`,
 * `(col, n)`, `(col, n, ignoreNulls)`; ignoreNulls defaults to true; the n-forms return arrays (oldest first).
 * Each value is stamped with a sequence number so that merging session windows can tell which came first
 * (ksqlDB's LatestByOffset/EarliestByOffset keep STRUCT<SEQ, VAL>). The sequence belongs to the Udaf
 * instance, so it is deterministic per query.
 */
import { SqlStatementError } from '../errors.js';
import { T, type SqlType } from '../types.js';
import { literalBool, literalInt, noOverload, type Udaf, type UdafRequest } from './udaf.js';

interface Stamped {
  readonly SEQ: number;
  readonly VAL: unknown;
}

interface Options {
  readonly n: number | undefined;
  readonly ignoreNulls: boolean;
}

function parseOptions(req: UdafRequest): Options {
  const types = req.argTypes;
  if (types.length === 1) return { n: undefined, ignoreNulls: true };
  if (types.length === 2) {
    if (types[1]?.base === 'BOOLEAN') return { n: undefined, ignoreNulls: literalBool(req, 1) };
    return { n: checkedN(req, literalInt(req, 1)), ignoreNulls: true };
  }
  if (types.length === 3) return { n: checkedN(req, literalInt(req, 1)), ignoreNulls: literalBool(req, 2) };
  throw noOverload(req);
}

function checkedN(_req: UdafRequest, n: number): number {
  // ksqlDB's message (both functions say "earliestN")
  if (n <= 0) throw new SqlStatementError('earliestN must be 1 or greater');
  return n;
}

const isNull = (v: unknown): boolean => v === null || v === undefined;

function byOffset(req: UdafRequest, latest: boolean): Udaf {
  const valueType = req.argTypes[0];
  if (valueType === undefined) throw noOverload(req);
  const { n, ignoreNulls } = parseOptions(req);
  let sequence = 0;
  const stamp = (v: unknown): Stamped => ({ SEQ: sequence++, VAL: v ?? null });
  const stampedType: SqlType = T.struct([
    { name: 'SEQ', type: T.BIGINT },
    { name: 'VAL', type: valueType },
  ]);

  if (n === undefined) {
    // Single value. The accumulator is null until a value is taken.
    const prefer = (a: Stamped | null, b: Stamped | null): Stamped | null => {
      if (a === null) return b;
      if (b === null) return a;
      if (ignoreNulls && isNull(a.VAL) !== isNull(b.VAL)) return isNull(a.VAL) ? b : a;
      return (latest ? a.SEQ >= b.SEQ : a.SEQ <= b.SEQ) ? a : b;
    };
    return {
      returnType: valueType,
      aggregateType: stampedType,
      initial: () => null,
      add: (acc, args) => {
        const v = args[0];
        if (ignoreNulls && isNull(v)) return acc;
        if (!latest && acc !== null) return acc;
        return stamp(v);
      },
      merge: (a, b) => prefer(a as Stamped | null, b as Stamped | null),
      result: (acc) => (acc === null ? null : (acc as Stamped).VAL),
    };
  }

  const limit = n;
  const keep = (list: readonly Stamped[]): readonly Stamped[] =>
    list.length <= limit ? list : latest ? list.slice(list.length - limit) : list.slice(0, limit);
  return {
    returnType: T.array(valueType),
    aggregateType: T.array(stampedType),
    initial: () => [],
    add: (acc, args) => {
      const v = args[0];
      const list = acc as readonly Stamped[];
      if (ignoreNulls && isNull(v)) return acc;
      if (!latest && list.length >= limit) return acc;
      return keep([...list, stamp(v)]);
    },
    merge: (a, b) => keep([...(a as readonly Stamped[]), ...(b as readonly Stamped[])].sort((x, y) => x.SEQ - y.SEQ)),
    result: (acc) => (acc as readonly Stamped[]).map((s) => s.VAL),
  };
}

export const latestByOffset = (req: UdafRequest): Udaf => byOffset(req, true);
export const earliestByOffset = (req: UdafRequest): Udaf => byOffset(req, false);
