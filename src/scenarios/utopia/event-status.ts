import { Named, type KStream, type StreamsBuilder } from '../../streams/index.js';
import { addKeyValueStore } from '../common/index.js';
import { processorOf } from './processor-kit.js';
import { sourceStream, sourceTable } from './sources.js';
import { TOPIC_EVENTS, TOPIC_TICKETS, type Event, type Ticket } from './schemas.js';

/**
 * One joined ticket's effect on its event (SCENARIOS.md §2.3 "event status"): the first joined ticket fixes
 * `capacity` (and `event`); each one does requested += 1, remaining −= 1, and is CONFIRMED iff remaining ≥ 0.
 */
export interface TicketOutcome {
  readonly ticket: Ticket;
  /** The event as the first joined ticket saw it (later updates do not reset the status, as in U4). */
  readonly event: Event;
  readonly capacity: number;
  readonly requested: number;
  readonly remaining: number;
  readonly confirmed: boolean;
  /** sold(e) = confirmed tickets = min(requested, capacity). */
  readonly sold: number;
  /** `10·sold ≥ 9·capacity` after this ticket. */
  readonly popular: boolean;
  /** This confirmed ticket is the one that first made the event popular. */
  readonly becamePopular: boolean;
  /** The U5 alert this ticket emits, if any. */
  readonly alert: 'ALMOST_SOLD_OUT' | 'SOLD_OUT' | null;
}

interface StoredStatus {
  readonly event: Event;
  readonly requested: number;
}

/** The "popular" test of §2.3 ("within 10% of max capacity"), exact in integers. */
export function isPopular(sold: number, capacity: number): boolean {
  return 10 * sold >= 9 * capacity;
}

/** The outcome of one more ticket for an event whose status is `status` (null before its first ticket). */
export function nextOutcome(status: StoredStatus | null, ticket: Ticket, event: Event): TicketOutcome {
  const first = status?.event ?? event;
  const capacity = first.capacity;
  const requested = (status?.requested ?? 0) + 1;
  const remaining = capacity - requested;
  const confirmed = remaining >= 0;
  const sold = Math.max(0, Math.min(requested, capacity));
  const popular = isPopular(sold, capacity);
  const becamePopular = confirmed && popular && !isPopular(sold - 1, capacity);
  // One ticket can cross both thresholds (capacity ≤ 9): then only SOLD_OUT (U5).
  const alert = !confirmed ? null : sold === capacity ? 'SOLD_OUT' : becamePopular ? 'ALMOST_SOLD_OUT' : null;
  return { ticket, event: first, capacity, requested, remaining, confirmed, sold, popular, becamePopular, alert };
}

/**
 * Tickets re-keyed by eventid, inner-joined to the events table (a ticket for an unknown event is dropped), then
 * run through the event status: one outcome per joined ticket, keyed by eventid. Tickets may have null keys.
 * `prefix` names this app's stores and processors (each app keeps its own status, as separate apps do).
 */
export function ticketOutcomes(builder: StreamsBuilder, prefix: string): KStream<string, TicketOutcome> {
  const events = sourceTable<string, Event>(builder, TOPIC_EVENTS);
  const statusStore = addKeyValueStore(builder, `${prefix}-event-status`);
  return sourceStream<string | null, Ticket>(builder, TOPIC_TICKETS)
    .selectKey((_ticketId, ticket) => ticket.eventid, Named.as(`${prefix}-tickets-by-eventid`))
    .join(events, (ticket: Ticket, event: Event) => ({ ticket, event }))
    .processValues(
      processorOf<string, { ticket: Ticket; event: Event }, string, TicketOutcome>((r, t) => {
        const store = t.store<string, StoredStatus>(statusStore);
        const outcome = nextOutcome(store.get(r.key), r.value.ticket, r.value.event);
        store.put(r.key, { event: outcome.event, requested: outcome.requested });
        t.emit(r.key, outcome);
      }),
      statusStore,
    );
}
