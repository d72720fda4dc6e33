import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { T0 } from '../../src/scenarios/common/index.js';
import { TINY } from './tiny-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'streamsim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tmp = (name: string): string => join(dir, `${files++}-${name}`);

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, { scenarios: [TINY] });
  return { code, out, err };
}

const lines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);

/** Hand-written input: a twice in W[0s,10s), b once in W[10s,20s). */
const HAND_INPUT = [
  `{"topic":"tiny-clicks","key":"a","value":{"n":1},"timestamp":${T0}}`,
  `{"topic":"tiny-clicks","key":"a","value":{"n":2},"timestamp":${T0 + 1000}}`,
  `{"topic":"tiny-clicks","key":"b","value":{"n":3},"timestamp":${T0 + 12_000}}`,
].join('\n');

describe('streamsim list', () => {
  it('prints one line per scenario, then the utopia-samples job', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l !== '')).toEqual([
      `tiny             clicks per key in 10 s windows (test scenario)`,
      `utopia-samples   The Utopia workshop's two samples, TopCustomerArtists and PurchaseEventTicket, on the in-memory broker`,
    ]);
  });

  it('--options adds each scenario\'s defaults, the options --opt can change', async () => {
    const r = await cli('list', '--options');
    expect(r.out.split('\n')[1]).toBe(`                 defaults {"seed":7,"startTime":${T0},"durationMs":10000,"count":5,"faults":{}}`);
  });
});

describe('streamsim gen', () => {
  it('writes the generated records as NDJSON {topic, key, value, timestamp} in append order, the same bytes for the same seed', async () => {
    const a = await cli('gen', 'tiny', '--seed', '3');
    const b = await cli('gen', 'tiny', '--seed', '3');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const recs = lines(a.out) as { topic: string; key: string; value: { n: number }; timestamp: number }[];
    // defaults: count 5 over 10 s, one every 2 s from T0
    expect(recs.map((r) => r.timestamp)).toEqual([T0, T0 + 2000, T0 + 4000, T0 + 6000, T0 + 8000]);
    for (const r of recs) expect(Object.keys(r)).toEqual(['topic', 'key', 'value', 'timestamp']);
    expect((await cli('gen', 'tiny', '--seed', '4')).out).not.toBe(a.out);
    expect(a.err).toBe('5 records of tiny, seed 3\n');
  });

  it('sizes the run with --events (sizeFor) or --duration (durationOption), and writes --out FILE', async () => {
    const ten = await cli('gen', 'tiny', '--events', '10');
    expect(lines(ten.out)).toHaveLength(10);
    const short = lines((await cli('gen', 'tiny', '--duration', '500')).out) as { timestamp: number }[];
    expect(short.map((r) => r.timestamp)).toEqual([T0, T0 + 100, T0 + 200, T0 + 300, T0 + 400]);
    const file = tmp('gen.ndjson');
    const toFile = await cli('gen', 'tiny', '--events', '10', '--out', file);
    expect(toFile.out).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(ten.out);
    expect((await cli('gen', 'tiny', '--events', '3', '--duration', '9')).err).toBe('streamsim: --events and --duration both size the run: give one of them\n');
  });

  it('takes --opt name=value (JSON when it parses, dotted names nest) and adds appendAt only to delayed records', async () => {
    expect(lines((await cli('gen', 'tiny', '--opt', 'count=2')).out)).toHaveLength(2);
    const delayed = await cli('gen', 'tiny', '--events', '20', '--opt', 'faults.delay={"p":0.5,"maxMs":5000}');
    expect(delayed.code).toBe(0);
    const recs = lines(delayed.out) as { timestamp: number; appendAt?: number }[];
    const late = recs.filter((r) => r.appendAt !== undefined);
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(20);
    for (const r of late) expect(r.appendAt).toBeGreaterThan(r.timestamp);
    // append order: by appendAt (timestamp when absent), never decreasing
    const at = recs.map((r) => r.appendAt ?? r.timestamp);
    expect(at).toEqual([...at].sort((x, y) => x - y));
  });

  it('refuses bad options with one line naming the option', async () => {
    const cases: [string[], string][] = [
      [['--opt', 'count=-1'], "streamsim: tiny: option 'count': Too small: expected number to be >=0\n"],
      [['--opt', 'count=many'], "streamsim: tiny: option 'count': Invalid input: expected number, received string\n"],
      [['--opt', 'colour=red'], "streamsim: tiny: unknown option 'colour'\n"],
      [['--opt', 'faults.delay={"p":2,"maxMs":10}'], "streamsim: tiny: option 'faults.delay.p': Too big: expected number to be <=1\n"],
      [['--opt', 'count'], "streamsim: --opt expects name=value, got 'count'\n"],
      [['--events', 'x'], "streamsim: option '--events <n>' argument 'x' is invalid. --events must be an integer >= 0, got 'x'\n"],
    ];
    for (const [argv, err] of cases) {
      const r = await cli('gen', 'tiny', ...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err, argv.join(' ')).toBe(err);
      expect(r.out).toBe('');
    }
  });
});

