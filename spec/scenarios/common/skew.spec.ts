import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededFaker, SkewedPicker, SkewSchema } from '../../../src/scenarios/common/index.js';

/** Zipf probabilities written out independently of the code under test: p_i = (1/(i+1)^s) / Σ_j 1/(j+1)^s. */
function zipf(n: number, s: number): number[] {
  const weights = Array.from({ length: n }, (_, i) => Math.pow(i + 1, -s));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('SkewedPicker with s = 0 (the default: no skew)', () => {
  it('makes exactly the draw of pick(xs), and leaves the faker where pick leaves it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 }), (seed, n, picks) => {
        const skewed = new SeededFaker(seed, 'skew');
        const plain = new SeededFaker(seed, 'skew');
        const picker = new SkewedPicker(0);
        const xs = range(n);
        for (let k = 0; k < picks; k++) expect(picker.pick(skewed, xs)).toBe(plain.pick(xs));
        expect(skewed.u()).toBe(plain.u());
      }),
      { numRuns: 50 },
    );
  });
});

describe('SkewedPicker with s > 0: Zipf weights 1/(i+1)^s', () => {
  it('draws one u() per pick and takes the inverse of the Zipf CDF at it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 25 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (seed, n, s) => {
        const skewed = new SeededFaker(seed, 'skew');
        const twin = new SeededFaker(seed, 'skew');
        const picker = new SkewedPicker(s);
        const p = zipf(n, s);
        for (let k = 0; k < 20; k++) {
          const got = picker.index(skewed, n);
          // By a linear scan: the first i whose cumulative probability exceeds u (the last one if rounding says none).
          const u = twin.u();
          let acc = 0;
          let want = n - 1;
          for (let i = 0; i < n; i++) {
            acc += p[i]!;
            if (u < acc) {
              want = i;
              break;
            }
          }
          // Rounding may shift a u that lies within 1e-12 of a boundary; such a u is not drawn in practice.
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1);
          if (got !== want) expect(Math.abs(u - p.slice(0, Math.min(got, want) + 1).reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
        }
        expect(skewed.u()).toBe(twin.u());
      }),
      { numRuns: 50 },
    );
  });

  it('frequencies over 20 000 draws (seed 7, n = 10, s = 1.2) fit the Zipf probabilities: χ² below 27.88 (9 d.o.f., p = 0.001)', () => {
    const n = 10;
    const draws = 20_000;
    const rnd = new SeededFaker(7, 'skew');
    const picker = new SkewedPicker(1.2);
    const xs = range(n);
    const counts = new Array<number>(n).fill(0);
    for (let k = 0; k < draws; k++) counts[picker.pick(rnd, xs)]!++;
    const expected = zipf(n, 1.2).map((p) => p * draws);
    const chi2 = counts.reduce((sum, c, i) => sum + (c - expected[i]!) ** 2 / expected[i]!, 0);
    expect(chi2).toBeLessThan(27.88);
    // Monotone at the head: item 0 most frequent, and the first items in order (their expected gaps are > 10 σ).
    expect(Math.max(...counts)).toBe(counts[0]);
    expect(counts[0]!).toBeGreaterThan(counts[1]!);
    expect(counts[1]!).toBeGreaterThan(counts[2]!);
    expect(counts[2]!).toBeGreaterThan(counts[3]!);
  });

  it('one cumulative prefix serves lists that grow between picks (item weights do not depend on the length)', () => {
    const rnd = new SeededFaker(3, 'skew');
    const twin = new SeededFaker(3, 'skew');
    const picker = new SkewedPicker(2);
    const fresh = (n: number): number => new SkewedPicker(2).index(twin, n);
    for (const n of [1, 5, 3, 50, 7, 200, 2]) expect(picker.index(rnd, n)).toBe(fresh(n));
  });

  it('is deterministic: the same seed, label, s and list give the same picks', () => {
    const run = (): number[] => {
      const rnd = new SeededFaker(11, 'skew');
      const picker = new SkewedPicker(1.5);
      return Array.from({ length: 500 }, () => picker.pick(rnd, range(30)));
    };
    expect(run()).toEqual(run());
  });

  it('a one-element list always gives that element', () => {
    const rnd = new SeededFaker(1, 'skew');
    const picker = new SkewedPicker(3);
    for (let k = 0; k < 10; k++) expect(picker.pick(rnd, ['only'])).toBe('only');
  });

  it('rejects an empty list', () => {
    expect(() => new SkewedPicker(1).pick(new SeededFaker(1, 'skew'), [])).toThrow(RangeError);
    expect(() => new SkewedPicker(0).pick(new SeededFaker(1, 'skew'), [])).toThrow(RangeError);
  });
});

describe('SkewSchema and the skew range', () => {
  it('accepts 0 to 10, rejects negatives, values above 10 and NaN', () => {
    for (const s of [0, 0.5, 1.5, 10]) expect(SkewSchema.safeParse(s).success).toBe(true);
    for (const s of [-0.1, 10.01, Number.NaN, Infinity]) expect(SkewSchema.safeParse(s).success).toBe(false);
  });

  it('SkewedPicker refuses an exponent outside [0, 10]', () => {
    for (const s of [-1, 11, Number.NaN]) expect(() => new SkewedPicker(s)).toThrow(RangeError);
  });
});
