/**
 * Time zones as Java's ZoneId reads them: fixed offsets (`+0200`, `-05:00`, `UTC`, `GMT+1`) and IANA
 * region ids (`Europe/London`), the latter through Intl so daylight saving is right.
 */
import { SqlEvaluationError } from '../errors.js';

export interface Zone {
  readonly id: string;
  /** Offset from UTC in milliseconds at an instant. */
  offsetAt(epochMs: number): number;
  /** Java's short display name (`PDT`, `BST`, `UTC`) at an instant. */
  shortName(epochMs: number): string;
}

function fixedZone(id: string, offsetMs: number): Zone {
  const name = offsetMs === 0 && /^(UTC|GMT|UT|Z)$/i.test(id) ? id.toUpperCase().replace(/^Z$/, 'Z') : id;
  return { id, offsetAt: () => offsetMs, shortName: () => name };
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function regionZone(id: string): Zone {
  let parts = partsFormatters.get(id);
  if (parts === undefined) {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    partsFormatters.set(id, parts);
  }
  const fmt = parts;
  return {
    id,
    offsetAt(epochMs: number): number {
      const seconds = Math.floor(epochMs / 1000) * 1000;
      const p: Record<string, string> = {};
      for (const part of fmt.formatToParts(new Date(seconds))) p[part.type] = part.value;
      let year = Number(p.year);
      if (p.era === 'BC' || p.era === 'B') year = 1 - year;
      const local = Date.UTC(year, Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
      return local - seconds;
    },
    shortName(epochMs: number): string {
      for (const locale of ['en-US', 'en-GB']) {
        const key = `${locale}|${id}`;
        let f = nameFormatters.get(key);
        if (f === undefined) {
          f = new Intl.DateTimeFormat(locale, { timeZone: id, timeZoneName: 'short' });
          nameFormatters.set(key, f);
        }
        const name = f.formatToParts(new Date(epochMs)).find((x) => x.type === 'timeZoneName')?.value ?? id;
        if (!/^GMT[+-]/.test(name)) return name;
      }
      return id;
    },
  };
}

/** Java's short zone names that parse as regions (so "PST" follows Los Angeles' daylight saving). */
const SHORT_NAMES: Record<string, string> = {
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  BST: 'Europe/London',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
};

const cache = new Map<string, Zone>();

function parseOffset(text: string): number | null {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (m === null) return null;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * ((Number(m[2]) * 60 + Number(m[3] ?? '0')) * 60 + Number(m[4] ?? '0')) * 1000;
}

/** A zone by Java id; throws SqlEvaluationError for an unknown one. */
export function zoneOf(id: string): Zone {
  const cached = cache.get(id);
  if (cached !== undefined) return cached;
  let zone: Zone;
  const upper = id.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'UT' || upper === 'Z') {
    zone = fixedZone(upper, 0);
  } else if (parseOffset(id) !== null) {
    zone = fixedZone(id, parseOffset(id) ?? 0);
  } else if (/^(UTC|GMT|UT)[+-]/i.test(id) && parseOffset(id.replace(/^(UTC|GMT|UT)/i, '')) !== null) {
    zone = fixedZone(id, parseOffset(id.replace(/^(UTC|GMT|UT)/i, '')) ?? 0);
  } else {
    const region = SHORT_NAMES[upper] ?? id;
    try {
      zone = regionZone(region);
      zone.offsetAt(0);
    } catch {
      throw new SqlEvaluationError(`Unknown time-zone ID: ${id}`);
    }
  }
  cache.set(id, zone);
  return zone;
}

/** The instant of a local date-time (ms as if UTC) in a zone; in a gap or overlap, Java's earlier offset. */
export function localToInstant(localMs: number, zone: Zone): number {
  const first = localMs - zone.offsetAt(localMs);
  const second = localMs - zone.offsetAt(first);
  return zone.offsetAt(second) === localMs - second ? second : first;
}
