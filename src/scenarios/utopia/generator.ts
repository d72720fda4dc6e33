import { z } from 'zod';
import {
  applyFaults,
  checkProbability,
  checkSkew,
  CommonFaultsSchema,
  cronTimeline,
  RecordSequencer,
  type SeededFaker,
  SeededFakers,
  SkewedPicker,
  SkewSchema,
  T0,
  type CommonFaults,
  type CronJob,
  type GeneratedRecord,
} from '../common/index.js';
import {
  CUSTOMER_TYPES,
  GENDERS,
  PHONE_TYPES,
  PRIMARY_INDICATORS,
  TIMEZONES,
  TOPIC_ADDRESSES,
  TOPIC_ARTISTS,
  TOPIC_CUSTOMERS,
  TOPIC_EMAILS,
  TOPIC_EVENTS,
  TOPIC_PHONES,
  TOPIC_STREAMS,
  TOPIC_TICKETS,
  TOPIC_VENUES,
  type Address,
  type Artist,
  type Customer,
  type Email,
  type Event,
  type Phone,
  type Stream,
  type Ticket,
  type UtopiaTopic,
  type UtopiaValues,
  type Venue,
} from './schemas.js';
import { VENUE_ROWS } from './venues.js';

/** Faker labels of the utopia generator's components (SCENARIOS.md §2.2). */
export const UTOPIA_LABELS = {
  customers: 'customers',
  music: 'music',
  venues: 'venues',
  activity: 'activity',
} as const;

/**
 * Label of the scenario fault `danglingTicket`. **Interpretation:** §2.2 names no label for it; it draws from its own
 * component so that switching it on never shifts the `activity` (or the common `faults`) draws.
 */
export const DANGLING_TICKET_LABEL = 'danglingTicket';

/** The 22 genres of §2.2, in the spec's order. */
export const GENRES = [
  'Hip Hop & Rap',
  'Pop',
  'Rock',
  'Country',
  'R&B',
  'Folk',
  'Jazz',
  'Heavy Metal',
  'EDM',
  'Soul',
  'Funk',
  'Reggae',
  'Disco',
  'Punk Rock',
  'Classical',
  'House',
  'Techno',
  'Indie Rock',
  'Grunge',
  'Ambient',
  'Gospel',
  'Latin',
] as const;

/** Email domains of §2.2; the address is `username@<domain>.com`. */
export const EMAIL_DOMAINS = ['gmail', 'outlook', 'aol', 'yahoo', 'icloud', 'protonmail', 'zoho', 'yandex', 'gmx', 'mail'] as const;

/** The cron jobs of §2.2, listed in their firing order for equal instants. */
export const UTOPIA_CRON_JOBS: readonly CronJob<UtopiaCronJob>[] = Object.freeze([
  { name: 'createCustomer', periodMs: 2000 },
  { name: 'streamArtist', periodMs: 2000 },
  { name: 'bookTicket', periodMs: 5000 },
  { name: 'createEvent', periodMs: 20_000 },
]);
export type UtopiaCronJob = 'createCustomer' | 'streamArtist' | 'bookTicket' | 'createEvent';

export type CapacityMode = 'small' | 'faithful';

/** `danglingTicket {p}`: with probability p a ticket points at an event id that no event ever has. */
export interface DanglingTicketFault {
  readonly p: number;
}

export interface UtopiaFaults extends CommonFaults {
  readonly danglingTicket?: DanglingTicketFault;
}

export interface UtopiaOptions {
  readonly seed: number;
  readonly startTime: number;
  readonly durationMs: number;
  /** Initial-load volumes (§2.2, the original's). */
  readonly customers: number;
  readonly artists: number;
  readonly events: number;
  readonly tickets: number;
  readonly streams: number;
  readonly capacityMode: CapacityMode;
  readonly zipPoolSize: number;
  /**
   * Key-popularity skew (Zipf exponent, 0..10): a ticket's customer and event and a stream's customer and artist
   * are picked with weight 1/(i+1)^skew by creation index i, so the earliest ones become hot keys. 0 = uniform.
   */
  readonly skew: number;
  readonly faults: UtopiaFaults;
}

/** The §2.2 defaults (seed 1; every fault off). */
export const DEFAULT_UTOPIA_OPTIONS: UtopiaOptions = Object.freeze({
  seed: 1,
  startTime: T0,
  durationMs: 600_000,
  customers: 20,
  artists: 20,
  events: 50,
  tickets: 200,
  streams: 1000,
  capacityMode: 'small',
  zipPoolSize: 12,
  skew: 0,
  faults: Object.freeze({}),
});

