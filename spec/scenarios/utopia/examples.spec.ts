import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver } from '../../../src/index.js';
import { artistEventAlerts, ARTIST_EVENT_ALERTS_OUTPUT } from '../../../src/scenarios/utopia/artist-event-alerts.js';
import { CUSTOMERS_BY_TOP_ARTIST_OUTPUT, customersByTopArtist } from '../../../src/scenarios/utopia/customers-by-top-artist.js';
import { EVENT_CAPACITY_ALERTS_OUTPUT, eventCapacityAlerts } from '../../../src/scenarios/utopia/event-capacity-alerts.js';
import { GLOBAL_TOTALS_OUTPUT, globalTotals } from '../../../src/scenarios/utopia/global-totals.js';
import {
  TOPIC_ARTISTS,
  TOPIC_CUSTOMERS,
  TOPIC_EMAILS,
  TOPIC_EVENTS,
  TOPIC_STREAMS,
  TOPIC_TICKETS,
  type Customer,
  type Event,
} from '../../../src/scenarios/utopia/schemas.js';
import { SUGGESTED_EVENTS_GENRE_OUTPUT, suggestedEventsGenre } from '../../../src/scenarios/utopia/suggested-events-genre.js';
import { TOP_ARTISTS_OUTPUT, topArtists } from '../../../src/scenarios/utopia/top-artists.js';

const T0 = 1704067200000;

function driverFor(build: (b: StreamsBuilder) => void, partitions = 1) {
  const builder = new StreamsBuilder();
  build(builder);
  const driver = new TestDriver(builder, { partitions, startTime: T0 });
  const topology = builder.build();
  const reads = new Set([...topology.sourceTopics(), ...topology.globalStores.map((g) => g.topic)]);
  /** Pipes a record to an input topic, if this app reads that topic at all. */
  const pipe = (topic: string, key: string | null, value: unknown, ts: number): void => {
    if (reads.has(topic)) driver.createInputTopic(topic).pipeInput(key, value, ts);
  };
  let n = 0;
  const stream = (customerid: string, artistid: string, ts = T0 + n): void => {
    n++;
    driver.createInputTopic(TOPIC_STREAMS).pipeInput(`s${n}`, { id: `s${n}`, customerid, artistid, streamtime: new Date(ts).toISOString() }, ts);
  };
  const ticket = (eventid: string, ts = T0 + 1000 + n): void => {
    n++;
    driver.createInputTopic(TOPIC_TICKETS).pipeInput(`t${n}`, { id: `t${n}`, customerid: `c${n}`, eventid, price: 10 }, ts);
  };
  const readers = new Map<string, ReturnType<typeof driver.createOutputTopic>>();
  /** The records written to `topic` since the last read. */
  const read = (topic: string): unknown[][] => {
    let reader = readers.get(topic);
    if (reader === undefined) readers.set(topic, (reader = driver.createOutputTopic(topic)));
    return reader.readKeyValuesToList().map((kv) => [kv.key, kv.value]);
  };
  return { driver, pipe, stream, ticket, read };
}

const event = (id: string, capacity: number, extra: Partial<Event> = {}): Event => ({
  id,
  artistid: 'a1',
  venueid: 'v1',
  capacity,
  eventdate: '2024-06-01 20:00:00.000',
  ...extra,
});

