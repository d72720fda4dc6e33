import type { Scenario } from '../common/index.js';
import { generatePizza, MEAN_ORDER_GAP_MS } from './generator.js';
import { DEFAULT_PIZZA_OPTIONS, PizzaOptionsSchema, type PizzaOptions } from './options.js';
import {
  OrderedSchema,
  OrdersViewSchema,
  TOPIC_ASSEMBLED,
  TOPIC_BAKED,
  TOPIC_DELIVERED,
  TOPIC_ORDERED,
  TOPIC_ORDERS_VIEW,
  TOPIC_PENDING,
  TOPIC_STATUS,
} from './schemas.js';
import { PizzaShop } from './shop.js';
import { summarizePizza } from './summary.js';

/** Input records per order: the webapp's view insert and its `pizza-ordered`. */
const RECORDS_PER_ORDER = 2;

/**
 * pizza (SCENARIOS.md §5, seed 004): the Python microservices pizza shop with its ksqlDB status merge and CQRS
 * view. The webapp's records are the input; the services, the SQL and the watchdog run on the virtual clock.
 */
export const pizzaScenario: Scenario<PizzaOptions> = {
  name: 'pizza',
  description: 'Pizza shop microservices (seed 004): services on the virtual clock, ksqlDB status merge, CQRS view, stuck watchdog',
  inputTopics: [
    { name: TOPIC_ORDERED, kind: 'stream', value: OrderedSchema },
    { name: TOPIC_ORDERS_VIEW, kind: 'table', value: OrdersViewSchema },
  ],
  outputTopics: [TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED, TOPIC_PENDING, TOPIC_STATUS, TOPIC_ORDERS_VIEW],
  defaults: DEFAULT_PIZZA_OPTIONS,
  optionsSchema: PizzaOptionsSchema,
  durationOption: 'durationMs',
  sizeFor(events) {
    // one order every 30 s on average, two input records each
    return { durationMs: Math.max(0, Math.round((events / RECORDS_PER_ORDER) * MEAN_ORDER_GAP_MS)) };
  },
  generate: generatePizza,
  start: (ctx) => new PizzaShop(ctx),
  summarize: summarizePizza,
};
