import { Materialized, Named, type StreamsBuilder } from '../../streams/index.js';
import { ticketOutcomes } from './event-status.js';
import { addKeyValueStore } from '../common/index.js';
import { firstSight, insertSorted, processorOf, removeId } from './processor-kit.js';
import { eventChanges, sourceStream } from './sources.js';
import { TOPIC_ARTISTS, TOPIC_STREAMS, type Artist, type Event, type Stream } from './schemas.js';
import { increment, type CounterEntries } from './stable-counter-map.js';

/** U9 (SUGGESTED – GENRE, goal and bonus). */
export const SUGGESTED_EVENTS_GENRE_OUTPUT = 'kafka-workshop-suggested-events-genre';

export interface SuggestedEvent {
  readonly customerid: string;
  readonly eventid: string;
  readonly artistid: string;
  readonly genre: string;
  readonly reason: 'NEW_EVENT' | 'POPULAR_EVENT';
}

/** Keyed by genre: a customer whose top genre becomes (add) or stops being (remove) this genre, or an event. */
type ByGenre =
  | { readonly kind: 'fan'; readonly customerid: string; readonly add: boolean }
  | { readonly kind: 'event'; readonly eventid: string; readonly artistid: string; readonly reason: SuggestedEvent['reason'] };

/**
 * SCENARIOS.md U9. Artists are a global table (every task looks genres up). Keyed by customer: each customer's
 * stable counter map of streamed genres; a change of top genre moves the customer between genre lists. Keyed by
 * genre: the ascending list of customers whose top genre it is, fanned out when an event is first seen
 * (NEW_EVENT) or first becomes popular (POPULAR_EVENT: the ticket of U5's ALMOST_SOLD_OUT, or of a SOLD_OUT
 * without an earlier ALMOST).
 */
export function suggestedEventsGenre(builder: StreamsBuilder): void {
  const artists = builder.globalTable<string, Artist>(TOPIC_ARTISTS, {}, Materialized.as('genre-artists'));
  const genreCounts = addKeyValueStore(builder, 'customer-genre-counts');
  const genreFans = addKeyValueStore(builder, 'genre-top-customers');

  const fans = sourceStream<string | null, Stream>(builder, TOPIC_STREAMS)
    .join(artists, (_id, s) => s.artistid, (s: Stream, a: Artist) => ({ customerid: s.customerid, genre: a.genre }))
    .selectKey((_id, s) => s.customerid, Named.as('genre-streams-by-customerid'))
    .repartition({ name: 'genre-streams-by-customer' })
    .process<string, ByGenre>(
      processorOf<string, { customerid: string; genre: string }, string, ByGenre>((r, t) => {
        const store = t.store<string, CounterEntries>(genreCounts);
        const before = store.get(r.key) ?? [];
        const after = increment(before, r.value.genre);
        store.put(r.key, after);
        const [from, to] = [before[0]?.[0], after[0]![0]];
        if (from === to) return;
        if (from !== undefined) t.emit(from, { kind: 'fan', customerid: r.key, add: false });
        t.emit(to, { kind: 'fan', customerid: r.key, add: true });
      }),
      genreCounts,
    );

  const newEvents = firstSight(builder, eventChanges(builder), 'genre-seen-events')
    .join(artists, (_id, e) => e.artistid, (e: Event, a: Artist) => ({ e, genre: a.genre }))
    .map((_id, { e, genre }) => ({ key: genre, value: { kind: 'event', eventid: e.id, artistid: e.artistid, reason: 'NEW_EVENT' } as ByGenre }));

  const popularEvents = ticketOutcomes(builder, 'genre')
    .filter((_eventId, o) => o.becamePopular)
    .join(artists, (_id, o) => o.event.artistid, (o, a: Artist) => ({ e: o.event, genre: a.genre }))
    .map((_id, { e, genre }) => ({ key: genre, value: { kind: 'event', eventid: e.id, artistid: e.artistid, reason: 'POPULAR_EVENT' } as ByGenre }));

  fans
    .merge(newEvents)
    .merge(popularEvents)
    .repartition({ name: 'genre-activity' })
    .process<string, SuggestedEvent>(
      processorOf<string, ByGenre, string, SuggestedEvent>((r, t) => {
        const store = t.store<string, readonly string[]>(genreFans);
        const list = store.get(r.key) ?? [];
        const v = r.value;
        if (v.kind === 'fan') {
          const next = v.add ? insertSorted(list, v.customerid) : removeId(list, v.customerid);
          store.put(r.key, next.length === 0 ? null : next);
          return;
        }
        for (const customerid of list) t.emit(customerid, { customerid, eventid: v.eventid, artistid: v.artistid, genre: r.key, reason: v.reason });
      }),
      genreFans,
    )
    .to(SUGGESTED_EVENTS_GENRE_OUTPUT);
}
