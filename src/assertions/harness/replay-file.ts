import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stableStringify } from '../../sim/key-id.js';
import type { JsonValue } from './invariant-spec.js';

/**
 * A failing history written down so that anyone can re-run it (`streamsim replay FILE`). The file holds no
 * wall-clock time, so the same failure always gives the same bytes and the same name.
 */
export interface ReplayFile {
  readonly streamsimVersion: string;
  readonly spec: string;
  readonly topology: string;
  /** What the spec's factory was given: the spec is rebuilt from it on replay. */
  readonly options: JsonValue;
  /** The fast-check seed and counterexample path of the run that found the failure. */
  readonly seed: number;
  readonly path: string;
  /** The minimal (shrunk) history, in the spec's JSON form. */
  readonly history: JsonValue;
  readonly faults: JsonValue;
  /** The expected invariant, in words. */
  readonly invariant: string;
  readonly observed: JsonValue;
  readonly reason: string;
  /** Set by hand once the bug is fixed: the file then stays as a guard that must pass. */
  readonly fixed?: boolean;
}

/** streamsim's version, from package.json (two levels above both src/assertions and dist/assertions). */
export function streamsimVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

/** 10 hex digits of SHA-256 over the spec, its options and the history: one failure, one file name. */
export function historyHash(spec: string, options: JsonValue, history: JsonValue): string {
  return createHash('sha256').update(stableStringify({ spec, options, history })).digest('hex').slice(0, 10);
}

export function replayFileName(file: ReplayFile): string {
  return `${file.spec}-${historyHash(file.spec, file.options, file.history)}.json`;
}

/** The file's text: fields in a fixed order, two-space indent, a final newline. */
export function serializeReplayFile(file: ReplayFile): string {
  const ordered = {
    streamsimVersion: file.streamsimVersion,
    spec: file.spec,
    topology: file.topology,
    options: file.options,
    seed: file.seed,
    path: file.path,
    invariant: file.invariant,
    history: file.history,
    faults: file.faults,
    observed: file.observed,
    reason: file.reason,
    ...(file.fixed === undefined ? {} : { fixed: file.fixed }),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Writes `dir/<spec>-<hash>.json` (creating `dir`) and returns its path. */
export function writeReplayFile(dir: string, file: ReplayFile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, replayFileName(file));
  writeFileSync(path, serializeReplayFile(file));
  return path;
}

const REQUIRED: readonly (readonly [keyof ReplayFile, string])[] = [
  ['streamsimVersion', 'string'],
  ['spec', 'string'],
  ['topology', 'string'],
  ['seed', 'number'],
  ['path', 'string'],
  ['invariant', 'string'],
  ['reason', 'string'],
];

/** Reads and checks a replay file; a missing or mistyped field is an error naming the file. */
export function readReplayFile(path: string): ReplayFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not a replay file: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${path}: not a replay file: expected a JSON object`);
  const obj = parsed as Record<string, unknown>;
  for (const [field, type] of REQUIRED) {
    if (typeof obj[field] !== type) throw new Error(`${path}: not a replay file: '${field}' must be a ${type}`);
  }
  for (const field of ['options', 'history', 'faults', 'observed'] as const) {
    if (!(field in obj)) throw new Error(`${path}: not a replay file: '${field}' is missing`);
  }
  if (obj.fixed !== undefined && typeof obj.fixed !== 'boolean') throw new Error(`${path}: not a replay file: 'fixed' must be a boolean`);
  return obj as unknown as ReplayFile;
}

/** The `.json` files of a replay folder, sorted by name; none when the folder does not exist. */
export function listReplayFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => join(dir, n));
}
