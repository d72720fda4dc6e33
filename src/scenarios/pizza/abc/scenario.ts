import { ProcessorGroup, type Scenario } from '../../common/index.js';
import { abcSizeFor, AbcOptionsSchema, DEFAULT_ABC_OPTIONS, generateAbc, type AbcOptions } from './generator.js';
import { ABC_OUTPUT_TOPICS, ABC_STATEMENTS } from './queries.js';
import { ClickSchema, InventoryEventSchema, TOPIC_CLICKS, TOPIC_INVENTORY, TOPIC_TRANSACTIONS, TransactionEventSchema } from './schemas.js';
import { summarizeAbc } from './summary.js';

/**
 * The ABC retail lab of seed 004 (SCENARIOS.md §5.3–§5.6): a MongoDB-fed shop whose inventory, transactions and
 * clicks feed ksqlDB, which finds well-stocked, slow-selling products to promote. Registered apart from `pizza`
 * (the shop's services), as the seed document runs it on its own cluster.
 */
export const pizzaAbcScenario: Scenario<AbcOptions> = {
  name: 'pizza-abc',
  description: 'ABC retail lab (seed 004): MongoDB inventory, transactions and clicks; ksqlDB hourly sales and promotions',
  inputTopics: [
    // §5.3: a stream of upserts; the INVENTORY table is built from it by LATEST_BY_OFFSET, not by compaction.
    { name: TOPIC_INVENTORY, kind: 'stream', value: InventoryEventSchema },
    { name: TOPIC_TRANSACTIONS, kind: 'stream', value: TransactionEventSchema },
    { name: TOPIC_CLICKS, kind: 'stream', value: ClickSchema },
  ],
  outputTopics: [ABC_OUTPUT_TOPICS.inventory, ABC_OUTPUT_TOPICS.productTxnPerHour, ABC_OUTPUT_TOPICS.promotions],
  defaults: DEFAULT_ABC_OPTIONS,
  optionsSchema: AbcOptionsSchema,
  durationOption: 'durationMs',
  sizeFor: (events) => abcSizeFor(events),
  generate: (options) => generateAbc(options),
  start(ctx) {
    const group = new ProcessorGroup(ctx.broker, ctx.seed, ctx);
    const engine = group.addSqlEngine('ksqldb');
    for (const { sql } of ABC_STATEMENTS) engine.execute(sql);
    return group;
  },
  summarize: (outputs) => summarizeAbc(outputs),
};
