/**
 * RunScenarioOptions.appendBatch: inputs appended in fetch batches before the processors run. Checked on a spy
 * app that logs every runner call with how many input records the broker holds at that moment (the exact rule of
 * the JSDoc: actors advanced before each batch and before any record appended after their due time), and on a
 * two-partition relay app whose single output partition shows the order the tasks took turns in.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { Broker } from '../../src/sim/broker.js';
import { ProcessorGroup, type Scenario, type ScenarioApp, T0 } from '../../src/scenarios/common/index.js';
import { runScenario, type ScenarioInputRecord } from '../../src/scenarios/common/run-scenario.js';
import { StreamsBuilder } from '../../src/streams/index.js';

const IN = 'batch-in';
const OUT = 'batch-out';

/** Input records held by the broker now (every partition of the input topic). */
function held(broker: Broker): number {
  let n = 0;
  for (let p = 0; p < broker.partitionCount(IN); p++) n += broker.logEndOffset(IN, p);
  return n;
}

interface SpyOptions {
  readonly seed: number;
  readonly count: number;
}

/**
 * A scenario whose app only logs: `run N` (runUntilIdle), `advance t N` (advanceTo), `handle d N` (an actor event
 * due at d handled inside advanceTo), N = input records on the broker at that call. `dues` are the actor's due
 * times; `nextDue: false` leaves nextDue out (an app that cannot say when its actors are due).
 */
function spyScenario(log: string[], dues: readonly number[], actors: { nextDue: boolean } | null): Scenario<SpyOptions> {
  return {
    name: 'spy',
    description: 'logs the runner calls',
    inputTopics: [{ name: IN, kind: 'stream', value: z.number() }],
    outputTopics: [],
    defaults: { seed: 1, count: 0 },
    optionsSchema: z.strictObject({ seed: z.number().optional(), count: z.number().optional() }),
    durationOption: 'count',
    sizeFor: (events) => ({ count: events }),
    generate: () => [],
    start(ctx) {
      const pending = [...dues];
      const app: ScenarioApp = {
        runUntilIdle: () => (log.push(`run ${held(ctx.broker)}`), 0),
        dropped: () => 0,
        close: () => undefined,
      };
      if (actors === null) return app;
      const advanceTo = (t: number): void => {
        log.push(`advance ${t} ${held(ctx.broker)}`);
        while (pending.length > 0 && pending[0]! <= t) log.push(`handle ${pending.shift()!} ${held(ctx.broker)}`);
      };
      return actors.nextDue ? { ...app, advanceTo, nextDue: () => pending[0] ?? null } : { ...app, advanceTo };
    },
    summarize: () => [],
  };
}

const at = (...times: number[]): ScenarioInputRecord[] => times.map((t, i) => ({ topic: IN, key: `k${i}`, value: i, timestamp: T0 + t }));

describe('appendBatch: when the runner appends, runs the processors and advances the actors', () => {
  const input = at(100, 120, 200, 210);
  const dues = [T0 + 150, T0 + 400];
  const logOf = (appendBatch: number | undefined, actors: { nextDue: boolean } | null = { nextDue: true }): string[] => {
    const log: string[] = [];
    runScenario(spyScenario(log, dues, actors), { input, ...(appendBatch === undefined ? {} : { appendBatch }) });
    return log.map((line) => line.replace(/\d{13}/g, (t) => `+${Number(t) - T0}`));
  };

  it('default (1): actors advanced before each record, processors run after each record, then the actors drain', () => {
    const old = ['run 0', 'advance +100 0', 'run 1', 'advance +120 1', 'run 2', 'advance +200 2', 'handle +150 2', 'run 3', 'advance +210 3', 'run 4', 'advance +400 4', 'handle +400 4', 'run 4'];
    expect(logOf(undefined)).toEqual(old);
    expect(logOf(1)).toEqual(old);
  });

  it('batch 8: a record after a due time flushes the batch first, so the actor at +150 sees only the records before it', () => {
    expect(logOf(8)).toEqual(['run 0', 'advance +100 0', 'run 2', 'advance +200 2', 'handle +150 2', 'run 4', 'advance +400 4', 'handle +400 4', 'run 4']);
  });

  it('batch 3 without actors: the processors run after every 3 records, after the last, and once more after the drain', () => {
    expect(logOf(3, null)).toEqual(['run 0', 'run 3', 'run 4', 'run 4']);
  });

  it('an app with advanceTo but no nextDue counts as always due: batching changes nothing', () => {
    expect(logOf(8, { nextDue: false })).toEqual(['run 0', 'advance +100 0', 'run 1', 'advance +120 1', 'run 2', 'advance +200 2', 'handle +150 2', 'run 3', 'advance +210 3', 'run 4', 'run 4']);
  });

  it('every actor event sees exactly the records appended before its due time, whatever the batch (one at that instant comes after it, as with 1)', () => {
    const times = [0, 5, 40, 41, 90, 130, 131, 132, 260, 300];
    const actorDues = [T0 + 10, T0 + 41, T0 + 100, T0 + 131, T0 + 250];
    for (const batch of [1, 2, 3, 5, 16]) {
      const log: string[] = [];
      runScenario(spyScenario(log, actorDues, { nextDue: true }), { input: at(...times), appendBatch: batch });
      const handled = log.filter((l) => l.startsWith('handle')).map((l) => l.split(' ').map(Number));
      // brute force: the records appended strictly before the due time, no later one
      expect(handled.map(([, due, seen]) => [due, seen]), `batch ${batch}`).toEqual(actorDues.map((d) => [d, times.filter((t) => T0 + t < d).length]));
    }
  });

  it('rejects a batch size that is not an integer >= 1', () => {
    const log: string[] = [];
    for (const bad of [0, -1, 1.5]) expect(() => runScenario(spyScenario(log, [], null), { input, appendBatch: bad })).toThrow(/appendBatch must be an integer >= 1/);
  });
});

