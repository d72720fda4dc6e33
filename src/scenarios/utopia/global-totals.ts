import { Named, type KStream, type StreamsBuilder } from '../../streams/index.js';
import { addKeyValueStore } from '../common/index.js';
import { processorOf } from './processor-kit.js';
import { TOPIC_CUSTOMERS, TOPIC_EVENTS, TOPIC_STREAMS, TOPIC_TICKETS, type Customer, type Event, type Stream, type Ticket } from './schemas.js';
import { GLOBAL_KEY } from './top-artists.js';

/** U10 (GLOBAL TOTALS, goals and bonus). */
export const GLOBAL_TOTALS_OUTPUT = 'kafka-workshop-global-totals';

export interface GlobalTotals {
  readonly customers: number;
  readonly streams: number;
  readonly events: number;
  readonly tickets: number;
  readonly eventsOccurred: number;
}

/** One input's contribution, computed in the input's own task (the partial of its partition). */
interface Delta {
  readonly customers: number;
  readonly streams: number;
  readonly tickets: number;
  /** An event row (date null when unparsable) or its tombstone. */
  readonly event?: { readonly id: string; readonly date: number | null; readonly live: boolean };
}

interface TotalsState extends GlobalTotals {
  readonly streamTime: number;
}

const EVENT_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/;

/**
 * An eventdate (`YYYY-MM-DD HH:mm:ss.SSS`, §2.2) as epoch ms, read as UTC; null when it is not a real instant
 * (e.g. "today", or Feb 30), which then never counts as occurred.
 */
export function parseEventDate(text: string): number | null {
  const m = EVENT_DATE.exec(text);
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return t;
}

/**
 * SCENARIOS.md U10. Each input task turns a record into a delta: streams and tickets count 1, a customer counts
 * +1 when its id becomes live and −1 on the tombstone of a live id (a per-partition store of live ids: tables are
 * keyed by id, so an id's rows all meet in one task). The deltas go to the single key "global", where one task
 * combines them, keeps the live events' dates and re-evaluates `eventsOccurred` against the largest timestamp it
 * has seen. One output per input record; the result does not depend on the partition count.
 */
export function globalTotals(builder: StreamsBuilder): void {
  const liveCustomers = addKeyValueStore(builder, 'totals-live-customers');
  const eventDates = addKeyValueStore(builder, 'totals-event-dates');
  const totalsStore = addKeyValueStore(builder, 'totals');
  const counted = (topic: string, delta: Pick<Delta, 'streams' | 'tickets'>): KStream<string, Delta> =>
    builder.stream<string | null, Stream | Ticket>(topic).map(() => ({ key: GLOBAL_KEY, value: { customers: 0, ...delta } }), Named.as(`totals-${topic}`));

  const customers = builder.stream<string, Customer | null>(TOPIC_CUSTOMERS).process<string, Delta>(
    processorOf<string, Customer | null, string, Delta>((r, t) => {
      if (r.key === null || r.key === undefined) return t.drop('null key: a customer row needs its id');
      const live = t.store<string, boolean>(liveCustomers);
      const was = live.get(r.key) !== null;
      const is = r.value !== null && r.value !== undefined;
      if (is) live.put(r.key, true);
      else live.delete(r.key);
      t.emit(GLOBAL_KEY, { customers: Number(is) - Number(was), streams: 0, tickets: 0 });
    }),
    liveCustomers,
  );
  const events = builder.stream<string, Event | null>(TOPIC_EVENTS).process<string, Delta>(
    processorOf<string, Event | null, string, Delta>((r, t) => {
      if (r.key === null || r.key === undefined) return t.drop('null key: an event row needs its id');
      const live = r.value !== null && r.value !== undefined;
      t.emit(GLOBAL_KEY, { customers: 0, streams: 0, tickets: 0, event: { id: r.key, date: live ? parseEventDate(r.value!.eventdate) : null, live } });
    }),
  );

  customers
    .merge(events)
    .merge(counted(TOPIC_STREAMS, { streams: 1, tickets: 0 }))
    .merge(counted(TOPIC_TICKETS, { streams: 0, tickets: 1 }))
    .repartition({ name: 'totals-deltas' })
    .process<string, GlobalTotals>(
      processorOf<string, Delta, string, GlobalTotals>((r, t) => {
        const totals = t.store<string, TotalsState>(totalsStore);
        const dates = t.store<string, { date: number | null }>(eventDates);
        const s = totals.get(r.key) ?? { customers: 0, streams: 0, events: 0, tickets: 0, eventsOccurred: 0, streamTime: -1 };
        let events = s.events;
        const e = r.value.event;
        if (e !== undefined) {
          const had = dates.get(e.id) !== null;
          if (e.live) dates.put(e.id, { date: e.date });
          else dates.delete(e.id);
          events += Number(e.live) - Number(had);
        }
        const streamTime = Math.max(s.streamTime, r.timestamp);
        // Re-evaluated on every record: a later record can make a known event's date pass.
        let eventsOccurred = s.eventsOccurred;
        if (e !== undefined || streamTime !== s.streamTime) {
          eventsOccurred = dates.all().filter((kv) => kv.value.date !== null && kv.value.date <= streamTime).length;
        }
        const next: TotalsState = {
          customers: s.customers + r.value.customers,
          streams: s.streams + r.value.streams,
          events,
          tickets: s.tickets + r.value.tickets,
          eventsOccurred,
          streamTime,
        };
        totals.put(r.key, next);
        t.emit(r.key, {
          customers: next.customers,
          streams: next.streams,
          events: next.events,
          tickets: next.tickets,
          eventsOccurred: next.eventsOccurred,
        });
      }),
      totalsStore,
      eventDates,
    )
    .to(GLOBAL_TOTALS_OUTPUT);
}