const count = z.number().int().min(0).max(10_000_000);

/** zod schema of the options (for `--opt` parsing); every field optional, unknown keys rejected. */
export const UtopiaOptionsSchema = z.strictObject({
  seed: z.number().int().refine(Number.isSafeInteger, 'seed must be a safe integer').optional(),
  startTime: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  durationMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  customers: count.optional(),
  artists: count.optional(),
  events: count.optional(),
  tickets: count.optional(),
  streams: count.optional(),
  capacityMode: z.enum(['small', 'faithful']).optional(),
  zipPoolSize: z.number().int().min(1).max(100_000).optional(),
  skew: SkewSchema.optional(),
  faults: CommonFaultsSchema.extend({ danglingTicket: z.strictObject({ p: z.number().min(0).max(1) }).optional() }).optional(),
});

/** A utopia record: keyed by its entity id. */
export type UtopiaRecord = GeneratedRecord<string, UtopiaValues[UtopiaTopic]>;

const DAY_MS = 86_400_000;
/** [1900-01-01, 1980-01-01) for birth days. */
const BIRTH_FROM = Date.UTC(1900, 0, 1);
const BIRTH_UNTIL = Date.UTC(1980, 0, 1);
/** Initial-load event dates: [start − 30 d, start + 250 d]; later ones: (creation, creation + 250 d]. */
const EVENT_PAST_MS = 30 * DAY_MS;
const EVENT_AHEAD_MS = 250 * DAY_MS;

