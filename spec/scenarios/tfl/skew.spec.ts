/**
 * The `skew` knob (issue 4: size, skew and faults knobs, off by default). At skew 0 the generator is unchanged; at
 * skew s the zone-1 station of each entry and exit is picked with Zipf weight 1/(i+1)^s by zone-1 index i.
 */
import { describe, expect, it } from 'vitest';
import type { GeneratedRecord } from '../../../src/scenarios/common/index.js';
import { generateTfl, TflOptionsSchema } from '../../../src/scenarios/tfl/generator.js';
import type { Station } from '../../../src/scenarios/tfl/schemas.js';
import { top } from '../top-key-share.js';

const barrierStations = (records: readonly GeneratedRecord[]): string[] =>
  records.filter((r) => r.topic === 'entries' || r.topic === 'exits').map((r) => r.key as string);

describe('tfl skew', () => {
  // Measured at seed 1 (2999 entries and exits over 64 zone-1 rows, 63 names): top station share 3.3 % at skew 0,
  // 43.5 % at skew 1.5 (1/H(1.5, 64) ≈ 42 %).
  it('skew 1.5 makes the first zone-1 station the hot key of entries and exits', () => {
    const plain = generateTfl({ seed: 1 });
    const skewed = generateTfl({ seed: 1, skew: 1.5 });
    const firstZone1 = skewed.map((r) => r.value as Station).find((v) => typeof v === 'object' && v !== null && 'FareZones' in v && v.FareZones.trim() === '1')!;
    const hot = top(barrierStations(skewed));
    expect(hot.key).toBe(firstZone1.name);
    expect(hot.share).toBeGreaterThanOrEqual(3 / 63);
    expect(hot.share).toBeGreaterThanOrEqual(3 * top(barrierStations(plain)).share);
  });

  it('is deterministic with skew on', () => {
    const opts = { seed: 2, skew: 1.5, durationMs: 60_000 };
    expect(JSON.stringify(generateTfl(opts))).toBe(JSON.stringify(generateTfl(opts)));
  });

  it('the options schema takes skew in [0, 10] and the generator refuses others', () => {
    expect(TflOptionsSchema.safeParse({ skew: 1.5 }).success).toBe(true);
    expect(TflOptionsSchema.safeParse({ skew: -1 }).success).toBe(false);
    expect(TflOptionsSchema.safeParse({ skew: 11 }).success).toBe(false);
    expect(() => generateTfl({ skew: -1 })).toThrow(RangeError);
  });
});
