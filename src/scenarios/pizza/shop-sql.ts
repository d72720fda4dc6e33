/**
 * The shop's ksqlDB statements (SCENARIOS.md §5.2), copied from fixtures/seed-sql/pizza.sql (the scenario must not
 * read fixtures at run time). The six CREATE STREAMs of the original shop, then the five INSERTs that merge every
 * service's records into PIZZA_STATUS (topic `pizza-status`).
 */
export const PIZZA_SHOP_SQL = `
CREATE STREAM IF NOT EXISTS PIZZA_ORDERED (order_id VARCHAR KEY, status INT, timestamp BIGINT, order STRUCT<extra_toppings ARRAY<STRING>, username STRING, customer_id STRING, sauce STRING, cheese STRING, main_topping STRING>) WITH (KAFKA_TOPIC='pizza-ordered', VALUE_FORMAT='JSON', TIMESTAMP='timestamp');
CREATE STREAM IF NOT EXISTS PIZZA_ASSEMBLED (order_id VARCHAR KEY, status INT, baking_time INT, timestamp BIGINT) WITH (KAFKA_TOPIC='pizza-assembled', VALUE_FORMAT='JSON', TIMESTAMP='timestamp');
CREATE STREAM IF NOT EXISTS PIZZA_BAKED (order_id VARCHAR KEY, status INT, timestamp BIGINT) WITH (KAFKA_TOPIC='pizza-baked', VALUE_FORMAT='JSON', TIMESTAMP='timestamp');
CREATE STREAM IF NOT EXISTS PIZZA_DELIVERED (order_id VARCHAR KEY, status INT, timestamp BIGINT) WITH (KAFKA_TOPIC='pizza-delivered', VALUE_FORMAT='JSON', TIMESTAMP='timestamp');
CREATE STREAM IF NOT EXISTS PIZZA_PENDING (order_id VARCHAR KEY, status INT, timestamp BIGINT) WITH (KAFKA_TOPIC='pizza-pending', VALUE_FORMAT='JSON', TIMESTAMP='timestamp');
CREATE STREAM IF NOT EXISTS PIZZA_STATUS (order_id VARCHAR KEY, status INT, timestamp BIGINT) WITH (KAFKA_TOPIC='pizza-status', VALUE_FORMAT='JSON', TIMESTAMP='timestamp');
INSERT INTO PIZZA_STATUS SELECT order_id, status, timestamp FROM PIZZA_ORDERED EMIT CHANGES;
INSERT INTO PIZZA_STATUS SELECT order_id, status, timestamp FROM PIZZA_PENDING EMIT CHANGES;
INSERT INTO PIZZA_STATUS SELECT order_id, status, timestamp FROM PIZZA_ASSEMBLED EMIT CHANGES;
INSERT INTO PIZZA_STATUS SELECT order_id, status, timestamp FROM PIZZA_BAKED EMIT CHANGES;
INSERT INTO PIZZA_STATUS SELECT order_id, status, timestamp FROM PIZZA_DELIVERED EMIT CHANGES;
`;
