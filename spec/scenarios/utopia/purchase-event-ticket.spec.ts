import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver } from '../../../src/index.js';
import { TOPIC_EVENTS, TOPIC_TICKETS, type Event, type Ticket } from '../../../src/scenarios/utopia/schemas.js';
import {
  PURCHASE_EVENT_TICKET_OUTPUT,
  purchaseEventTicket,
  type EventTicketConfirmation,
} from '../../../src/scenarios/utopia/purchase-event-ticket.js';

function setup(partitions = 1) {
  const builder = new StreamsBuilder();
  purchaseEventTicket(builder);
  const driver = new TestDriver(builder, { partitions });
  const events = driver.createInputTopic<string, Event>(TOPIC_EVENTS);
  const tickets = driver.createInputTopic<string | null, Ticket>(TOPIC_TICKETS);
  const output = driver.createOutputTopic<string, EventTicketConfirmation>(PURCHASE_EVENT_TICKET_OUTPUT);
  let n = 0;
  const ticket = (customerid: string, eventid: string, key: 'id' | 'null' = 'id') => {
    n++;
    const t: Ticket = { id: `ticket-${n}`, customerid, eventid, price: 100 };
    tickets.pipeInput(key === 'id' ? t.id : null, t, 1000 + n);
  };
  return { driver, events, output, ticket };
}

const EVENT_ID = 'exciting-event-123';
const EXCLUSIVE: Event = { id: EVENT_ID, artistid: 'artist-1', venueid: 'venue-1', capacity: 5, eventdate: 'today' };

describe('Utopia PurchaseEventTicket (workshop PurchaseEventTicketSpec, SCENARIOS.md U4 / Example U-b)', () => {
  it('purchase event tickets: 5 CONFIRMED down to 0 remaining, then REJECTED', () => {
    const { events, output, ticket } = setup();
    events.pipeInput(EVENT_ID, EXCLUSIVE, 0);

    ticket('customer-1', EVENT_ID);
    const first = output.readRecordsToList();
    expect(first).toHaveLength(1);
    expect(first[0]!.key).toBe(EVENT_ID);
    expect(first[0]!.value).toMatchObject({ confirmationStatus: 'CONFIRMED', remainingTickets: 4, confirmationId: `${EVENT_ID}:1` });
    expect(first[0]!.value.event).toEqual(EXCLUSIVE);
    expect(first[0]!.value.ticketRequest.customerid).toBe('customer-1');

    for (const c of ['customer-2', 'customer-3', 'customer-4', 'customer-5']) ticket(c, EVENT_ID);
    const next = output.readRecordsToList();
    expect(next).toHaveLength(4);
    expect(next.map((r) => [r.key, r.value.confirmationStatus, r.value.remainingTickets])).toEqual([
      [EVENT_ID, 'CONFIRMED', 3],
      [EVENT_ID, 'CONFIRMED', 2],
      [EVENT_ID, 'CONFIRMED', 1],
      [EVENT_ID, 'CONFIRMED', 0],
    ]);

    for (const c of ['customer-112', 'customer-113', 'customer-114']) ticket(c, EVENT_ID);
    const last = output.readRecordsToList();
    expect(last.map((r) => [r.value.confirmationStatus, r.value.remainingTickets, r.value.confirmationId])).toEqual([
      ['REJECTED', -1, `${EVENT_ID}:6`],
      ['REJECTED', -2, `${EVENT_ID}:7`],
      ['REJECTED', -3, `${EVENT_ID}:8`],
    ]);
  });

  it('drops a ticket for an unknown event silently, and accepts tickets piped with null keys', () => {
    const { events, output, ticket } = setup();
    events.pipeInput(EVENT_ID, EXCLUSIVE, 0);
    ticket('customer-1', 'nope-1');
    expect(output.isEmpty()).toBe(true);
    ticket('customer-2', EVENT_ID, 'null');
    expect(output.readValue()).toMatchObject({ confirmationStatus: 'CONFIRMED', remainingTickets: 4 });
  });

  it('a later event update does not reset remaining (the aggregate keeps its first event)', () => {
    const { events, output, ticket } = setup();
    events.pipeInput(EVENT_ID, EXCLUSIVE, 0);
    ticket('c1', EVENT_ID);
    events.pipeInput(EVENT_ID, { ...EXCLUSIVE, capacity: 50 }, 2000);
    ticket('c2', EVENT_ID);
    expect(output.readValuesToList().map((v) => v.remainingTickets)).toEqual([4, 3]);
  });

  it('confirms at most capacity tickets per event with 3 partitions, the same as with one', () => {
    const run = (partitions: number) => {
      const { events, output, ticket } = setup(partitions);
      for (const [i, cap] of [3, 1, 4].entries()) events.pipeInput(`e${i}`, { ...EXCLUSIVE, id: `e${i}`, capacity: cap }, 0);
      for (let i = 0; i < 20; i++) ticket(`c${i}`, `e${i % 3}`);
      return output.readRecordsToList().map((r) => [r.key, r.value.confirmationStatus, r.value.remainingTickets]);
    };
    const one = run(1);
    const confirmed = (rows: unknown[][], e: string) => rows.filter((r) => r[0] === e && r[1] === 'CONFIRMED').length;
    expect([confirmed(one, 'e0'), confirmed(one, 'e1'), confirmed(one, 'e2')]).toEqual([3, 1, 4]);
    const three = run(3);
    for (const e of ['e0', 'e1', 'e2']) expect(three.filter((r) => r[0] === e)).toEqual(one.filter((r) => r[0] === e));
  });
});
