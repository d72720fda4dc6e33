/** The tfl generator (SCENARIOS.md §3.2): stations, users, the barrier loop's draw rules, options and faults. */
import { describe, expect, it } from 'vitest';
import { SeededFaker, SeededFakers, type GeneratedRecord } from '../../../src/scenarios/common/index.js';
import {
  DEFAULT_TFL_OPTIONS,
  generateTfl,
  generateUserNames,
  stationRowsFor,
  TflOptionsSchema,
} from '../../../src/scenarios/tfl/generator.js';
import { EntrySchema, ExitSchema, StationSchema, type Station } from '../../../src/scenarios/tfl/schemas.js';
import { parseCsv, parseStationsCsv } from '../../../src/scenarios/tfl/stations-csv.js';
import { ZONE1_NAMES } from '../../../src/scenarios/tfl/stations.js';
import { T0 } from './helpers.js';

const SHORT = { durationMs: 20_000, users: 50 } as const;
const of = (records: readonly GeneratedRecord[], topic: string) => records.filter((r) => r.topic === topic);

describe('§3.2 stations', () => {
  const records = generateTfl({ seed: 7, durationMs: 0 });
  const stations = of(records, 'stations').map((r) => r.value as Station);

  it('64 zone-1 rows with "Edgware Road" twice + 441 others; the primary key keeps the first of a name: 504 at T0', () => {
    // §3.2 says "505 records"; 64 rows − 1 duplicate + 441 = 504 (interpretation documented in docs/scenarios/tfl.md).
    expect(ZONE1_NAMES).toHaveLength(64);
    expect(ZONE1_NAMES.filter((n) => n === 'Edgware Road')).toHaveLength(2);
    expect(stations).toHaveLength(504);
    expect(new Set(stations.map((s) => s.name)).size).toBe(504);
    expect(records.every((r) => r.timestamp === T0 && r.topic === 'stations')).toBe(true);
    expect(of(records, 'users')).toEqual([]);
  });

  it('zone-1 names in the given order, then other zones with the original counts', () => {
    expect(stations.slice(0, 4).map((s) => s.name)).toEqual(['City Thameslink', 'Shoreditch High Street', 'Aldgate East', 'Angel']);
    expect(stations.slice(60, 63).map((s) => s.name)).toEqual(['Moorgate', 'Nine Elms', 'Battersea Power Station']);
    const zones = new Map<string, number>();
    for (const s of stations) zones.set(s.FareZones, (zones.get(s.FareZones) ?? 0) + 1);
    // 113 zone-2 rows of the list plus the 8 rows past the listed 433 (which start the list again).
    expect(Object.fromEntries(zones)).toEqual({
      '1': 63, '2': 121, '3': 80, '4': 72, '5': 37, '6': 32, 'Trams fare zone': 32, '2|3': 27, Outside: 12, '3|4': 10, '1|2': 6, '7': 6, '8': 6,
    });
  });

  it('coordinates: 5 decimals, zone 1 in its box, others in theirs; location = lat,lon; dates = T0', () => {
    for (const s of stations) {
      expect(StationSchema.parse(s)).toEqual(s);
      expect(s.lat).toMatch(/^\d+\.\d{5}$/);
      expect(s.lon).toMatch(/^-?\d+\.\d{5}$/);
      expect(s.location).toBe(`${s.lat},${s.lon}`);
      const [lat, lon] = [Number(s.lat), Number(s.lon)];
      if (s.FareZones === '1') {
        expect(lat >= 51.49 && lat <= 51.54 && lon >= -0.2 && lon <= -0.07).toBe(true);
      } else {
        expect(lat >= 51.28 && lat <= 51.7 && lon >= -0.51 && lon <= 0.33).toBe(true);
      }
      expect([s.created_date, s.modified_date]).toEqual([T0, T0]);
    }
  });
});

describe('§3.2 users', () => {
  it('names are unique even when faker repeats one', () => {
    const names = generateUserNames(new SeededFaker(3, 'users'), 2000);
    expect(new Set(names).size).toBe(2000);
  });
});