describe('streamsim run', () => {
  it('prints the summary tables, the seed and the trace hash; equal runs give equal hashes', async () => {
    const a = await cli('run', 'tiny', '--seed', '1', '--input', writeInput(HAND_INPUT));
    expect(a.code, a.err).toBe(0);
    expect(a.err).toBe('');
    // a: 1 then 2 in W[0,10s); b: 1 in W[10s,20s) — by hand from the input
    expect(a.out).toContain(
      [
        'clicks per key and window',
        '  key@window       clicks',
        '  ---------------  ------',
        `  a@${T0}       2`,
        `  b@${T0 + 10_000}       1`,
      ].join('\n'),
    );
    expect(a.out).toContain(['records per output topic', '  topic        records', '  -----------  -------', '  tiny-counts        3'].join('\n'));
    expect(a.out).toMatch(/\nseed 1 {2}trace [0-9a-f]{64}\n$/);
    expect(a.out.startsWith('tiny: 3 input records, seed 1, 1 partition per topic')).toBe(true);
    const again = await cli('run', 'tiny', '--seed', '1', '--input', writeInput(HAND_INPUT));
    expect(again.out).toBe(a.out);
    const generated = await cli('run', 'tiny', '--seed', '1');
    expect(generated.out.match(/trace (\w+)/)![1]).not.toBe(a.out.match(/trace (\w+)/)![1]);
  });

  it('replays a gen file exactly, delayed records included: the same trace hash as the generated run', async () => {
    const args = ['--seed', '5', '--events', '30', '--opt', 'faults.delay={"p":0.3,"maxMs":8000}'];
    const file = tmp('delayed.ndjson');
    expect((await cli('gen', 'tiny', ...args, '--out', file)).code).toBe(0);
    const direct = await cli('run', 'tiny', ...args, '--json');
    const replay = await cli('run', 'tiny', '--seed', '5', '--input', file, '--json');
    const hash = (out: string): string => (JSON.parse(out) as { traceHash: string }).traceHash;
    expect(hash(replay.out)).toBe(hash(direct.out));
  });

  it('--json prints one JSON document: summary, counts, seed and trace hash', async () => {
    const r = await cli('run', 'tiny', '--input', writeInput(HAND_INPUT), '--json');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const doc = JSON.parse(r.out) as Record<string, unknown>;
    expect(doc).toMatchObject({
      scenario: 'tiny',
      seed: 7,
      partitions: 1,
      inputs: 3,
      outputs: { 'tiny-counts': 3 },
      deadLettered: 0,
      dropped: 0,
      summary: [{ title: 'clicks per key and window', columns: ['key@window', 'clicks'], rows: [[`a@${T0}`, 2], [`b@${T0 + 10_000}`, 1]] }],
    });
    expect(doc.traceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--out writes every output topic as <topic>.ndjson, windowed keys as {key, window: {start, end}}', async () => {
    const out = tmp('out');
    expect((await cli('run', 'tiny', '--input', writeInput(HAND_INPUT), '--out', out)).code).toBe(0);
    expect(readdirSync(out)).toEqual(['tiny-counts.ndjson']);
    expect(readFileSync(join(out, 'tiny-counts.ndjson'), 'utf8')).toBe(
      [
        `{"topic":"tiny-counts","partition":0,"offset":0,"key":{"key":"a","window":{"start":${T0},"end":${T0 + 10_000}}},"value":1,"timestamp":${T0}}`,
        `{"topic":"tiny-counts","partition":0,"offset":1,"key":{"key":"a","window":{"start":${T0},"end":${T0 + 10_000}}},"value":2,"timestamp":${T0 + 1000}}`,
        `{"topic":"tiny-counts","partition":0,"offset":2,"key":{"key":"b","window":{"start":${T0 + 10_000},"end":${T0 + 20_000}}},"value":1,"timestamp":${T0 + 12_000}}`,
        '',
      ].join('\n'),
    );
  });

  it('a record failing its schema goes to <topic>-dlq with its reason: counted, written with --out, noted on stderr, exit 0', async () => {
    const input = `${HAND_INPUT}\n{"topic":"tiny-clicks","key":"c","value":{"n":"four"},"timestamp":${T0 + 13_000}}\n`;
    const out = tmp('dlq');
    const r = await cli('run', 'tiny', '--input', writeInput(input), '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toBe("streamsim: note: 1 input record failed its topic's schema and went to tiny-clicks-dlq (1)\n");
    expect(r.out).toContain("dead-lettered: 1 input record failed its topic's schema and went to tiny-clicks-dlq (1)\n");
    const dlq = lines(readFileSync(join(out, 'tiny-clicks-dlq.ndjson'), 'utf8')) as { key: string; value: unknown; headers: { key: string; value: string }[] }[];
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toMatchObject({ topic: 'tiny-clicks-dlq', key: 'c', value: { n: 'four' }, timestamp: T0 + 13_000 });
    expect(dlq[0]!.headers).toContainEqual({ key: '__streamsim.error.reason', value: 'schema validation failed: n: Invalid input: expected number, received string' });
    expect(dlq[0]!.headers).toContainEqual({ key: '__streamsim.error.topic', value: 'tiny-clicks' });
    // nothing is lost: the three good records were counted as before
    expect(readFileSync(join(out, 'tiny-counts.ndjson'), 'utf8').trim().split('\n')).toHaveLength(3);
    const noOut = await cli('run', 'tiny', '--input', writeInput(input));
    expect(noOut.err).toBe("streamsim: note: 1 input record failed its topic's schema and went to tiny-clicks-dlq (1) (--out DIR writes them with their reasons)\n");
  });

  it('bad input lines fail with file:line: reason and exit 1', async () => {
    const cases: [string, string][] = [
      [`${HAND_INPUT}\n\n{"topic":"tiny-clicks","key":"a",}\n`, "5: malformed JSON: Expected a property name but found token '}' at column 34"],
      [`${HAND_INPUT}\n{"topic":"nope","key":"a","value":{"n":1},"timestamp":1}`, "4: unknown topic 'nope'; tiny reads tiny-clicks, tiny-users"],
      [`{"topic":"tiny-counts","key":"a","value":1,"timestamp":1}`, "1: unknown topic 'tiny-counts'; tiny reads tiny-clicks, tiny-users"],
      [`{"topic":"tiny-clicks","key":"a","value":{"n":1}}`, '1: "timestamp" is missing'],
      [`{"topic":"tiny-clicks","key":"a","value":{"n":1},"timestamp":-5}`, '1: "timestamp" must be an integer >= 0 (epoch ms), got -5'],
      [`{"topic":"tiny-users","key":null,"value":"ann","timestamp":1}`, "1: 'tiny-users' is a table (compacted) topic: its records need a key"],
      [`{"topic":"tiny-clicks","key":"a","value":{"n":1},"timestamp":1,"partition":1}`, '1: "partition" must be an integer in [0, 1) (the run has 1 partition(s) per topic), got 1'],
      [`[1,2]`, '1: expected an object {topic, key, value, timestamp}'],
    ];
    for (const [text, reason] of cases) {
      const file = writeInput(text);
      const r = await cli('run', 'tiny', '--input', file);
      expect(r.code, text).toBe(1);
      expect(r.err, text).toBe(`streamsim: ${file}:${reason}\n`);
      expect(r.out).toBe('');
    }
  });

  it('refuses options that do not go with a scenario run, in one line', async () => {
    const file = writeInput(HAND_INPUT);
    expect((await cli('run', 'tiny', '--input', file, '--events', '9')).err).toBe('streamsim: --input replays a file: --events and --duration size generated input only\n');
    expect((await cli('run', 'tiny', '--format', 'ndjson')).err).toBe('streamsim: --format applies to the utopia-samples job only; scenarios write NDJSON with --out\n');
    expect((await cli('run', 'utopia-samples', '--json')).err).toBe('streamsim: --json applies to scenarios, not to the utopia-samples job (it takes --seed, --partitions and --format)\n');
    expect((await cli('run', 'tiny', '--partitions', '0')).err).toBe("streamsim: option '--partitions <n>' argument '0' is invalid. --partitions must be an integer >= 1, got '0'\n");
  });

  it('--partitions spreads the input topics over n partitions (one task each); every record is still counted once', async () => {
    const doc = JSON.parse((await cli('run', 'tiny', '--events', '40', '--partitions', '3', '--json')).out) as { partitions: number; outputs: Record<string, number> };
    expect(doc.partitions).toBe(3);
    expect(doc.outputs['tiny-counts']).toBe(40);
  });

  it('unknown scenarios fail with one line listing the known ones', async () => {
    expect(await cli('run', 'nope')).toEqual({ code: 1, out: '', err: "streamsim: unknown scenario 'nope'; known: tiny, utopia-samples\n" });
    expect(await cli('gen', 'nope')).toEqual({ code: 1, out: '', err: "streamsim: unknown scenario 'nope'; known: tiny\n" });
    expect((await cli('gen', 'utopia-samples')).err).toBe("streamsim: unknown scenario 'utopia-samples'; known: tiny\n");
  });

  it('draws a progress bar on stderr only after a second of wall clock, and only for a terminal or --progress', async () => {
    const run = async (errIsTTY: boolean, ...extra: string[]) => {
      let err = '';
      let clock = 0;
      const now = (): number => (clock += 400); // every look at the clock is 0.4 s later
      const code = await runCli(['run', 'tiny', '--events', '300', ...extra], { out: () => undefined, err: (t) => (err += t), errIsTTY, now }, { scenarios: [TINY] });
      return { code, err };
    };
    const tty = await run(true);
    expect(tty.code).toBe(0);
    expect(tty.err).toMatch(/^\rtiny \[#+\.*\] +\d+% \d+\/300 records [\d.]+s/);
    expect(tty.err).toMatch(/\rtiny \[#{30}\] 100% 300\/300 records [\d.]+s\n$/);
    expect((await run(false)).err).toBe('');
    expect((await run(false, '--progress')).err).toMatch(/100% 300\/300 records [\d.]+s\n$/);
  });
});

function writeInput(text: string): string {
  const file = tmp('input.ndjson');
  writeFileSync(file, text);
  return file;
}
