import { Materialized, Named, type KStream, type StreamsBuilder } from '../../streams/index.js';
import { ticketOutcomes } from './event-status.js';
import { addKeyValueStore } from '../common/index.js';
import { firstSight, processorOf } from './processor-kit.js';
import { eventChanges } from './sources.js';
import { TOPIC_VENUES, type Venue } from './schemas.js';
import { increment, type CounterEntries } from './stable-counter-map.js';
import { GLOBAL_KEY } from './top-artists.js';

/** U7 (MUST SEE, goal 1). */
export const MUST_SEE_VENUE_EVENTS_OUTPUT = 'kafka-workshop-must-see-venue-events';
/** U8 (MUST SEE, goal 2). */
export const MUST_SEE_VENUE_CUSTOMERS_OUTPUT = 'kafka-workshop-must-see-venue-customers';

export interface MustSeeVenueEvents {
  readonly venueid: string;
  readonly name: string | null;
  readonly eventCount: number;
}
export interface MustSeeVenueCustomers {
  readonly venueid: string;
  readonly name: string | null;
  readonly customerCount: number;
}

interface VenueHit {
  readonly venueid: string;
  readonly name: string | null;
}

/**
 * One global stable counter map over venues; emits `"global" → leader` whenever the leader or its count changes.
 * Only the venue just incremented can become leader or change the leader's count, so the name looked up for the
 * hit is the leader's name.
 */
function countLeader<V>(builder: StreamsBuilder, hits: KStream<string, VenueHit>, label: string, toValue: (hit: VenueHit, count: number) => V): KStream<string, V> {
  const store = addKeyValueStore(builder, `${label}-venue-counts`);
  return hits
    .selectKey(() => GLOBAL_KEY, Named.as(`${label}-to-global`))
    .repartition({ name: `${label}-venue-hits` })
    .process<string, V>(
      processorOf<string, VenueHit, string, V>((r, t) => {
        const counts = t.store<string, CounterEntries>(store);
        const before = counts.get(r.key) ?? [];
        const after = increment(before, r.value.venueid);
        counts.put(r.key, after);
        const [was, now] = [before[0], after[0]!];
        if (was !== undefined && was[0] === now[0] && was[1] === now[1]) return;
        t.emit(r.key, toValue(r.value, now[1]));
      }),
      store,
    );
}

/**
 * SCENARIOS.md U7 and U8: the venue with the most events (counted on each event id's first sight) and the venue
 * with the most confirmed tickets (Decision: visits, not distinct customers; a rejected ticket was not hosted).
 * Venue names come from a global table, so every task can read any venue; an unknown venue's name is null.
 */
export function mustSeeVenues(builder: StreamsBuilder): void {
  const venues = builder.globalTable<string, Venue>(TOPIC_VENUES, {}, Materialized.as('must-see-venues'));
  const venueName = (_k: unknown, venueid: string, venue: Venue | null): VenueHit => ({ venueid, name: venue?.name ?? null });

  const newEvents = firstSight(builder, eventChanges(builder), 'must-see-seen-events')
    .mapValues((e) => e.venueid)
    .leftJoin(venues, (_id, venueid) => venueid, (venueid: string, venue: Venue | null) => venueName(null, venueid, venue));
  countLeader(builder, newEvents, 'events', (hit, eventCount): MustSeeVenueEvents => ({ ...hit, eventCount })).to(MUST_SEE_VENUE_EVENTS_OUTPUT);

  const confirmed = ticketOutcomes(builder, 'must-see')
    .filter((_eventId, o) => o.confirmed)
    .mapValues((o) => o.event.venueid)
    .leftJoin(venues, (_id, venueid) => venueid, (venueid: string, venue: Venue | null) => venueName(null, venueid, venue));
  countLeader(builder, confirmed, 'tickets', (hit, customerCount): MustSeeVenueCustomers => ({ ...hit, customerCount })).to(
    MUST_SEE_VENUE_CUSTOMERS_OUTPUT,
  );
}
