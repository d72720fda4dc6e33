import { describe, expect, it } from 'vitest';
import { isAggregateFunction, resolveAggregate, UdafError, type Udaf } from '../../src/sql/aggregates/index.js';
import { SqlStatementError } from '../../src/sql/errors.js';
import { T, type SqlType } from '../../src/sql/types.js';
import { Decimal } from '../../src/sql/values.js';

/** Feeds each argument list through add() and collects the result after every step. */
function results(udaf: Udaf, inputs: readonly (readonly unknown[])[]): unknown[] {
  let acc = udaf.initial();
  return inputs.map((args) => {
    acc = udaf.add(acc, args);
    return udaf.result(acc);
  });
}

const one = (values: readonly unknown[]): unknown[][] => values.map((v) => [v]);
const agg = (name: string, types: readonly SqlType[], literals: readonly unknown[] = []): Udaf =>
  resolveAggregate(name, types, literals);

describe('resolveAggregate', () => {
  it('knows aggregate names in any case', () => {
    expect(isAggregateFunction('count')).toBe(true);
    expect(isAggregateFunction('Latest_By_Offset')).toBe(true);
    expect(isAggregateFunction('ucase')).toBe(false);
  });

  it('rejects unknown names and argument types with ksqlDB messages', () => {
    expect(() => agg('NOPE', [T.INTEGER])).toThrow("Can't find any functions with the name 'NOPE'");
    expect(() => agg('sum', [T.STRING])).toThrow(
      new SqlStatementError("There is no aggregate function with name='SUM' that has arguments of type=STRING"),
    );
    expect(() => agg('TOPK', [T.INTEGER, T.INTEGER], [undefined, undefined])).toThrow(SqlStatementError);
  });
});

describe('COUNT', () => {
  it('COUNT(*) counts rows, COUNT(col) skips nulls', () => {
    expect(results(agg('COUNT', []), [[], [], []])).toEqual([1n, 2n, 3n]);
    expect(results(agg('COUNT', [T.STRING]), one(['a', null, 'b']))).toEqual([1n, 1n, 2n]);
  });

  it('undoes back to zero (table aggregation)', () => {
    const count = agg('COUNT', [T.INTEGER]);
    const undo = count.undo;
    expect(undo).toBeDefined();
    let acc = count.add(count.add(count.initial(), [1]), [1]);
    acc = undo?.(acc, [1]);
    acc = undo?.(acc, [1]);
    expect(count.result(acc)).toBe(0n);
    expect(count.returnType).toEqual(T.BIGINT);
  });

  it('COUNT_DISTINCT counts distinct non-null values', () => {
    expect(results(agg('COUNT_DISTINCT', [T.STRING]), one(['a', 'b', 'a', null]))).toEqual([1n, 2n, 2n, 2n]);
  });
});

describe('SUM', () => {
  it('keeps the argument type, skips nulls and starts at zero', () => {
    expect(results(agg('SUM', [T.INTEGER]), one([null, 5, 7]))).toEqual([0, 5, 12]);
    expect(agg('SUM', [T.INTEGER]).returnType).toEqual(T.INTEGER);
    expect(results(agg('SUM', [T.BIGINT]), one([9007199254740993n, 1n]))).toEqual([9007199254740993n, 9007199254740994n]);
    expect(results(agg('SUM', [T.DOUBLE]), one([0.5, 0.25]))).toEqual([0.5, 0.75]);
  });

  it('wraps INTEGER sums like Java int', () => {
    expect(results(agg('SUM', [T.INTEGER]), one([2147483647, 1]))).toEqual([2147483647, -2147483648]);
  });

  it('sums decimals exactly in the argument type, failing past its precision', () => {
    const sum = agg('SUM', [T.decimal(3, 1)]);
    expect(sum.returnType).toEqual(T.decimal(3, 1));
    const out = results(sum, one([Decimal.parse('10.5'), Decimal.parse('20.2')]));
    expect(out.map(String)).toEqual(['10.5', '30.7']);
    let acc = sum.add(sum.initial(), [Decimal.parse('60.0')]);
    expect(() => (acc = sum.add(acc, [Decimal.parse('50.0')]))).toThrow(UdafError);
    expect(() => sum.add(acc, [Decimal.parse('50.0')])).toThrow('Numeric field overflow');
  });

  it('undoes a value', () => {
    const sum = agg('SUM', [T.BIGINT]);
    const acc = sum.add(sum.add(sum.initial(), [3n]), [4n]);
    expect(sum.result(sum.undo?.(acc, [3n]))).toBe(4n);
  });
});

