/**
 * Conversions from what the database drivers return (asked to leave dates as text) to Connect's values:
 * TIMESTAMP → epoch ms, DATE → days since the epoch, 64-bit integers → number. Timestamps are naive UTC.
 */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD HH:mm:ss[.fff]` (naive, read as UTC) → epoch ms. */
export function parseNaiveTimestamp(text: string): number {
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new TypeError(`not a timestamp: ${text}`);
  return ms;
}

/** `YYYY-MM-DD` → whole days since 1970-01-01 (negative before). */
export function parseDateDays(text: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new TypeError(`not a date: ${text}`);
  return Math.floor(ms / DAY_MS);
}

/** The kind of conversion a column needs. */
export type SqlValueKind = 'timestamp' | 'date' | 'integer' | 'other';

export function convertSqlValue(kind: SqlValueKind, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'timestamp':
      return v instanceof Date ? v.getTime() : parseNaiveTimestamp(String(v));
    case 'date':
      return v instanceof Date ? Math.floor(v.getTime() / DAY_MS) : parseDateDays(String(v));
    case 'integer':
      return typeof v === 'bigint' || typeof v === 'string' ? Number(v) : v;
    case 'other':
      return typeof v === 'bigint' ? Number(v) : v;
  }
}
