import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { SCENARIOS } from '../../src/scenarios/registry.js';

/** The command line without scenarios (they have their own spec, scenario-commands.spec.ts). */
async function cli(...argv: string[]) {
  return cliWith({ scenarios: [] }, ...argv);
}

async function cliWith(deps: Parameters<typeof runCli>[2], ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, deps);
  return { code, out, err };
}

describe('streamsim command line', () => {
  it('runs the Utopia samples on the in-memory broker, the same bytes for the same seed', async () => {
    const a = await cli('run', 'utopia-samples', '--seed', '3', '--format', 'ndjson');
    const b = await cli('run', 'utopia-samples', '--seed', '3', '--format', 'ndjson');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const lines = a.out.trim().split('\n').map((l) => JSON.parse(l) as { topic: string });
    expect(new Set(lines.map((l) => l.topic))).toEqual(new Set(['kafka-workshop-top-10-stream-count', 'kafka-workshop-ticket-response']));
    expect(a.err).toMatch(/^\d+ records in, \d+ out, 0 dropped; seed 3, 1 partition\(s\); trace [0-9a-f]{16}\n$/);
    const other = await cli('run', 'utopia-samples', '--seed', '4', '--format', 'ndjson');
    expect(other.out).not.toBe(a.out);
  });

  it('fails with one readable line and a non-zero code on bad input', async () => {
    for (const argv of [
      ['run', 'nope'],
      ['run', 'utopia-samples', '--partitions', '0'],
      ['run', 'utopia-samples', '--format', 'xml'],
      ['frobnicate'],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.err.split('\n').filter((l) => l !== ''), argv.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^streamsim: /);
    }
    expect((await cli('run', 'nope')).err).toBe("streamsim: unknown scenario 'nope'; known: utopia-samples\n");
  });

  it('lists its jobs', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^utopia-samples\s+The Utopia workshop/);
  });

  it('lists the registered scenarios by default, in the registry order, then the utopia-samples job', async () => {
    const r = await cliWith(undefined, 'list');
    expect(r.code).toBe(0);
    const names = r.out.split('\n').filter((l) => l !== '').map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual([...SCENARIOS.map((s) => s.name), 'utopia-samples']);
  });
});

describe('streamsim sql --dialect', () => {
  it('runs the bookstore seed statements in the 2018 KSQL dialect, and refuses them in the modern one', async () => {
    const file = new URL('../../fixtures/seed-sql/bookstore.sql', import.meta.url).pathname;
    const legacy = await cli('sql', file, '--dialect', 'ksql5');
    expect(legacy.err, legacy.err).toMatch(/^0 records in, \d+ push queries, 0 rows\n$/);
    expect(legacy.code).toBe(0);
    const modern = await cli('sql', file);
    expect(modern.code).not.toBe(0);
    expect(modern.err).toMatch(/^streamsim: .*bookstore\.sql: Key missing from projection/);
    expect((await cli('sql', file, '--dialect', 'ksql9')).err).toBe("streamsim: --dialect must be ksqldb or ksql5, got 'ksql9'\n");
  });
});
