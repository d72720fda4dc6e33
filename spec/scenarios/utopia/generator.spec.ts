import { describe, expect, it } from 'vitest';
import { T0 } from '../../../src/scenarios/common/index.js';
import { generateUtopia, type UtopiaRecord } from '../../../src/scenarios/utopia/generator.js';
import {
  UTOPIA_VALUE_SCHEMAS,
  type Address,
  type Artist,
  type Customer,
  type Email,
  type Event,
  type Phone,
  type Stream,
  type Ticket,
  type UtopiaTopic,
  type Venue,
} from '../../../src/scenarios/utopia/schemas.js';

const CUSTOMERS = 'data-demo-customers';
const ADDRESSES = 'data-demo-addresses';
const PHONES = 'data-demo-phones';
const EMAILS = 'data-demo-emails';
const ARTISTS = 'data-demo-artists';
const VENUES = 'data-demo-venues';
const EVENTS = 'data-demo-events';
const TICKETS = 'data-demo-tickets';
const STREAMS = 'data-demo-streams';
const CUSTOMER_TOPICS = [CUSTOMERS, ADDRESSES, PHONES, EMAILS];

const DAY = 86_400_000;
/** Initial load with the defaults: 20·4 customer records, 20 artists, 18·2 venue records, 50 events, 200 tickets, 1000 streams. */
const LOAD = 80 + 20 + 36 + 50 + 200 + 1000;

const GENRES = [
  'Hip Hop & Rap', 'Pop', 'Rock', 'Country', 'R&B', 'Folk', 'Jazz', 'Heavy Metal', 'EDM', 'Soul', 'Funk',
  'Reggae', 'Disco', 'Punk Rock', 'Classical', 'House', 'Techno', 'Indie Rock', 'Grunge', 'Ambient', 'Gospel', 'Latin',
];

const defaults = generateUtopia({ seed: 7 });

function values<V>(records: readonly UtopiaRecord[], topic: string): V[] {
  return records.filter((r) => r.topic === topic).map((r) => r.value as V);
}

function countByTopic(records: readonly UtopiaRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.topic] = (counts[r.topic] ?? 0) + 1;
  return counts;
}

/** Parses `YYYY-MM-DD HH:mm:ss.SSS` as UTC. */
function parseEventDate(s: string): number {
  return Date.parse(`${s.replace(' ', 'T')}Z`);
}

describe('generateUtopia: determinism', () => {
  it('gives byte-identical output for the same seed and options', () => {
    expect(JSON.stringify(generateUtopia({ seed: 7 }))).toBe(JSON.stringify(defaults));
    const opts = { seed: 3, durationMs: 60_000, faults: { danglingTicket: { p: 0.3 }, delay: { p: 0.2, maxMs: 50 } } };
    expect(JSON.stringify(generateUtopia(opts))).toBe(JSON.stringify(generateUtopia(opts)));
  });

  it('differs between seeds', () => {
    expect(JSON.stringify(generateUtopia({ seed: 8 }))).not.toBe(JSON.stringify(defaults));
  });

  it('a shorter run is a prefix of a longer one (nf)', () => {
    const short = generateUtopia({ seed: 7, durationMs: 100_000 });
    expect(JSON.stringify(defaults.slice(0, short.length))).toBe(JSON.stringify(short));
    expect(short.at(-1)!.timestamp).toBe(T0 + 100_000);
  });
});

