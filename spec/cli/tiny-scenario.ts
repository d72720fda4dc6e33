import { z } from 'zod';
import {
  applyFaults,
  CommonFaultsSchema,
  type CommonFaults,
  ProcessorGroup,
  RecordSequencer,
  type Scenario,
  SeededFakers,
  T0,
} from '../../src/scenarios/common/index.js';
import { StreamsBuilder, TimeWindows } from '../../src/streams/index.js';

/**
 * A scenario small enough to check by hand, for the CLI specs: `count` clicks `{n}` on keys a/b/c, one every
 * `durationMs / count` ms from T0, and one DSL app counting clicks per key in 10 s tumbling windows into
 * `tiny-counts`. `tiny-users` is a table topic nothing reads (for compaction and keyless-record checks).
 */
export interface TinyOptions {
  readonly seed: number;
  readonly startTime: number;
  readonly durationMs: number;
  readonly count: number;
  readonly faults: CommonFaults;
}

export const Click = z.strictObject({ n: z.number().int() });

export const TINY: Scenario<TinyOptions> = {
  name: 'tiny',
  description: 'clicks per key in 10 s windows (test scenario)',
  inputTopics: [
    { name: 'tiny-clicks', kind: 'stream', value: Click },
    { name: 'tiny-users', kind: 'table', value: z.string() },
  ],
  outputTopics: ['tiny-counts'],
  defaults: { seed: 7, startTime: T0, durationMs: 10_000, count: 5, faults: {} },
  optionsSchema: z.strictObject({
    seed: z.number().int().optional(),
    startTime: z.number().int().min(0).optional(),
    durationMs: z.number().int().min(1).optional(),
    count: z.number().int().min(0).optional(),
    faults: CommonFaultsSchema.optional(),
  }),
  durationOption: 'durationMs',
  sizeFor: (events) => ({ count: events }),
  generate(partial) {
    const o = { ...TINY.defaults, ...partial };
    const faker = new SeededFakers(o.seed).get('clicks');
    const seq = new RecordSequencer();
    const step = o.count === 0 ? 0 : Math.floor(o.durationMs / o.count);
    for (let i = 0; i < o.count; i++) {
      seq.emit({ topic: 'tiny-clicks', key: faker.pick(['a', 'b', 'c']), value: { n: faker.int(1, 100) }, timestamp: o.startTime + i * step });
    }
    return applyFaults(seq.records, o.faults, o.seed);
  },
  start(ctx) {
    const group = new ProcessorGroup(ctx.broker, ctx.seed);
    const builder = new StreamsBuilder();
    builder.stream('tiny-clicks').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10_000)).count().toStream().to('tiny-counts');
    group.addTopology('tiny-app', builder, ctx.partitions);
    return group;
  },
  summarize(outputs) {
    const last = new Map<string, number>();
    for (const r of outputs.get('tiny-counts') ?? []) {
      const k = r.key as { key: string; window: { start: number } };
      last.set(`${k.key}@${k.window.start}`, r.value as number);
    }
    return [{ title: 'clicks per key and window', columns: ['key@window', 'clicks'], rows: [...last].map(([k, n]) => [k, n]) }];
  },
};
