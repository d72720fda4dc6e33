import { Faker, en } from '@faker-js/faker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { componentSeed, SeededFaker, SeededFakers, T0 } from '../../../src/scenarios/common/index.js';

/**
 * murmur2(utf8("1/customers")) as printed by the real Kafka client (kafka-clients 4.4.0,
 * org.apache.kafka.common.utils.Utils#murmur2 over "1/customers".getBytes(UTF_8), the jar that produced
 * fixtures/partitioning/java-murmur2-partitions.json), and reproduced by an independent Python transcription of
 * Utils.murmur2 with explicit 32-bit masking. Not computed by the code under test.
 */
const JAVA_MURMUR2_1_CUSTOMERS = -616665504;
/** By hand: -616665504 & 0x7fffffff = -616665504 + 2^31 = 2147483648 - 616665504. */
const SEED_1_CUSTOMERS = 1530818144;

/** Same provenance as above: kafka-clients 4.4.0 Utils.murmur2, cross-checked in Python. */
const JAVA_SEEDS: [string, number, number][] = [
  // [seed/label, murmur2, & 0x7fffffff]
  ['1/faults', -1590583677, 556899971],
  ['42/faults', 1256831866, 1256831866],
  ['7/shop', 2121800482, 2121800482],
  ['0/customers', -498126235, 1649357413],
];

const draws = (rnd: SeededFaker, n: number): number[] => Array.from({ length: n }, () => rnd.u());

