import type { SeededFaker } from '../common/index.js';
import type { Station } from './schemas.js';

/** The 64 zone-1 rows of the original TfL file, in its order; "Edgware Road" is there twice (SCENARIOS.md §3.2). */
export const ZONE1_NAMES: readonly string[] = Object.freeze([
  'City Thameslink', 'Shoreditch High Street', 'Aldgate East', 'Angel', 'Aldgate', 'Barbican', 'Bond Street', 'Borough',
  'Baker Street', 'Bayswater', 'Covent Garden', 'Chancery Lane', 'Embankment', 'Edgware Road', 'Edgware Road',
  'Euston Square', 'Goodge Street', 'Green Park', 'Great Portland Street', 'Gloucester Road', 'Holborn',
  'Hyde Park Corner', 'High Street Kensington', 'Knightsbridge', 'Lambeth North', 'Lancaster Gate', 'Leicester Square',
  'Marble Arch', 'Monument', 'Mansion House', 'Oxford Circus', 'Piccadilly Circus', 'Pimlico', 'Queensway',
  "Regent's Park", 'Russell Square', "St James's Park", 'South Kensington', "St Paul's", 'Sloane Square', 'Southwark',
  'Temple', 'Tower Hill', 'Warren Street', 'Bank', 'Blackfriars', 'Charing Cross', 'Cannon Street', 'Euston',
  "King's Cross St Pancras", 'London Bridge', 'Liverpool Street', 'Marylebone', 'Old Street', 'Paddington',
  'Tottenham Court Road', 'Tower Gateway', 'Victoria', 'Waterloo', 'Westminster', 'Farringdon', 'Moorgate', 'Nine Elms',
  'Battersea Power Station',
]);

/** FareZones of the other stations with the original file's counts, in this order (they sum to 433). */
export const OTHER_ZONE_COUNTS: readonly (readonly [string, number])[] = Object.freeze([
  ['2', 113], ['3', 80], ['4', 72], ['5', 37], ['6', 32], ['Trams fare zone', 32], ['2|3', 27], ['Outside', 12],
  ['3|4', 10], ['1|2', 6], ['7', 6], ['8', 6],
] as const);

const ZONE_SEQUENCE: readonly string[] = OTHER_ZONE_COUNTS.flatMap(([zone, n]) => Array.from({ length: n }, () => zone));

/**
 * FareZones of the i-th other station (from 0). **Interpretation:** the listed counts cover 433 rows but the default
 * is 441 other stations; rows past the list start it again (so rows 433..440 are zone "2").
 */
export function otherZone(i: number): string {
  return ZONE_SEQUENCE[i % ZONE_SEQUENCE.length]!;
}

/** Coordinate boxes of §3.2. */
const ZONE1_BOX = { lat: [51.49, 51.54], lon: [-0.2, -0.07] } as const;
const OTHER_BOX = { lat: [51.28, 51.7], lon: [-0.51, 0.33] } as const;

/** Uniform in [a, b) with 5 decimals, as a string (the column is VARCHAR). One `u()`. */
function coordinate(rnd: SeededFaker, [a, b]: readonly [number, number]): string {
  return (a + (b - a) * rnd.u()).toFixed(5);
}

/** The fields the generator does not vary: fixed, so they cost no draws. */
function stationRow(index: number, name: string, zone: string, lat: string, lon: string, at: number): Station {
  const id = `STN${String(index + 1).padStart(4, '0')}`;
  return {
    id,
    name,
    FareZones: zone,
    HubNaptanCode: null,
    Wifi: null,
    OutsideStationUniqueId: `${id}-Outside`,
    BlueBadgeCarParking: null,
    BlueBadgeCarParkSpaces: null,
    TaxiRanksOutsideStation: null,
    MainBusInterchange: null,
    PierInterchange: null,
    NationalRailInterchange: null,
    AirportInterchange: null,
    EmiratesAirLineInterchange: null,
    lat,
    lon,
    location: `${lat},${lon}`,
    created_date: at,
    modified_date: at,
  };
}

/**
 * The generated stations file (label `stations`), before the primary-key rule: the 64 zone-1 rows (draws per row:
 * lat, lon), then `otherStations` rows (draws per row: `faker.location.street()` until the name is new — also
 * distinct from every zone-1 name — then lat, lon).
 */
export function generateStationRows(rnd: SeededFaker, otherStations: number, at: number): Station[] {
  const rows: Station[] = [];
  for (const name of ZONE1_NAMES) {
    const lat = coordinate(rnd, ZONE1_BOX.lat);
    const lon = coordinate(rnd, ZONE1_BOX.lon);
    rows.push(stationRow(rows.length, name, '1', lat, lon, at));
  }
  const used = new Set(ZONE1_NAMES);
  for (let i = 0; i < otherStations; i++) {
    let name = rnd.faker.location.street();
    while (used.has(name)) name = rnd.faker.location.street();
    used.add(name);
    const lat = coordinate(rnd, OTHER_BOX.lat);
    const lon = coordinate(rnd, OTHER_BOX.lon);
    rows.push(stationRow(rows.length, name, otherZone(i), lat, lon, at));
  }
  return rows;
}

/** The MariaDB primary key on `name`: a duplicate name keeps only its first row. */
export function keepFirstByName(rows: readonly Station[]): Station[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
}

/** The zone-1 names a rider may use (rows with FareZones "1", duplicates kept, as the barrier loop picks from). */
export function zone1Names(rows: readonly Station[]): string[] {
  return rows.filter((r) => r.FareZones.trim() === '1').map((r) => r.name);
}
