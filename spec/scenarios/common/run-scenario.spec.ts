import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runScenario, T0, type Scenario, type ScenarioApp, type ScenarioContext } from '../../../src/scenarios/common/index.js';
import { InputRecordError, type ScenarioInputRecord } from '../../../src/scenarios/common/run-scenario.js';
import type { Broker } from '../../../src/sim/broker.js';
import { DLT_HEADER_REASON, DLT_HEADER_TOPIC } from '../../../src/sim/topic-config.js';
import { TINY } from '../../cli/tiny-scenario.js';

/** What the fake app saw: each append (clock, topic's log end) and each actor step. */
type Seen = string[];

/**
 * A fake actor on the virtual clock: it is due at each of `dueAt` in turn; at each it writes a `tick` record to
 * `ticks` and notes the clock and how many `events` records the broker holds then.
 */
class FakeApp implements ScenarioApp {
  private next = 0;
  constructor(
    private readonly broker: Broker,
    private readonly dueAt: readonly number[],
    private readonly seen: Seen,
  ) {}

  private held = (): number => this.broker.logEndOffset('events', 0);

  runUntilIdle(): number {
    this.seen.push(`idle@${this.broker.clock.now() - T0} events=${this.held()}`);
    return 0;
  }

  advanceTo(time: number): void {
    while (this.next < this.dueAt.length && this.dueAt[this.next]! <= time) {
      const at = this.dueAt[this.next++]!;
      this.broker.clock.set(at);
      this.broker.produce('ticks', { key: 'tick', value: at - T0, timestamp: at });
      this.seen.push(`actor@${at - T0} events=${this.held()}`);
      this.runUntilIdle();
    }
  }

  nextDue(): number | null {
    return this.dueAt[this.next] ?? null;
  }

  dropped(): number {
    return 0;
  }

  close(): void {}
}

interface FakeOptions {
  readonly seed: number;
  readonly durationMs: number;
}

function fakeScenario(records: readonly ScenarioInputRecord[], dueAt: readonly number[] = [], seen: Seen = [], onStart?: (ctx: ScenarioContext<FakeOptions>) => void): Scenario<FakeOptions> {
  return {
    name: 'fake',
    description: 'fake',
    inputTopics: [
      { name: 'events', kind: 'stream', value: z.strictObject({ n: z.number() }) },
      { name: 'users', kind: 'table', value: z.string() },
    ],
    outputTopics: ['ticks'],
    defaults: { seed: 1, durationMs: 1000 },
    optionsSchema: z.strictObject({ seed: z.number().optional(), durationMs: z.number().optional() }),
    durationOption: 'durationMs',
    sizeFor: () => ({}),
    generate: () => records.map((r, seq) => ({ ...r, appendAt: r.appendAt ?? r.timestamp, seq })),
    start(ctx) {
      onStart?.(ctx);
      ctx.broker.createTopic('ticks');
      return new FakeApp(ctx.broker, dueAt, seen);
    },
    summarize: (outputs) => [{ title: 'ticks', columns: ['n'], rows: [[outputs.get('ticks')?.length ?? 0]] }],
  };
}

const ev = (n: number, timestamp: number, appendAt?: number): ScenarioInputRecord => ({
  topic: 'events',
  key: `k${n}`,
  value: { n },
  timestamp,
  ...(appendAt === undefined ? {} : { appendAt }),
});

describe('runScenario: §0.4 replay order', () => {
  it('appends the inputs in the given (appendAt, seq) order, each at its appendAt on the virtual clock, keeping its event timestamp', () => {
    const seen: Seen = [];
    // record 2 is late: event time +1 s, reaches the broker at +5 s, after record 3 (+2 s)
    const input = [ev(1, T0), ev(3, T0 + 2000), ev(2, T0 + 1000, T0 + 5000), ev(4, T0 + 5000)];
    const result = runScenario(fakeScenario(input, [], seen), { input, options: {} });
    // started (idle), one idle per append, and a last one after draining the actors
    expect(seen).toEqual(['idle@0 events=0', 'idle@0 events=1', 'idle@2000 events=2', 'idle@5000 events=3', 'idle@5000 events=4', 'idle@5000 events=4']);
    expect(result.inputs).toBe(4);
    expect(result.endTime).toBe(T0 + 5000);
  });

  it('a record without appendAt after a later one is appended at the later time (the clock never goes back)', () => {
    const seen: Seen = [];
    const input = [ev(1, T0 + 3000), ev(2, T0 + 1000)];
    runScenario(fakeScenario(input, [], seen), { input });
    expect(seen).toEqual(['idle@0 events=0', 'idle@3000 events=1', 'idle@3000 events=2', 'idle@3000 events=2']);
  });
});

