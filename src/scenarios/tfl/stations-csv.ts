import type { Station } from './schemas.js';

/**
 * The header `stationsCsv` expects: the columns of the original `stations` table (SCENARIOS.md §3.1), in any order,
 * matched case-insensitively (`UniqueId` is accepted for `id`, as in TfL's own Stations.csv). `id`, `name`,
 * `FareZones`, `lat` and `lon` are required; a missing optional column is null; `location` defaults to `lat,lon`.
 */
export const STATIONS_CSV_HEADER =
  'id,name,FareZones,HubNaptanCode,Wifi,OutsideStationUniqueId,BlueBadgeCarParking,BlueBadgeCarParkSpaces,' +
  'TaxiRanksOutsideStation,MainBusInterchange,PierInterchange,NationalRailInterchange,AirportInterchange,' +
  'EmiratesAirLineInterchange,lat,lon';

const REQUIRED = ['id', 'name', 'farezones', 'lat', 'lon'] as const;
const TEXT_COLUMNS = [
  'HubNaptanCode', 'OutsideStationUniqueId', 'MainBusInterchange', 'PierInterchange', 'NationalRailInterchange',
  'AirportInterchange', 'EmiratesAirLineInterchange',
] as const;
const BOOL_COLUMNS = ['Wifi', 'BlueBadgeCarParking', 'TaxiRanksOutsideStation'] as const;

/** RFC 4180 fields: commas and CRLF or LF line ends, double quotes around fields, `""` for a quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  // Blank lines (a trailing newline, say) are not rows.
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

/** MariaDB BOOLEAN from CSV text: true/false, 1/0, yes/no; empty is null. */
function bool(text: string | undefined, where: string): boolean | null {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '') return null;
  if (t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  throw new RangeError(`stationsCsv ${where}: not a boolean: ${JSON.stringify(text)}`);
}

function int(text: string | undefined, where: string): number | null {
  const t = (text ?? '').trim();
  if (t === '') return null;
  if (!/^-?\d+$/.test(t)) throw new RangeError(`stationsCsv ${where}: not an integer: ${JSON.stringify(text)}`);
  return Number(t);
}

/** The rows of a stations CSV (header first), with `created_date = modified_date = at`. */
export function parseStationsCsv(text: string, at: number): Station[] {
  const [header, ...body] = parseCsv(text);
  if (header === undefined) throw new RangeError('stationsCsv: empty file');
  const index = new Map<string, number>();
  header.forEach((h, i) => index.set(h.trim().toLowerCase() === 'uniqueid' ? 'id' : h.trim().toLowerCase(), i));
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) throw new RangeError(`stationsCsv: missing column(s) ${missing.join(', ')}; expected header ${STATIONS_CSV_HEADER}`);
  return body.map((cells, n) => {
    const where = `line ${n + 2}`;
    const get = (col: string): string | undefined => {
      const i = index.get(col.toLowerCase());
      return i === undefined ? undefined : cells[i];
    };
    const text = (col: string): string | null => get(col) ?? null;
    const lat = (get('lat') ?? '').trim();
    const lon = (get('lon') ?? '').trim();
    const row: Record<string, unknown> = {
      id: get('id') ?? '',
      name: get('name') ?? '',
      FareZones: get('FareZones') ?? '',
    };
    for (const c of TEXT_COLUMNS) row[c] = text(c);
    for (const c of BOOL_COLUMNS) row[c] = bool(get(c), `${where} ${c}`);
    row['BlueBadgeCarParkSpaces'] = int(get('BlueBadgeCarParkSpaces'), `${where} BlueBadgeCarParkSpaces`);
    Object.assign(row, { lat, lon, location: get('location') ?? `${lat},${lon}`, created_date: at, modified_date: at });
    if (row['name'] === '') throw new RangeError(`stationsCsv ${where}: empty name`);
    return row as Station;
  });
}
