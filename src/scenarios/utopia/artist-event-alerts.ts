import { Named, type StreamsBuilder } from '../../streams/index.js';
import { addKeyValueStore } from '../common/index.js';
import { applyOwnedRow, compareIds, firstSight, ownedRowChanges, processorOf, type OwnedRow, type OwnedRowChange } from './processor-kit.js';
import { eventChanges, sourceStream } from './sources.js';
import { TOPIC_EMAILS, TOPIC_STREAMS, type Email, type Event, type Stream } from './schemas.js';
import { increment, top, type CounterEntries } from './stable-counter-map.js';

/** U6 (SOLD OUT, bonus and double bonus). */
export const ARTIST_EVENT_ALERTS_OUTPUT = 'kafka-workshop-artist-event-alerts';

export interface ArtistEventAlert {
  readonly customerid: string;
  readonly email: string | null;
  readonly eventid: string;
  readonly artistid: string;
  readonly venueid: string;
  readonly eventdate: string;
  readonly streamCount: number;
}

type ByArtist = { readonly kind: 'stream'; readonly customerid: string } | { readonly kind: 'event'; readonly event: Event };
type ByCustomer = { readonly kind: 'email'; readonly change: OwnedRowChange<Email> } | { readonly kind: 'alert'; readonly alert: ArtistEventAlert };

/**
 * SCENARIOS.md U6. Keyed by artist: a stable counter map of the artist's streams per customer; the first sight of
 * an event alerts the first 3 entries, as of that moment, in ascending customerid order (§2.3 fan-out). Keyed by
 * customer: the customer's latest email row (§2.3 "email"), added to each alert (null when there is none).
 */
export function artistEventAlerts(builder: StreamsBuilder): void {
  const fansStore = addKeyValueStore(builder, 'artist-customer-stream-counts');
  const emailStore = addKeyValueStore(builder, 'customer-latest-email');

  const streams = sourceStream<string | null, Stream>(builder, TOPIC_STREAMS)
    .map((_id, s) => ({ key: s.artistid, value: { kind: 'stream', customerid: s.customerid } as ByArtist }), Named.as('streams-by-artistid'));
  const events = firstSight(builder, eventChanges(builder), 'artist-alerts-seen-events').map(
    (_id, e) => ({ key: e.artistid, value: { kind: 'event', event: e } as ByArtist }),
    Named.as('new-events-by-artistid'),
  );

  const alerts = streams
    .merge(events)
    .repartition({ name: 'artist-activity' })
    .process<string, ByCustomer>(
      processorOf<string, ByArtist, string, ByCustomer>((r, t) => {
        const store = t.store<string, CounterEntries>(fansStore);
        const fans = store.get(r.key) ?? [];
        if (r.value.kind === 'stream') {
          store.put(r.key, increment(fans, r.value.customerid));
          return;
        }
        const e = r.value.event;
        const topFans = [...top(fans, 3)].sort((a, b) => compareIds(a[0], b[0]));
        for (const [customerid, streamCount] of topFans) {
          const alert: ArtistEventAlert = { customerid, email: null, eventid: e.id, artistid: e.artistid, venueid: e.venueid, eventdate: e.eventdate, streamCount };
          t.emit(customerid, { kind: 'alert', alert });
        }
      }),
      fansStore,
    );

  const emails = ownedRowChanges<Email>(builder, sourceStream<string, Email | null>(builder, TOPIC_EMAILS), (e) => e.customerid, 'email-owners').mapValues(
    (change): ByCustomer => ({ kind: 'email', change }),
  );

  alerts
    .merge(emails)
    .repartition({ name: 'customer-alerts-and-emails' })
    .process<string, ArtistEventAlert>(
      processorOf<string, ByCustomer, string, ArtistEventAlert>((r, t) => {
        const store = t.store<string, OwnedRow<Email>>(emailStore);
        if (r.value.kind === 'email') {
          store.put(r.key, applyOwnedRow(store.get(r.key), r.value.change));
          return;
        }
        t.emit(r.key, { ...r.value.alert, email: store.get(r.key)?.row.email ?? null });
      }),
      emailStore,
    )
    .to(ARTIST_EVENT_ALERTS_OUTPUT);
}
