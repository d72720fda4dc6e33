/**
 * A brute-force reference for the utopia outputs (SCENARIOS.md §2.3–2.4), written for the specs independently of
 * the apps: one pass over the inputs in append order, with plain maps, recomputing every answer from scratch.
 * Stable counter maps are ordered by (count desc, the moment the entry reached its count asc), which is what an
 * insertion-ordered map re-sorted stably after each increment amounts to.
 */
import type { Address, Artist, Email, Event, Stream, Ticket, Venue } from '../../../src/scenarios/utopia/schemas.js';

export interface InputRecord {
  readonly topic: string;
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
}
export interface Out {
  readonly key: unknown;
  readonly value: unknown;
}

class ReachOrderCounter {
  private readonly entries = new Map<string, { count: number; reached: number }>();
  private clock = 0;
  add(id: string): void {
    const e = this.entries.get(id);
    this.entries.set(id, { count: (e?.count ?? 0) + 1, reached: this.clock++ });
  }
  sorted(): [string, number][] {
    return [...this.entries]
      .sort((a, b) => b[1].count - a[1].count || a[1].reached - b[1].reached)
      .map(([id, e]) => [id, e.count]);
  }
  first(): string | undefined {
    return this.sorted()[0]?.[0];
  }
  total(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.count;
    return n;
  }
}

const counter = <K>(m: Map<K, ReachOrderCounter>, k: K): ReachOrderCounter => {
  let c = m.get(k);
  if (c === undefined) m.set(k, (c = new ReachOrderCounter()));
  return c;
};
const asc = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const popular = (sold: number, capacity: number): boolean => 10 * sold >= 9 * capacity;

function parseDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/.exec(s);
  if (m === null) return null;
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(t) ? null : t;
}

export interface Reference {
  readonly outputs: Map<string, Out[]>;
  /** Per event id: joined tickets (requested) and capacity (first joined event's). */
  readonly status: Map<string, { event: Event; requested: number }>;
  readonly streamsPerCustomer: Map<string, ReachOrderCounter>;
}