describe('generateUtopia: volumes with the defaults', () => {
  it('counts the initial load plus the cron records of 600 s', () => {
    // Cron after the last load record (+1385 ms) up to +600 s inclusive:
    // createCustomer 600/2 = 300, streamArtist 300, bookTicket 600/5 = 120, createEvent 600/20 = 30.
    expect(countByTopic(defaults)).toEqual({
      [CUSTOMERS]: 20 + 300,
      [ADDRESSES]: 20 + 300 + 18,
      [PHONES]: 20 + 300,
      [EMAILS]: 20 + 300,
      [ARTISTS]: 20,
      [VENUES]: 18,
      [EVENTS]: 50 + 30,
      [TICKETS]: 200 + 120,
      [STREAMS]: 1000 + 300,
    });
    expect(defaults).toHaveLength(3036);
  });

  it('scales the load with the options and fires nothing with durationMs below the load', () => {
    const small = generateUtopia({ seed: 1, customers: 2, artists: 3, events: 4, tickets: 5, streams: 6, durationMs: 1000 });
    expect(small).toHaveLength(8 + 3 + 36 + 4 + 5 + 6);
  });
});

describe('generateUtopia: records', () => {
  it('every record validates against its topic schema, with exactly the schema fields', () => {
    for (const r of defaults) {
      const schema = UTOPIA_VALUE_SCHEMAS[r.topic as UtopiaTopic];
      expect(schema, r.topic).toBeDefined();
      expect(schema.safeParse(r.value).success, JSON.stringify(r)).toBe(true);
      expect(Object.keys(r.value as object).sort()).toEqual(Object.keys(schema.shape).sort());
      expect(typeof r.key).toBe('string');
      expect(r.key).toBe((r.value as { id: string }).id);
      expect(r.appendAt).toBe(r.timestamp);
    }
  });

  it('ids are unique per topic; 9-digit numerics except the venue uuids', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const topic of [CUSTOMERS, ADDRESSES, PHONES, EMAILS, ARTISTS, VENUES, EVENTS, TICKETS, STREAMS]) {
      const ids = defaults.filter((r) => r.topic === topic).map((r) => r.key);
      expect(new Set(ids).size, topic).toBe(ids.length);
    }
    for (const r of defaults) {
      const venueSide = r.topic === VENUES || (r.topic === ADDRESSES && (r.value as Address).type === 'VENUE');
      expect(r.key).toMatch(venueSide ? uuid : /^[1-9]\d{8}$/);
    }
  });

  it('customers: four records in order, consistent fields and dates', () => {
    const firstLoad = defaults.slice(0, 4);
    expect(firstLoad.map((r) => r.topic)).toEqual(CUSTOMER_TOPICS);
    const customers = values<Customer>(defaults, CUSTOMERS);
    for (const c of customers) {
      expect(c.fullname).toBe(`${c.fname} ${c.mname} ${c.lname}`);
      expect(c.birthdt >= '1900-01-01' && c.birthdt <= '1979-12-31').toBe(true);
      const birth = Date.parse(c.birthdt);
      const join = Date.parse(c.joindt);
      const atLeast14 = new Date(birth);
      atLeast14.setUTCFullYear(atLeast14.getUTCFullYear() + 14);
      expect(join).toBeGreaterThanOrEqual(atLeast14.getTime());
      expect(join).toBeLessThanOrEqual(T0);
    }
    const phones = values<Phone>(defaults, PHONES);
    for (const p of phones) expect(Number(p.extnbr)).toSatisfy((n: number) => Number.isInteger(n) && n >= 1 && n <= 9999);
    const emails = values<Email>(defaults, EMAILS);
    for (const e of emails) expect(e.email).toMatch(/^[^@\s]+@(gmail|outlook|aol|yahoo|icloud|protonmail|zoho|yandex|gmx|mail)\.com$/);
    // Each customer's address, phone and email follow it and point back at it.
    for (let i = 0; i < defaults.length; i++) {
      if (defaults[i]!.topic !== CUSTOMERS) continue;
      const group = defaults.slice(i, i + 4);
      expect(group.map((r) => r.topic)).toEqual(CUSTOMER_TOPICS);
      for (const r of group.slice(1)) expect((r.value as { customerid: string }).customerid).toBe(group[0]!.key);
      const address = group[1]!.value as Address;
      expect(address).toMatchObject({ type: 'RESID', formatcode: 'US', countrycd: 'US', latitude: null, longitude: null });
      expect(address.zip4).toMatch(/^\d{4}$/);
      expect(address.state).toMatch(/^[A-Z]{2}$/);
    }
  });

  it('zip5 comes from a pool of zipPoolSize zips', () => {
    const zips = (records: readonly UtopiaRecord[]) =>
      new Set(values<Address>(records, ADDRESSES).filter((a) => a.type === 'RESID').map((a) => a.zip5));
    const pool = zips(defaults);
    expect(pool.size).toBe(12); // 320 draws from 12 zips: every one shows up
    for (const z of pool) expect(z).toMatch(/^\d{5}$/);
    expect(zips(generateUtopia({ seed: 7, zipPoolSize: 3 })).size).toBeLessThanOrEqual(3);
    expect(zips(generateUtopia({ seed: 7, zipPoolSize: 1 })).size).toBe(1);
  });

  it('artists draw their genre from the 22', () => {
    const artists = values<Artist>(defaults, ARTISTS);
    for (const a of artists) expect(GENRES).toContain(a.genre);
    expect(artists.every((a) => a.name.length > 0)).toBe(true);
  });

  it('venues: the 18 fixed rows, quirks kept, each after its VENUE address', () => {
    const block = defaults.slice(100, 136);
    expect(block.map((r) => r.topic)).toEqual(Array.from({ length: 36 }, (_, i) => (i % 2 === 0 ? ADDRESSES : VENUES)));
    const venues = values<Venue>(block, VENUES);
    const addresses = values<Address>(block, ADDRESSES);
    expect(venues.map((v) => v.name)).toEqual([
      'U.S. Bank Stadium', 'First Avenue', 'The Chicago Theatre', 'Wrigley Field', 'Radio City Music Hall',
      'Madison Square Garden', 'Carnegie Hall', 'The Fillmore', '9:30 Club', 'Ottobar', 'Crypto.com Arena',
      'Hollywood Bowl', 'Red Rocks', 'The Fillmore Auditorium', 'Ryman Auditorium', 'Fenway Park',
      'The Gorge Amphitheater', 'The Greek Theatre',
    ]);
    expect(venues.map((v) => v.maxcapacity)).toEqual([
      73000, 1550, 3600, 41649, 6013, 19500, 2800, 2500, 1200, 400, 20000, 17500, 9545, 3900, 2362, 37775, 27500, 5900,
    ]);
    venues.forEach((v, i) => expect(v.addressid).toBe(addresses[i]!.id));
    for (const a of addresses) expect(a).toMatchObject({ type: 'VENUE', customerid: null, line2: null, zip4: null, formatcode: 'US', countrycd: 'US' });
    expect(addresses[0]).toMatchObject({ line1: '401 Chicago Ave', citynm: 'Minneapolis', state: 'MN', zip5: '55415', latitude: 44.973774, longitude: -93.258736 });
    expect(addresses[1]).toMatchObject({ line1: '701 N 1st Ave', citynm: ' Minneapolis', zip5: '55403', latitude: 44.978 });
    expect(addresses[5]).toMatchObject({ line1: 'Pennsylvania Plaza', citynm: 'New York', zip5: '20000' });
    expect(addresses[7]).toMatchObject({ line1: '9 E Allen Street Philadelphia', citynm: '', state: 'PA', zip5: '19123' });
    expect(addresses[15]).toMatchObject({ line1: '4 Jersey St', citynm: ' Boston', state: 'MA', zip5: '02215', longitude: -71.0972 });
  });

  it('events: eventdate format and ranges, capacities per mode, existing artist and venue', () => {
    const artistIds = new Set(values<Artist>(defaults, ARTISTS).map((a) => a.id));
    const venueCap = new Map(values<Venue>(defaults, VENUES).map((v) => [v.id, v.maxcapacity]));
    const events = defaults.filter((r) => r.topic === EVENTS);
    for (const r of events) {
      const e = r.value as Event;
      expect(artistIds.has(e.artistid)).toBe(true);
      const max = venueCap.get(e.venueid)!;
      expect(max).toBeDefined();
      expect(e.capacity).toBeGreaterThanOrEqual(2);
      expect(e.capacity).toBeLessThanOrEqual(Math.min(20, max - 1));
      expect(e.eventdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
      const date = parseEventDate(e.eventdate);
      if (r.timestamp - T0 < LOAD) {
        expect(date).toBeGreaterThanOrEqual(T0 - 30 * DAY);
        expect(date).toBeLessThanOrEqual(T0 + 250 * DAY);
      } else {
        expect(date).toBeGreaterThan(r.timestamp);
        expect(date).toBeLessThanOrEqual(r.timestamp + 250 * DAY);
      }
    }
    const initial = events.slice(0, 50).map((r) => parseEventDate((r.value as Event).eventdate));
    expect(initial.some((d) => d < T0)).toBe(true); // some events already happened
    expect(initial.some((d) => d > T0)).toBe(true);

    const faithfulRun = generateUtopia({ seed: 7, capacityMode: 'faithful', durationMs: 0 });
    const faithfulCap = new Map(values<Venue>(faithfulRun, VENUES).map((v) => [v.id, v.maxcapacity]));
    const faithful = values<Event>(faithfulRun, EVENTS);
    for (const e of faithful) {
      expect(e.capacity).toBeGreaterThanOrEqual(2);
      expect(e.capacity).toBeLessThanOrEqual(faithfulCap.get(e.venueid)! - 1);
    }
    expect(faithful.some((e) => e.capacity > 20)).toBe(true);
  });

  it('tickets and streams reference customers, events and artists already sent; streamtime is the record time', () => {
    const seen = new Set<string>();
    for (const r of defaults) {
      if (r.topic === TICKETS) {
        const t = r.value as Ticket;
        expect(seen.has(`${CUSTOMERS}/${t.customerid}`)).toBe(true);
        expect(seen.has(`${EVENTS}/${t.eventid}`)).toBe(true);
        expect(Number.isInteger(t.price) && t.price >= 1 && t.price <= 2499).toBe(true);
      } else if (r.topic === STREAMS) {
        const s = r.value as Stream;
        expect(seen.has(`${CUSTOMERS}/${s.customerid}`)).toBe(true);
        expect(seen.has(`${ARTISTS}/${s.artistid}`)).toBe(true);
        expect(s.streamtime).toBe(new Date(r.timestamp).toISOString());
      }
      seen.add(`${r.topic}/${r.key}`);
    }
  });
});

