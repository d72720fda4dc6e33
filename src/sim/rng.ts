import seedrandom from 'seedrandom';

/**
 * One seed, many independent named streams: `rng.stream('faults')` and `rng.stream('scheduler')` never
 * share draws, so adding a draw in one place does not shift another (ARCHITECTURE.md, determinism rules).
 */
export class SeededRng {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number | string) {}

  stream(label: string): RandomStream {
    let s = this.streams.get(label);
    if (s === undefined) {
      s = new RandomStream(`${this.seed}/${label}`);
      this.streams.set(label, s);
    }
    return s;
  }
}

export class RandomStream {
  private readonly prng: seedrandom.PRNG;

  constructor(seed: string) {
    this.prng = seedrandom(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.prng.quick();
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.prng.quick() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** Fisher-Yates in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }
}