describe('AVG', () => {
  it('is a DOUBLE, 0.0 before any value, nulls ignored', () => {
    const avg = agg('AVG', [T.INTEGER]);
    expect(avg.returnType).toEqual(T.DOUBLE);
    expect(avg.result(avg.initial())).toBe(0);
    expect(results(avg, one([1, null, 2]))).toEqual([1, 1, 1.5]);
  });

  it('undoes', () => {
    const avg = agg('AVG', [T.DOUBLE]);
    const acc = avg.add(avg.add(avg.initial(), [2]), [4]);
    expect(avg.result(avg.undo?.(acc, [4]))).toBe(2);
  });
});

describe('MIN and MAX', () => {
  it('ignore nulls and order numbers, strings and decimals', () => {
    expect(results(agg('MIN', [T.INTEGER]), one([null, 4, 9, 1]))).toEqual([null, 4, 4, 1]);
    expect(results(agg('MAX', [T.STRING]), one(['b', 'a', 'c']))).toEqual(['b', 'b', 'c']);
    const max = results(agg('MAX', [T.decimal(4, 2)]), one([Decimal.parse('1.50'), Decimal.parse('10.00')]));
    expect(max.map(String)).toEqual(['1.50', '10.00']);
  });

  it('cannot undo (ksqlDB rejects them on tables)', () => {
    expect(agg('MAX', [T.INTEGER]).undo).toBeUndefined();
  });
});

describe('TOPK and TOPKDISTINCT', () => {
  it('keeps the k greatest values, descending, duplicates included', () => {
    const topk = agg('TOPK', [T.INTEGER, T.INTEGER], [undefined, 2]);
    expect(topk.returnType).toEqual(T.array(T.INTEGER));
    expect(results(topk, [[5, 2], [null, 2], [8, 2], [5, 2], [1, 2]])).toEqual([[5], [5], [8, 5], [8, 5], [8, 5]]);
  });

  it('carries other columns in sort_col / col0 structs', () => {
    const topk = agg('TOPK', [T.INTEGER, T.STRING, T.INTEGER], [undefined, undefined, 2]);
    expect(topk.returnType).toEqual(
      T.array(
        T.struct([
          { name: 'sort_col', type: T.INTEGER },
          { name: 'col0', type: T.STRING },
        ]),
      ),
    );
    expect(results(topk, [[3, 'x', 2], [7, 'y', 2], [3, 'z', 2]]).at(-1)).toEqual([
      { sort_col: 7, col0: 'y' },
      { sort_col: 3, col0: 'x' },
    ]);
  });

  it('TOPKDISTINCT skips repeats', () => {
    const topk = agg('TOPKDISTINCT', [T.STRING, T.INTEGER], [undefined, 2]);
    expect(results(topk, [['a', 2], ['c', 2], ['c', 2], ['b', 2]])).toEqual([['a'], ['c', 'a'], ['c', 'a'], ['c', 'b']]);
  });
});

