/**
 * ksqlDB's string forms of TIMESTAMP, DATE and TIME (io.confluent.ksql.util.SqlTimeTypes): what CAST prints
 * and parses, and what comparisons with string literals use. Timestamps are UTC.
 */
const MS_PER_DAY = 86_400_000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `yyyy-MM-dd'T'HH:mm:ss.SSS` in UTC. */
export function formatIsoTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** `yyyy-MM-dd` of a day count since the epoch. */
export function formatIsoDate(days: number): string {
  return formatIsoTimestamp(days * MS_PER_DAY).slice(0, 10);
}

/** Java's LocalTime#toString: `HH:mm:ss`, with the fraction only when it is not zero (`00:00:00.01`). */
export function formatIsoTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const frac = ms % 1000;
  const base = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  return frac === 0 ? base : `${base}.${pad(frac, 3).replace(/0+$/, '')}`;
}

const TIMESTAMP_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Partial ISO timestamps as ksqlDB's PartialStringToTimestampParser reads them: `2020`, `2020-01-02T03:04:05.678+01:00`. */
export function parseIsoTimestamp(text: string): number {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (m === null) throw new RangeError(`Failed to parse timestamp '${text}'`);
  const num = (i: number, dflt: number): number => (m[i] === undefined ? dflt : Number(m[i]));
  const fraction = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  let ms = Date.UTC(num(1, 1970), num(2, 1) - 1, num(3, 1), num(4, 0), num(5, 0), num(6, 0), fraction);
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  if (Number.isNaN(ms)) throw new RangeError(`Failed to parse timestamp '${text}'`);
  return ms;
}

export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (m === null) throw new RangeError(`Failed to parse date '${text}'`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

export function parseIsoTime(text: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(text.trim());
  if (m === null) throw new RangeError(`Failed to parse time '${text}'`);
  const fraction = m[4] === undefined ? 0 : Number(m[4].padEnd(3, '0').slice(0, 3));
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? '0')) * 1000 + fraction;
}

export function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

export { MS_PER_DAY };
