/**
 * Date and time functions (ksqlDB's io.confluent.ksql.function.udf.datetime). Patterns are Java's; the
 * zone defaults to UTC (the JVM zone of ksqlDB's test harness). Functions that read the wall clock
 * (UNIX_TIMESTAMP(), UNIX_DATE() without arguments) are unsupported: streamsim is deterministic.
 */
import { T } from '../types.js';
import { floorMod, MS_PER_DAY } from '../expressions/iso-temporal.js';
import { javaDateFormat } from './java-date-format.js';
import type { FunctionDef, Overload } from './registry.js';
import { zoneOf } from './time-zones.js';

const UTC = 'UTC';

const UNIT_MS: Record<string, number> = { MILLISECONDS: 1, SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: MS_PER_DAY };

function unitMs(unit: unknown): number {
  return UNIT_MS[String(unit)] ?? 1;
}

function toNum(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

const format = (ms: unknown, pattern: unknown, zone: unknown = UTC): string => javaDateFormat(pattern as string).format(toNum(ms), zone as string);
const parse = (text: unknown, pattern: unknown, zone: unknown = UTC): number => javaDateFormat(pattern as string).parse(text as string, zone as string);

/** Overloads with an optional trailing zone argument. */
function withZone(params: string[], returns: Overload['returns'], f: (args: readonly unknown[]) => unknown): Overload[] {
  return [
    { params, returns, invoke: (args) => f(args) },
    { params: [...params, 'STRING'], returns, invoke: (args) => f(args) },
  ];
}

function wallClock(name: string): Overload {
  return {
    params: [],
    returns: T.BIGINT,
    unsupported: `${name}() without arguments (reads the wall clock)`,
    invoke: () => null,
  };
}

export const DATETIME_FUNCTIONS: readonly FunctionDef[] = [
  { name: 'TIMESTAMPTOSTRING', overloads: withZone(['BIGINT', 'STRING'], T.STRING, ([ms, p, z]) => format(ms, p, z ?? UTC)) },
  { name: 'STRINGTOTIMESTAMP', overloads: withZone(['STRING', 'STRING'], T.BIGINT, ([s, p, z]) => BigInt(parse(s, p, z ?? UTC))) },
  { name: 'FORMAT_TIMESTAMP', overloads: withZone(['TIMESTAMP', 'STRING'], T.STRING, ([ms, p, z]) => format(ms, p, z ?? UTC)) },
  { name: 'PARSE_TIMESTAMP', overloads: withZone(['STRING', 'STRING'], T.TIMESTAMP, ([s, p, z]) => parse(s, p, z ?? UTC)) },
  { name: 'FORMAT_DATE', overloads: [{ params: ['DATE', 'STRING'], returns: T.STRING, invoke: ([d, p]) => format((d as number) * MS_PER_DAY, p) }] },
  {
    name: 'PARSE_DATE',
    overloads: [{ params: ['STRING', 'STRING'], returns: T.DATE, invoke: ([s, p]) => Math.floor(parse(s, p) / MS_PER_DAY) }],
  },
  { name: 'FORMAT_TIME', overloads: [{ params: ['TIME', 'STRING'], returns: T.STRING, invoke: ([t, p]) => format(t, p) }] },
  { name: 'PARSE_TIME', overloads: [{ params: ['STRING', 'STRING'], returns: T.TIME, invoke: ([s, p]) => floorMod(parse(s, p), MS_PER_DAY) }] },
  { name: 'DATETOSTRING', overloads: [{ params: ['INTEGER', 'STRING'], returns: T.STRING, invoke: ([d, p]) => format((d as number) * MS_PER_DAY, p) }] },
  {
    name: 'STRINGTODATE',
    overloads: [{ params: ['STRING', 'STRING'], returns: T.INTEGER, invoke: ([s, p]) => Math.floor(parse(s, p) / MS_PER_DAY) }],
  },
  { name: 'FROM_UNIXTIME', overloads: [{ params: ['BIGINT'], returns: T.TIMESTAMP, invoke: ([ms]) => toNum(ms) }] },
  {
    name: 'UNIX_TIMESTAMP',
    overloads: [wallClock('UNIX_TIMESTAMP'), { params: ['TIMESTAMP'], returns: T.BIGINT, invoke: ([ts]) => BigInt(ts as number) }],
  },
  {
    name: 'UNIX_DATE',
    overloads: [{ ...wallClock('UNIX_DATE'), returns: T.INTEGER }, { params: ['DATE'], returns: T.INTEGER, invoke: ([d]) => d }],
  },
  { name: 'FROM_DAYS', overloads: [{ params: ['INTEGER'], returns: T.DATE, invoke: ([d]) => d }] },
  {
    name: 'CONVERT_TZ',
    overloads: [
      {
        params: ['TIMESTAMP', 'STRING', 'STRING'],
        returns: T.TIMESTAMP,
        invoke: ([ts, from, to]) => {
          // The timestamp is a local time in `from`; the result is the same instant's local time in `to`.
          const fromZone = zoneOf(from as string);
          const toZone = zoneOf(to as string);
          const instant = (ts as number) - fromZone.offsetAt(ts as number);
          return instant + toZone.offsetAt(instant);
        },
      },
    ],
  },
  {
    name: 'DATEADD',
    overloads: [{ params: ['UNIT', 'INTEGER', 'DATE'], returns: T.DATE, invoke: ([u, n, d]) => (d as number) + Math.trunc(((n as number) * unitMs(u)) / MS_PER_DAY) }],
  },
  {
    name: 'DATESUB',
    overloads: [{ params: ['UNIT', 'INTEGER', 'DATE'], returns: T.DATE, invoke: ([u, n, d]) => (d as number) - Math.trunc(((n as number) * unitMs(u)) / MS_PER_DAY) }],
  },
  {
    name: 'TIMEADD',
    overloads: [{ params: ['UNIT', 'INTEGER', 'TIME'], returns: T.TIME, invoke: ([u, n, t]) => floorMod((t as number) + (n as number) * unitMs(u), MS_PER_DAY) }],
  },
  {
    name: 'TIMESUB',
    overloads: [{ params: ['UNIT', 'INTEGER', 'TIME'], returns: T.TIME, invoke: ([u, n, t]) => floorMod((t as number) - (n as number) * unitMs(u), MS_PER_DAY) }],
  },
  {
    name: 'TIMESTAMPADD',
    overloads: [{ params: ['UNIT', 'BIGINT', 'TIMESTAMP'], returns: T.TIMESTAMP, invoke: ([u, n, ts]) => (ts as number) + toNum(n) * unitMs(u) }],
  },
  {
    name: 'TIMESTAMPSUB',
    overloads: [{ params: ['UNIT', 'BIGINT', 'TIMESTAMP'], returns: T.TIMESTAMP, invoke: ([u, n, ts]) => (ts as number) - toNum(n) * unitMs(u) }],
  },
];