/** `count` records k0.. alternating over partitions 0 and 1; one app relays them into a one-partition topic. */
const RELAY: Scenario<SpyOptions> = {
  name: 'relay',
  description: 'relays two partitions into one (test scenario)',
  inputTopics: [{ name: IN, kind: 'stream', value: z.number() }],
  outputTopics: [OUT],
  defaults: { seed: 1, count: 24 },
  optionsSchema: z.strictObject({ seed: z.number().int().optional(), count: z.number().int().optional() }),
  durationOption: 'count',
  sizeFor: (events) => ({ count: events }),
  generate: (o) =>
    Array.from({ length: o.count ?? 24 }, (_, i) => ({ topic: IN, key: `k${i}`, value: i, timestamp: T0 + i * 10, appendAt: T0 + i * 10, seq: i, partition: i % 2 })),
  start(ctx) {
    ctx.broker.createTopic(OUT, { partitions: 1 });
    const group = new ProcessorGroup(ctx.broker, ctx.seed, ctx);
    const builder = new StreamsBuilder();
    builder.stream(IN).to(OUT);
    group.addTopology('relay', builder);
    return group;
  },
  summarize: () => [],
};

const relayed = (options: Parameters<typeof runScenario<SpyOptions>>[1]): number[] => runScenario(RELAY, { partitions: 2, ...options }).outputs.get(OUT)!.map((r) => r.value as number);
const inOrder = Array.from({ length: 24 }, (_, i) => i);

describe('appendBatch with shuffle: the interleave seed matters only when several tasks have records', () => {
  it('batch 1: every shuffle seed relays in append order (one task has work at a time)', () => {
    for (const seed of [1, 2, 3, 4, 5]) expect(relayed({ shuffle: true, interleaveSeed: seed })).toEqual(inOrder);
  });

  it('batch 8: each partition keeps its order, but some seeds interleave the two partitions differently', () => {
    const orders = [1, 2, 3, 4, 5].map((seed) => relayed({ appendBatch: 8, shuffle: true, interleaveSeed: seed }));
    for (const order of orders) {
      expect([...order].sort((a, b) => a - b)).toEqual(inOrder);
      expect(order.filter((v) => v % 2 === 0)).toEqual(inOrder.filter((v) => v % 2 === 0));
      expect(order.filter((v) => v % 2 === 1)).toEqual(inOrder.filter((v) => v % 2 === 1));
    }
    expect(new Set(orders.map((o) => o.join(','))).size).toBeGreaterThan(1);
  });

  it('`streamsim run --append-batch N` passes N to the runner (same trace hash as runScenario); N < 1 is refused', async () => {
    const hashOf = async (...flags: string[]): Promise<{ code: number; hash: string | undefined; err: string }> => {
      let out = '';
      let err = '';
      const code = await runCli(['run', 'relay', '--partitions', '2', '--json', ...flags], { out: (t) => (out += t), err: (t) => (err += t) }, { scenarios: [RELAY] });
      return { code, hash: code === 0 ? (JSON.parse(out) as { traceHash: string }).traceHash : undefined, err };
    };
    const direct = (seed: number, appendBatch?: number) =>
      runScenario(RELAY, { partitions: 2, shuffle: true, interleaveSeed: seed, ...(appendBatch === undefined ? {} : { appendBatch }) }).traceHash;
    const seeds = [1, 2, 3, 4, 5];
    const batched = await Promise.all(seeds.map((s) => hashOf('--shuffle-seed', String(s), '--append-batch', '8')));
    expect(batched.map((r) => r.hash)).toEqual(seeds.map((s) => direct(s, 8)));
    expect((await hashOf('--shuffle-seed', '1')).hash).toBe(direct(1));
    const refused = await hashOf('--append-batch', '0');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/--append-batch must be an integer >= 1/);
  });

  it('the run reports the interleaving flags beside the seed, so that it can be repeated', async () => {
    let out = '';
    const code = await runCli(['run', 'relay', '--partitions', '2', '--shuffle-seed', '4', '--append-batch', '8'], { out: (t) => (out += t), err: () => {} }, { scenarios: [RELAY] });
    expect(code).toBe(0);
    expect(out).toMatch(/^seed \d+ {2}shuffle-seed 4 {2}append-batch 8 {2}trace [0-9a-f]{64}$/m);
    let json = '';
    await runCli(['run', 'relay', '--partitions', '2', '--shuffle-seed', '4', '--append-batch', '8', '--json'], { out: (t) => (json += t), err: () => {} }, { scenarios: [RELAY] });
    expect(JSON.parse(json)).toMatchObject({ shuffleSeed: 4, appendBatch: 8 });
  });
});