describe('runScenario: topics (§0.3)', () => {
  it('creates table input topics compacted and stream topics append-only, each with partitions and a -dlq', () => {
    let broker: Broker | undefined;
    runScenario(fakeScenario([], [], [], (ctx) => (broker = ctx.broker)), { partitions: 3 });
    expect(broker!.topicConfig('users')['cleanup.policy']).toBe('compact');
    expect(broker!.topicConfig('events')['cleanup.policy']).toBe('delete');
    expect(broker!.partitionCount('users')).toBe(3);
    expect(broker!.topicConfig('events').deadLetterTopic).toBe('events-dlq');
  });

  it('sends a record failing its topic schema to <topic>-dlq with the reason header, and keeps the others', () => {
    const input = [ev(1, T0), { topic: 'events', key: 'bad', value: { n: 'two' }, timestamp: T0 + 1 }, ev(3, T0 + 2)];
    const result = runScenario(fakeScenario(input), { input });
    expect(result.deadLettered).toBe(1);
    const dlq = result.outputs.get('events-dlq')!;
    expect(dlq.map((r) => [r.key, r.value, r.timestamp])).toEqual([['bad', { n: 'two' }, T0 + 1]]);
    expect(dlq[0]!.headers).toContainEqual({ key: DLT_HEADER_REASON, value: 'schema validation failed: n: Invalid input: expected number, received string' });
    expect(dlq[0]!.headers).toContainEqual({ key: DLT_HEADER_TOPIC, value: 'events' });
    // the dlq of a topic that refused nothing is not listed
    expect(result.outputs.has('users-dlq')).toBe(false);
  });

  it('refuses a record for a topic that is not an input topic, naming its place in the input', () => {
    const input = [ev(1, T0), { topic: 'ticks', key: 'x', value: 1, timestamp: T0 }];
    const run = (): unknown => runScenario(fakeScenario(input), { input });
    expect(run).toThrow(InputRecordError);
    expect(run).toThrow("input record 2: fake has no input topic 'ticks'");
  });

  it('a keyless record on a table topic fails the run at that record (Kafka refuses it on a compacted topic)', () => {
    const input = [ev(1, T0), { topic: 'users', key: null, value: 'ann', timestamp: T0 }];
    expect(() => runScenario(fakeScenario(input), { input })).toThrow(/^input record 2: .*compacted topic cannot accept a record without a key$/);
  });
});

describe('runScenario: actors on the virtual clock', () => {
  it('advances actors to each append time first, then drains them with nextDue/advanceTo after the last input', () => {
    const seen: Seen = [];
    const input = [ev(1, T0), ev(2, T0 + 1000), ev(3, T0 + 2000)];
    const result = runScenario(fakeScenario(input, [T0 + 500, T0 + 1000, T0 + 1500, T0 + 99_000], seen), { input });
    expect(seen).toEqual([
      'idle@0 events=0',
      'idle@0 events=1',
      'actor@500 events=1',
      'idle@500 events=1',
      // an actor due at the append instant goes first
      'actor@1000 events=1',
      'idle@1000 events=1',
      'idle@1000 events=2',
      'actor@1500 events=2',
      'idle@1500 events=2',
      'idle@2000 events=3',
      'actor@99000 events=3',
      'idle@99000 events=3',
      'idle@99000 events=3',
    ]);
    expect(result.outputs.get('ticks')!.map((r) => r.value)).toEqual([500, 1000, 1500, 99_000]);
    expect(result.endTime).toBe(T0 + 99_000);
    expect(result.summary).toEqual([{ title: 'ticks', columns: ['n'], rows: [[4]] }]);
  });

  it('reports an actor that stays due at the instant it was advanced to, instead of looping forever', () => {
    const scenario = fakeScenario([]);
    const stuck: Scenario<FakeOptions> = {
      ...scenario,
      start: (ctx) => {
        const app = scenario.start(ctx);
        return { ...app, runUntilIdle: () => 0, dropped: () => 0, close: () => undefined, advanceTo: () => undefined, nextDue: () => T0 + 10 };
      },
    };
    expect(() => runScenario(stuck, { input: [] })).toThrow(`an actor is still due at ${T0 + 10} after advancing to ${T0 + 10}`);
  });
});

describe('runScenario: trace hash', () => {
  const input = [ev(1, T0), ev(2, T0 + 1000)];
  it('is the same for the same input and differs when one value differs', () => {
    const a = runScenario(fakeScenario(input, [T0 + 500]), { input });
    const b = runScenario(fakeScenario(input, [T0 + 500]), { input });
    expect(a.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.traceHash).toBe(a.traceHash);
    const c = runScenario(fakeScenario(input, [T0 + 500]), { input: [ev(1, T0), ev(7, T0 + 1000)] });
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it('covers the DSL apps: the same generated run twice gives the same hash and outputs, another seed another hash', () => {
    const a = runScenario(TINY, { seed: 2, options: { count: 40 } });
    const b = runScenario(TINY, { seed: 2, options: { count: 40 } });
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.outputs).toEqual(a.outputs);
    expect(a.outputs.get('tiny-counts')).toHaveLength(40); // §0.5: every accepted input updates its window
    expect(runScenario(TINY, { seed: 3, options: { count: 40 } }).traceHash).not.toBe(a.traceHash);
  });
});
