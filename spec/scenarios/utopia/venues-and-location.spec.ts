import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver } from '../../../src/index.js';
import { MUST_SEE_VENUE_CUSTOMERS_OUTPUT, MUST_SEE_VENUE_EVENTS_OUTPUT, mustSeeVenues } from '../../../src/scenarios/utopia/must-see-venues.js';
import { TOPIC_ADDRESSES, TOPIC_EVENTS, TOPIC_TICKETS, TOPIC_VENUES, type Address, type Event } from '../../../src/scenarios/utopia/schemas.js';
import {
  TICKETS_BY_ZIPCODE_OUTPUT,
  ticketsByZipcode,
  ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT,
} from '../../../src/scenarios/utopia/tickets-by-zipcode.js';

const T0 = 1704067200000;

function setup(build: (b: StreamsBuilder) => void, partitions = 1) {
  const builder = new StreamsBuilder();
  build(builder);
  const driver = new TestDriver(builder, { partitions, startTime: T0 });
  let ts = T0;
  let n = 0;
  const event = (id: string, venueid: string, capacity: number): void => {
    const e: Event = { id, artistid: 'a1', venueid, capacity, eventdate: '2024-06-01 20:00:00.000' };
    driver.createInputTopic(TOPIC_EVENTS).pipeInput(id, e, ++ts);
  };
  const ticket = (customerid: string, eventid: string): void => {
    n++;
    driver.createInputTopic(TOPIC_TICKETS).pipeInput(`t${n}`, { id: `t${n}`, customerid, eventid, price: 5 }, ++ts);
  };
  const readers = new Map<string, ReturnType<typeof driver.createOutputTopic>>();
  const read = (topic: string): unknown[][] => {
    let r = readers.get(topic);
    if (r === undefined) readers.set(topic, (r = driver.createOutputTopic(topic)));
    return r.readKeyValuesToList().map((kv) => [kv.key, kv.value]);
  };
  return { driver, event, ticket, read, tick: () => ++ts };
}

describe('U7/U8 must-see venues (SCENARIOS.md §2.4)', () => {
  it('emits the leader whenever it or its count changes; ties keep the earlier leader; updates and rejected tickets do not count', () => {
    const { driver, event, ticket, read, tick } = setup(mustSeeVenues);
    const venues = driver.createInputTopic(TOPIC_VENUES);
    venues.pipeInput('v1', { id: 'v1', addressid: 'x1', name: 'First Avenue', maxcapacity: 1550 }, tick());
    venues.pipeInput('v2', { id: 'v2', addressid: 'x2', name: 'Ottobar', maxcapacity: 400 }, tick());

    event('e1', 'v1', 1);
    expect(read(MUST_SEE_VENUE_EVENTS_OUTPUT)).toEqual([['global', { venueid: 'v1', name: 'First Avenue', eventCount: 1 }]]);
    event('e2', 'v2', 5); // v2 ties at 1 and stays behind v1
    expect(read(MUST_SEE_VENUE_EVENTS_OUTPUT)).toEqual([]);
    event('e3', 'v2', 5);
    expect(read(MUST_SEE_VENUE_EVENTS_OUTPUT)).toEqual([['global', { venueid: 'v2', name: 'Ottobar', eventCount: 2 }]]);
    event('e1', 'v1', 1); // an update: not a new event
    event('e9', 'v9', 5); // unknown venue: counted, v9 has 1, no change of leader
    expect(read(MUST_SEE_VENUE_EVENTS_OUTPUT)).toEqual([]);

    ticket('c1', 'e1');
    expect(read(MUST_SEE_VENUE_CUSTOMERS_OUTPUT)).toEqual([['global', { venueid: 'v1', name: 'First Avenue', customerCount: 1 }]]);
    ticket('c2', 'e1'); // REJECTED: capacity 1
    ticket('c3', 'e2'); // v2 ties at 1
    ticket('c4', 'nope'); // unknown event
    expect(read(MUST_SEE_VENUE_CUSTOMERS_OUTPUT)).toEqual([]);
    ticket('c3', 'e3'); // visits, not distinct customers
    expect(read(MUST_SEE_VENUE_CUSTOMERS_OUTPUT)).toEqual([['global', { venueid: 'v2', name: 'Ottobar', customerCount: 2 }]]);
    event('e10', 'v9', 1);
    ticket('c1', 'e10');
    ticket('c1', 'e9');
    ticket('c1', 'e9');
    expect(read(MUST_SEE_VENUE_CUSTOMERS_OUTPUT)).toEqual([['global', { venueid: 'v9', name: null, customerCount: 3 }]]);
    expect(read(MUST_SEE_VENUE_EVENTS_OUTPUT)).toEqual([]);
  });
});

