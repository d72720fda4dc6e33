/**
 * Ordering and equality of SQL values. Numbers compare in their common type (ksqlDB widens INTEGER <
 * BIGINT < DECIMAL < DOUBLE), strings by UTF-16 code units like Java's String#compareTo, containers by
 * deep equality.
 */
import { Decimal } from '../values.js';
import { compareDecimals, toDecimal, toDouble, toLong } from './numeric.js';

/** How two values of (possibly different) numeric types compare: the comparison happens in `kind`. */
export type CompareKind = 'INTEGER' | 'BIGINT' | 'DECIMAL' | 'DOUBLE' | 'OTHER';

export function compareAs(kind: CompareKind, a: unknown, b: unknown): number {
  switch (kind) {
    case 'INTEGER':
      return (a as number) - (b as number);
    case 'BIGINT': {
      const x = toLong(a);
      const y = toLong(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'DECIMAL':
      return compareDecimals(toDecimal(a), toDecimal(b));
    case 'DOUBLE': {
      const x = toDouble(a);
      const y = toDouble(b);
      return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    }
    case 'OTHER':
      return compareValues(a, b);
  }
}

/** A total order over values of one type (nulls are the caller's business). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return compareAs('DOUBLE', a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Decimal || b instanceof Decimal) return compareDecimals(toDecimal(a), toDecimal(b));
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return compareAs('DOUBLE', a, b);
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    // ByteBuffer#compareTo compares signed bytes.
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = ((a[i] ?? 0) << 24 >> 24) - ((b[i] ?? 0) << 24 >> 24);
      if (d !== 0) return d;
    }
    return a.length - b.length;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const x = a[i];
      const y = b[i];
      if (x === null && y === null) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      const d = compareValues(x, y);
      if (d !== 0) return d;
    }
    return a.length - b.length;
  }
  return 0;
}

/** Deep equality (Java's equals on ksqlDB's values; decimals compare by value). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (a instanceof Decimal || b instanceof Decimal) {
    try {
      return compareDecimals(toDecimal(a), toDecimal(b)) === 0;
    } catch {
      return false;
    }
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    return (typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint') && compareAs('DOUBLE', a, b) === 0 && toLong(a) === toLong(b);
  }
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      let found = false;
      for (const [k2, v2] of b) {
        if (valuesEqual(k, k2)) {
          found = valuesEqual(v, v2);
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