describe('LATEST_BY_OFFSET and EARLIEST_BY_OFFSET', () => {
  it('ignore nulls by default', () => {
    expect(results(agg('LATEST_BY_OFFSET', [T.INTEGER]), one([1, null, 2]))).toEqual([1, 1, 2]);
    expect(results(agg('EARLIEST_BY_OFFSET', [T.INTEGER]), one([null, 1, 2]))).toEqual([null, 1, 1]);
  });

  it('keep nulls when ignoreNulls is false', () => {
    const latest = agg('LATEST_BY_OFFSET', [T.INTEGER, T.BOOLEAN], [undefined, false]);
    expect(results(latest, [[1, false], [null, false]])).toEqual([1, null]);
    const earliest = agg('EARLIEST_BY_OFFSET', [T.INTEGER, T.BOOLEAN], [undefined, false]);
    expect(results(earliest, [[null, false], [1, false]])).toEqual([null, null]);
  });

  it('n-variants return arrays, oldest first', () => {
    const latest = agg('LATEST_BY_OFFSET', [T.STRING, T.INTEGER], [undefined, 2]);
    expect(latest.returnType).toEqual(T.array(T.STRING));
    expect(results(latest, [['a', 2], ['b', 2], ['c', 2]])).toEqual([['a'], ['a', 'b'], ['b', 'c']]);
    const earliest = agg('EARLIEST_BY_OFFSET', [T.STRING, T.INTEGER, T.BOOLEAN], [undefined, 2, false]);
    expect(results(earliest, [['a', 2, false], [null, 2, false], ['c', 2, false]])).toEqual([['a'], ['a', null], ['a', null]]);
  });

  it('merge by arrival order (session windows)', () => {
    const latest = agg('LATEST_BY_OFFSET', [T.INTEGER]);
    const first = latest.add(latest.initial(), [1]);
    const second = latest.add(latest.initial(), [2]);
    expect(latest.result(latest.merge?.(second, first))).toBe(2);
    const earliest = agg('EARLIEST_BY_OFFSET', [T.INTEGER]);
    const e1 = earliest.add(earliest.initial(), [1]);
    const e2 = earliest.add(earliest.initial(), [2]);
    expect(earliest.result(earliest.merge?.(e2, e1))).toBe(1);
  });

  it('rejects n below 1', () => {
    expect(() => agg('LATEST_BY_OFFSET', [T.INTEGER, T.INTEGER], [undefined, 0])).toThrow('must be 1 or greater');
  });
});

describe('COLLECT_LIST, COLLECT_SET, HISTOGRAM', () => {
  it('COLLECT_LIST keeps order, duplicates and nulls; undo removes one occurrence', () => {
    const list = agg('COLLECT_LIST', [T.STRING]);
    expect(results(list, one(['a', 'b', 'a', null]))).toEqual([['a'], ['a', 'b'], ['a', 'b', 'a'], ['a', 'b', 'a', null]]);
    expect(list.undo?.(['a', 'b', 'a'], ['a'])).toEqual(['a', 'b']);
  });

  it('COLLECT_SET compares maps regardless of entry order and honours its limit', () => {
    const set = agg('COLLECT_SET', [T.map(T.STRING, T.INTEGER)]);
    const m1 = new Map([['x', 1], ['y', 2]]);
    const m2 = new Map([['y', 2], ['x', 1]]);
    expect(results(set, one([m1, m2])).at(-1)).toEqual([m1]);
    const limited = resolveAggregate('COLLECT_SET', [T.INTEGER], [], { 'ksql.functions.collect_set.limit': 1 });
    expect(results(limited, one([1, 2]))).toEqual([[1], [1]]);
  });

  it('HISTOGRAM counts strings and drops entries undone to zero', () => {
    const h = agg('HISTOGRAM', [T.STRING]);
    expect(h.returnType).toEqual(T.map(T.STRING, T.BIGINT));
    let acc = h.add(h.add(h.add(h.initial(), ['a']), ['b']), ['a']);
    expect(h.result(acc)).toEqual(new Map([['a', 2n], ['b', 1n]]));
    acc = h.undo?.(acc, ['b']);
    expect(h.result(acc)).toEqual(new Map([['a', 2n]]));
  });
});

describe('STDDEV_SAMP, STDDEV_SAMPLE, CORRELATION', () => {
  it('give 0.0 below two values; STDDEV_SAMP is the sample variance, STDDEV_SAMPLE its root', () => {
    // 2, 4, 6: mean 4, squared deviations 4 + 0 + 4 = 8, sample variance 8 / 2 = 4
    expect(results(agg('STDDEV_SAMP', [T.INTEGER]), one([2, null, 4, 6]))).toEqual([0, 0, 2, 4]);
    expect(results(agg('STDDEV_SAMPLE', [T.DOUBLE]), one([2, 4, 6])).at(-1)).toBeCloseTo(2, 12);
  });

  it('CORRELATION of perfectly related pairs is 1, NaN for a single pair', () => {
    const corr = agg('CORRELATION', [T.DOUBLE, T.DOUBLE]);
    const out = results(corr, [
      [1, 2],
      [2, 4],
      [null, 1],
      [3, 6],
    ]);
    expect(out[0]).toBeNaN();
    expect(out[3]).toBeCloseTo(1, 12);
    expect(results(corr, [[1, 3], [2, 2], [3, 1]]).at(-1)).toBeCloseTo(-1, 12);
  });
});
