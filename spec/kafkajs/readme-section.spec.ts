import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The example as a user's project would have it: spec/kafkajs/readme-example.spec.ts with the package import. */
const example = read('./readme-example.spec.ts').replace("from '../../src/kafkajs/index.js'", "from 'streamsim/kafkajs'");

/** The ```ts block that imports streamsim/kafkajs. */
function shownExample(markdown: string): string | undefined {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes("from 'streamsim/kafkajs'"));
}

describe('the kafkajs example', () => {
  it('is under 30 lines', () => {
    expect(example.trimEnd().split('\n').length).toBeLessThan(30);
  });

  it('docs/kafkajs.md shows it exactly as spec/kafkajs/readme-example.spec.ts runs it', () => {
    expect(shownExample(read('../../docs/kafkajs.md'))).toBe(example);
  });

  it('README.md shows it exactly as spec/kafkajs/readme-example.spec.ts runs it', () => {
    expect(shownExample(read('../../README.md'))).toBe(example);
  });
});