describe('Example U-c (U5 event capacity alerts)', () => {
  it('capacity 10: ticket 9 emits ALMOST_SOLD_OUT, ticket 10 SOLD_OUT, ticket 11 nothing', () => {
    const { driver, ticket, read } = driverFor(eventCapacityAlerts);
    driver.createInputTopic(TOPIC_EVENTS).pipeInput('e10', event('e10', 10), T0);
    for (let i = 1; i <= 8; i++) ticket('e10');
    expect(read(EVENT_CAPACITY_ALERTS_OUTPUT)).toEqual([]);
    ticket('e10');
    expect(read(EVENT_CAPACITY_ALERTS_OUTPUT)).toEqual([
      ['e10', { eventid: 'e10', artistid: 'a1', venueid: 'v1', capacity: 10, sold: 9, remaining: 1, status: 'ALMOST_SOLD_OUT' }],
    ]);
    ticket('e10');
    expect(read(EVENT_CAPACITY_ALERTS_OUTPUT)).toEqual([
      ['e10', { eventid: 'e10', artistid: 'a1', venueid: 'v1', capacity: 10, sold: 10, remaining: 0, status: 'SOLD_OUT' }],
    ]);
    ticket('e10');
    expect(read(EVENT_CAPACITY_ALERTS_OUTPUT)).toEqual([]);
  });

  it('capacity 5: only ticket 5 emits, SOLD_OUT (one ticket crossing both thresholds emits only SOLD_OUT)', () => {
    const { driver, ticket, read } = driverFor(eventCapacityAlerts);
    driver.createInputTopic(TOPIC_EVENTS).pipeInput('e5', event('e5', 5), T0);
    for (let i = 1; i <= 4; i++) ticket('e5');
    expect(read(EVENT_CAPACITY_ALERTS_OUTPUT)).toEqual([]);
    ticket('e5');
    ticket('e5');
    ticket('nope-1');
    expect(read(EVENT_CAPACITY_ALERTS_OUTPUT)).toEqual([
      ['e5', { eventid: 'e5', artistid: 'a1', venueid: 'v1', capacity: 5, sold: 5, remaining: 0, status: 'SOLD_OUT' }],
    ]);
  });

  it('accepts tickets with null keys (the workshop specs pipe them so)', () => {
    const { driver, read } = driverFor(eventCapacityAlerts);
    driver.createInputTopic(TOPIC_EVENTS).pipeInput('e2', event('e2', 2), T0);
    const tickets = driver.createInputTopic(TOPIC_TICKETS);
    tickets.pipeInput(null, { id: 'x1', customerid: 'c1', eventid: 'e2', price: 1 }, T0 + 1);
    tickets.pipeInput(null, { id: 'x2', customerid: 'c2', eventid: 'e2', price: 1 }, T0 + 2);
    expect(read(EVENT_CAPACITY_ALERTS_OUTPUT)).toEqual([
      ['e2', { eventid: 'e2', artistid: 'a1', venueid: 'v1', capacity: 2, sold: 2, remaining: 0, status: 'SOLD_OUT' }],
    ]);
  });
});

describe('Example U-d (U2 most streamed artists, U3 customers by top artist)', () => {
  it('emits the U2 top 3 per stream and the U3 list changes, tombstone first', () => {
    const { stream, read } = driverFor((b) => {
      topArtists(b);
      customersByTopArtist(b);
    });
    const steps: [string, string, unknown[], unknown[]][] = [
      ['c1', 'a1', [['global', [['a1', 1]]]], [['a1', ['c1']]]],
      ['c2', 'a2', [['global', [['a1', 1], ['a2', 1]]]], [['a2', ['c2']]]],
      // c1 is tied a1:1, a2:1; a1 stays first, so U3 emits nothing
      ['c1', 'a2', [['global', [['a2', 2], ['a1', 1]]]], []],
      ['c1', 'a2', [['global', [['a2', 3], ['a1', 1]]]], [['a1', null], ['a2', ['c1', 'c2']]]],
    ];
    for (const [c, a, u2, u3] of steps) {
      stream(c, a);
      expect(read(TOP_ARTISTS_OUTPUT)).toEqual(u2);
      expect(read(CUSTOMERS_BY_TOP_ARTIST_OUTPUT)).toEqual(u3);
    }
  });
});

