/**
 * The `skew` knob (issue 4: size, skew and faults knobs, off by default). At skew 0 the generator is unchanged; at
 * skew s a ticket's customer and event and a stream's customer and artist are picked with Zipf weight 1/(i+1)^s by
 * creation index i.
 */
import { describe, expect, it } from 'vitest';
import { generateUtopia, UtopiaOptionsSchema, type UtopiaRecord } from '../../../src/scenarios/utopia/generator.js';
import type { Stream, Ticket } from '../../../src/scenarios/utopia/schemas.js';
import { top } from '../top-key-share.js';

const values = <T>(records: readonly UtopiaRecord[], topic: string): T[] => records.filter((r) => r.topic === topic).map((r) => r.value as T);
const firstId = (records: readonly UtopiaRecord[], topic: string): string => (records.find((r) => r.topic === topic)!.value as { id: string }).id;

describe('utopia skew', () => {
  // Measured at seed 1 (1300 streams, 320 tickets; 20 artists, customers growing from 20): top share at skew 0 vs 1.5
  // — stream customer 4.7 % vs 43.8 %, stream artist 6.9 % vs 43.3 % (1/H(1.5, 20) ≈ 46 %), ticket customer
  // 5.3 % vs 40.0 %, ticket event 3.8 % vs 37.8 %.
  it('skew 1.5 makes the first customer, artist and event the hot keys of streams and tickets', () => {
    const plain = generateUtopia({ seed: 1 });
    const skewed = generateUtopia({ seed: 1, skew: 1.5 });
    const cases: [string, (r: readonly UtopiaRecord[]) => string[], string, number][] = [
      ['stream customer', (r) => values<Stream>(r, 'data-demo-streams').map((s) => s.customerid), firstId(skewed, 'data-demo-customers'), 20],
      ['stream artist', (r) => values<Stream>(r, 'data-demo-streams').map((s) => s.artistid), firstId(skewed, 'data-demo-artists'), 20],
      ['ticket customer', (r) => values<Ticket>(r, 'data-demo-tickets').map((t) => t.customerid), firstId(skewed, 'data-demo-customers'), 20],
      ['ticket event', (r) => values<Ticket>(r, 'data-demo-tickets').map((t) => t.eventid), firstId(skewed, 'data-demo-events'), 50],
    ];
    for (const [what, keys, first, atLeastKeys] of cases) {
      const hot = top(keys(skewed));
      expect(hot.key, what).toBe(first);
      // The pools only grow from their initial size, so 1/initial size bounds the uniform share from above.
      expect(hot.share, what).toBeGreaterThanOrEqual(3 / atLeastKeys);
      expect(hot.share, what).toBeGreaterThanOrEqual(3 * top(keys(plain)).share);
    }
  });

  it('is deterministic with skew on', () => {
    const opts = { seed: 2, skew: 1.5, durationMs: 60_000, streams: 200, tickets: 50 };
    expect(JSON.stringify(generateUtopia(opts))).toBe(JSON.stringify(generateUtopia(opts)));
  });

  it('the options schema takes skew in [0, 10] and the generator refuses others', () => {
    expect(UtopiaOptionsSchema.safeParse({ skew: 1.5 }).success).toBe(true);
    expect(UtopiaOptionsSchema.safeParse({ skew: -1 }).success).toBe(false);
    expect(UtopiaOptionsSchema.safeParse({ skew: 11 }).success).toBe(false);
    expect(() => generateUtopia({ skew: 11 })).toThrow(RangeError);
  });
});
