import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runCli } from '../../../src/cli/program.js';

const dirs: string[] = [];

/** A fresh temp dir for replay files, removed after the spec file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamsim-invariant-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `streamsim check <scenario> --runs N --seed 3 [--faults …]` with a temp replay dir; no replay file may appear. */
export async function checkCli(scenario: string, runs: number, faults?: string) {
  const dir = tempDir();
  let out = '';
  let err = '';
  const argv = ['check', scenario, '--runs', String(runs), '--seed', '3', ...(faults === undefined ? [] : ['--faults', faults]), '--replay-dir', dir];
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, { scenarios: [] });
  return { code, out, err, lines: out.trim().split('\n'), replayFiles: readdirSync(dir) };
}