describe('Example U-e (U6 artist event alerts, U9 suggested events by genre)', () => {
  /** U6 (app SoldOut) and U9 (app SuggestedEventsGenre) are separate apps: one driver each, the same inputs. */
  const run = (partitions: number) => {
    const u6 = inputs(driverFor(artistEventAlerts, partitions));
    const u9 = inputs(driverFor(suggestedEventsGenre, partitions));
    return { u6: u6.read(ARTIST_EVENT_ALERTS_OUTPUT), u9: u9.read(SUGGESTED_EVENTS_GENRE_OUTPUT) };
  };
  const inputs = ({ pipe, stream, read }: ReturnType<typeof driverFor>) => {
    pipe(TOPIC_ARTISTS, 'a1', { id: 'a1', name: 'One', genre: 'Rock' }, T0);
    pipe(TOPIC_ARTISTS, 'a2', { id: 'a2', name: 'Two', genre: 'Jazz' }, T0);
    pipe(TOPIC_EMAILS, 'm1', { id: 'm1', customerid: 'c1', email: 'c1@x.com' }, T0);
    pipe(TOPIC_EMAILS, 'm3', { id: 'm3', customerid: 'c3', email: 'c3@x.com' }, T0);
    for (const [c, a] of [['c1', 'a1'], ['c1', 'a1'], ['c2', 'a2'], ['c3', 'a1'], ['c3', 'a2']] as const) stream(c, a, T0 + 10);
    pipe(TOPIC_EVENTS, 'e9', event('e9', 100, { artistid: 'a1', venueid: 'v1', eventdate: '2024-03-01 20:00:00.000' }), T0 + 20);
    return { read };
  };
  it('nothing is alerted before the event', () => {
    for (const [build, topic] of [[artistEventAlerts, ARTIST_EVENT_ALERTS_OUTPUT], [suggestedEventsGenre, SUGGESTED_EVENTS_GENRE_OUTPUT]] as const) {
      const d = driverFor(build);
      d.pipe(TOPIC_ARTISTS, 'a1', { id: 'a1', name: 'One', genre: 'Rock' }, T0);
      d.stream('c1', 'a1');
      expect(d.read(topic)).toEqual([]);
    }
  });

  it('alerts the artist top streamers with their email, and the customers whose top genre is the event genre', () => {
    const { u6, u9 } = run(1);
    const common = { eventid: 'e9', artistid: 'a1', venueid: 'v1', eventdate: '2024-03-01 20:00:00.000' };
    expect(u6).toEqual([
      ['c1', { customerid: 'c1', email: 'c1@x.com', ...common, streamCount: 2 }],
      ['c3', { customerid: 'c3', email: 'c3@x.com', ...common, streamCount: 1 }],
    ]);
    // c3 has Rock 1 and Jazz 1, Rock first; c2's top genre is Jazz: nothing for c2
    expect(u9).toEqual([
      ['c1', { customerid: 'c1', eventid: 'e9', artistid: 'a1', genre: 'Rock', reason: 'NEW_EVENT' }],
      ['c3', { customerid: 'c3', eventid: 'e9', artistid: 'a1', genre: 'Rock', reason: 'NEW_EVENT' }],
    ]);
  });

  it('gives the same alerts per customer with 3 partitions', () => {
    const sortByKey = (xs: unknown[][]) => [...xs].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const one = run(1);
    const three = run(3);
    expect(sortByKey(three.u6)).toEqual(sortByKey(one.u6));
    expect(sortByKey(three.u9)).toEqual(sortByKey(one.u9));
  });

  it.each([
    ['U6', artistEventAlerts, ARTIST_EVENT_ALERTS_OUTPUT],
    ['U9', suggestedEventsGenre, SUGGESTED_EVENTS_GENRE_OUTPUT],
  ] as const)('%s: an event of an artist without streams alerts nobody, nor does its update (second sight)', (_name, build, topic) => {
    const { pipe, stream, read } = driverFor(build);
    pipe(TOPIC_ARTISTS, 'a1', { id: 'a1', name: 'One', genre: 'Rock' }, T0);
    pipe(TOPIC_ARTISTS, 'a7', { id: 'a7', name: 'Seven', genre: 'Pop' }, T0);
    stream('c1', 'a1');
    pipe(TOPIC_EVENTS, 'e1', event('e1', 10, { artistid: 'a7' }), T0 + 5);
    expect(read(topic)).toEqual([]);
    pipe(TOPIC_EVENTS, 'e1', event('e1', 10, { artistid: 'a1' }), T0 + 6);
    expect(read(topic)).toEqual([]);
  });
});

