import { z } from 'zod';
import {
  applyFaults,
  checkProbability,
  checkSkew,
  CommonFaultsSchema,
  RecordSequencer,
  SeededFakers,
  SkewedPicker,
  SkewSchema,
  T0,
  type CommonFaults,
  type GeneratedRecord,
  type SeededFaker,
} from '../common/index.js';
import { TOPIC_ENTRIES, TOPIC_EXITS, TOPIC_STATIONS, type BarrierEvent, type Station } from './schemas.js';
import { parseStationsCsv } from './stations-csv.js';
import { generateStationRows, keepFirstByName, zone1Names } from './stations.js';

/** Faker labels of the tfl generator's components (SCENARIOS.md §3.2). */
export const TFL_LABELS = { stations: 'stations', users: 'users', barrier: 'barrier' } as const;

/**
 * Label of the scenario fault `unknownStation`. **Interpretation:** §3.2 names no label for it; it draws from its own
 * component so that switching it on never shifts the `barrier` draws (the riders' moves stay the same).
 */
export const UNKNOWN_STATION_LABEL = 'unknownStation';

/** The station name `unknownStation` puts on an event: no table row has it, so the join drops the event. */
export const UNKNOWN_STATION = 'Atlantis';

/** Tick length of the barrier loop (the original slept 0.1 s per tick). */
export const TICK_MS = 100;
/** Ticks per fill-and-drain cycle: f = (t mod 500) / 500, so a cycle lasts 50 s. */
export const CYCLE_TICKS = 500;

/** `unknownStation {p}`: with probability p an entry or exit carries station (and key) "Atlantis". */
export interface UnknownStationFault {
  readonly p: number;
}

/** `stationUpdate {at, name, location}`: re-emits that station row at `at` with the new location. */
export interface StationUpdateFault {
  readonly at: number;
  readonly name: string;
  readonly location: string;
}

export interface TflFaults extends CommonFaults {
  readonly unknownStation?: UnknownStationFault;
  readonly stationUpdate?: StationUpdateFault;
}

export interface TflOptions {
  readonly seed: number;
  readonly startTime: number;
  readonly durationMs: number;
  /** Generated stations besides the 64 zone-1 rows (ignored with `stationsCsv`). */
  readonly otherStations: number;
  /** Riders (the `users` component draws their unique names). */
  readonly users: number;
  /** A copy of the original stations CSV to use instead of generated stations (header: STATIONS_CSV_HEADER). */
  readonly stationsCsv?: string;
  /** Run the SearchIndexSink over station_entries/exits inside the app and add its summary table. */
  readonly searchIndex: boolean;
  /**
   * Key-popularity skew (Zipf exponent, 0..10): the zone-1 station of each entry and exit is picked with weight
   * 1/(i+1)^skew by its index i in the zone-1 list, so the first stations become hot keys. 0 = uniform.
   */
  readonly skew: number;
  readonly faults: TflFaults;
}

/** The §3.2 defaults (seed 1; every fault off). */
export const DEFAULT_TFL_OPTIONS: TflOptions = Object.freeze({
  seed: 1,
  startTime: T0,
  durationMs: 600_000,
  otherStations: 441,
  users: 1000,
  searchIndex: false,
  skew: 0,
  faults: Object.freeze({}),
});

const probability = z.number().min(0).max(1);
const epochMs = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** zod schema of the options (for `--opt` parsing); every field optional, unknown keys rejected. */
export const TflOptionsSchema = z.strictObject({
  seed: z.number().int().optional(),
  startTime: epochMs.optional(),
  durationMs: z.number().int().min(0).max(365 * 24 * 3_600_000).optional(),
  otherStations: z.number().int().min(0).max(100_000).optional(),
  users: z.number().int().min(0).max(10_000_000).optional(),
  stationsCsv: z.string().optional(),
  searchIndex: z.boolean().optional(),
  skew: SkewSchema.optional(),
  faults: CommonFaultsSchema.extend({
    unknownStation: z.strictObject({ p: probability }).optional(),
    stationUpdate: z.strictObject({ at: epochMs, name: z.string(), location: z.string() }).optional(),
  }).optional(),
});

/** `YYYY-MM-DDTHH:MM:SSZ` of a tick time, as the original producer wrote `@timestamp`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The station rows at T0: the CSV's or generated ones, after the primary-key rule (first row of a name wins). */
export function stationRowsFor(o: TflOptions, fakers: SeededFakers): { rows: Station[]; zone1: string[] } {
  const all = o.stationsCsv === undefined
    ? generateStationRows(fakers.get(TFL_LABELS.stations), o.otherStations, o.startTime)
    : parseStationsCsv(o.stationsCsv, o.startTime);
  return { rows: keepFirstByName(all), zone1: zone1Names(all) };
}

/** `users` unique names from `faker.person.fullName()` (label `users`), each re-drawn until new. */
export function generateUserNames(rnd: SeededFaker, users: number): string[] {
  const names = new Set<string>();
  while (names.size < users) names.add(rnd.faker.person.fullName());
  return [...names];
}

/** Removes `x` from `xs` (names are unique). */
function remove(xs: string[], x: string): void {
  xs.splice(xs.indexOf(x), 1);
}

