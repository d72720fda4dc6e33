import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/program.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two commands for a fresh machine: a scenario on the in-memory broker, then the tests', () => {
    const firstBlock = readme.match(/```sh\n([\s\S]*?)```/)![1]!;
    const commands = firstBlock.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('#')[0]!.trim());
    expect(commands).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('npm start runs a registered scenario end to end and prints its answers, seed and trace hash', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    const argv = pkg.scripts['start']!.replace(/^node dist\/cli\/main\.js /, '').split(' ');
    expect(argv.slice(0, 2)).toEqual(['run', 'bookstore']);
    let out = '';
    const code = await runCli(argv, { out: (t) => (out += t), err: () => undefined });
    expect(code).toBe(0);
    expect(out).toContain('B9 outstanding payments, B10 shipping time');
    expect(out).toMatch(/seed 1 {2}trace [0-9a-f]{64}/);
  });

  it('shows the test-driver example exactly as spec/readme-example.spec.ts runs it', () => {
    const shown = readme.match(/```ts\n([\s\S]*?)```/)![1]!;
    const runs = readFileSync(new URL('./readme-example.spec.ts', import.meta.url), 'utf8');
    expect(shown).toBe(runs.replace("from '../src/index.js'", "from 'streamsim'"));
  });
});