describe('Example U-f (U10 global totals)', () => {
  const customer = (id: string, fname: string): Customer => ({
    id,
    type: 'IND',
    gender: 'U',
    fname,
    mname: 'M',
    lname: 'L',
    fullname: `${fname} M L`,
    suffix: '',
    title: '',
    birthdt: '1970-01-01',
    joindt: '2000-01-01',
  });
  const run = (partitions: number) => {
    const { driver, read } = driverFor(globalTotals, partitions);
    const outs: unknown[][] = [];
    const step = (pipe: () => void): void => {
      pipe();
      outs.push(read(GLOBAL_TOTALS_OUTPUT).map(([, v]) => v));
    };
    step(() => driver.createInputTopic(TOPIC_CUSTOMERS).pipeInput('c1', customer('c1', 'Ann'), T0));
    step(() => driver.createInputTopic(TOPIC_CUSTOMERS).pipeInput('c1', customer('c1', 'Anna'), T0 + 1000));
    step(() => driver.createInputTopic(TOPIC_EVENTS).pipeInput('e1', event('e1', 5, { eventdate: '2024-01-01 00:00:10.000' }), T0 + 2000));
    step(() => driver.createInputTopic(TOPIC_STREAMS).pipeInput('s1', { id: 's1', customerid: 'c1', artistid: 'a1', streamtime: '' }, T0 + 3000));
    step(() => driver.createInputTopic(TOPIC_TICKETS).pipeInput('t1', { id: 't1', customerid: 'c1', eventid: 'e1', price: 1 }, T0 + 4000));
    step(() => driver.createInputTopic(TOPIC_STREAMS).pipeInput('s2', { id: 's2', customerid: 'c1', artistid: 'a1', streamtime: '' }, T0 + 12_000));
    return outs;
  };
  const expected = [
    [{ customers: 1, streams: 0, events: 0, tickets: 0, eventsOccurred: 0 }],
    [{ customers: 1, streams: 0, events: 0, tickets: 0, eventsOccurred: 0 }],
    [{ customers: 1, streams: 0, events: 1, tickets: 0, eventsOccurred: 0 }],
    [{ customers: 1, streams: 1, events: 1, tickets: 0, eventsOccurred: 0 }],
    [{ customers: 1, streams: 1, events: 1, tickets: 1, eventsOccurred: 0 }],
    [{ customers: 1, streams: 2, events: 1, tickets: 1, eventsOccurred: 1 }],
  ];

  it('emits one total per input; the update adds nothing; the event occurs once stream time passes its date', () => {
    expect(run(1)).toEqual(expected);
  });

  it('does not depend on the partition count (1, 3 and 5 partitions)', () => {
    expect(run(3)).toEqual(expected);
    expect(run(5)).toEqual(expected);
  });

  it('a tombstone subtracts a live customer; "today" never occurs', () => {
    const { driver, read } = driverFor(globalTotals, 3);
    const customers = driver.createInputTopic(TOPIC_CUSTOMERS);
    customers.pipeInput('c1', customer('c1', 'Ann'), T0);
    customers.pipeInput('c2', customer('c2', 'Bob'), T0);
    customers.pipeInput('c1', null, T0 + 1);
    customers.pipeInput('c9', null, T0 + 2);
    driver.createInputTopic(TOPIC_EVENTS).pipeInput('e1', event('e1', 5, { eventdate: 'today' }), T0 + 3);
    driver.createInputTopic(TOPIC_STREAMS).pipeInput('s1', { id: 's1', customerid: 'c1', artistid: 'a1', streamtime: '' }, T0 + 10 ** 12);
    expect(read(GLOBAL_TOTALS_OUTPUT).map(([, v]) => v)).toEqual([
      { customers: 1, streams: 0, events: 0, tickets: 0, eventsOccurred: 0 },
      { customers: 2, streams: 0, events: 0, tickets: 0, eventsOccurred: 0 },
      { customers: 1, streams: 0, events: 0, tickets: 0, eventsOccurred: 0 },
      { customers: 1, streams: 0, events: 0, tickets: 0, eventsOccurred: 0 },
      { customers: 1, streams: 0, events: 1, tickets: 0, eventsOccurred: 0 },
      { customers: 1, streams: 1, events: 1, tickets: 0, eventsOccurred: 0 },
    ]);
  });
});
