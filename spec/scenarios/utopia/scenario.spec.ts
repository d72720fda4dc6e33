import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/common/index.js';
import { DEFAULT_UTOPIA_OPTIONS } from '../../../src/scenarios/utopia/generator.js';
import { utopiaScenario } from '../../../src/scenarios/utopia/scenario.js';
import { reference } from './reference.js';

describe('utopiaScenario (SCENARIOS.md §2)', () => {
  it('declares the nine §2.1 input topics with their kinds', () => {
    expect(utopiaScenario.inputTopics.map((t) => [t.name, t.kind])).toEqual([
      ['data-demo-customers', 'table'],
      ['data-demo-addresses', 'table'],
      ['data-demo-phones', 'table'],
      ['data-demo-emails', 'table'],
      ['data-demo-artists', 'table'],
      ['data-demo-venues', 'table'],
      ['data-demo-events', 'table'],
      ['data-demo-tickets', 'stream'],
      ['data-demo-streams', 'stream'],
    ]);
  });

  it('declares the outputs U1–U12 of §2.4, all prefixed kafka-workshop-', () => {
    expect(utopiaScenario.outputTopics).toEqual([
      'kafka-workshop-top-10-stream-count',
      'kafka-workshop-top-3-artists',
      'kafka-workshop-customers-by-top-artist',
      'kafka-workshop-ticket-response',
      'kafka-workshop-event-capacity-alerts',
      'kafka-workshop-artist-event-alerts',
      'kafka-workshop-must-see-venue-events',
      'kafka-workshop-must-see-venue-customers',
      'kafka-workshop-suggested-events-genre',
      'kafka-workshop-global-totals',
      'kafka-workshop-tickets-by-zipcode',
      'kafka-workshop-zipcode-popular-event-alerts',
    ]);
  });

  it.each([1000, 10_000])('sizeFor(%i) gives that many generated records ±20%', (n) => {
    const count = utopiaScenario.generate(utopiaScenario.sizeFor(n)).length;
    expect(count).toBeGreaterThanOrEqual(0.8 * n);
    expect(count).toBeLessThanOrEqual(1.2 * n);
  });

  it('sizeFor keeps at least one customer, artist and event, so tiny sizes still generate', () => {
    const o = utopiaScenario.sizeFor(1);
    expect(o).toMatchObject({ customers: 1, artists: 1, events: 1 });
    expect(() => utopiaScenario.generate(o)).not.toThrow();
  });

  it('a small history exercises every question and matches the brute-force reference', () => {
    const options = { seed: 7, customers: 4, artists: 2, events: 2, tickets: 40, streams: 30, durationMs: 20_000, zipPoolSize: 1 };
    const input = utopiaScenario.generate(options);
    const run = runScenario(utopiaScenario, { options, input });
    const ref = reference(input);
    for (const topic of utopiaScenario.outputTopics) {
      const got = (run.outputs.get(topic) ?? []).map((r) => ({ key: r.key, value: r.value }));
      expect(got.length, topic).toBeGreaterThan(0);
      expect(got, topic).toEqual(ref.outputs.get(topic));
    }
  });

  it('runs end to end at the defaults: same seed, same traceHash; totals match the input', () => {
    const a = runScenario(utopiaScenario, { seed: 1 });
    const b = runScenario(utopiaScenario, { seed: 1 });
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.deadLettered).toBe(0);
    const input = utopiaScenario.generate({ ...DEFAULT_UTOPIA_OPTIONS, seed: 1 });
    expect(a.inputs).toBe(input.length);
    const count = (topic: string) => input.filter((r) => r.topic === topic).length;
    expect(a.outputs.get('kafka-workshop-global-totals')!.at(-1)!.value).toMatchObject({
      customers: count('data-demo-customers'),
      events: count('data-demo-events'),
      streams: count('data-demo-streams'),
      tickets: count('data-demo-tickets'),
    });
    expect(a.outputs.get('kafka-workshop-top-10-stream-count')).toHaveLength(count('data-demo-streams'));
    expect(a.summary.map((t) => t.title)).toEqual([
      'Most streamed artists (U2)',
      'Biggest customer lists per top artist (U3)',
      'Ticket responses and capacity alerts (U4, U5)',
      'Must-see venue (U7, U8)',
      'Global totals (U10)',
      'Top zipcodes by tickets (U11)',
      'Customer alerts (U6, U9, U12)',
    ]);
    expect(a.summary.every((t) => t.rows.length > 0)).toBe(true);
  }, 60_000);
});
