import type fc from 'fast-check';

/** A value that JSON.stringify writes and JSON.parse reads back unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The history as a table for a person: column names and one row of cell texts per record. */
export interface HistoryTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * An invariant over generated histories: the harness draws histories `H` from `history`, runs the processor
 * under test on each (`run`, which must be deterministic), and asks `check` whether what came out is right.
 * `encode`/`decode` turn a history into JSON and back, so that a failing one can be written to a replay file
 * and re-run later.
 */
export interface InvariantSpec<H> {
  /** Registry key and replay file name prefix: letters, digits, `.`, `_` and `-`. */
  readonly name: string;
  /** Which topology runs the history (a name a person recognises, e.g. the DSL app's). */
  readonly topology: string;
  /** The expected invariant, in words. */
  readonly invariant: string;
  /** What the spec's factory needs to build this very spec again on replay (e.g. the fault kinds). */
  readonly options: JsonValue;
  readonly history: fc.Arbitrary<H>;
  /** Runs the processor on the history; returns its outputs as JSON (compared byte for byte on replay). */
  run(history: H): JsonValue;
  /** null when the outputs satisfy the invariant, else why not (one line a person can read). */
  check(history: H, observed: JsonValue): string | null;
  encode(history: H): JsonValue;
  decode(json: JsonValue): H;
  /** The history's injected faults, for the report and the replay file; default: none. */
  faults?(history: H): JsonValue;
  /** The history as a table; default: one row per element of `encode(history)` if it is an array. */
  table?(history: H): HistoryTable;
}

/** What one run of a spec on one history gave. */
export interface Evaluation {
  readonly observed: JsonValue;
  /** null: the invariant held. */
  readonly reason: string | null;
}

/** Runs and checks one history; a processor or check that throws fails the invariant with its message. */
export function evaluate<H>(spec: InvariantSpec<H>, history: H): Evaluation {
  let observed: JsonValue;
  try {
    observed = spec.run(history);
  } catch (err) {
    return { observed: null, reason: `the run threw: ${messageOf(err)}` };
  }
  try {
    return { observed, reason: spec.check(history, observed) };
  } catch (err) {
    return { observed, reason: `the check threw: ${messageOf(err)}` };
  }
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}
