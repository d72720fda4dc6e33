import { SeededRng } from '../../sim/rng.js';
import { TestDriver } from '../../sim/driver/test-driver.js';
import { StreamsBuilder } from '../../streams/index.js';
import { TOPIC_EVENTS, TOPIC_STREAMS, TOPIC_TICKETS, type Event, type Stream, type Ticket } from './schemas.js';
import { PURCHASE_EVENT_TICKET_OUTPUT, purchaseEventTicket } from './purchase-event-ticket.js';
import { TOP_CUSTOMER_ARTISTS_OUTPUT, topCustomerArtists } from './top-customer-artists.js';

export interface SamplesDemoOptions {
  readonly seed: number;
  readonly partitions: number;
  readonly customers: number;
  readonly artists: number;
  readonly events: number;
  readonly streams: number;
  readonly tickets: number;
  /** 2024-01-01T00:00:00Z (SCENARIOS.md §0.1). */
  readonly startTime: number;
}

export const DEFAULT_SAMPLES_DEMO: SamplesDemoOptions = {
  seed: 1,
  partitions: 1,
  customers: 12,
  artists: 6,
  events: 4,
  streams: 120,
  tickets: 40,
  startTime: 1704067200000,
};

export interface DemoOutput {
  readonly topic: string;
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
}

export interface SamplesDemoResult {
  readonly inputs: number;
  readonly outputs: readonly DemoOutput[];
  readonly traceHash: string;
  readonly droppedRecords: number;
}

/**
 * Runs both workshop samples on the in-memory broker over a small data set drawn from the seed: events
 * first, then streams and tickets interleaved one per second. A stand-in until the faker-based Utopia
 * generator lands; same seed, same output, byte for byte.
 */
export function runSamplesDemo(options: SamplesDemoOptions = DEFAULT_SAMPLES_DEMO): SamplesDemoResult {
  const rng = new SeededRng(options.seed).stream('utopia-samples-demo');
  const builder = new StreamsBuilder();
  topCustomerArtists(builder);
  purchaseEventTicket(builder);
  const driver = new TestDriver(builder, { seed: options.seed, partitions: options.partitions, startTime: options.startTime });
  const events = driver.createInputTopic<string, Event>(TOPIC_EVENTS);
  const streams = driver.createInputTopic<string, Stream>(TOPIC_STREAMS);
  const tickets = driver.createInputTopic<string, Ticket>(TOPIC_TICKETS);
  const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(3, '0')}`;

  let ts = options.startTime;
  let inputs = 0;
  for (let e = 0; e < options.events; e++) {
    const event: Event = {
      id: id('event', e),
      artistid: id('artist', rng.int(0, options.artists - 1)),
      venueid: id('venue', rng.int(0, 2)),
      capacity: rng.int(2, 10),
      eventdate: '2024-06-01 20:00:00.000',
    };
    events.pipeInput(event.id, event, ts++);
    inputs++;
  }
  const total = options.streams + options.tickets;
  for (let i = 0; i < total; i++) {
    ts += 1000;
    const customerid = id('customer', rng.int(0, options.customers - 1));
    if (rng.next() < options.tickets / total) {
      const ticket: Ticket = { id: id('ticket', i), customerid, eventid: id('event', rng.int(0, options.events - 1)), price: rng.int(1, 2499) };
      tickets.pipeInput(ticket.id, ticket, ts);
    } else {
      const stream: Stream = { id: id('stream', i), customerid, artistid: id('artist', rng.int(0, options.artists - 1)), streamtime: new Date(ts).toISOString() };
      streams.pipeInput(stream.id, stream, ts);
    }
    inputs++;
  }
  const outputs = [TOP_CUSTOMER_ARTISTS_OUTPUT, PURCHASE_EVENT_TICKET_OUTPUT].flatMap((topic) =>
    driver
      .createOutputTopic(topic)
      .readRecordsToList()
      .map((r) => ({ topic, key: r.key, value: r.value, timestamp: r.timestamp })),
  );
  const result = { inputs, outputs, traceHash: driver.traceHash(), droppedRecords: driver.droppedRecords() };
  driver.close();
  return result;
}