/**
 * The barrier loop of §3.2 (label `barrier`): per tick an entry decision, then an exit decision, with the exact
 * draw rules of the spec. Returns the events with their tick time, in emission order. With `skew` > 0 the station
 * picks are Zipf-weighted (one u() each, in the same places); the rider picks stay uniform.
 */
export function barrierEvents(rnd: SeededFaker, users: readonly string[], zone1: readonly string[], o: TflOptions): { topic: string; at: number; event: BarrierEvent }[] {
  const off = [...users];
  const net: string[] = [];
  const out: { topic: string; at: number; event: BarrierEvent }[] = [];
  if (zone1.length === 0) return out;
  const skewed = new SkewedPicker(o.skew);
  for (let t = 0; TICK_MS * t < o.durationMs; t++) {
    const at = o.startTime + TICK_MS * t;
    const f = (t % CYCLE_TICKS) / CYCLE_TICKS;
    // 1. Entry: u2 is drawn only when u1 < 1 − f. With `off` empty the ratio is not finite and nobody enters.
    if (rnd.u() < 1 - f && rnd.u() < 1 - net.length / off.length) {
      const user = rnd.pick(off);
      const station = skewed.pick(rnd, zone1);
      remove(off, user);
      net.push(user);
      out.push({ topic: TOPIC_ENTRIES, at, event: { user, station, delta: 1, '@timestamp': isoSeconds(at) } });
    }
    // 2. Exit, after the entry: the ratio is 1 when `off` is empty.
    if (rnd.u() < f && rnd.u() < (off.length === 0 ? 1 : net.length / off.length) && net.length > 0) {
      const user = rnd.pick(net);
      const station = skewed.pick(rnd, zone1);
      remove(net, user);
      off.push(user);
      out.push({ topic: TOPIC_EXITS, at, event: { user, station, delta: -1, '@timestamp': isoSeconds(at) } });
    }
  }
  return out;
}

function stationUpdateRow(rows: readonly Station[], fault: StationUpdateFault): Station {
  const row = rows.find((r) => r.name === fault.name);
  if (row === undefined) throw new RangeError(`stationUpdate: no station named ${JSON.stringify(fault.name)}`);
  // **Interpretation:** lat and lon follow the new location when it is "lat,lon"; otherwise they stay.
  const parts = fault.location.split(',');
  const [lat, lon] = parts.length === 2 ? parts.map((s) => s.trim()) : [row.lat, row.lon];
  return { ...row, lat: lat!, lon: lon!, location: fault.location, modified_date: fault.at };
}

/** Resolves options against the defaults and checks the scenario faults. */
export function resolveTflOptions(options: Partial<TflOptions>): TflOptions {
  const o: TflOptions = { ...DEFAULT_TFL_OPTIONS, ...options, skew: options.skew ?? DEFAULT_TFL_OPTIONS.skew, faults: options.faults ?? DEFAULT_TFL_OPTIONS.faults };
  if (o.faults.unknownStation !== undefined) checkProbability(o.faults.unknownStation.p, 'unknownStation');
  checkSkew(o.skew, 'tfl');
  const update = o.faults.stationUpdate;
  // An update before the initial load would be appended before it and then overwritten: refuse it.
  if (update !== undefined && !(update.at >= o.startTime)) throw new RangeError(`stationUpdate: at must be >= startTime, got ${String(update.at)}`);
  return o;
}

/**
 * The tfl input (SCENARIOS.md §3.2), in append order: the station rows at `startTime` (keyed by name), the barrier
 * events (keyed by station, at their tick), the `stationUpdate` row if asked, then the common faults (§0.4).
 * `users` stays empty: in the original, the CRLF `LOAD DATA` read nothing (§3.1).
 */
export function generateTfl(options: Partial<TflOptions> = {}): GeneratedRecord[] {
  const o = resolveTflOptions(options);
  const fakers = new SeededFakers(o.seed);
  const { rows, zone1 } = stationRowsFor(o, fakers);
  const users = generateUserNames(fakers.get(TFL_LABELS.users), o.users);
  const events = barrierEvents(fakers.get(TFL_LABELS.barrier), users, zone1, o);

  const seq = new RecordSequencer();
  for (const row of rows) seq.emit({ topic: TOPIC_STATIONS, key: row.name, value: row, timestamp: o.startTime });
  const unknown = o.faults.unknownStation;
  const unknownRnd = unknown === undefined ? undefined : fakers.get(UNKNOWN_STATION_LABEL);
  const update = o.faults.stationUpdate;
  let updated = update === undefined;
  for (const { topic, at, event } of events) {
    if (!updated && update!.at <= at) {
      seq.emit({ topic: TOPIC_STATIONS, key: update!.name, value: stationUpdateRow(rows, update!), timestamp: update!.at });
      updated = true;
    }
    const value = unknownRnd !== undefined && unknownRnd.bern(unknown!.p) ? { ...event, station: UNKNOWN_STATION } : event;
    seq.emit({ topic, key: value.station, value, timestamp: at });
  }
  if (!updated) seq.emit({ topic: TOPIC_STATIONS, key: update!.name, value: stationUpdateRow(rows, update!), timestamp: update!.at });
  return applyFaults(seq.records, o.faults, o.seed);
}
