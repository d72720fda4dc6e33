import { ProcessorGroup, type Scenario, type ScenarioApp } from '../common/index.js';
import { PushQueryMirror } from './c1-output.js';
import { CustomersOptionsSchema, DEFAULT_CUSTOMERS_OPTIONS, generateCustomers, type CustomersOptions } from './generator.js';
import { CUSTOMERS_OUTPUTS, CUSTOMERS_STATEMENTS } from './queries.js';
import { PsgCustomersValueSchema, TOPIC_PSG_CUSTOMERS } from './schemas.js';
import { summarizeCustomers } from './summary.js';

/** Mean gap between inserts: 500 + mean of int(20, 60) ms (§4.2). */
export const MEAN_INSERT_GAP_MS = 540;

/**
 * About `events` records at the defaults: one record per insert (no updates), one insert per 540 ms; the extra
 * half gap centres the count (the first insert comes one gap after the start).
 */
export function customersSizeFor(events: number): Partial<CustomersOptions> {
  return { durationMs: Math.max(0, Math.round((Math.max(0, events) + 0.5) * MEAN_INSERT_GAP_MS)) };
}

/**
 * Neylson Crepalde's Kafka exercise (SCENARIOS.md §4): a JDBC source connector polls `public.customers` into
 * `psg-customers`; ksqlDB answers C1 (push query), C2 `jovens`, C3 `idadeclass`, C4 `idadecont`.
 */
export const customersScenario: Scenario<CustomersOptions> = {
  name: 'customers',
  description: 'Neylson Crepalde Kafka exercise: JDBC source (timestamp mode) on a customers table, ksqlDB age classes and 30 s counts',
  inputTopics: [{ name: TOPIC_PSG_CUSTOMERS, kind: 'stream', value: PsgCustomersValueSchema }],
  // C1 last: the push query's rows, copied to a topic (see c1-output.ts)
  outputTopics: [CUSTOMERS_OUTPUTS.jovens, CUSTOMERS_OUTPUTS.idadeclass, CUSTOMERS_OUTPUTS.idadecont, CUSTOMERS_OUTPUTS.c1],
  defaults: DEFAULT_CUSTOMERS_OPTIONS,
  optionsSchema: CustomersOptionsSchema,
  durationOption: 'durationMs',
  sizeFor: customersSizeFor,
  generate: (options) => generateCustomers(options),
  start(ctx): ScenarioApp {
    const group = new ProcessorGroup(ctx.broker, ctx.seed, ctx);
    const engine = group.addSqlEngine('ksqldb');
    let c1: PushQueryMirror | null = null;
    for (const s of CUSTOMERS_STATEMENTS) {
      const before = engine.pushQueries().length;
      engine.execute(s.sql);
      if (s.question === 'C1') c1 = new PushQueryMirror(ctx.broker, engine.pushQueries()[before]!.topic, CUSTOMERS_OUTPUTS.c1);
    }
    const mirror = c1!;
    return {
      runUntilIdle: () => {
        const n = group.runUntilIdle();
        mirror.copy();
        return n;
      },
      dropped: () => group.dropped(),
      close: () => group.close(),
    };
  },
  summarize: (outputs) => summarizeCustomers(outputs),
};