describe('generateUtopia: timeline', () => {
  it('initial load: one record per millisecond from T0, customers, artists, venues, events, tickets, streams', () => {
    const load = defaults.slice(0, LOAD);
    load.forEach((r, i) => expect(r.timestamp).toBe(T0 + i));
    const expected = [
      ...Array.from({ length: 20 }, () => CUSTOMER_TOPICS).flat(),
      ...Array<string>(20).fill(ARTISTS),
      ...Array.from({ length: 18 }, () => [ADDRESSES, VENUES]).flat(),
      ...Array<string>(50).fill(EVENTS),
      ...Array<string>(200).fill(TICKETS),
      ...Array<string>(1000).fill(STREAMS),
    ];
    expect(load.map((r) => r.topic)).toEqual(expected);
    expect(defaults[LOAD]!.timestamp).toBe(T0 + 2000); // nothing between +1385 and the first 2 s tick
  });

  it('cron records fire at T0 + k·period, jobs due together in the order createCustomer, streamArtist, bookTicket, createEvent', () => {
    const cron = defaults.slice(LOAD);
    const byInstant = new Map<number, string[]>();
    for (const r of cron) {
      const at = r.timestamp - T0;
      byInstant.set(at, [...(byInstant.get(at) ?? []), r.topic]);
    }
    const expectedAt = (t: number): string[] => [
      ...(t % 2000 === 0 ? [...CUSTOMER_TOPICS, STREAMS] : []),
      ...(t % 5000 === 0 ? [TICKETS] : []),
      ...(t % 20_000 === 0 ? [EVENTS] : []),
    ];
    const instants: number[] = [];
    for (let t = 1000; t <= 600_000; t += 1000) if (expectedAt(t).length > 0) instants.push(t);
    expect([...byInstant.keys()]).toEqual(instants);
    for (const t of instants) expect(byInstant.get(t), `+${t}`).toEqual(expectedAt(t));
    expect(byInstant.get(20_000)).toEqual([...CUSTOMER_TOPICS, STREAMS, TICKETS, EVENTS]);
    expect(byInstant.get(600_000)).toEqual([...CUSTOMER_TOPICS, STREAMS, TICKETS, EVENTS]);
    expect(cron.every((r, i) => r.seq === LOAD + i)).toBe(true);
  });

  it('counts only instants after the last load record', () => {
    // Load of 2·4 + 1 + 36 + 1 + 0 + 2000 = 2046 records: last at +2045, so the 2 s tick at +2000 is skipped.
    const records = generateUtopia({ seed: 2, customers: 2, artists: 1, events: 1, tickets: 0, streams: 2000, durationMs: 6000 });
    const cron = records.slice(2046).map((r) => [r.timestamp - T0, r.topic]);
    expect(cron).toEqual([
      [4000, CUSTOMERS], [4000, ADDRESSES], [4000, PHONES], [4000, EMAILS], [4000, STREAMS],
      [5000, TICKETS],
      [6000, CUSTOMERS], [6000, ADDRESSES], [6000, PHONES], [6000, EMAILS], [6000, STREAMS],
    ]);
  });

  it('follows startTime', () => {
    const start = T0 + 123_456;
    const records = generateUtopia({ seed: 7, startTime: start, durationMs: 10_000 });
    expect(records[0]!.timestamp).toBe(start);
    expect(records[LOAD]!.timestamp).toBe(start + 2000);
    expect(records.at(-1)!.timestamp).toBe(start + 10_000);
  });
});

