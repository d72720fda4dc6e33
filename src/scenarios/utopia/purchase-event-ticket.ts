import { Branched, Materialized, Named, type StreamsBuilder } from '../../streams/index.js';
import { TOPIC_EVENTS, TOPIC_TICKETS, type Event, type Ticket } from './schemas.js';

/** Output topic of the workshop sample (kept from the original; SCENARIOS.md U4). */
export const PURCHASE_EVENT_TICKET_OUTPUT = 'kafka-workshop-ticket-response';

/** The event-status aggregate (SCENARIOS.md §2.3): set from the first joined ticket's event. */
export interface EventStatus {
  readonly event: Event;
  readonly requested: number;
  readonly remaining: number;
  readonly currentTicketRequest: Ticket;
}

export interface EventTicketConfirmation {
  readonly confirmationStatus: 'CONFIRMED' | 'REJECTED';
  readonly confirmationId: string;
  readonly ticketRequest: Ticket;
  readonly event: Event;
  readonly remainingTickets: number;
}

/**
 * The workshop's PurchaseEventTicket sample: tickets re-keyed by event, inner-joined to the events table,
 * counted per event; each ticket is CONFIRMED while remaining >= 0 after its decrement, else REJECTED.
 * Decision (SCENARIOS.md U4): confirmationId = eventid:requested instead of a random UUID.
 */
export function purchaseEventTicket(builder: StreamsBuilder): void {
  const events = builder.table<string, Event>(TOPIC_EVENTS, {}, Materialized.as('events'));

  const statuses = builder
    .stream<string | null, Ticket>(TOPIC_TICKETS)
    .selectKey((_ticketId, ticket) => ticket.eventid, Named.as('rekey-by-eventid'))
    .join(events, (ticket: Ticket, event: Event) => ({ ticket, event }))
    .groupByKey()
    .aggregate<EventStatus | null>(
      () => null,
      (_eventId, { ticket, event }, status) => {
        // The first joined ticket sets remaining = capacity; later event updates do not reset it.
        const base = status ?? { event, requested: 0, remaining: event.capacity, currentTicketRequest: ticket };
        return { event: base.event, requested: base.requested + 1, remaining: base.remaining - 1, currentTicketRequest: ticket };
      },
      Materialized.as('event-status-table'),
    )
    .toStream();

  const respond = (status: 'CONFIRMED' | 'REJECTED') => (s: EventStatus | null): EventTicketConfirmation => {
    const st = s!;
    return {
      confirmationStatus: status,
      confirmationId: `${st.event.id}:${st.requested}`,
      ticketRequest: st.currentTicketRequest,
      event: st.event,
      remainingTickets: st.remaining,
    };
  };

  statuses
    .split()
    .branch(
      (_eventId, s) => s !== null && s.remaining < 0,
      Branched.withConsumer((sold) => sold.mapValues(respond('REJECTED')).to(PURCHASE_EVENT_TICKET_OUTPUT)),
    )
    .branch(
      (_eventId, s) => s !== null,
      Branched.withConsumer((ok) => ok.mapValues(respond('CONFIRMED')).to(PURCHASE_EVENT_TICKET_OUTPUT)),
    )
    .noDefaultBranch();
}
