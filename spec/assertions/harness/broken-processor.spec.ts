import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkInvariant,
  DEFAULT_NUM_RUNS,
  readReplayFile,
  registerReplayable,
  replay,
  type InvariantSpec,
} from '../../../src/assertions/harness/index.js';
import { leftJoinSpec, windowCountSpec } from './broken-processors.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamsim-harness-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const brokenWindow = windowCountSpec('selftest-broken-window-count', true);
const brokenJoin = leftJoinSpec('selftest-broken-left-join', true);
registerReplayable(brokenWindow.name, brokenWindow);
registerReplayable(brokenJoin.name, brokenJoin);

/** The harness with its defaults (numRuns 100, the default seed) must find the planted bug and shrink it. */
function findsAndShrinks<H>(spec: InvariantSpec<H>, maxRecords: number) {
  const dir = tempDir();
  const result = checkInvariant(spec, { replayDir: dir });
  expect(result.passed, result.report).toBe(false);
  expect(result.runs).toBeLessThanOrEqual(DEFAULT_NUM_RUNS);
  const failure = result.failure!;
  expect(failure.table.rows.length).toBeLessThanOrEqual(maxRecords);
  expect(readdirSync(dir)).toEqual([failure.replayPath!.slice(dir.length + 1)]);
  expect(failure.replayPath).toMatch(new RegExp(`/${spec.name}-[0-9a-f]{10}\\.json$`));
  return { result, failure, dir };
}

describe('the harness finds a deliberately broken processor', () => {
  it('a windowed count whose grace is off by one (accepts a record at stream time = end + grace)', () => {
    const { result, failure } = findsAndShrinks(brokenWindow, 3);
    // the bug needs a record that advances stream time to end + grace and one for the closed window after it
    expect(failure.table.rows.length).toBeGreaterThanOrEqual(2);
    expect(failure.reason).toMatch(/counted 1 although every record of it was late|final count \d+, expected \d+/);
    expect(result.report).toContain(`seed ${result.seed}, path "${failure.path}"`);
    expect(result.report).toContain('minimal history');
    expect(result.report).toContain(`streamsim replay ${failure.replayPath}`);
  });

  it('a stream–table left join that forgets the left record when the table misses', () => {
    const { failure } = findsAndShrinks(brokenJoin, 1);
    // shrunk to the one stream record with nothing in the table: the left join must emit it with null
    expect(failure.replay.history).toEqual([{ side: 'L', key: 'a', value: 0 }]);
    expect(failure.reason).toBe('output 1 missing: expected {"key":"a","left":0,"right":null}');
    expect(failure.observed).toEqual([]);
  });

  it('finds both bugs within the default budget whatever the seed, not by one lucky seed', () => {
    for (const seed of [2, 3, 42, 1000, -7]) {
      for (const spec of [brokenWindow, brokenJoin] as InvariantSpec<unknown>[]) {
        const result = checkInvariant(spec, { seed });
        expect(result.passed, `${spec.name} seed ${seed}`).toBe(false);
        expect(result.failure!.table.rows.length, result.report).toBeLessThanOrEqual(4);
      }
    }
  });

  it('the correct processors pass the same invariants with the same budget', () => {
    const window = checkInvariant(windowCountSpec('selftest-window-count', false));
    expect(window.passed, window.report).toBe(true);
    expect(window.runs).toBe(DEFAULT_NUM_RUNS);
    const join = checkInvariant(leftJoinSpec('selftest-left-join', false));
    expect(join.passed, join.report).toBe(true);
  });
});

describe('replay files', () => {
  it('reproduce the failure: the same reason and the same outputs, byte for byte', () => {
    for (const spec of [brokenWindow, brokenJoin] as InvariantSpec<unknown>[]) {
      const { failure } = findsAndShrinks(spec, 3);
      const outcome = replay(failure.replayPath!);
      expect(outcome.reproduced).toBe(true);
      expect(outcome.reason).toBe(failure.reason);
      expect(JSON.stringify(outcome.observed)).toBe(JSON.stringify(failure.observed));
      expect(outcome.asRecorded).toBe(true);
    }
  });

  it('are byte-identical and equally named when the same failure is found again', () => {
    const a = findsAndShrinks(brokenWindow, 3).failure.replayPath!;
    const b = findsAndShrinks(brokenWindow, 3).failure.replayPath!;
    expect(a).not.toBe(b); // two temp dirs
    expect(a.split('/').pop()).toBe(b.split('/').pop());
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  it('hold the fields the issue lists, with the version from package.json and no wall-clock time', () => {
    const { failure } = findsAndShrinks(brokenJoin, 1);
    const file = readReplayFile(failure.replayPath!);
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(Object.keys(file)).toEqual([
      'streamsimVersion',
      'spec',
      'topology',
      'options',
      'seed',
      'path',
      'invariant',
      'history',
      'faults',
      'observed',
      'reason',
    ]);
    expect(file.streamsimVersion).toBe(pkg.version);
    expect(file.spec).toBe('selftest-broken-left-join');
    expect(file.topology).toBe('stream.join(table) posing as a left join');
    expect(file.invariant).toBe(brokenJoin.invariant);
    expect(readFileSync(failure.replayPath!, 'utf8')).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it('a replay whose spec has been fixed passes and says so', () => {
    const { failure } = findsAndShrinks(brokenJoin, 1);
    // the same name, now registered with the correct join: the recorded failure no longer reproduces
    const fixedName = 'selftest-left-join-now-fixed';
    registerReplayable(fixedName, leftJoinSpec(fixedName, false));
    const outcome = replay({ ...failure.replay, spec: fixedName });
    expect(outcome.reason).toBeNull();
    expect(outcome.reproduced).toBe(false);
    expect(outcome.asRecorded).toBe(false);
    expect(replay({ ...failure.replay, spec: fixedName, fixed: true }).asRecorded).toBe(true);
  });

  it('name the registered specs when a file names an unknown one', () => {
    const { failure } = findsAndShrinks(brokenJoin, 1);
    expect(() => replay({ ...failure.replay, spec: 'no-such-spec' })).toThrow(/no replayable spec 'no-such-spec' is registered; known: .*selftest-broken-left-join/);
  });
});
