import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two commands for a fresh machine: the demo on the in-memory broker, then the tests', () => {
    const firstBlock = readme.match(/```sh\n([\s\S]*?)```/)![1]!;
    const commands = firstBlock.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('#')[0]!.trim());
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
  });

  it('shows the test-driver example exactly as spec/readme-example.spec.ts runs it', () => {
    const shown = readme.match(/```ts\n([\s\S]*?)```/)![1]!;
    const runs = readFileSync(new URL('./readme-example.spec.ts', import.meta.url), 'utf8');
    expect(shown).toBe(runs.replace("from '../src/index.js'", "from 'streamsim'"));
  });
});