describe('T0', () => {
  it('is 2024-01-01T00:00:00.000Z', () => {
    expect(T0).toBe(Date.UTC(2024, 0, 1));
    expect(new Date(T0).toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('componentSeed: murmur2(utf8(seed + "/" + label)) & 0x7fffffff', () => {
  it('seed 1, label "customers" gives the Java-computed value', () => {
    expect(JAVA_MURMUR2_1_CUSTOMERS & 0x7fffffff).toBe(SEED_1_CUSTOMERS);
    expect(2 ** 31 + JAVA_MURMUR2_1_CUSTOMERS).toBe(SEED_1_CUSTOMERS);
    expect(componentSeed(1, 'customers')).toBe(SEED_1_CUSTOMERS);
  });

  it.each(JAVA_SEEDS)('%s', (text, hash, positive) => {
    const slash = text.indexOf('/');
    expect(hash & 0x7fffffff).toBe(positive);
    expect(componentSeed(Number(text.slice(0, slash)), text.slice(slash + 1))).toBe(positive);
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => componentSeed(1.5, 'x')).toThrow(RangeError);
    expect(() => componentSeed(Number.NaN, 'x')).toThrow(RangeError);
  });

  it('seeds its own new Faker({ locale: [en] }) with that value', () => {
    const rnd = new SeededFaker(1, 'customers');
    expect(rnd.fakerSeed).toBe(SEED_1_CUSTOMERS);
    const reference = new Faker({ locale: [en] });
    reference.seed(SEED_1_CUSTOMERS);
    expect(rnd.faker.number.int({ min: 0, max: 2 ** 32 - 1 })).toBe(reference.number.int({ min: 0, max: 2 ** 32 - 1 }));
    expect(rnd.faker.person.fullName()).toBe(reference.person.fullName());
    expect(rnd.faker.book.title()).toBe(reference.book.title());
  });
});

describe('helpers (SCENARIOS.md §0.2)', () => {
  it('u() = faker.number.int({min:0, max:2^32-1}) / 2^32', () => {
    const rnd = new SeededFaker(3, 'activity');
    const reference = new Faker({ locale: [en] });
    reference.seed(componentSeed(3, 'activity'));
    for (let i = 0; i < 100; i++) {
      const x = rnd.u();
      expect(x).toBe(reference.number.int({ min: 0, max: 2 ** 32 - 1 }) / 2 ** 32);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('int(a, b) and pick(xs) are faker.number.int and faker.helpers.arrayElement', () => {
    const rnd = new SeededFaker(3, 'music');
    const reference = new Faker({ locale: [en] });
    reference.seed(componentSeed(3, 'music'));
    const xs = ['a', 'b', 'c', 'd'] as const;
    for (let i = 0; i < 50; i++) {
      expect(rnd.int(-3, 3)).toBe(reference.number.int({ min: -3, max: 3 }));
      expect(rnd.pick(xs)).toBe(reference.helpers.arrayElement([...xs]));
    }
  });

  it('int(a, b) is inclusive and reaches both ends', () => {
    const rnd = new SeededFaker(5, 'x');
    const seen = new Set(Array.from({ length: 200 }, () => rnd.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    expect(rnd.int(7, 7)).toBe(7);
    expect(() => rnd.int(3, 1)).toThrow(RangeError);
    expect(() => rnd.int(0.5, 1)).toThrow(RangeError);
    expect(() => rnd.pick([])).toThrow(RangeError);
  });

  it('bern(p) = u() < p, one draw even for p = 0 and p = 1', () => {
    const a = new SeededFaker(9, 'x');
    const b = new SeededFaker(9, 'x');
    expect(a.bern(0)).toBe(false);
    expect(a.bern(1)).toBe(true);
    b.u();
    b.u();
    const u3 = b.u();
    expect(a.bern(0.5)).toBe(u3 < 0.5);
    expect(a.u()).toBe(b.u());
    expect(() => a.bern(1.5)).toThrow(RangeError);
    expect(() => a.bern(Number.NaN)).toThrow(RangeError);
  });

  it('normal(μ, σ) draws exactly two u() (u1 then u2), caches nothing, and follows the Box–Muller formula', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 20 }), (seed, calls) => {
        const a = new SeededFaker(seed, 'fulfil');
        const b = new SeededFaker(seed, 'fulfil');
        for (let i = 0; i < calls; i++) {
          const u1 = b.u();
          const u2 = b.u();
          expect(a.normal(5, 30)).toBe(5 + 30 * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        // After `calls` normals, both have consumed exactly 2·calls draws: an odd number of calls would expose a
        // cached second variate.
        expect(a.u()).toBe(b.u());
      }),
      { numRuns: 50 },
    );
  });

  it('expo(mean) = −mean·ln(1 − u()), one draw', () => {
    const a = new SeededFaker(11, 'orders');
    const b = new SeededFaker(11, 'orders');
    for (let i = 0; i < 20; i++) {
      const x = a.expo(4000);
      expect(x).toBe(-4000 * Math.log(1 - b.u()));
      expect(x).toBeGreaterThanOrEqual(0);
    }
    expect(a.u()).toBe(b.u());
  });
});

describe('determinism', () => {
  const useAll = (rnd: SeededFaker): unknown[] => [
    rnd.u(),
    rnd.bern(0.3),
    rnd.int(1, 1000),
    rnd.pick(['x', 'y', 'z']),
    rnd.normal(0, 1),
    rnd.expo(10),
    rnd.faker.person.firstName(),
    rnd.faker.string.uuid(),
  ];

  it('the same seed and label give identical draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.string(), (seed, label) => {
        expect(useAll(new SeededFaker(seed, label))).toEqual(useAll(new SeededFaker(seed, label)));
      }),
      { numRuns: 30 },
    );
  });

  it('different labels are independent: extra draws on one never shift another', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 20 }),
        (seed, extra) => {
          const quiet = new SeededFakers(seed);
          const busy = new SeededFakers(seed);
          const fromQuiet: number[] = [];
          const fromBusy: number[] = [];
          for (const n of extra) {
            fromQuiet.push(quiet.get('shop').u());
            fromBusy.push(busy.get('shop').u());
            draws(busy.get('fulfil'), n); // only the busy run draws from another component
            busy.get('catalog').faker.book.title();
          }
          expect(fromBusy).toEqual(fromQuiet);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('SeededFakers keeps one faker per label', () => {
    const fakers = new SeededFakers(1);
    expect(fakers.get('customers')).toBe(fakers.get('customers'));
    expect(fakers.get('customers').fakerSeed).toBe(SEED_1_CUSTOMERS);
    expect(fakers.get('customers')).not.toBe(fakers.get('shop'));
  });

  it('different labels and different seeds give different streams', () => {
    expect(draws(new SeededFaker(1, 'customers'), 5)).not.toEqual(draws(new SeededFaker(1, 'shop'), 5));
    expect(draws(new SeededFaker(1, 'customers'), 5)).not.toEqual(draws(new SeededFaker(2, 'customers'), 5));
  });
});
