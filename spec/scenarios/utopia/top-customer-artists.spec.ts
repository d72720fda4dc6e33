import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver } from '../../../src/index.js';
import { TOPIC_STREAMS, type Stream } from '../../../src/scenarios/utopia/schemas.js';
import { TOP_CUSTOMER_ARTISTS_OUTPUT, topCustomerArtists } from '../../../src/scenarios/utopia/top-customer-artists.js';
import type { CounterEntries } from '../../../src/scenarios/utopia/stable-counter-map.js';

function setup(partitions = 1) {
  const builder = new StreamsBuilder();
  topCustomerArtists(builder);
  const driver = new TestDriver(builder, { partitions });
  const input = driver.createInputTopic<string, Stream>(TOPIC_STREAMS);
  const output = driver.createOutputTopic<string, CounterEntries>(TOP_CUSTOMER_ARTISTS_OUTPUT);
  let n = 0;
  const stream = (customerid: string, artistid: string) => {
    n++;
    input.pipeInput(`stream-${n}`, { id: `stream-${n}`, customerid, artistid, streamtime: '2024-01-01T00:00:00Z' }, n);
  };
  return { driver, output, stream };
}

describe('Utopia TopCustomerArtists (workshop TopCustomerArtistsSpec, SCENARIOS.md U1 / Example U-a)', () => {
  it('customer top streamed artists: the three checkpoints of the workshop spec', () => {
    const { output, stream } = setup();
    for (const a of ['2', '2', '3', '4', '4', '4']) stream('1', a);
    const first = output.readRecordsToList();
    expect(first).toHaveLength(6);
    expect(first.at(-1)!.key).toBe('1');
    expect(first.at(-1)!.value).toEqual([['4', 3], ['2', 2], ['3', 1]]);

    stream('1', '5');
    stream('1', '5');
    // artist 3 dropped off the list and artist 5 joined it
    expect(output.readRecordsToList().at(-1)!.value).toEqual([['4', 3], ['2', 2], ['5', 2]]);

    stream('1', '3');
    stream('1', '3');
    // artist 3 is back (it reached 3, tying 4, and stays behind it); 5 is out
    expect(output.readRecordsToList().at(-1)!.value).toEqual([['4', 3], ['3', 3], ['2', 2]]);
  });

  it('emits every step of Example U-a in order, including the stable tie-breaks', () => {
    const { output, stream } = setup();
    for (const a of ['2', '2', '3', '4', '4', '4', '5', '5', '3', '3']) stream('1', a);
    expect(output.readValuesToList()).toEqual([
      [['2', 1]],
      [['2', 2]],
      [['2', 2], ['3', 1]],
      [['2', 2], ['3', 1], ['4', 1]],
      [['2', 2], ['4', 2], ['3', 1]],
      [['4', 3], ['2', 2], ['3', 1]],
      [['4', 3], ['2', 2], ['3', 1]],
      [['4', 3], ['2', 2], ['5', 2]],
      [['4', 3], ['2', 2], ['5', 2]],
      [['4', 3], ['3', 3], ['2', 2]],
    ]);
  });

  it('gives each customer the same final top 3 with 1, 3 and 12 partitions', () => {
    const plays: [string, string][] = [];
    for (let i = 0; i < 60; i++) plays.push([`c${i % 7}`, `a${(i * 5) % 9}`]);
    const finals = [1, 3, 12].map((p) => {
      const { output, stream } = setup(p);
      for (const [c, a] of plays) stream(c, a);
      return Object.fromEntries([...output.readKeyValuesToMap()].sort());
    });
    expect(Object.keys(finals[0]!)).toHaveLength(7);
    expect(finals[1]).toEqual(finals[0]);
    expect(finals[2]).toEqual(finals[0]);
  });
});
