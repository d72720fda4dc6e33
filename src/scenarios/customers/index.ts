export { customersScenario, customersSizeFor, MEAN_INSERT_GAP_MS } from './scenario.js';
export {
  CUSTOMERS_CONNECTOR,
  CUSTOMERS_LABELS,
  CustomersOptionsSchema,
  customersHistory,
  DEFAULT_CUSTOMERS_OPTIONS,
  generateCustomers,
  type CustomersHistory,
  type CustomersOptions,
  type CustomersRecord,
  type CustomerWrite,
} from './generator.js';
export { CUSTOMERS_OUTPUTS, CUSTOMERS_STATEMENTS, type CustomersStatement } from './queries.js';
export { CUSTOMER_COLUMNS, CustomerRowSchema, PsgCustomersValueSchema, TOPIC_PSG_CUSTOMERS, type CustomerRow } from './schemas.js';
