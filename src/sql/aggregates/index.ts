/**
 * Aggregate functions (UDAFs): resolve a call such as `TOPK(price, 3)` to a Udaf the planner drives through
 * the DSL's aggregate/reduce. Accumulators are immutable values: every step returns a new one.
 */
import { SqlStatementError } from '../errors.js';
import type { SqlType } from '../types.js';
import { attr } from './attr.js';
import { earliestByOffset, latestByOffset } from './by-offset.js';
import { collectList, collectSet, histogram } from './collect.js';
import { avg, count, countDistinct, sum, sumList } from './count-sum-avg.js';
import { max, min, topk, topkDistinct } from './min-max-topk.js';
import { correlation, stddevSamp, stddevSample } from './statistics.js';
import type { Udaf, UdafFactory } from './udaf.js';

export type { Udaf } from './udaf.js';
export { UdafError } from './udaf.js';

const AGGREGATES: ReadonlyMap<string, UdafFactory> = new Map([
  ['COUNT', count],
  ['COUNT_DISTINCT', countDistinct],
  ['SUM', sum],
  ['SUM_LIST', sumList],
  ['AVG', avg],
  ['MIN', min],
  ['MAX', max],
  ['TOPK', topk],
  ['TOPKDISTINCT', topkDistinct],
  ['LATEST_BY_OFFSET', latestByOffset],
  ['EARLIEST_BY_OFFSET', earliestByOffset],
  ['COLLECT_LIST', collectList],
  ['COLLECT_SET', collectSet],
  ['HISTOGRAM', histogram],
  ['STDDEV_SAMP', stddevSamp],
  ['STDDEV_SAMPLE', stddevSample],
  ['CORRELATION', correlation],
  ['ATTR', attr],
]);

/** Whether `name` (any case) is an aggregate function. */
export function isAggregateFunction(name: string): boolean {
  return AGGREGATES.has(name.toUpperCase());
}

/**
 * Builds one Udaf for a call. `argTypes` are every argument's type in call order (none for `COUNT(*)`);
 * `literalArgs[i]` is the value of argument i when it is a literal (TOPK's K, LATEST_BY_OFFSET's N and
 * ignoreNulls), else undefined. `config` carries ksqlDB properties such as ksql.functions.collect_list.limit.
 * Throws SqlStatementError with ksqlDB's wording for unknown names or argument types.
 */
export function resolveAggregate(
  name: string,
  argTypes: readonly SqlType[],
  literalArgs: readonly unknown[],
  config: Readonly<Record<string, unknown>> = {},
): Udaf {
  const upper = name.toUpperCase();
  const factory = AGGREGATES.get(upper);
  if (factory === undefined) throw new SqlStatementError(`Can't find any functions with the name '${name}'`);
  return factory({ name: upper, argTypes, literalArgs, config });
}