describe('generateUtopia: faults', () => {
  it('danglingTicket p=1: no ticket points at an event that ever exists; nothing else changes', () => {
    const faulty = generateUtopia({ seed: 7, faults: { danglingTicket: { p: 1 } } });
    const eventIds = new Set(values<Event>(faulty, EVENTS).map((e) => e.id));
    const customerIds = new Set(values<Customer>(faulty, CUSTOMERS).map((c) => c.id));
    const tickets = values<Ticket>(faulty, TICKETS);
    expect(tickets).toHaveLength(320);
    for (const t of tickets) {
      expect(eventIds.has(t.eventid)).toBe(false);
      expect(t.eventid).toMatch(/^[1-9]\d{8}$/);
      expect(customerIds.has(t.customerid)).toBe(true);
    }
    const strip = (records: readonly UtopiaRecord[]) =>
      JSON.stringify(records.map((r) => (r.topic === TICKETS ? { ...r, value: { ...(r.value as Ticket), eventid: '' } } : r)));
    expect(strip(faulty)).toBe(strip(defaults));
  });

  it('danglingTicket p=0 gives the fault-free output', () => {
    expect(JSON.stringify(generateUtopia({ seed: 7, faults: { danglingTicket: { p: 0 } } }))).toBe(JSON.stringify(defaults));
  });

  it('common faults apply on top (drop p=1 on streams)', () => {
    const records = generateUtopia({ seed: 7, faults: { drop: { p: 1, topics: [STREAMS] } } });
    expect(countByTopic(records)[STREAMS]).toBeUndefined();
    expect(records).toHaveLength(3036 - 1300);
  });

  it('rejects bad options', () => {
    expect(() => generateUtopia({ zipPoolSize: 0 })).toThrow(RangeError);
    expect(() => generateUtopia({ customers: 0 })).toThrow(RangeError);
    expect(() => generateUtopia({ faults: { danglingTicket: { p: 2 } } })).toThrow(RangeError);
  });
});
