import { z } from 'zod';

/** data-demo topics of the Utopia workshop (SCENARIOS.md §2.1). */
export const TOPIC_STREAMS = 'data-demo-streams';
export const TOPIC_TICKETS = 'data-demo-tickets';
export const TOPIC_EVENTS = 'data-demo-events';

export const StreamSchema = z.object({
  id: z.string(),
  customerid: z.string(),
  artistid: z.string(),
  streamtime: z.string(),
});
export type Stream = z.infer<typeof StreamSchema>;

export const TicketSchema = z.object({
  id: z.string(),
  customerid: z.string(),
  eventid: z.string(),
  price: z.number(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const EventSchema = z.object({
  id: z.string(),
  artistid: z.string(),
  venueid: z.string(),
  capacity: z.number().int(),
  eventdate: z.string(),
});
export type Event = z.infer<typeof EventSchema>;
