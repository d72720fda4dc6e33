import fc from 'fast-check';
import { faultKindsOption, faultScheduleArb, type ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import type { HistoryTable, InvariantSpec, JsonValue } from '../../assertions/harness/invariant-spec.js';
import type { ScenarioInputRecord } from '../common/index.js';
import { T0 } from '../common/seeded-faker.js';
import { NETWORK_OCCUPANCY, STATION_ENTRIES, STATION_EXITS, STATION_OCCUPANCY, TFL_STATEMENTS } from '../tfl/queries.js';
import { tflScenario } from '../tfl/scenario.js';
import { TOPIC_ENTRIES, TOPIC_EXITS, TOPIC_STATIONS, type Station } from '../tfl/schemas.js';
import { field, placeFaults, plainJson, runStatements, type Placed } from './sql-run.js';
import { sinceT0 } from './since-t0.js';
import { firstDifference } from './first-difference.js';

/** Station names by index: the last is never in the `stations` table (SCENARIOS.md §3.2 unknownStation). */
const STATIONS = ['Bank', 'Angel', 'Atlantis'] as const;
const KNOWN = 2;

/** One barrier event: who, where, and the gap since the previous event. Entry or exit follows the rider's state. */
export interface TflMove {
  readonly user: number;
  readonly station: number;
  readonly gapMs: number;
}

export interface TflHistory {
  readonly moves: readonly TflMove[];
  /** A known station moves (new `location`, JDBC re-emission) right after move `after mod n`. */
  readonly relocations: readonly { readonly after: number; readonly station: number }[];
  readonly faults: readonly ScheduledFault[];
}

function stationRow(name: string, location: string, at: number): Station {
  const [lat, lon] = location.split(',') as [string, string];
  return {
    id: `ID-${name}`, name, FareZones: '1', HubNaptanCode: null, Wifi: null, OutsideStationUniqueId: null, BlueBadgeCarParking: null,
    BlueBadgeCarParkSpaces: null, TaxiRanksOutsideStation: null, MainBusInterchange: null, PierInterchange: null, NationalRailInterchange: null,
    AirportInterchange: null, EmiratesAirLineInterchange: null, lat, lon, location, created_date: T0, modified_date: at,
  };
}

function stationRecord(index: number, version: number, at: number): ScenarioInputRecord {
  const name = STATIONS[index]!;
  return { topic: TOPIC_STATIONS, key: name, value: stationRow(name, `51.${index}${version},-0.${version}`, at), timestamp: at };
}

/**
 * The records in append order. The known stations are loaded at T0; then the moves, `gapMs` apart from T0 + 1 s:
 * a rider outside the network enters, inside exits (so each rider alternates, §3.4.3), with the producer's
 * whole-second `@timestamp`; a relocation re-emits a station row after its move. Faults hit record `at mod n` of
 * those (moves and relocations):
 * reorder = appended before the stations are loaded (the inner join drops it), late = appended after everything
 * with its own timestamp (a stream–table join reads the table at processing time, so it is still enriched),
 * dup = appended twice (both enriched, both counted). A reordered relocation is overwritten by the initial load.
 */
export function tflInputs(h: TflHistory): Placed<ScenarioInputRecord>[] {
  const setup = Array.from({ length: KNOWN }, (_, i) => stationRecord(i, 0, T0));
  const inside = new Set<number>();
  const events: ScenarioInputRecord[] = [];
  const relocatedAfter = (i: number): number[] => h.relocations.filter((r) => r.after % h.moves.length === i).map((r) => r.station);
  let t = T0 + 1000;
  h.moves.forEach((m, i) => {
    t += m.gapMs;
    const user = `u${m.user + 1}`;
    const name = STATIONS[m.station]!;
    const entering = !inside.has(m.user);
    if (entering) inside.add(m.user);
    else inside.delete(m.user);
    const iso = `${new Date(t).toISOString().slice(0, 19)}Z`;
    events.push({ topic: entering ? TOPIC_ENTRIES : TOPIC_EXITS, key: name, value: { user, station: name, delta: entering ? 1 : -1, '@timestamp': iso }, timestamp: t });
    relocatedAfter(i).forEach((s, v) => events.push(stationRecord(s, i * 10 + v + 1, t)));
  });
  return placeFaults(setup, events, h.faults, 'beforeSetup');
}

/** What the SQL produced: T1/T2 rows and the T3 updates, each in output order. */
interface Observed {
  readonly entries: JsonValue[][];
  readonly exits: JsonValue[][];
  readonly stationOccupancy: JsonValue[][];
  readonly networkOccupancy: JsonValue[];
}

function runTfl(statements: readonly string[], h: TflHistory): Observed {
  const outputs = runStatements(tflScenario, statements, tflInputs(h).map((p) => p.record));
  const at = (t: string) => outputs.get(t) ?? [];
  const enriched = (t: string) =>
    at(t).map((r) => ['key', '@timestamp', 'user', 'delta', 'station', 'location'].map((k) => (k === 'key' ? plainJson(r.key) : field(r.value, k))).concat(r.timestamp));
  return {
    entries: enriched(STATION_ENTRIES),
    exits: enriched(STATION_EXITS),
    stationOccupancy: at(STATION_OCCUPANCY).map((r) => [plainJson(r.key), field(r.value, 'OCCUPANCY'), field(r.value, 'ENTRIES'), field(r.value, 'EXITS')]),
    networkOccupancy: at(NETWORK_OCCUPANCY).map((r) => field(r.value, 'OCCUPANCY')),
  };
}

/** The brute-force reference: the inputs replayed in append order against a map of station locations. */
function reference(h: TflHistory): Observed {
  const location = new Map<string, string>();
  const out: Observed = { entries: [], exits: [], stationOccupancy: [], networkOccupancy: [] };
  const perStation = new Map<string, [number, number, number]>();
  let network = 0;
  for (const { record: r } of tflInputs(h)) {
    const v = r.value as { location?: string; user?: string; delta?: number };
    if (r.topic === TOPIC_STATIONS) {
      location.set(r.key as string, v.location!);
      continue;
    }
    const station = r.key as string;
    if (!location.has(station)) continue; // inner join: no table row at processing time, no output
    const row = [station, new Date(r.timestamp).toISOString(), v.user!, v.delta!, station, location.get(station)!, r.timestamp];
    (r.topic === TOPIC_ENTRIES ? out.entries : out.exits).push(row);
    const [occ, ins, outs] = perStation.get(station) ?? [0, 0, 0];
    const next: [number, number, number] = [occ + v.delta!, ins + (v.delta! > 0 ? 1 : 0), outs + (v.delta! < 0 ? 1 : 0)];
    perStation.set(station, next);
    out.stationOccupancy.push([station, ...next]);
    network += v.delta!;
    out.networkOccupancy.push(network);
  }
  return out;
}

/** The first place two lists of rows differ, as one line; null when equal. */

export type TflPart = 'enrichment' | 'occupancy';
export const TFL_ENRICHMENT = 'tfl-enrichment';
export const TFL_OCCUPANCY = 'tfl-occupancy';

/** Which processor runs: the scenario's statements, or (self-tests only) a broken copy under another name. */
export interface SqlVariant {
  readonly name: string;
  readonly statements: readonly string[];
}

/**
 * tfl over 0–12 barrier moves of up to 3 riders at Bank, Angel and the unknown Atlantis, with station relocations.
 * `enrichment` (T1/T2, SCENARIOS.md §3.4.1–2): station_entries / station_exits are exactly the events whose station
 * had a row when processed, in order, with that row's location and `@timestamp` the ISO ms form of the record ts.
 * `occupancy` (T3, §3.4.4–5): one STATION_OCCUPANCY and one NETWORK_OCCUPANCY update per enriched event, equal to
 * the running sums (ENTRIES − EXITS = OCCUPANCY, the stations' latest values sum to the network's).
 */
export function tflSpec(part: TflPart, options: JsonValue = { faults: [] }, variant?: SqlVariant): InvariantSpec<TflHistory> {
  const kinds = faultKindsOption(options);
  const statements = variant?.statements ?? TFL_STATEMENTS;
  return {
    name: variant?.name ?? (part === 'enrichment' ? TFL_ENRICHMENT : TFL_OCCUPANCY),
    topology: part === 'enrichment' ? 'tfl station_entries / station_exits (T1, T2; ksqlDB)' : 'tfl STATION_OCCUPANCY / NETWORK_OCCUPANCY (T3; ksqlDB)',
    invariant:
      part === 'enrichment'
        ? 'station_entries/station_exits = the events whose station had a row when processed, in order, key = station, the location of that row, @timestamp = ISO ms of the record ts (SCENARIOS.md §3.4.1–2)'
        : 'one STATION_OCCUPANCY and NETWORK_OCCUPANCY update per enriched event, equal to the running sums of delta, entries and exits (SCENARIOS.md §3.4.4–5)',
    options: { faults: kinds },
    history: fc.record({
      moves: fc.array(fc.record({ user: fc.nat({ max: 2 }), station: fc.nat({ max: STATIONS.length - 1 }), gapMs: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 12 }),
      relocations: fc.array(fc.record({ after: fc.nat({ max: 11 }), station: fc.nat({ max: KNOWN - 1 }) }), { maxLength: 2 }),
      faults: faultScheduleArb(kinds),
    }),
    run: (h) => runTfl(statements, h) as unknown as JsonValue,
    check: (h, observed) => {
      const got = observed as unknown as Observed;
      const want = reference(h);
      if (part === 'enrichment') return firstDifference('station_entries row', got.entries, want.entries) ?? firstDifference('station_exits row', got.exits, want.exits);
      const network = firstDifference('NETWORK_OCCUPANCY update', got.networkOccupancy, want.networkOccupancy);
      return network ?? firstDifference('STATION_OCCUPANCY update {station, OCCUPANCY, ENTRIES, EXITS}', got.stationOccupancy, want.stationOccupancy);
    },
    encode: (h) => ({ moves: h.moves.map((m) => ({ ...m })), relocations: h.relocations.map((r) => ({ ...r })), faults: h.faults.map((f) => ({ ...f })) }),
    decode: (json) => json as unknown as TflHistory,
    faults: (h) => {
      const records = tflInputs({ ...h, faults: [] }).slice(KNOWN);
      return h.faults.map((f) => ({ kind: f.kind, record: records.length === 0 ? null : `${records[f.at % records.length]!.record.topic} #${(f.at % records.length) + 1}` }));
    },
    table: (h) => tflTable(tflInputs(h)),
  };
}

function tflTable(inputs: readonly Placed<ScenarioInputRecord>[]): HistoryTable {
  return {
    columns: ['#', 'topic', 'key', 'timestamp', 'value', 'fault'],
    rows: inputs.map(({ record: r, fault }, i) => {
      const v = r.value as { user?: string; location?: string };
      return [String(i + 1), r.topic, String(r.key), sinceT0(r.timestamp), r.topic === TOPIC_STATIONS ? `location=${v.location}` : `user=${v.user}`, fault ?? ''];
    }),
  };
}
