import { latestPerKey, type ScenarioOutputRecord, type SummaryTable } from '../common/index.js';
import { ARTIST_EVENT_ALERTS_OUTPUT } from './artist-event-alerts.js';
import { CUSTOMERS_BY_TOP_ARTIST_OUTPUT } from './customers-by-top-artist.js';
import { EVENT_CAPACITY_ALERTS_OUTPUT, type EventCapacityAlert } from './event-capacity-alerts.js';
import { GLOBAL_TOTALS_OUTPUT, type GlobalTotals } from './global-totals.js';
import { MUST_SEE_VENUE_CUSTOMERS_OUTPUT, MUST_SEE_VENUE_EVENTS_OUTPUT, type MustSeeVenueCustomers, type MustSeeVenueEvents } from './must-see-venues.js';
import { PURCHASE_EVENT_TICKET_OUTPUT, type EventTicketConfirmation } from './purchase-event-ticket.js';
import type { CounterEntries } from './stable-counter-map.js';
import { SUGGESTED_EVENTS_GENRE_OUTPUT, type SuggestedEvent } from './suggested-events-genre.js';
import { TICKETS_BY_ZIPCODE_OUTPUT, ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT, type ZipcodeTickets } from './tickets-by-zipcode.js';
import { TOP_ARTISTS_OUTPUT } from './top-artists.js';

type Outputs = ReadonlyMap<string, readonly ScenarioOutputRecord[]>;

const records = (outputs: Outputs, topic: string): readonly ScenarioOutputRecord[] => outputs.get(topic) ?? [];
const lastValue = <V>(outputs: Outputs, topic: string): V | null => (records(outputs, topic).at(-1)?.value as V | undefined) ?? null;

/** The latest value per key (a null value removes the key), keys in first-seen order. */
function latestByKey<V>(rs: readonly ScenarioOutputRecord[]): Map<string, V> {
  return new Map(latestPerKey(rs).map((r) => [String(r.key), r.value as V]));
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One small table per utopia question (§2.4), from the output topics in append order. */
export function summarizeUtopia(outputs: Outputs): SummaryTable[] {
  const tables: SummaryTable[] = [];

  const topArtists = lastValue<CounterEntries>(outputs, TOP_ARTISTS_OUTPUT) ?? [];
  tables.push({ title: 'Most streamed artists (U2)', columns: ['rank', 'artistid', 'streams'], rows: topArtists.map(([id, n], i) => [i + 1, id, n]) });

  const lists = [...latestByKey<readonly string[]>(records(outputs, CUSTOMERS_BY_TOP_ARTIST_OUTPUT))]
    .sort((a, b) => b[1].length - a[1].length || byKey(a[0], b[0]))
    .slice(0, 5);
  tables.push({
    title: 'Biggest customer lists per top artist (U3)',
    columns: ['artistid', 'customers', 'first customerids'],
    rows: lists.map(([artist, ids]) => [artist, ids.length, ids.slice(0, 3).join(' ')]),
  });

  const responses = records(outputs, PURCHASE_EVENT_TICKET_OUTPUT).map((r) => (r.value as EventTicketConfirmation).confirmationStatus);
  const alerts = records(outputs, EVENT_CAPACITY_ALERTS_OUTPUT).map((r) => r.value as EventCapacityAlert);
  tables.push({
    title: 'Ticket responses and capacity alerts (U4, U5)',
    columns: ['what', 'count'],
    rows: [
      ['CONFIRMED tickets', responses.filter((s) => s === 'CONFIRMED').length],
      ['REJECTED tickets', responses.filter((s) => s === 'REJECTED').length],
      ['ALMOST_SOLD_OUT events', alerts.filter((a) => a.status === 'ALMOST_SOLD_OUT').length],
      ['SOLD_OUT events', alerts.filter((a) => a.status === 'SOLD_OUT').length],
    ],
  });

  const venueEvents = lastValue<MustSeeVenueEvents>(outputs, MUST_SEE_VENUE_EVENTS_OUTPUT);
  const venueCustomers = lastValue<MustSeeVenueCustomers>(outputs, MUST_SEE_VENUE_CUSTOMERS_OUTPUT);
  tables.push({
    title: 'Must-see venue (U7, U8)',
    columns: ['by', 'venueid', 'name', 'count'],
    rows: [
      ...(venueEvents === null ? [] : [['events', venueEvents.venueid, venueEvents.name, venueEvents.eventCount] as const]),
      ...(venueCustomers === null ? [] : [['confirmed tickets', venueCustomers.venueid, venueCustomers.name, venueCustomers.customerCount] as const]),
    ],
  });

  const totals = lastValue<GlobalTotals>(outputs, GLOBAL_TOTALS_OUTPUT);
  tables.push({
    title: 'Global totals (U10)',
    columns: ['customers', 'streams', 'events', 'tickets', 'eventsOccurred'],
    rows: totals === null ? [] : [[totals.customers, totals.streams, totals.events, totals.tickets, totals.eventsOccurred]],
  });

  const zips = [...latestByKey<ZipcodeTickets>(records(outputs, TICKETS_BY_ZIPCODE_OUTPUT)).values()]
    .sort((a, b) => b.ticketCount - a.ticketCount || byKey(a.zip5, b.zip5))
    .slice(0, 5);
  tables.push({ title: 'Top zipcodes by tickets (U11)', columns: ['zip5', 'tickets'], rows: zips.map((z) => [z.zip5, z.ticketCount]) });

  const alertRow = (label: string, topic: string): [string, number, number] => {
    const rs = records(outputs, topic);
    return [label, rs.length, new Set(rs.map((r) => String(r.key))).size];
  };
  const genre = records(outputs, SUGGESTED_EVENTS_GENRE_OUTPUT).map((r) => r.value as SuggestedEvent);
  tables.push({
    title: 'Customer alerts (U6, U9, U12)',
    columns: ['alert', 'records', 'customers'],
    rows: [
      alertRow('artist event (U6)', ARTIST_EVENT_ALERTS_OUTPUT),
      alertRow('genre suggestion (U9)', SUGGESTED_EVENTS_GENRE_OUTPUT),
      ['  of which NEW_EVENT', genre.filter((g) => g.reason === 'NEW_EVENT').length, new Set(genre.filter((g) => g.reason === 'NEW_EVENT').map((g) => g.customerid)).size],
      ['  of which POPULAR_EVENT', genre.filter((g) => g.reason === 'POPULAR_EVENT').length, new Set(genre.filter((g) => g.reason === 'POPULAR_EVENT').map((g) => g.customerid)).size],
      alertRow('zipcode popular event (U12)', ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT),
    ],
  });
  return tables;
}
