import type { ScenarioInputRecord, ScenarioOutputRecord } from '../../../src/scenarios/common/index.js';
import type { Station } from '../../../src/scenarios/tfl/schemas.js';

export const T0 = 1_704_067_200_000;

/** A full `stations` row (the fields §3.5 elides with "…" do not matter). */
export function station(name: string, location: string, modified = T0): Station {
  const [lat, lon] = location.split(',');
  return {
    id: `ID-${name}`, name, FareZones: '1', HubNaptanCode: null, Wifi: null, OutsideStationUniqueId: null, BlueBadgeCarParking: null,
    BlueBadgeCarParkSpaces: null, TaxiRanksOutsideStation: null, MainBusInterchange: null, PierInterchange: null,
    NationalRailInterchange: null, AirportInterchange: null, EmiratesAirLineInterchange: null, lat: lat!, lon: lon!, location,
    created_date: T0, modified_date: modified,
  };
}

/** `@timestamp` as the producer writes it, from an offset to T0. */
function isoSeconds(offsetMs: number): string {
  return `${new Date(T0 + offsetMs).toISOString().slice(0, 19)}Z`;
}

export function entry(at: number, stationName: string, user: string): ScenarioInputRecord {
  return { topic: 'entries', key: stationName, value: { user, station: stationName, delta: 1, '@timestamp': isoSeconds(at) }, timestamp: T0 + at };
}

export function exit(at: number, stationName: string, user: string): ScenarioInputRecord {
  return { topic: 'exits', key: stationName, value: { user, station: stationName, delta: -1, '@timestamp': isoSeconds(at) }, timestamp: T0 + at };
}

export function stationRecord(at: number, name: string, location: string): ScenarioInputRecord {
  return { topic: 'stations', key: name, value: station(name, location, T0 + at), timestamp: T0 + at };
}

/** A SQL number (bigint, lossless JSON number) as a JS number. */
export function plainNumber(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  return Number(JSON.stringify(v));
}

/** Records as [key, plain value, ts − T0]; numbers made plain. */
export function plain(records: readonly ScenarioOutputRecord[] | undefined): unknown[] {
  return (records ?? []).map((r) => [
    r.key,
    JSON.parse(JSON.stringify(r.value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown,
    r.timestamp - T0,
  ]);
}
