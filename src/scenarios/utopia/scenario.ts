import { StreamsBuilder } from '../../streams/index.js';
import { ProcessorGroup, type Scenario } from '../common/index.js';
import { ARTIST_EVENT_ALERTS_OUTPUT, artistEventAlerts } from './artist-event-alerts.js';
import { CUSTOMERS_BY_TOP_ARTIST_OUTPUT, customersByTopArtist } from './customers-by-top-artist.js';
import { EVENT_CAPACITY_ALERTS_OUTPUT, eventCapacityAlerts } from './event-capacity-alerts.js';
import { DEFAULT_UTOPIA_OPTIONS, generateUtopia, UtopiaOptionsSchema, type UtopiaOptions } from './generator.js';
import { GLOBAL_TOTALS_OUTPUT, globalTotals } from './global-totals.js';
import { MUST_SEE_VENUE_CUSTOMERS_OUTPUT, MUST_SEE_VENUE_EVENTS_OUTPUT, mustSeeVenues } from './must-see-venues.js';
import { PURCHASE_EVENT_TICKET_OUTPUT, purchaseEventTicket } from './purchase-event-ticket.js';
import { TOPIC_STREAMS, TOPIC_TICKETS, UTOPIA_TOPICS, UTOPIA_VALUE_SCHEMAS } from './schemas.js';
import { SUGGESTED_EVENTS_GENRE_OUTPUT, suggestedEventsGenre } from './suggested-events-genre.js';
import { summarizeUtopia } from './summary.js';
import { TICKETS_BY_ZIPCODE_OUTPUT, ticketsByZipcode, ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT } from './tickets-by-zipcode.js';
import { TOP_ARTISTS_OUTPUT, topArtists } from './top-artists.js';
import { TOP_CUSTOMER_ARTISTS_OUTPUT, topCustomerArtists } from './top-customer-artists.js';

/** The output topics U1–U12, in §2.4's order. */
export const UTOPIA_OUTPUT_TOPICS = [
  TOP_CUSTOMER_ARTISTS_OUTPUT,
  TOP_ARTISTS_OUTPUT,
  CUSTOMERS_BY_TOP_ARTIST_OUTPUT,
  PURCHASE_EVENT_TICKET_OUTPUT,
  EVENT_CAPACITY_ALERTS_OUTPUT,
  ARTIST_EVENT_ALERTS_OUTPUT,
  MUST_SEE_VENUE_EVENTS_OUTPUT,
  MUST_SEE_VENUE_CUSTOMERS_OUTPUT,
  SUGGESTED_EVENTS_GENRE_OUTPUT,
  GLOBAL_TOTALS_OUTPUT,
  TICKETS_BY_ZIPCODE_OUTPUT,
  ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT,
] as const;

/**
 * One Kafka Streams application per original scenario (the two workshop samples and the six README scenarios),
 * each with its own application id and state, as separate apps in the original.
 */
export const UTOPIA_APPS: readonly { readonly id: string; readonly build: (builder: StreamsBuilder) => void }[] = [
  { id: 'TopCustomerArtists', build: topCustomerArtists },
  { id: 'PurchaseEventTicket', build: purchaseEventTicket },
  {
    id: 'MostStreamed',
    build: (b) => {
      topArtists(b);
      customersByTopArtist(b);
    },
  },
  {
    id: 'SoldOut',
    build: (b) => {
      eventCapacityAlerts(b);
      artistEventAlerts(b);
    },
  },
  { id: 'MustSee', build: mustSeeVenues },
  { id: 'SuggestedEventsGenre', build: suggestedEventsGenre },
  { id: 'GlobalTotals', build: globalTotals },
  { id: 'SuggestedEventsLocation', build: ticketsByZipcode },
];

/** Records of the fixed venue load (18 venues, each an address and a venue). */
const VENUE_RECORDS = 36;
/** Initial-load records per unit of the default volumes: 4 per customer, then artists, events, tickets, streams. */
const d = DEFAULT_UTOPIA_OPTIONS;
const LOAD_RECORDS = 4 * d.customers + d.artists + d.events + d.tickets + d.streams;
/**
 * Cron records per second of duration (§2.2): a customer (4 records) and a stream every 2 s, a ticket every 5 s,
 * an event every 20 s: 2 + 0.5 + 0.2 + 0.05.
 */
const CRON_RECORDS_PER_SECOND = 2.75;

/**
 * Options that give about `events` records: the initial-load volumes and the duration scale together from the
 * defaults (≈ 3036 records), keeping their proportions; at least one customer, artist and event.
 */
export function utopiaSizeFor(events: number): Partial<UtopiaOptions> {
  const n = Math.max(0, Math.floor(events));
  const perScale = LOAD_RECORDS + (CRON_RECORDS_PER_SECOND * d.durationMs) / 1000;
  const f = Math.max(0, n - VENUE_RECORDS) / perScale;
  const scaled = (x: number, min: number): number => Math.max(min, Math.round(x * f));
  return {
    customers: scaled(d.customers, 1),
    artists: scaled(d.artists, 1),
    events: scaled(d.events, 1),
    tickets: scaled(d.tickets, 0),
    streams: scaled(d.streams, 0),
    durationMs: Math.round(d.durationMs * f),
  };
}

/** Utopia (SCENARIOS.md §2): the Stream Processing Workshop's music and concert-ticket company. */
export const utopiaScenario: Scenario<UtopiaOptions> = {
  name: 'utopia',
  description: 'Utopia workshop: customers, artists, streams, events and tickets; eight Kafka Streams apps answer twelve questions',
  inputTopics: UTOPIA_TOPICS.map((name) => ({
    name,
    kind: name === TOPIC_TICKETS || name === TOPIC_STREAMS ? ('stream' as const) : ('table' as const),
    value: UTOPIA_VALUE_SCHEMAS[name],
  })),
  outputTopics: UTOPIA_OUTPUT_TOPICS,
  defaults: DEFAULT_UTOPIA_OPTIONS,
  optionsSchema: UtopiaOptionsSchema,
  durationOption: 'durationMs',
  sizeFor: utopiaSizeFor,
  generate: (options) => generateUtopia(options),
  start(ctx) {
    const group = new ProcessorGroup(ctx.broker, ctx.seed, ctx);
    for (const app of UTOPIA_APPS) {
      const builder = new StreamsBuilder();
      app.build(builder);
      group.addTopology(app.id, builder, ctx.partitions);
    }
    return group;
  },
  summarize: summarizeUtopia,
};