describe('§3.2 barrier loop', () => {
  it('tick 0 emits exactly one entry (u1 < 1 − 0 and u2 < 1 − 0/|off| always hold; f = 0 forbids an exit)', () => {
    for (const seed of [1, 2, 3, 42]) {
      const events = generateTfl({ seed, durationMs: 100, users: 10 }).filter((r) => r.topic !== 'stations');
      expect(events).toHaveLength(1);
      expect(events[0]!.topic).toBe('entries');
      expect(events[0]!.timestamp).toBe(T0);
      expect(events[0]!.value).toMatchObject({ delta: 1, '@timestamp': '2024-01-01T00:00:00Z' });
    }
  });

  it('events are keyed by a zone-1 station, at a 100 ms tick, and pass their topic schema', () => {
    const zone1 = new Set(ZONE1_NAMES);
    for (const r of generateTfl({ seed: 5, ...SHORT }).filter((x) => x.topic !== 'stations')) {
      const v = (r.topic === 'entries' ? EntrySchema : ExitSchema).parse(r.value);
      expect(r.key).toBe(v.station);
      expect(zone1.has(v.station)).toBe(true);
      expect((r.timestamp - T0) % 100).toBe(0);
      expect(v['@timestamp']).toBe(`${new Date(r.timestamp).toISOString().slice(0, 19)}Z`);
    }
  });

  it('only entries in the first half of the first cycle can fill past |off|: occupancy never exceeds ⌈users/2⌉', () => {
    const records = generateTfl({ seed: 9, durationMs: 120_000, users: 7 });
    let net = 0;
    let peak = 0;
    for (const r of records) {
      if (r.topic === 'entries') net++;
      if (r.topic === 'exits') net--;
      peak = Math.max(peak, net);
      expect(net).toBeGreaterThanOrEqual(0);
    }
    expect(peak).toBe(4); // ⌈7/2⌉, reached in a long enough run
  });

  it('is deterministic: same options, byte-identical records; another seed, other records', () => {
    const a = JSON.stringify(generateTfl({ seed: 11, ...SHORT }));
    expect(JSON.stringify(generateTfl({ seed: 11, ...SHORT }))).toBe(a);
    expect(JSON.stringify(generateTfl({ seed: 12, ...SHORT }))).not.toBe(a);
  });

  it('the components are independent: more users do not change the stations', () => {
    const st = (users: number) => JSON.stringify(of(generateTfl({ seed: 4, durationMs: 0, users }), 'stations'));
    expect(st(10)).toBe(st(500));
  });
});

describe('§3.2 faults', () => {
  it('unknownStation {p: 1}: every event has key and station "Atlantis"; the barrier draws are unchanged', () => {
    const plain = generateTfl({ seed: 2, ...SHORT }).filter((r) => r.topic !== 'stations');
    const faulty = generateTfl({ seed: 2, ...SHORT, faults: { unknownStation: { p: 1 } } }).filter((r) => r.topic !== 'stations');
    expect(faulty).toHaveLength(plain.length);
    faulty.forEach((r, i) => {
      expect(r.key).toBe('Atlantis');
      expect(r.value).toEqual({ ...(plain[i]!.value as object), station: 'Atlantis' });
    });
  });

  it('unknownStation {p: 0.5} hits some events, not all', () => {
    const events = generateTfl({ seed: 2, ...SHORT, faults: { unknownStation: { p: 0.5 } } }).filter((r) => r.topic !== 'stations');
    const hits = events.filter((r) => r.key === 'Atlantis').length;
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThan(events.length);
  });

  it('stationUpdate re-emits the row at `at` with the new location and modified_date, before events of that tick', () => {
    const records = generateTfl({ seed: 2, ...SHORT, faults: { stationUpdate: { at: T0 + 5000, name: 'Bank', location: '51.5130,-0.0890' } } });
    const bank = records.filter((r) => r.topic === 'stations' && r.key === 'Bank');
    expect(bank).toHaveLength(2);
    expect(bank[1]!.timestamp).toBe(T0 + 5000);
    expect(bank[1]!.value).toEqual({ ...(bank[0]!.value as object), lat: '51.5130', lon: '-0.0890', location: '51.5130,-0.0890', modified_date: T0 + 5000 });
    const i = records.indexOf(bank[1]!);
    expect(records.slice(i + 1).every((r) => r.timestamp >= T0 + 5000)).toBe(true);
    expect(records.slice(0, i).every((r) => r.timestamp <= T0 + 5000 && !(r.timestamp === T0 + 5000 && r.topic !== 'stations'))).toBe(true);
  });

  it('stationUpdate of an unknown station is an error', () => {
    expect(() => generateTfl({ ...SHORT, faults: { stationUpdate: { at: T0, name: 'Nowhere', location: '0,0' } } })).toThrow(/Nowhere/);
  });

  it('common drop {p: 1} on entries removes every entry and nothing else', () => {
    const records = generateTfl({ seed: 3, ...SHORT, faults: { drop: { p: 1, topics: ['entries'] } } });
    expect(of(records, 'entries')).toEqual([]);
    expect(of(records, 'exits')).toEqual(of(generateTfl({ seed: 3, ...SHORT }), 'exits'));
  });
});

