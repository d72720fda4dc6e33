import fc, { type Arbitrary } from 'fast-check';

/**
 * Whole scenario histories as a fast-check arbitrary: the scenario's own generator makes the records (so a
 * drawn history is one the generator really produces), and shrinking drops records and makes the knobs smaller.
 *
 * The assertions layer sits below src/scenarios, so the scenario comes in through {@link HistoryGenerator}, the
 * part of a Scenario this needs; specs pass the real scenario.
 */

/** What a scenario offers for drawing histories (a `Scenario<O>` of src/scenarios fits). */
export interface HistoryGenerator<O extends { readonly seed: number }, R> {
  readonly name?: string;
  /** Pure: the records in append order; the same options give the same records. */
  generate(options: Partial<O>): readonly R[];
  /** Options that give about `events` records; used to keep drawn histories small. */
  sizeFor?(events: number): Partial<O>;
}

/** Each knob a constant or an arbitrary (which shrinks as that arbitrary does). */
export type HistoryKnobs<O> = { readonly [K in keyof O]?: O[K] | Arbitrary<O[K]> };

export interface ScenarioHistoryParams<O, R> {
  /** The generator seed, or its arbitrary; default any seed in [0, 2^31). The seed never shrinks: another seed is another history, not a smaller one. */
  readonly seed?: number | Arbitrary<number>;
  /**
   * The size passed to `sizeFor`, or its arbitrary (shrinks towards its minimum); default 1–20. `null`:
   * do not call `sizeFor` (the knobs size the run). Knobs win over what `sizeFor` gives.
   */
  readonly events?: number | Arbitrary<number> | null;
  /** Generator options, each a constant or an arbitrary; the rest are the generator's defaults. */
  readonly knobs?: HistoryKnobs<O>;
  /**
   * Records shrinking may drop; default all. Pin e.g. table records that the rest of a history needs
   * to stay meaningful (dropping a table record is still a valid input: a later join simply finds nothing).
   */
  readonly droppable?: (record: R) => boolean;
}

/** A drawn history: what generated it, and which of the generated records it keeps, in append order. */
export interface ScenarioHistory<O, R> {
  /** The options given to `generate`, seed included (JSON, as the scenario's options are). */
  readonly options: Partial<O>;
  /** How many records `generate(options)` made. */
  readonly generated: number;
  /** Indexes of the kept records in the generated list, ascending: all of them until shrinking drops some. */
  readonly kept: readonly number[];
  /** The kept records, in append order. */
  readonly records: readonly R[];
}

/** The JSON form of a history (records are regenerated from the options on replay). */
export interface ScenarioHistoryJson<O> {
  readonly options: Partial<O>;
  readonly generated: number;
  readonly kept: readonly number[];
}

const DEFAULT_EVENTS = fc.integer({ min: 1, max: 20 });

function asArbitrary<T>(v: T | Arbitrary<T>): Arbitrary<T> {
  return v instanceof fc.Arbitrary ? v : fc.constant(v);
}

/**
 * Subsequences of [0, n): drawn whole, shrunk by dropping blocks of droppable positions, the biggest blocks
 * first (half, quarter, ... one), as fast-check shrinks arrays, so a long history falls apart quickly.
 */
class DroppingSubsequenceArbitrary extends fc.Arbitrary<number[]> {
  constructor(
    private readonly n: number,
    private readonly canDrop: (index: number) => boolean,
  ) {
    super();
  }

  generate(): fc.Value<number[]> {
    return new fc.Value(Array.from({ length: this.n }, (_, i) => i), undefined);
  }

  canShrinkWithoutContext(value: unknown): value is number[] {
    return Array.isArray(value) && value.every((v, i) => Number.isInteger(v) && v >= 0 && v < this.n && (i === 0 || v > (value[i - 1] as number)));
  }

  shrink(kept: number[]): fc.Stream<fc.Value<number[]>> {
    return new fc.Stream(this.candidates(kept));
  }

  private *candidates(kept: number[]): IterableIterator<fc.Value<number[]>> {
    const positions = kept.flatMap((index, at) => (this.canDrop(index) ? [at] : []));
    for (let size = positions.length; size >= 1; size = size === 1 ? 0 : Math.ceil(size / 2)) {
      for (let start = 0; start + size <= positions.length; start += size) {
        const drop = new Set(positions.slice(start, start + size));
        yield new fc.Value(
          kept.filter((_, at) => !drop.has(at)),
          undefined,
        );
      }
    }
  }
}

/**
 * The histories of a scenario: draws the seed, the size and the knobs, generates the records with
 * `scenario.generate` and keeps them all. Shrinking first makes the knobs (and the size) smaller, each time
 * regenerating the whole history, then drops records, keeping the rest in order. The first value drawn for
 * given params is the whole generated history.
 */
export function scenarioHistoryArbitrary<O extends { readonly seed: number }, R>(
  scenario: HistoryGenerator<O, R>,
  params: ScenarioHistoryParams<O, R> = {},
): Arbitrary<ScenarioHistory<O, R>> {
  const seed = params.seed === undefined ? fc.integer({ min: 0, max: 2 ** 31 - 1 }) : asArbitrary(params.seed);
  const events = params.events === undefined ? DEFAULT_EVENTS : params.events === null ? fc.constant(null) : asArbitrary(params.events);
  const knobEntries = Object.entries(params.knobs ?? {}).map(([name, v]) => [name, asArbitrary(v)] as const);
  const knobs = fc.record(Object.fromEntries(knobEntries) as Record<string, Arbitrary<unknown>>);
  const droppable = params.droppable ?? (() => true);
  return fc.record({ seed: fc.noShrink(seed), events, knobs }).chain(({ seed, events, knobs }) => {
    const sized = events === null || scenario.sizeFor === undefined ? {} : scenario.sizeFor(events);
    const options = { ...sized, ...knobs, seed } as Partial<O>;
    const all = scenario.generate(options);
    return new DroppingSubsequenceArbitrary(all.length, (i) => droppable(all[i]!)).map((kept) => ({
      options,
      generated: all.length,
      kept,
      records: kept.map((i) => all[i]!),
    }));
  });
}

/** A history's JSON form, for replay files. */
export function scenarioHistoryToJson<O, R>(history: ScenarioHistory<O, R>): ScenarioHistoryJson<O> {
  return { options: history.options, generated: history.generated, kept: [...history.kept] };
}

/** A history back from its JSON form: regenerates the records; refuses when the generator now makes other records. */
export function scenarioHistoryFromJson<O extends { readonly seed: number }, R>(scenario: HistoryGenerator<O, R>, json: ScenarioHistoryJson<O>): ScenarioHistory<O, R> {
  const all = scenario.generate(json.options);
  if (all.length !== json.generated) {
    throw new Error(`${scenario.name ?? 'the scenario'} now generates ${all.length} records for these options, the history was drawn from ${json.generated}`);
  }
  const bad = json.kept.find((i, at) => !Number.isInteger(i) || i < 0 || i >= all.length || (at > 0 && i <= json.kept[at - 1]!));
  if (bad !== undefined) throw new Error(`kept record index ${bad} is out of range or out of order`);
  return { options: json.options, generated: all.length, kept: [...json.kept], records: json.kept.map((i) => all[i]!) };
}
