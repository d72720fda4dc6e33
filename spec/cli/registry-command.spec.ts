import { describe, expect, it } from 'vitest';
import { runCli, type CliDeps } from '../../src/cli/program.js';

// `streamsim registry <scenario>`: the scenario's subjects and versions, and the same registry over Confluent's REST API.

async function cli(deps: CliDeps, ...argv: string[]) {
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  const code = await runCli(argv, io, deps);
  return { code, out: () => out, err };
}

describe('streamsim registry', () => {
  it("lists every input topic's Avro value subject, and the topics that stay JSON", async () => {
    const r = await cli({}, 'registry', 'tfl');
    expect(r.code).toBe(0);
    const out = r.out();
    expect(out).toMatch(/^ {2}stations-value +1 +1 +AVRO +\d+$/m);
    expect(out).toMatch(/^ {2}users-value +1 +2 +AVRO +\d+$/m);
    expect(out).toContain("entries: JSON, no Avro schema (Entries.@timestamp: '@timestamp' is not an Avro field name)");
  });

  it('serves the registry on 127.0.0.1 with the Schema Registry endpoints until interrupted', async () => {
    let printed = '';
    let subjects: unknown;
    let latest: unknown;
    const deps: CliDeps = {
      untilInterrupted: async () => {
        const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)![1]!;
        subjects = await (await fetch(`${url}/subjects`)).json();
        latest = await (await fetch(`${url}/subjects/book-value/versions/latest`)).json();
      },
    };
    const code = await runCli(['registry', 'bookstore', '--serve'], { out: (t) => (printed += t), err: () => undefined }, deps);
    expect(code).toBe(0);
    expect(subjects).toEqual(['book-value', 'customer-value', 'interaction-value', 'purchase-value', 'payment-value', 'shipping-value']);
    expect(latest).toMatchObject({ subject: 'book-value', version: 1, id: 1 });
    expect(JSON.parse((latest as { schema: string }).schema)).toMatchObject({ type: 'record', name: 'Book', namespace: 'streamsim.bookstore' });
  });

  it('refuses an unknown scenario and --port without --serve in one line', async () => {
    expect((await cli({}, 'registry', 'nope')).err).toBe('streamsim: unknown scenario \'nope\'; known: bookstore, utopia, tfl, customers, pizza, pizza-abc\n');
    expect((await cli({}, 'registry', 'bookstore', '--port', '8081')).err).toBe('streamsim: --port applies with --serve\n');
  });
});
