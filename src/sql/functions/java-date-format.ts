/**
 * Java DateTimeFormatter / SimpleDateFormat patterns (`yyyy-MM-dd'T'HH:mm:ss.SSSX`, `dd-MMM-yyyy`,
 * `hh:mm:ss a`, `zzz`), formatting and parsing epoch milliseconds in a zone. Parsing is case-insensitive
 * for names, as ksqlDB's parsers are; missing fields default to 1970-01-01T00:00:00.
 */
import { SqlEvaluationError } from '../errors.js';
import { localToInstant, zoneOf, type Zone } from './time-zones.js';

type Token = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'field'; readonly letter: string; readonly count: number };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] ?? '';
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      let text = '';
      i++;
      while (i < pattern.length) {
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          break;
        }
        text += pattern[i];
        i++;
      }
      i++;
      tokens.push({ kind: 'literal', text });
    } else if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      if (!/[GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZp]/.test(c)) throw new SqlEvaluationError(`Unknown pattern letter: ${c}`);
      tokens.push({ kind: 'field', letter: c, count: n });
      i += n;
    } else {
      tokens.push({ kind: 'literal', text: c });
      i++;
    }
  }
  return tokens;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

function formatOffset(offsetMs: number, letter: string, count: number): string {
  const total = Math.round(offsetMs / 60_000);
  if (total === 0 && (letter === 'X' || (letter === 'Z' && count === 5))) return 'Z';
  const sign = total < 0 ? '-' : '+';
  const hh = pad(Math.floor(Math.abs(total) / 60), 2);
  const mm = pad(Math.abs(total) % 60, 2);
  if (letter === 'Z') return count === 4 ? `GMT${sign}${hh}:${mm}` : count === 5 ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
  if (count === 1) return mm === '00' ? `${sign}${hh}` : `${sign}${hh}${mm}`;
  if (count === 2 || count === 4) return `${sign}${hh}${mm}`;
  return `${sign}${hh}:${mm}`;
}

function formatField(t: { letter: string; count: number }, d: Date, ms: number, offset: number, zone: Zone): string {
  const { letter, count } = t;
  switch (letter) {
    case 'y':
    case 'u':
    case 'Y':
      return count === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), count);
    case 'M':
    case 'L':
      if (count >= 4) return MONTHS[d.getUTCMonth()] ?? '';
      if (count === 3) return (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3);
      return pad(d.getUTCMonth() + 1, count);
    case 'd':
      return pad(d.getUTCDate(), count);
    case 'D': {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      return pad(Math.floor((d.getTime() - start) / 86_400_000) + 1, count);
    }
    case 'E':
    case 'e':
    case 'c':
      return count >= 4 ? (DAYS[d.getUTCDay()] ?? '') : (DAYS[d.getUTCDay()] ?? '').slice(0, 3);
    case 'a':
      return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(d.getUTCHours(), count);
    case 'k':
      return pad(d.getUTCHours() === 0 ? 24 : d.getUTCHours(), count);
    case 'K':
      return pad(d.getUTCHours() % 12, count);
    case 'h':
      return pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, count);
    case 'm':
      return pad(d.getUTCMinutes(), count);
    case 's':
      return pad(d.getUTCSeconds(), count);
    case 'S':
      return pad(d.getUTCMilliseconds(), 3).padEnd(count, '0').slice(0, count);
    case 'n':
      return String(d.getUTCMilliseconds() * 1_000_000);
    case 'A':
      return String(((d.getTime() % 86_400_000) + 86_400_000) % 86_400_000);
    case 'X':
    case 'x':
    case 'Z':
      return formatOffset(offset, letter, count);
    case 'z':
      return count >= 4 ? zone.id : zone.shortName(ms);
    case 'V':
      return zone.id;
    case 'O':
      return offset === 0 ? 'GMT' : `GMT${formatOffset(offset, 'X', 3)}`;
    case 'G':
      return d.getUTCFullYear() > 0 ? 'AD' : 'BC';
    default:
      throw new SqlEvaluationError(`Unsupported pattern letter: ${letter}`);
  }
}

