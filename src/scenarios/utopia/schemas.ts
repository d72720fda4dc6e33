import { z } from 'zod';

/**
 * zod schemas and topic names of every utopia input topic (SCENARIOS.md §2.1).
 * Every topic is keyed by its entity id (a string) and carries a JSON value.
 */
export const TOPIC_STREAMS = 'data-demo-streams';
export const TOPIC_TICKETS = 'data-demo-tickets';
export const TOPIC_EVENTS = 'data-demo-events';
export const TOPIC_CUSTOMERS = 'data-demo-customers';
export const TOPIC_ADDRESSES = 'data-demo-addresses';
export const TOPIC_PHONES = 'data-demo-phones';
export const TOPIC_EMAILS = 'data-demo-emails';
export const TOPIC_ARTISTS = 'data-demo-artists';
export const TOPIC_VENUES = 'data-demo-venues';

export const CUSTOMER_TYPES = ['IND', 'FAM', 'FREE', 'PREMIUM'] as const;
export const GENDERS = ['U', 'N', 'F', 'M'] as const;
export const ADDRESS_TYPES = ['RESID', 'VENUE'] as const;
export const PHONE_TYPES = ['RESID', 'UNLST', 'BUS', 'FAX', 'CELL', 'U'] as const;
export const PRIMARY_INDICATORS = ['U', 'Y', 'N'] as const;
export const TIMEZONES = ['EST', 'CST', 'MTN', 'PAC', 'U', 'ATL', 'AST', 'HST'] as const;

/** `YYYY-MM-DD`. */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CustomerSchema = z.object({
  id: z.string(),
  type: z.enum(CUSTOMER_TYPES),
  gender: z.enum(GENDERS),
  fname: z.string(),
  mname: z.string(),
  lname: z.string(),
  fullname: z.string(),
  suffix: z.string(),
  title: z.string(),
  birthdt: isoDay,
  joindt: isoDay,
});
export type Customer = z.infer<typeof CustomerSchema>;

export const AddressSchema = z.object({
  id: z.string(),
  customerid: z.string().nullable(),
  formatcode: z.literal('US'),
  type: z.enum(ADDRESS_TYPES),
  line1: z.string(),
  line2: z.string().nullable(),
  citynm: z.string(),
  state: z.string(),
  zip5: z.string(),
  zip4: z.string().nullable(),
  countrycd: z.literal('US'),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export type Address = z.infer<typeof AddressSchema>;

export const PhoneSchema = z.object({
  id: z.string(),
  customerid: z.string(),
  phonetypecd: z.enum(PHONE_TYPES),
  primaryind: z.enum(PRIMARY_INDICATORS),
  timezone: z.enum(TIMEZONES),
  extnbr: z.string(),
  number: z.string(),
});
export type Phone = z.infer<typeof PhoneSchema>;

export const EmailSchema = z.object({
  id: z.string(),
  customerid: z.string(),
  email: z.string(),
});
export type Email = z.infer<typeof EmailSchema>;

export const ArtistSchema = z.object({
  id: z.string(),
  name: z.string(),
  genre: z.string(),
});
export type Artist = z.infer<typeof ArtistSchema>;

export const VenueSchema = z.object({
  id: z.string(),
  addressid: z.string(),
  name: z.string(),
  maxcapacity: z.number().int(),
});
export type Venue = z.infer<typeof VenueSchema>;

export const EventSchema = z.object({
  id: z.string(),
  artistid: z.string(),
  venueid: z.string(),
  capacity: z.number().int(),
  eventdate: z.string(),
});
export type Event = z.infer<typeof EventSchema>;

export const TicketSchema = z.object({
  id: z.string(),
  customerid: z.string(),
  eventid: z.string(),
  price: z.number(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const StreamSchema = z.object({
  id: z.string(),
  customerid: z.string(),
  artistid: z.string(),
  streamtime: z.string(),
});
export type Stream = z.infer<typeof StreamSchema>;

/** Key schema of every utopia topic: the entity id. */
export const UtopiaKeySchema = z.string();

/** Value schema per utopia topic, in the §2.1 table's order. */
export const UTOPIA_VALUE_SCHEMAS = {
  [TOPIC_CUSTOMERS]: CustomerSchema,
  [TOPIC_ADDRESSES]: AddressSchema,
  [TOPIC_PHONES]: PhoneSchema,
  [TOPIC_EMAILS]: EmailSchema,
  [TOPIC_ARTISTS]: ArtistSchema,
  [TOPIC_VENUES]: VenueSchema,
  [TOPIC_EVENTS]: EventSchema,
  [TOPIC_TICKETS]: TicketSchema,
  [TOPIC_STREAMS]: StreamSchema,
} as const;

export type UtopiaTopic = keyof typeof UTOPIA_VALUE_SCHEMAS;

/** The nine utopia topics, in the §2.1 table's order. */
export const UTOPIA_TOPICS = Object.keys(UTOPIA_VALUE_SCHEMAS) as UtopiaTopic[];

/** The value type of each utopia topic. */
export interface UtopiaValues {
  [TOPIC_CUSTOMERS]: Customer;
  [TOPIC_ADDRESSES]: Address;
  [TOPIC_PHONES]: Phone;
  [TOPIC_EMAILS]: Email;
  [TOPIC_ARTISTS]: Artist;
  [TOPIC_VENUES]: Venue;
  [TOPIC_EVENTS]: Event;
  [TOPIC_TICKETS]: Ticket;
  [TOPIC_STREAMS]: Stream;
}
