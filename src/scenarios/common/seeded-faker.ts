import { Faker, en } from '@faker-js/faker';
import { murmur2, utf8 } from '../../sim/murmur2.js';

/** Default start of every scenario: 2024-01-01T00:00:00.000Z (SCENARIOS.md §0.1). */
export const T0 = 1704067200000;

/** 2^32: u() divides a uniform 32-bit integer by it (SCENARIOS.md §0.2). */
const TWO_POW_32 = 2 ** 32;

/**
 * The faker seed of one generator component: `murmur2(utf8(seed + "/" + label)) & 0x7fffffff`, with Kafka's
 * murmur2 (SCENARIOS.md §0.2, §0.3). `seed` is the run's integer seed, written in decimal.
 */
export function componentSeed(seed: number, label: string): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  return murmur2(utf8(`${String(seed)}/${label}`)) & 0x7fffffff;
}

/**
 * The random source of one generator component: its own `new Faker({ locale: [en] })` seeded with
 * {@link componentSeed}, plus the helpers of SCENARIOS.md §0.2, all drawn from that faker. Components never
 * share a faker, so adding draws to one never shifts another.
 */
export class SeededFaker {
  /** Use for faker's own generators (`faker.book.title()`, `faker.string.uuid()`, ...). */
  readonly faker: Faker;
  /** The seed handed to `faker.seed()`. */
  readonly fakerSeed: number;

  constructor(
    readonly seed: number,
    readonly label: string,
  ) {
    this.fakerSeed = componentSeed(seed, label);
    this.faker = new Faker({ locale: [en] });
    this.faker.seed(this.fakerSeed);
  }

  /** `faker.number.int({min: 0, max: 2^32 - 1}) / 2^32`, in [0, 1). One draw. */
  u(): number {
    return this.faker.number.int({ min: 0, max: TWO_POW_32 - 1 }) / TWO_POW_32;
  }

  /** `u() < p`. Always exactly one draw, even for p = 0 or 1. */
  bern(p: number): boolean {
    checkProbability(p, 'bern(p)');
    return this.u() < p;
  }

  /** `faker.number.int({min: a, max: b})`, both bounds inclusive. */
  int(a: number, b: number): number {
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a > b) {
      throw new RangeError(`int(a, b) needs safe integers with a <= b, got ${String(a)}, ${String(b)}`);
    }
    return this.faker.number.int({ min: a, max: b });
  }

  /** `faker.helpers.arrayElement(xs)`: a uniform element. */
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('pick(xs) needs a non-empty list');
    return this.faker.helpers.arrayElement(xs);
  }

  /**
   * Box–Muller: `μ + σ·sqrt(−2 ln(1 − u1))·cos(2π u2)`. Exactly two u() per call (u1 first), nothing cached.
   */
  normal(mu: number, sigma: number): number {
    const u1 = this.u();
    const u2 = this.u();
    return mu + sigma * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** `−mean·ln(1 − u())`: exponential with the given mean. One draw. A result of −0 is returned as 0. */
  expo(mean: number): number {
    return -mean * Math.log(1 - this.u()) + 0;
  }
}

/** One {@link SeededFaker} per component label of a run, created on first use. */
export class SeededFakers {
  private readonly byLabel = new Map<string, SeededFaker>();

  constructor(readonly seed: number) {
    componentSeed(seed, ''); // validates the seed up front
  }

  get(label: string): SeededFaker {
    let component = this.byLabel.get(label);
    if (component === undefined) {
      component = new SeededFaker(this.seed, label);
      this.byLabel.set(label, component);
    }
    return component;
  }
}

/** Throws unless p is a probability in [0, 1]. */
export function checkProbability(p: number, what: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${what}: p must be in [0, 1], got ${String(p)}`);
}
