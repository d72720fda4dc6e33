import fc from 'fast-check';
import { stableStringify } from '../../sim/key-id.js';
import { historyTable, renderTable } from './history-table.js';
import { evaluate, type HistoryTable, type InvariantSpec, type JsonValue } from './invariant-spec.js';
import { streamsimVersion, writeReplayFile, type ReplayFile } from './replay-file.js';

/** Runs per property when the caller names none: fast-check's own default. */
export const DEFAULT_NUM_RUNS = 100;
/** The seed when the caller names none: a fixed one, so that a test run is the same run every time. */
export const DEFAULT_SEED = 1;

export interface CheckOptions {
  readonly numRuns?: number;
  readonly seed?: number;
  /** Where to write the replay file on failure; no file without it. */
  readonly replayDir?: string;
}

export interface InvariantFailure<H> {
  /** fast-check's path to the shrunk counterexample (`fc.check(..., { seed, path })` goes straight to it). */
  readonly path: string;
  readonly history: H;
  readonly table: HistoryTable;
  readonly reason: string;
  readonly observed: JsonValue;
  readonly replay: ReplayFile;
  /** Where the replay file was written, if a `replayDir` was given. */
  readonly replayPath?: string;
}

export interface InvariantCheck<H> {
  readonly spec: string;
  readonly passed: boolean;
  /** Histories tried (up to and including the first failing one). */
  readonly runs: number;
  readonly shrinks: number;
  readonly seed: number;
  readonly failure?: InvariantFailure<H>;
  /** A person's account of the outcome; for a failure: seed, path, minimal history, reason, replay command. */
  readonly report: string;
}

/**
 * Runs an invariant as a fast-check property: `numRuns` histories from `seed`; on failure fast-check shrinks
 * the history (fewer records, keys, gaps, faults: whatever the spec's arbitrary shrinks), and the minimal one
 * is reported and, with `replayDir`, written as `<replayDir>/<spec>-<hash>.json`.
 */
export function checkInvariant<H>(spec: InvariantSpec<H>, options: CheckOptions = {}): InvariantCheck<H> {
  const numRuns = options.numRuns ?? DEFAULT_NUM_RUNS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(numRuns) || numRuns < 1) throw new RangeError(`numRuns must be an integer >= 1, got ${numRuns}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const property = fc.property(spec.history, (h) => evaluate(spec, h).reason === null);
  const details = fc.check(property, { numRuns, seed });
  if (!details.failed) {
    const report = `invariant ${spec.name} held: ${details.numRuns} runs (seed ${seed})\n`;
    return { spec: spec.name, passed: true, runs: details.numRuns, shrinks: 0, seed, report };
  }
  if (details.counterexample === null) {
    throw new Error(`invariant ${spec.name}: fast-check stopped without a counterexample (seed ${seed}): ${String(details.errorInstance)}`);
  }
  const history = details.counterexample[0];
  const { observed, reason } = evaluate(spec, history);
  // the property is deterministic: the shrunk history fails again, or the processor depends on hidden state
  if (reason === null) throw new Error(`invariant ${spec.name}: the shrunk history passed when run again: is the run deterministic?`);
  const replay: ReplayFile = {
    streamsimVersion: streamsimVersion(),
    spec: spec.name,
    topology: spec.topology,
    options: spec.options,
    seed,
    path: details.counterexamplePath,
    invariant: spec.invariant,
    history: spec.encode(history),
    faults: spec.faults?.(history) ?? [],
    observed,
    reason,
  };
  const replayPath = options.replayDir === undefined ? undefined : writeReplayFile(options.replayDir, replay);
  const failure: InvariantFailure<H> = {
    path: details.counterexamplePath,
    history,
    table: historyTable(spec, history),
    reason,
    observed,
    replay,
    ...(replayPath === undefined ? {} : { replayPath }),
  };
  return {
    spec: spec.name,
    passed: false,
    runs: details.numRuns,
    shrinks: details.numShrinks,
    seed,
    failure,
    report: failureReport(spec.name, details.numRuns, details.numShrinks, failure),
  };
}

function failureReport(name: string, runs: number, shrinks: number, f: InvariantFailure<unknown>): string {
  const lines = [
    `invariant ${name} FAILED after ${runs} run(s), shrunk ${shrinks} time(s)`,
    `  seed ${f.replay.seed}, path "${f.path}"`,
    `  topology: ${f.replay.topology}`,
    `  expected: ${f.replay.invariant}`,
    `  faults: ${stableStringify(f.replay.faults)}`,
    `minimal history (${f.table.rows.length} record(s)):`,
    renderTable(f.table).trimEnd(),
    `reason: ${f.reason}`,
  ];
  if (f.replayPath !== undefined) lines.push(`replay file: ${f.replayPath}`, `replay with: ${replayCommand(f.replayPath)}`);
  return `${lines.join('\n')}\n`;
}

/** The one-line command that re-runs a replay file. */
export function replayCommand(path: string): string {
  return `npx streamsim replay ${/^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`}`;
}