/** `YYYY-MM-DD` of an epoch-ms instant, UTC. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm:ss.SSS` of an epoch-ms instant, UTC (the `java.sql.Timestamp` format of §2.2). */
export function formatEventDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** The same calendar day `years` later (UTC); Feb 29 rolls over to Mar 1. */
function addYears(dayMs: number, years: number): number {
  const d = new Date(dayMs);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

/** Draws ids until one is new to `used`, then records it. */
function uniqueId(used: Set<string>, draw: () => string): string {
  for (;;) {
    const id = draw();
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

function numericId(rnd: SeededFaker): string {
  return rnd.faker.string.numeric({ length: 9, allowLeadingZeros: false });
}

function resolve(options: Partial<UtopiaOptions>): UtopiaOptions {
  const o: UtopiaOptions = { ...DEFAULT_UTOPIA_OPTIONS, ...stripUndefined(options) };
  const ints: [string, number, number][] = [
    ['startTime', o.startTime, 0],
    ['durationMs', o.durationMs, 0],
    ['customers', o.customers, 0],
    ['artists', o.artists, 0],
    ['events', o.events, 0],
    ['tickets', o.tickets, 0],
    ['streams', o.streams, 0],
    ['zipPoolSize', o.zipPoolSize, 1],
  ];
  for (const [name, value, min] of ints) {
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`utopia: ${name} must be an integer >= ${String(min)}, got ${String(value)}`);
  }
  if (o.capacityMode !== 'small' && o.capacityMode !== 'faithful') {
    throw new RangeError(`utopia: capacityMode must be 'small' or 'faithful', got ${String(o.capacityMode)}`);
  }
  if (o.events > 0 && o.artists === 0) throw new RangeError('utopia: events need at least one artist');
  if (o.streams > 0 && (o.customers === 0 || o.artists === 0)) throw new RangeError('utopia: streams need customers and artists');
  if (o.tickets > 0 && (o.customers === 0 || o.events === 0)) throw new RangeError('utopia: tickets need customers and events');
  checkSkew(o.skew, 'utopia');
  if (o.faults.danglingTicket !== undefined) checkProbability(o.faults.danglingTicket.p, 'danglingTicket');
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The utopia generator of SCENARIOS.md §2.2. Pure: the same options give byte-identical records.
 *
 * Returns every record in append order (§0.4), after the common faults. Components and what they draw, each in
 * its own seeded faker:
 * - `customers`: the zip pool (first, once), then per customer: customer, RESID address, phone, email.
 * - `music`: per artist: id, name, genre.
 * - `venues`: per fixed venue: address uuid, then venue uuid.
 * - `activity`: events (id, artist, venue, capacity, eventdate), tickets (id, customer, event, price) and streams
 *   (id, customer, artist). With `skew` > 0 the tickets' and streams' customer, event and artist picks are
 *   Zipf-weighted, one u() each, in the same places.
 * - `danglingTicket`: only when that fault is set, per ticket `bern(p)` and, on a hit, the unknown event id.
 *
 * Timeline: the initial load puts record i at `startTime + i` (customers, artists, venues, events, tickets,
 * streams); then the cron jobs fire at `startTime + k·period` for the instants after the last load record up to
 * `startTime + durationMs` inclusive, and every record of one firing carries the firing's instant.
 */
export function generateUtopia(options: Partial<UtopiaOptions> = {}): UtopiaRecord[] {
  const o = resolve(options);
  const fakers = new SeededFakers(o.seed);
  const cust = fakers.get(UTOPIA_LABELS.customers);
  const music = fakers.get(UTOPIA_LABELS.music);
  const venuesRnd = fakers.get(UTOPIA_LABELS.venues);
  const activity = fakers.get(UTOPIA_LABELS.activity);
  const skewed = new SkewedPicker(o.skew);
  const dangling = o.faults.danglingTicket;
  const danglingRnd = dangling === undefined ? undefined : fakers.get(DANGLING_TICKET_LABEL);

  const seq = new RecordSequencer();
  const emit = <T extends UtopiaTopic>(topic: T, value: UtopiaValues[T] & { id: string }, timestamp: number): void => {
    seq.emit({ topic, key: value.id, value, timestamp });
  };

  // Ids are unique per topic (the key of each table); addresses mix 9-digit customer ids with venue uuids.
  const usedIds = new Map<UtopiaTopic, Set<string>>();
  const used = (topic: UtopiaTopic): Set<string> => {
    let set = usedIds.get(topic);
    if (set === undefined) {
      set = new Set();
      usedIds.set(topic, set);
    }
    return set;
  };

  const customerIds: string[] = [];
  const artists: Artist[] = [];
  const venues: Venue[] = [];
  const eventIds: string[] = [];

  // The zip pool: zipPoolSize distinct zips, drawn once, first thing in `customers`.
  const zipPool: string[] = [];
  {
    const seen = new Set<string>();
    while (zipPool.length < o.zipPoolSize) {
      zipPool.push(uniqueId(seen, () => cust.faker.location.zipCode('#####')));
    }
  }
  const joinUntil = Math.floor(o.startTime / DAY_MS) * DAY_MS;

  const createCustomer = (at: () => number): void => {
    const f = cust.faker;
    const id = uniqueId(used(TOPIC_CUSTOMERS), () => numericId(cust));
    const type = cust.pick(CUSTOMER_TYPES);
    const gender = cust.pick(GENDERS);
    const fname = f.person.firstName();
    const mname = f.person.middleName();
    const lname = f.person.lastName();
    const suffix = f.person.suffix();
    const title = f.person.prefix();
    const birth = BIRTH_FROM + cust.int(0, (BIRTH_UNTIL - BIRTH_FROM) / DAY_MS - 1) * DAY_MS;
    const joinFrom = Math.min(addYears(birth, cust.int(14, 39)), joinUntil);
    const join = joinFrom + cust.int(0, Math.floor((joinUntil - joinFrom) / DAY_MS)) * DAY_MS;
    const customer: Customer = {
      id,
      type,
      gender,
      fname,
      mname,
      lname,
      fullname: `${fname} ${mname} ${lname}`,
      suffix,
      title,
      birthdt: formatDay(birth),
      joindt: formatDay(join),
    };
    const address: Address = {
      id: uniqueId(used(TOPIC_ADDRESSES), () => numericId(cust)),
      customerid: id,
      formatcode: 'US',
      type: 'RESID',
      line1: f.location.streetAddress(),
      line2: f.location.secondaryAddress(),
      citynm: f.location.city(),
      state: f.location.state({ abbreviated: true }),
      zip5: cust.pick(zipPool),
      zip4: f.string.numeric(4),
      countrycd: 'US',
      latitude: null,
      longitude: null,
    };
    const phone: Phone = {
      id: uniqueId(used(TOPIC_PHONES), () => numericId(cust)),
      customerid: id,
      phonetypecd: cust.pick(PHONE_TYPES),
      primaryind: cust.pick(PRIMARY_INDICATORS),
      timezone: cust.pick(TIMEZONES),
      extnbr: String(cust.int(1, 9999)),
      number: f.phone.number(),
    };
    const email: Email = {
      id: uniqueId(used(TOPIC_EMAILS), () => numericId(cust)),
      customerid: id,
      email: `${f.internet.username()}@${cust.pick(EMAIL_DOMAINS)}.com`,
    };
    customerIds.push(id);
    emit(TOPIC_CUSTOMERS, customer, at());
    emit(TOPIC_ADDRESSES, address, at());
    emit(TOPIC_PHONES, phone, at());
    emit(TOPIC_EMAILS, email, at());
  };

  const createArtist = (at: () => number): void => {
    const artist: Artist = {
      id: uniqueId(used(TOPIC_ARTISTS), () => numericId(music)),
      name: music.faker.music.artist(),
      genre: music.pick(GENRES),
    };
    artists.push(artist);
    emit(TOPIC_ARTISTS, artist, at());
  };

  const createVenues = (at: () => number): void => {
    for (const row of VENUE_ROWS) {
      const address: Address = {
        id: uniqueId(used(TOPIC_ADDRESSES), () => venuesRnd.faker.string.uuid()),
        customerid: null,
        formatcode: 'US',
        type: 'VENUE',
        line1: row.street,
        line2: null,
        citynm: row.city,
        state: row.state,
        zip5: row.zip,
        zip4: null,
        countrycd: 'US',
        latitude: row.lat,
        longitude: row.lon,
      };
      const venue: Venue = {
        id: uniqueId(used(TOPIC_VENUES), () => venuesRnd.faker.string.uuid()),
        addressid: address.id,
        name: row.name,
        maxcapacity: row.capacity,
      };
      venues.push(venue);
      emit(TOPIC_ADDRESSES, address, at());
      emit(TOPIC_VENUES, venue, at());
    }
  };

  /** `initial`: the load's date range [start − 30 d, start + 250 d]; otherwise (created, created + 250 d]. */
  const createEvent = (at: () => number, initial: boolean): void => {
    const id = uniqueId(used(TOPIC_EVENTS), () => numericId(activity));
    const artist = activity.pick(artists);
    const venue = activity.pick(venues);
    const maxCapacity = o.capacityMode === 'small' ? Math.min(20, venue.maxcapacity - 1) : venue.maxcapacity - 1;
    const capacity = activity.int(2, maxCapacity);
    const ts = at();
    const date = initial ? activity.int(o.startTime - EVENT_PAST_MS, o.startTime + EVENT_AHEAD_MS) : activity.int(ts + 1, ts + EVENT_AHEAD_MS);
    const event: Event = { id, artistid: artist.id, venueid: venue.id, capacity, eventdate: formatEventDate(date) };
    eventIds.push(id);
    emit(TOPIC_EVENTS, event, ts);
  };

  const bookTicket = (at: () => number): void => {
    const id = uniqueId(used(TOPIC_TICKETS), () => numericId(activity));
    const customerid = skewed.pick(activity, customerIds);
    let eventid = skewed.pick(activity, eventIds);
    const price = activity.int(1, 2499);
    if (dangling !== undefined && danglingRnd !== undefined && danglingRnd.bern(dangling.p)) {
      // Reserved in the events' id set, so no event created later can take it.
      eventid = uniqueId(used(TOPIC_EVENTS), () => numericId(danglingRnd));
    }
    const ticket: Ticket = { id, customerid, eventid, price };
    emit(TOPIC_TICKETS, ticket, at());
  };

  const streamArtist = (at: () => number): void => {
    const ts = at();
    const stream: Stream = {
      id: uniqueId(used(TOPIC_STREAMS), () => numericId(activity)),
      customerid: skewed.pick(activity, customerIds),
      artistid: skewed.pick(activity, artists).id,
      streamtime: new Date(ts).toISOString(),
    };
    emit(TOPIC_STREAMS, stream, ts);
  };

  // Initial load: one record per millisecond from startTime.
  let next = o.startTime;
  const tick = (): number => next++;
  for (let i = 0; i < o.customers; i++) createCustomer(tick);
  for (let i = 0; i < o.artists; i++) createArtist(tick);
  createVenues(tick);
  for (let i = 0; i < o.events; i++) createEvent(tick, true);
  for (let i = 0; i < o.tickets; i++) bookTicket(tick);
  for (let i = 0; i < o.streams; i++) streamArtist(tick);
  const lastLoad = next - 1;

  // Cron jobs. A firing whose pools are empty (no artist; no customer or event yet) emits nothing and draws nothing.
  const window = { anchor: o.startTime, after: lastLoad, until: o.startTime + o.durationMs };
  for (const firing of cronTimeline(UTOPIA_CRON_JOBS, window)) {
    const at = (): number => firing.at;
    switch (firing.job) {
      case 'createCustomer':
        createCustomer(at);
        break;
      case 'streamArtist':
        if (customerIds.length > 0 && artists.length > 0) streamArtist(at);
        break;
      case 'bookTicket':
        if (customerIds.length > 0 && eventIds.length > 0) bookTicket(at);
        break;
      case 'createEvent':
        if (artists.length > 0) createEvent(at, false);
        break;
    }
  }

  return applyFaults(seq.records as readonly UtopiaRecord[], o.faults, o.seed);
}
