import { z } from 'zod';
import type { SeededFaker } from './seeded-faker.js';

/** Largest accepted skew exponent: beyond it nearly every pick is item 0, so more says nothing new. */
export const MAX_SKEW = 10;

/** zod schema of a scenario's `skew` option: the Zipf exponent s, 0 (uniform, the default) to {@link MAX_SKEW}. */
export const SkewSchema = z.number().min(0).max(MAX_SKEW);

/** Throws unless s is a skew exponent in [0, MAX_SKEW]. */
export function checkSkew(s: number, what: string): void {
  if (!(s >= 0 && s <= MAX_SKEW)) throw new RangeError(`${what}: skew must be in [0, ${String(MAX_SKEW)}], got ${String(s)}`);
}

/**
 * Key-popularity skew: picks item i (0-based, in generation order) of a list with the Zipf weight 1/(i+1)^s.
 *
 * With s = 0 it makes exactly the draw of `rnd.pick(xs)`, so a default run is byte-identical to one without the
 * knob. With s > 0 it draws one `u()` and binary-searches the cumulative weights. Item i's weight does not depend
 * on the list length, so one growing prefix of cumulative weights serves every length (lists that grow during a
 * run, such as utopia's customers, included) and a pick allocates nothing once the prefix is long enough.
 */
export class SkewedPicker {
  /** cumulative[i] = Σ_{j ≤ i} 1/(j+1)^s, summed in index order (so every run adds the same floats). */
  private readonly cumulative: number[] = [];

  constructor(readonly s: number) {
    checkSkew(s, 'SkewedPicker');
  }

  /** One element of `xs`: `rnd.pick(xs)` when s = 0, otherwise a Zipf-weighted element from one `rnd.u()`. */
  pick<T>(rnd: SeededFaker, xs: readonly T[]): T {
    if (this.s === 0) return rnd.pick(xs);
    if (xs.length === 0) throw new RangeError('SkewedPicker.pick(xs) needs a non-empty list');
    return xs[this.index(rnd, xs.length)]!;
  }

  /**
   * A Zipf-weighted index in [0, n) from one `rnd.u()`, for any s (s = 0 gives a uniform index, but not the draw
   * of `pick`: callers that must match a uniform pick at s = 0 branch on {@link s} themselves, as {@link pick} does).
   */
  index(rnd: SeededFaker, n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`SkewedPicker.index(n) needs an integer n >= 1, got ${String(n)}`);
    this.extendTo(n);
    const target = rnd.u() * this.cumulative[n - 1]!;
    // The smallest i with target < cumulative[i]; u < 1 keeps it below n, the bounds keep rounding from leaving it.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (target < this.cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private extendTo(n: number): void {
    for (let i = this.cumulative.length; i < n; i++) {
      const previous = i === 0 ? 0 : this.cumulative[i - 1]!;
      this.cumulative.push(previous + 1 / (i + 1) ** this.s);
    }
  }
}