/** Whether the token after index i is a numeric field (so this one must have a fixed width: `yyyyMMdd`). */
function adjacentNumber(tokens: readonly Token[], i: number): boolean {
  const next = tokens[i + 1];
  return next !== undefined && next.kind === 'field' && /[yuMdDHhKkmsS]/.test(next.letter) && !(next.letter === 'M' && next.count >= 3);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fieldRegex(t: { letter: string; count: number }, fixed: boolean): string {
  const digits = (min: number, max: number): string => (fixed ? `(\\d{${Math.max(min, t.count)}})` : `(\\d{${min},${max}})`);
  switch (t.letter) {
    case 'y':
    case 'u':
    case 'Y':
      return t.count === 2 ? '(\\d{2})' : fixed ? `([+-]?\\d{${Math.max(4, t.count)}})` : '([+-]?\\d{4,9})';
    case 'M':
    case 'L':
      return t.count >= 3 ? '([A-Za-z]+)' : digits(t.count, 2);
    case 'E':
    case 'e':
    case 'c':
      return '([A-Za-z]+)';
    case 'a':
      return '([AaPp][Mm])';
    case 'D':
      return digits(t.count, 3);
    case 'S':
      return `(\\d{${t.count}})`;
    case 'n':
      return '(\\d{1,9})';
    case 'X':
    case 'x':
    case 'Z':
      return '(Z|[+-]\\d{2}(?::?\\d{2})?|GMT[+-]\\d{2}:?\\d{2})';
    case 'z':
    case 'V':
      return '([A-Za-z][A-Za-z0-9_/+:-]*)';
    case 'O':
      return '(GMT(?:[+-]\\d{1,2}(?::?\\d{2})?)?)';
    case 'G':
      return '(AD|BC)';
    default:
      return digits(t.count, 2);
  }
}

export interface JavaDateFormat {
  /** Formats an instant (epoch ms) in a zone. */
  format(epochMs: number, zoneId: string): string;
  /** Parses text to an instant; a zone in the text wins over `zoneId`. */
  parse(text: string, zoneId: string): number;
}

function compile(pattern: string): JavaDateFormat {
  const tokens = tokenize(pattern);
  const fields: { letter: string; count: number }[] = [];
  let source = '^';
  tokens.forEach((t, i) => {
    if (t.kind === 'literal') {
      source += escapeRegex(t.text);
    } else {
      fields.push(t);
      source += fieldRegex(t, adjacentNumber(tokens, i));
    }
  });
  const parser = new RegExp(`${source}$`, 'i');

  return {
    format(epochMs: number, zoneId: string): string {
      const zone = zoneOf(zoneId);
      const offset = zone.offsetAt(epochMs);
      const local = new Date(epochMs + offset);
      let out = '';
      for (const t of tokens) out += t.kind === 'literal' ? t.text : formatField(t, local, epochMs, offset, zone);
      return out;
    },
    parse(text: string, zoneId: string): number {
      const m = parser.exec(text);
      if (m === null) throw new SqlEvaluationError(`Text '${text}' could not be parsed with pattern '${pattern}'`);
      let year = 1970;
      let month = 1;
      let day = 1;
      let dayOfYear: number | null = null;
      let hour = 0;
      let pm: boolean | null = null;
      let minute = 0;
      let second = 0;
      let millis = 0;
      let offset: number | null = null;
      let zone: Zone = zoneOf(zoneId);
      fields.forEach((f, i) => {
        const v = m[i + 1] ?? '';
        switch (f.letter) {
          case 'y':
          case 'u':
          case 'Y':
            year = f.count === 2 ? 2000 + Number(v) : Number(v);
            break;
          case 'M':
          case 'L':
            if (f.count >= 3) {
              const idx = MONTHS.findIndex((name) => (f.count === 3 ? name.slice(0, 3) : name).toLowerCase() === v.toLowerCase());
              if (idx < 0) throw new SqlEvaluationError(`Text '${text}' could not be parsed: unknown month '${v}'`);
              month = idx + 1;
            } else {
              month = Number(v);
            }
            break;
          case 'd':
            day = Number(v);
            break;
          case 'D':
            dayOfYear = Number(v);
            break;
          case 'H':
          case 'k':
            hour = Number(v) % 24;
            break;
          case 'h':
          case 'K':
            hour = Number(v) % 12;
            break;
          case 'a':
            pm = v.toUpperCase() === 'PM';
            break;
          case 'm':
            minute = Number(v);
            break;
          case 's':
            second = Number(v);
            break;
          case 'S':
            millis = Number(v.padEnd(3, '0').slice(0, 3));
            break;
          case 'n':
            millis = Math.floor(Number(v) / 1_000_000);
            break;
          case 'X':
          case 'x':
          case 'Z':
          case 'O':
            offset = v.toUpperCase() === 'Z' || v.toUpperCase() === 'GMT' ? 0 : zoneOf(v.replace(/^GMT/i, '')).offsetAt(0);
            break;
          case 'z':
          case 'V':
            zone = zoneOf(v);
            break;
          default:
            break;
        }
      });
      if (pm === true) hour += 12;
      if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
        throw new SqlEvaluationError(`Text '${text}' could not be parsed: field out of range`);
      }
      const local =
        dayOfYear === null
          ? Date.UTC(year, month - 1, day, hour, minute, second, millis)
          : Date.UTC(year, 0, dayOfYear, hour, minute, second, millis);
      if (dayOfYear === null && new Date(local).getUTCDate() !== day) {
        throw new SqlEvaluationError(`Text '${text}' could not be parsed: Invalid date`);
      }
      return offset === null ? localToInstant(local, zone) : local - offset;
    },
  };
}

const compiled = new Map<string, JavaDateFormat>();

/** A compiled pattern; compiled once per distinct pattern text. */
export function javaDateFormat(pattern: string): JavaDateFormat {
  let f = compiled.get(pattern);
  if (f === undefined) {
    f = compile(pattern);
    compiled.set(pattern, f);
  }
  return f;
}
