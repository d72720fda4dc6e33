import type { StreamsBuilder } from '../../streams/index.js';
import { ticketOutcomes } from './event-status.js';

/** U5 (SOLD OUT, goals 1–2). */
export const EVENT_CAPACITY_ALERTS_OUTPUT = 'kafka-workshop-event-capacity-alerts';

export interface EventCapacityAlert {
  readonly eventid: string;
  readonly artistid: string;
  readonly venueid: string;
  readonly capacity: number;
  readonly sold: number;
  readonly remaining: number;
  readonly status: 'ALMOST_SOLD_OUT' | 'SOLD_OUT';
}

/**
 * SCENARIOS.md U5: per event, ALMOST_SOLD_OUT once (the confirmed ticket that first makes it popular while
 * sold < capacity) and SOLD_OUT once (the ticket that makes sold == capacity). Rejected tickets emit nothing.
 */
export function eventCapacityAlerts(builder: StreamsBuilder): void {
  ticketOutcomes(builder, 'capacity-alerts')
    .filter((_eventId, o) => o.alert !== null)
    .mapValues(
      (o): EventCapacityAlert => ({
        eventid: o.event.id,
        artistid: o.event.artistid,
        venueid: o.event.venueid,
        capacity: o.capacity,
        sold: o.sold,
        remaining: o.remaining,
        status: o.alert!,
      }),
    )
    .to(EVENT_CAPACITY_ALERTS_OUTPUT);
}
