import { describe, expect, it } from 'vitest';
import { cronTimeline, T0, type CronJob } from '../../../src/scenarios/common/index.js';

/** The utopia cron jobs of SCENARIOS.md §2.2, in their firing order for equal instants. */
const UTOPIA_JOBS: CronJob[] = [
  { name: 'createCustomer', periodMs: 2000 },
  { name: 'streamArtist', periodMs: 2000 },
  { name: 'bookTicket', periodMs: 5000 },
  { name: 'createEvent', periodMs: 20_000 },
];

describe('cronTimeline', () => {
  it('fires at T0 + k·period after the initial load, equal instants in the listed order', () => {
    const firings = [...cronTimeline(UTOPIA_JOBS, { anchor: T0, after: T0 + 1289, until: T0 + 20_000 })];
    const at = (ms: number) => firings.filter((f) => f.at === T0 + ms).map((f) => f.job);
    expect(firings[0]).toEqual({ at: T0 + 2000, job: 'createCustomer', k: 1 });
    expect(firings[1]).toEqual({ at: T0 + 2000, job: 'streamArtist', k: 1 });
    expect(at(5000)).toEqual(['bookTicket']);
    expect(at(10_000)).toEqual(['createCustomer', 'streamArtist', 'bookTicket']);
    expect(at(20_000)).toEqual(['createCustomer', 'streamArtist', 'bookTicket', 'createEvent']);
    expect(firings).toHaveLength(10 + 10 + 4 + 1);
    expect(firings.every((f, i) => i === 0 || firings[i - 1]!.at <= f.at)).toBe(true);
  });

  it('skips instants at or before `after` (an initial load past the first period)', () => {
    const firings = [...cronTimeline(UTOPIA_JOBS, { anchor: T0, after: T0 + 4000, until: T0 + 6000 })];
    expect(firings).toEqual([
      { at: T0 + 5000, job: 'bookTicket', k: 1 },
      { at: T0 + 6000, job: 'createCustomer', k: 3 },
      { at: T0 + 6000, job: 'streamArtist', k: 3 },
    ]);
  });

  it('anchor = after = T0 and until = T0 + durationMs give iterations 1..⌊durationMs/P⌋ (bookstore shop loop)', () => {
    const firings = [...cronTimeline([{ name: 'shop', periodMs: 500 }], { anchor: T0, after: T0, until: T0 + 600_000 })];
    expect(firings).toHaveLength(1200);
    expect(firings[0]).toEqual({ at: T0 + 500, job: 'shop', k: 1 });
    expect(firings.at(-1)).toEqual({ at: T0 + 600_000, job: 'shop', k: 1200 });
    expect([...cronTimeline([{ name: 'shop', periodMs: 500 }], { anchor: T0, after: T0, until: T0 + 1499 })].map((f) => f.k)).toEqual([1, 2]);
  });

  it('includes k = 0 when `after` is before the anchor, and never fires before it', () => {
    const firings = [...cronTimeline([{ name: 'tick', periodMs: 100 }], { anchor: T0, after: T0 - 1000, until: T0 + 200 })];
    expect(firings.map((f) => f.at - T0)).toEqual([0, 100, 200]);
  });

  it('is empty when until <= after, and rejects bad periods', () => {
    expect([...cronTimeline(UTOPIA_JOBS, { anchor: T0, after: T0 + 5000, until: T0 + 5000 })]).toEqual([]);
    expect(() => [...cronTimeline([{ name: 'x', periodMs: 0 }], { anchor: T0, after: T0, until: T0 + 1 })]).toThrow(RangeError);
    expect(() => [...cronTimeline([{ name: 'x', periodMs: 1.5 }], { anchor: T0, after: T0, until: T0 + 1 })]).toThrow(RangeError);
  });
});
