/**
 * Null handling (IFNULL, COALESCE, NULLIF), AS_VALUE, MD5, URL functions and GEO_DISTANCE
 * (ksqlDB's io.confluent.ksql.function.udf.nulls / url / geo / string.Md5).
 */
import { createHash } from 'node:crypto';
import { SqlEvaluationError } from '../errors.js';
import { T } from '../types.js';
import { valuesEqual } from '../expressions/compare.js';
import { bound, type FunctionDef } from './registry.js';

/** RFC 3986's reference regex, as java.net.URI splits a URL. */
const URI_RE = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

interface UriParts {
  protocol: string | null;
  host: string | null;
  port: number | null;
  path: string | null;
  query: string | null;
  fragment: string | null;
}

function parseUri(url: string): UriParts {
  const m = URI_RE.exec(url);
  if (m === null) throw new SqlEvaluationError(`Invalid URL: ${url}`);
  const authority = m[2];
  let host: string | null = null;
  let port: number | null = null;
  if (authority !== undefined) {
    const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
    const pm = /^(.*?)(?::(\d+))?$/.exec(hostPort);
    host = pm?.[1] === '' ? null : (pm?.[1] ?? null);
    port = pm?.[2] === undefined ? null : Number(pm[2]);
  }
  const decode = (s: string | undefined): string | null => (s === undefined ? null : decodeURIComponent(s));
  return { protocol: m[1] ?? null, host, port, path: m[3] === '' && authority === undefined ? null : (m[3] ?? null), query: decode(m[4]), fragment: decode(m[5]) };
}

/** java.net.URLEncoder with UTF-8: letters, digits and `.-*_` stay, space is `+`. */
function urlEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9.\-*_]/.test(c)) return c;
      if (c === ' ') return '+';
      return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function urlDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

const EARTH_RADIUS = { KM: 6371, MI: 3959 } as const;

function geoDistance(lat1: number, lon1: number, lat2: number, lon2: number, unit = 'KM'): number {
  const u = unit.toUpperCase();
  const radius = u === 'MI' || u === 'MILES' ? EARTH_RADIUS.MI : u === 'KM' || u === 'KILOMETERS' ? EARTH_RADIUS.KM : NaN;
  if (Number.isNaN(radius)) throw new SqlEvaluationError(`GeoDistance function units parameter must be one of MI, MILES, KM, KILOMETERS. Values was: ${unit}`);
  // Haversine, in the operation order of ksqlDB's GeoDistance.
  const rad = (d: number): number => d * 0.017453292519943295;
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.pow(Math.sin(dLat / 2), 2) + Math.pow(Math.sin(dLon / 2), 2) * Math.cos(rad(lat1)) * Math.cos(rad(lat2));
  return 2 * Math.asin(Math.sqrt(a)) * radius;
}

const urlPart = (name: string, part: keyof UriParts, type = T.STRING): FunctionDef => ({
  name,
  overloads: [{ params: ['STRING'], returns: type, invoke: ([u]) => parseUri(u as string)[part] }],
});

export const MISC_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'IFNULL',
    overloads: [{ params: ['T', 'T'], handlesNulls: true, returns: (_, b) => bound(b, 'T'), invoke: ([a, b]) => a ?? b }],
  },
  {
    name: 'COALESCE',
    displayName: 'COALESCE',
    overloads: [
      {
        params: ['T', 'T'],
        variadic: true,
        handlesNulls: true,
        returns: (_, b) => bound(b, 'T'),
        invoke: (args) => args.find((a) => a !== null && a !== undefined) ?? null,
      },
    ],
  },
  {
    name: 'NULLIF',
    overloads: [{ params: ['T', 'T'], handlesNulls: true, returns: (_, b) => bound(b, 'T'), invoke: ([a, b]) => (a !== null && valuesEqual(a, b) ? null : a) }],
  },
  { name: 'AS_VALUE', overloads: [{ params: ['T'], handlesNulls: true, returns: (_, b) => bound(b, 'T'), invoke: ([a]) => a }] },
  { name: 'MD5', overloads: [{ params: ['STRING'], returns: T.STRING, invoke: ([s]) => createHash('md5').update(s as string, 'utf8').digest('hex') }] },
  { name: 'URL_ENCODE_PARAM', overloads: [{ params: ['STRING'], returns: T.STRING, invoke: ([s]) => urlEncode(s as string) }] },
  { name: 'URL_DECODE_PARAM', overloads: [{ params: ['STRING'], returns: T.STRING, invoke: ([s]) => urlDecode(s as string) }] },
  urlPart('URL_EXTRACT_FRAGMENT', 'fragment'),
  urlPart('URL_EXTRACT_HOST', 'host'),
  urlPart('URL_EXTRACT_PATH', 'path'),
  urlPart('URL_EXTRACT_PORT', 'port', T.INTEGER),
  urlPart('URL_EXTRACT_PROTOCOL', 'protocol'),
  urlPart('URL_EXTRACT_QUERY', 'query'),
  {
    name: 'URL_EXTRACT_PARAMETER',
    overloads: [
      {
        params: ['STRING', 'STRING'],
        returns: T.STRING,
        invoke: ([u, name]) => {
          const query = URI_RE.exec(u as string)?.[4];
          if (query === undefined) return null;
          for (const pair of query.split('&')) {
            const at = pair.indexOf('=');
            const key = urlDecode(at < 0 ? pair : pair.slice(0, at));
            if (key === name) return at < 0 ? null : urlDecode(pair.slice(at + 1));
          }
          return null;
        },
      },
    ],
  },
  {
    name: 'GEO_DISTANCE',
    overloads: [
      {
        params: ['DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE'],
        returns: T.DOUBLE,
        invoke: ([a, b, c, d]) => geoDistance(a as number, b as number, c as number, d as number),
      },
      {
        params: ['DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'STRING'],
        returns: T.DOUBLE,
        invoke: ([a, b, c, d, u]) => geoDistance(a as number, b as number, c as number, d as number, u as string),
      },
    ],
  },
];