export function reference(inputs: readonly InputRecord[]): Reference {
  const out = new Map<string, Out[]>();
  const emit = (topic: string, key: unknown, value: unknown): void => {
    let list = out.get(topic);
    if (list === undefined) out.set(topic, (list = []));
    list.push({ key, value });
  };
  const events = new Map<string, Event>();
  const artists = new Map<string, Artist>();
  const venues = new Map<string, Venue>();
  const emailRows = new Map<string, Email>();
  const addressRows = new Map<string, Address>();
  const liveCustomers = new Set<string>();
  const seenEvents = new Set<string>();
  const perCustomer = new Map<string, ReachOrderCounter>();
  const global = new ReachOrderCounter();
  const perArtistFans = new Map<string, ReachOrderCounter>();
  const genresPerCustomer = new Map<string, ReachOrderCounter>();
  const status = new Map<string, { event: Event; requested: number }>();
  const venueEvents = new ReachOrderCounter();
  const venueTickets = new ReachOrderCounter();
  let venueEventsLeader: [string, number] | undefined;
  let venueTicketsLeader: [string, number] | undefined;
  const zipCounts = new Map<string, number>();
  const zipAlerted = new Set<string>();
  const totals = { customers: 0, streams: 0, events: 0, tickets: 0 };
  let streamTime = -1;
  // The "latest row" of a customer: rows are kept in arrival order of their latest version.
  const emailOrder: string[] = [];
  const addressOrder: string[] = [];
  const latestOf = <R extends { customerid: string | null }>(rows: Map<string, R>, order: string[], customerid: string, ok: (r: R) => boolean): R | null => {
    for (let i = order.length - 1; i >= 0; i--) {
      const r = rows.get(order[i]!);
      if (r !== undefined && r.customerid === customerid && ok(r)) return r;
    }
    return null;
  };
  const email = (c: string): string | null => latestOf(emailRows, emailOrder, c, () => true)?.email ?? null;
  const zipOf = (c: string): string | null => latestOf(addressRows, addressOrder, c, (a) => a.type === 'RESID')?.zip5 ?? null;
  const topGenre = (c: string): string | undefined => genresPerCustomer.get(c)?.first();
  const customersWithTopGenre = (genre: string): string[] => [...genresPerCustomer.keys()].filter((c) => topGenre(c) === genre).sort(asc);
  const leader = (topic: string, counts: ReachOrderCounter, before: [string, number] | undefined, field: string): [string, number] | undefined => {
    const [id, n] = counts.sorted()[0]!;
    if (before !== undefined && before[0] === id && before[1] === n) return before;
    emit(topic, 'global', { venueid: id, name: venues.get(id)?.name ?? null, [field]: n });
    return [id, n];
  };
  const totalsOut = (): void => {
    let occurred = 0;
    for (const e of events.values()) {
      const d = parseDate(e.eventdate);
      if (d !== null && d <= streamTime) occurred++;
    }
    emit('kafka-workshop-global-totals', 'global', { ...totals, eventsOccurred: occurred });
  };

  for (const r of inputs) {
    const key = r.key as string;
    switch (r.topic) {
      case 'data-demo-customers':
        streamTime = Math.max(streamTime, r.timestamp);
        if (r.value === null) liveCustomers.delete(key);
        else liveCustomers.add(key);
        totals.customers = liveCustomers.size;
        totalsOut();
        break;
      case 'data-demo-artists':
        if (r.value === null) artists.delete(key);
        else artists.set(key, r.value as Artist);
        break;
      case 'data-demo-venues':
        if (r.value === null) venues.delete(key);
        else venues.set(key, r.value as Venue);
        break;
      case 'data-demo-emails':
        if (r.value === null) emailRows.delete(key);
        else emailRows.set(key, r.value as Email);
        emailOrder.splice(0, emailOrder.length, ...emailOrder.filter((k) => k !== key), key);
        break;
      case 'data-demo-addresses':
        if (r.value === null) addressRows.delete(key);
        else addressRows.set(key, r.value as Address);
        addressOrder.splice(0, addressOrder.length, ...addressOrder.filter((k) => k !== key), key);
        break;
      case 'data-demo-events': {
        streamTime = Math.max(streamTime, r.timestamp);
        const e = r.value as Event | null;
        if (e === null) events.delete(key);
        else events.set(key, e);
        totals.events = events.size;
        totalsOut();
        if (e === null || seenEvents.has(key)) break;
        seenEvents.add(key);
        const fans = perArtistFans.get(e.artistid)?.sorted().slice(0, 3) ?? [];
        for (const [c, n] of fans.sort((a, b) => asc(a[0], b[0]))) {
          emit('kafka-workshop-artist-event-alerts', c, {
            customerid: c,
            email: email(c),
            eventid: e.id,
            artistid: e.artistid,
            venueid: e.venueid,
            eventdate: e.eventdate,
            streamCount: n,
          });
        }
        venueEvents.add(e.venueid);
        venueEventsLeader = leader('kafka-workshop-must-see-venue-events', venueEvents, venueEventsLeader, 'eventCount');
        const artist = artists.get(e.artistid);
        if (artist !== undefined) {
          for (const c of customersWithTopGenre(artist.genre)) {
            emit('kafka-workshop-suggested-events-genre', c, { customerid: c, eventid: e.id, artistid: e.artistid, genre: artist.genre, reason: 'NEW_EVENT' });
          }
        }
        break;
      }
      case 'data-demo-streams': {
        streamTime = Math.max(streamTime, r.timestamp);
        const s = r.value as Stream;
        totals.streams++;
        totalsOut();
        const mine = counter(perCustomer, s.customerid);
        const before = mine.first();
        mine.add(s.artistid);
        emit('kafka-workshop-top-10-stream-count', s.customerid, mine.sorted().slice(0, 3));
        global.add(s.artistid);
        emit('kafka-workshop-top-3-artists', 'global', global.sorted().slice(0, 3));
        const after = mine.first()!;
        if (before !== after) {
          const list = (a: string): string[] | null => {
            const cs = [...perCustomer].filter(([, m]) => m.first() === a).map(([c]) => c).sort(asc);
            return cs.length === 0 ? null : cs;
          };
          if (before !== undefined) emit('kafka-workshop-customers-by-top-artist', before, list(before));
          emit('kafka-workshop-customers-by-top-artist', after, list(after));
        }
        counter(perArtistFans, s.artistid).add(s.customerid);
        const artist = artists.get(s.artistid);
        if (artist !== undefined) counter(genresPerCustomer, s.customerid).add(artist.genre);
        break;
      }
      case 'data-demo-tickets': {
        streamTime = Math.max(streamTime, r.timestamp);
        const t = r.value as Ticket;
        totals.tickets++;
        totalsOut();
        const buyerZip = zipOf(t.customerid);
        if (buyerZip !== null) {
          zipCounts.set(buyerZip, (zipCounts.get(buyerZip) ?? 0) + 1);
          emit('kafka-workshop-tickets-by-zipcode', buyerZip, { zip5: buyerZip, ticketCount: zipCounts.get(buyerZip) });
        }
        const current = events.get(t.eventid);
        if (current === undefined) break;
        const st = status.get(t.eventid) ?? { event: current, requested: 0 };
        st.requested++;
        status.set(t.eventid, st);
        const e = st.event;
        const remaining = e.capacity - st.requested;
        const confirmed = remaining >= 0;
        emit('kafka-workshop-ticket-response', t.eventid, {
          confirmationStatus: confirmed ? 'CONFIRMED' : 'REJECTED',
          confirmationId: `${t.eventid}:${st.requested}`,
          ticketRequest: t,
          event: e,
          remainingTickets: remaining,
        });
        if (!confirmed) break;
        const sold = st.requested;
        const alert = { eventid: e.id, artistid: e.artistid, venueid: e.venueid, capacity: e.capacity, sold, remaining };
        const first = popular(sold, e.capacity) && !popular(sold - 1, e.capacity);
        if (sold === e.capacity) emit('kafka-workshop-event-capacity-alerts', t.eventid, { ...alert, status: 'SOLD_OUT' });
        else if (first) emit('kafka-workshop-event-capacity-alerts', t.eventid, { ...alert, status: 'ALMOST_SOLD_OUT' });
        venueTickets.add(e.venueid);
        venueTicketsLeader = leader('kafka-workshop-must-see-venue-customers', venueTickets, venueTicketsLeader, 'customerCount');
        const artist = artists.get(e.artistid);
        if (first && artist !== undefined) {
          for (const c of customersWithTopGenre(artist.genre)) {
            emit('kafka-workshop-suggested-events-genre', c, { customerid: c, eventid: e.id, artistid: e.artistid, genre: artist.genre, reason: 'POPULAR_EVENT' });
          }
        }
        if (popular(sold, e.capacity) && buyerZip !== null) {
          const neighbours = [...new Set([...addressRows.values()].flatMap((a) => (a.customerid === null ? [] : [a.customerid])))]
            .filter((c) => c !== t.customerid && zipOf(c) === buyerZip)
            .sort(asc);
          for (const c of neighbours) {
            if (zipAlerted.has(`${c}|${e.id}`)) continue;
            zipAlerted.add(`${c}|${e.id}`);
            emit('kafka-workshop-zipcode-popular-event-alerts', c, { customerid: c, zip5: buyerZip, eventid: e.id, buyerCustomerid: t.customerid });
          }
        }
        break;
      }
    }
  }
  return { outputs: out, status, streamsPerCustomer: perCustomer };
}
