import { stringifyLosslessJson } from '../../sql/qtt/lossless-json.js';
import { stableStringify } from '../../sim/key-id.js';
import type { ScenarioOutputRecord } from './scenario.js';

/**
 * Reading the values that output topics hold, for summaries and actors: a SQL sink writes BIGINT as a lossless
 * JsonNumber, DECIMAL as a Decimal (both with toNumber()), a DSL app plain JS values; windowed keys are
 * `{ key, window }` as the broker stores them.
 */

/** A summary table cell. */
export type Cell = string | number | boolean | null;

/** A windowed key as the broker stores it. */
export interface WindowedKey {
  readonly key: unknown;
  readonly window: { readonly start: number; readonly end: number };
}

export function isWindowedKey(key: unknown): key is WindowedKey {
  return typeof key === 'object' && key !== null && 'window' in key && 'key' in key;
}

/** A field of an object value, or undefined when the value is not an object. */
export function fieldOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** A number however the value carries it (number, bigint, JsonNumber, Decimal), or NaN. */
export function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && value !== null && 'toNumber' in value && typeof value.toNumber === 'function') {
    return Number((value as { toNumber(): unknown }).toNumber());
  }
  return Number.NaN;
}

/** A value as a summary cell: primitives as they are, SQL numbers as numbers, anything else as lossless JSON text. */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  const n = numberOf(value);
  if (!Number.isNaN(n)) return n;
  return stringifyLosslessJson(value);
}

/**
 * A table topic's current state: the last record per key, keys in first-seen order; a key whose last value is
 * null (a tombstone) is gone. A key lives in one partition, so the topic's partition-by-partition order is enough.
 */
export function latestPerKey(records: readonly ScenarioOutputRecord[] | undefined): ScenarioOutputRecord[] {
  const byKey = new Map<string, ScenarioOutputRecord>();
  for (const r of records ?? []) {
    const key = stableStringify(r.key);
    if (r.value === null) byKey.delete(key);
    else byKey.set(key, r);
  }
  return [...byKey.values()];
}