describe('options', () => {
  it('TflOptionsSchema accepts the §3.2 options and faults and rejects unknown keys', () => {
    expect(TflOptionsSchema.parse({ users: 10, faults: { unknownStation: { p: 0.1 }, delay: { p: 0.1, maxMs: 500 } } })).toEqual({
      users: 10, faults: { unknownStation: { p: 0.1 }, delay: { p: 0.1, maxMs: 500 } },
    });
    expect(TflOptionsSchema.safeParse({ riders: 10 }).success).toBe(false);
    expect(TflOptionsSchema.safeParse({ faults: { unknownStation: { p: 2 } } }).success).toBe(false);
    expect(DEFAULT_TFL_OPTIONS).toMatchObject({ otherStations: 441, users: 1000, durationMs: 600_000, startTime: T0 });
  });
});

describe('stationsCsv', () => {
  const csv = [
    'UniqueId,Name,FareZones,HubNaptanCode,Wifi,OutsideStationUniqueId,BlueBadgeCarParking,BlueBadgeCarParkSpaces,TaxiRanksOutsideStation,MainBusInterchange,PierInterchange,NationalRailInterchange,AirportInterchange,EmiratesAirLineInterchange,Lat,Lon',
    '940GZZLUBNK,Bank,1,HUBBAN,TRUE,940GZZLUBNK-Outside,FALSE,0,TRUE,,,,,,51.51340,-0.08906',
    '940GZZLUERC,Edgware Road,1,,FALSE,,,,,,,,,,51.52040,-0.16780',
    '940GZZLUERB,Edgware Road,1,,,,,,,,,,,,51.52030,-0.17000',
    '"910GCRKLWD","Cricklewood, NW2","3",,,,,,,,,,,,51.55800,-0.21300',
  ].join('\r\n') + '\r\n';

  it('parses quoted fields and CRLF lines', () => {
    expect(parseCsv('a,"b,""c"""\r\n1,2\n')).toEqual([['a', 'b,"c"'], ['1', '2']]);
  });

  it('reads the original columns (case-insensitive, UniqueId for id); the first Edgware Road wins', () => {
    const rows = parseStationsCsv(csv, T0);
    expect(rows[0]).toEqual({
      id: '940GZZLUBNK', name: 'Bank', FareZones: '1', HubNaptanCode: 'HUBBAN', OutsideStationUniqueId: '940GZZLUBNK-Outside',
      MainBusInterchange: '', PierInterchange: '', NationalRailInterchange: '', AirportInterchange: '', EmiratesAirLineInterchange: '',
      Wifi: true, BlueBadgeCarParking: false, TaxiRanksOutsideStation: true, BlueBadgeCarParkSpaces: 0,
      lat: '51.51340', lon: '-0.08906', location: '51.51340,-0.08906', created_date: T0, modified_date: T0,
    });
    expect(rows[3]!.name).toBe('Cricklewood, NW2');
    const records = generateTfl({ seed: 1, durationMs: 3000, users: 5, stationsCsv: csv });
    const stations = of(records, 'stations');
    expect(stations.map((r) => r.key)).toEqual(['Bank', 'Edgware Road', 'Cricklewood, NW2']);
    expect((stations[1]!.value as Station).id).toBe('940GZZLUERC');
    // Riders use the zone-1 rows only.
    for (const r of records.filter((x) => x.topic !== 'stations')) expect(['Bank', 'Edgware Road']).toContain(r.key);
  });

  it('a missing required column names the expected header', () => {
    expect(() => parseStationsCsv('name,lat\nBank,1\n', T0)).toThrow(/missing column\(s\) id, farezones, lon/);
  });

  it('stationRowsFor uses the stations component only', () => {
    const a = stationRowsFor({ ...DEFAULT_TFL_OPTIONS, seed: 8 }, new SeededFakers(8));
    expect(a.zone1).toHaveLength(64);
    expect(a.rows).toHaveLength(504);
  });
});

describe('sizeFor (events → options)', () => {
  it('gives about N input records (±20%) for N = 1000 and 10 000, the 504 station rows included', async () => {
    const { tflScenario } = await import('../../../src/scenarios/tfl/scenario.js');
    for (const n of [1000, 10_000]) {
      const count = tflScenario.generate({ seed: 1, ...tflScenario.sizeFor(n) }).length;
      expect(count).toBeGreaterThanOrEqual(0.8 * n);
      expect(count).toBeLessThanOrEqual(1.2 * n);
    }
  });
});