describe('U11/U12 tickets by zipcode and popular-event alerts (SCENARIOS.md §2.4)', () => {
  const resid = (id: string, customerid: string, zip5: string): Address => ({
    id,
    customerid,
    formatcode: 'US',
    type: 'RESID',
    line1: '1 Main St',
    line2: null,
    citynm: 'Town',
    state: 'MN',
    zip5,
    zip4: null,
    countrycd: 'US',
    latitude: null,
    longitude: null,
  });

  const scenario = (partitions: number) => {
    const s = setup(ticketsByZipcode, partitions);
    const addresses = s.driver.createInputTopic(TOPIC_ADDRESSES);
    const address = (a: Address): void => addresses.pipeInput(a.id, a, s.tick());
    address(resid('r1', 'c1', '11111'));
    address(resid('r2', 'c2', '11111'));
    address(resid('r3', 'c3', '22222'));
    address(resid('r4', 'c4', '11111'));
    address({ ...resid('rv', 'ignored', '11111'), customerid: null, type: 'VENUE' });
    return { ...s, address };
  };

  it('U11 counts every ticket of a customer with an address under its zip5; U12 alerts the other residents once per event', () => {
    const { event, ticket, read, address } = scenario(1);
    event('e1', 'v1', 2);
    ticket('c1', 'e1');
    ticket('c3', 'e1'); // e1 popular now; c3 is alone in 22222
    ticket('c9', 'e1'); // no address: not counted
    expect(read(TICKETS_BY_ZIPCODE_OUTPUT)).toEqual([
      ['11111', { zip5: '11111', ticketCount: 1 }],
      ['22222', { zip5: '22222', ticketCount: 1 }],
    ]);
    expect(read(ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT)).toEqual([]);

    event('e6', 'v1', 10);
    for (let i = 0; i < 8; i++) ticket('c1', 'e6');
    expect(read(ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT)).toEqual([]);
    ticket('c1', 'e6'); // 9 of 10 sold: popular; buyer c1 in 11111
    expect(read(ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT)).toEqual([
      ['c2', { customerid: 'c2', zip5: '11111', eventid: 'e6', buyerCustomerid: 'c1' }],
      ['c4', { customerid: 'c4', zip5: '11111', eventid: 'e6', buyerCustomerid: 'c1' }],
    ]);
    ticket('c2', 'e6'); // still popular: c1 is new to this event, c4 was alerted already
    expect(read(ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT)).toEqual([['c1', { customerid: 'c1', zip5: '11111', eventid: 'e6', buyerCustomerid: 'c2' }]]);
    ticket('c4', 'e6'); // REJECTED: no trigger
    expect(read(ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT)).toEqual([]);
    expect(read(TICKETS_BY_ZIPCODE_OUTPUT).at(-1)).toEqual(['11111', { zip5: '11111', ticketCount: 12 }]);

    address(resid('r4', 'c4', '22222')); // c4 moves
    event('e7', 'v1', 1);
    ticket('c1', 'e7');
    expect(read(ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT)).toEqual([['c2', { customerid: 'c2', zip5: '11111', eventid: 'e7', buyerCustomerid: 'c1' }]]);
    ticket('c4', 'e1'); // counted under c4's new zip
    expect(read(TICKETS_BY_ZIPCODE_OUTPUT)).toEqual([
      ['11111', { zip5: '11111', ticketCount: 13 }],
      ['22222', { zip5: '22222', ticketCount: 2 }],
    ]);
  });

  it('gives the same counts and alerts with 3 partitions', () => {
    const runAll = (partitions: number) => {
      const { event, ticket, read } = scenario(partitions);
      event('e1', 'v1', 3);
      for (const c of ['c3', 'c1', 'c2', 'c4', 'c2']) ticket(c, 'e1');
      const sorted = (xs: unknown[][]) => xs.map((x) => JSON.stringify(x)).sort();
      return { u11: sorted(read(TICKETS_BY_ZIPCODE_OUTPUT)), u12: sorted(read(ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT)) };
    };
    const one = runAll(1);
    expect(one.u12).toHaveLength(2);
    expect(runAll(3)).toEqual(one);
  });
});
