/**
 * The SQL the ABC retail lab runs (SCENARIOS.md §5.3; seed 004 steps 9 and 10), in the modern ksqlDB dialect.
 * Copied from the ABC part of fixtures/seed-sql/pizza.sql (a scenario must not read fixtures/ at run time), with
 * the fixture's `streamsim:` notes kept. The seed's two push queries (`SELECT * FROM INVENTORY EMIT CHANGES;`,
 * `SELECT * FROM ABC_PROMOTIONS EMIT CHANGES;`) only display results and are left out: the sink topics hold them.
 */

/** One statement the scenario executes, with the §5.4 output it serves. */
export interface AbcStatement {
  /** `register` for the seed DDL (step 9), else the §5.4 output (P4..P7). */
  readonly question: 'register' | 'P4' | 'P5' | 'P6' | 'P7';
  readonly sql: string;
}

/** Seed step 9.2, verbatim: the flat clicks, timed by click_ts. Nothing downstream reads it (the seed's too). */
const CLICKS = `CREATE STREAM clicks(
    ip VARCHAR,
    userid INT,
    prod_id INT,
    bytes BIGINT,
    referrer VARCHAR,
    agent VARCHAR,
    click_ts BIGINT
    )
WITH (
    KAFKA_TOPIC='abc.clicks',
    VALUE_FORMAT='JSON',
    TIMESTAMP='click_ts'
);`;

/** Seed step 9.3, verbatim: the transactions' change events (ROWTIME = the record timestamp). */
const TRANSACTIONS = `CREATE STREAM transactions (
  fullDocument STRUCT<
    cust_id INT,
    prod_id INT,
    txn_ts BIGINT>)
  WITH (
    KAFKA_TOPIC='abc.transactions',
    VALUE_FORMAT='JSON'
  );`;

/** Seed step 9.4, verbatim: the inventory's change events ("list" is quoted: LIST is a keyword). */
const INVENTORY00 = `CREATE STREAM inventory00 (
  fullDocument STRUCT<
    product_id INT,
    name VARCHAR,
    "list" INT,
    discount INT,
    available INT,
    capacity INT,
    txn_hour INT>)
  WITH (
    KAFKA_TOPIC='abc.inventory',
    VALUE_FORMAT='JSON'
  );`;

/** P4, seed step 9.5 verbatim: the latest inventory per product. */
const INVENTORY = `CREATE TABLE INVENTORY AS
  SELECT
FULLDOCUMENT->PRODUCT_ID AS PRODUCT_ID,
LATEST_BY_OFFSET(FULLDOCUMENT->NAME) AS NAME,
LATEST_BY_OFFSET(FULLDOCUMENT->"list") AS LIST_PRICE,
LATEST_BY_OFFSET(FULLDOCUMENT->DISCOUNT) AS DISCOUNT,
LATEST_BY_OFFSET(FULLDOCUMENT->AVAILABLE) AS AVAILABLE,
LATEST_BY_OFFSET(FULLDOCUMENT->CAPACITY) AS CAPACITY,
LATEST_BY_OFFSET(FULLDOCUMENT->TXN_HOUR) AS TXN_HOUR
FROM INVENTORY00
GROUP BY FULLDOCUMENT->PRODUCT_ID;`;

/**
 * P5, seed step 10.1: transactions per product in 1 h windows hopping by 5 min, against the joined inventory.
 * streamsim: FORMAT JSON instead of AVRO (schema-registry formats come with their own issue)
 * original: CREATE TABLE PRODUCT_TXN_PER_HOUR WITH (FORMAT='AVRO') AS SELECT T.FULLDOCUMENT->PROD_ID, COUNT(*) AS TXN_PER_HOUR, MAX(I.TXN_HOUR) AS EXPECTED_TXN_PER_HOUR, (CAST(MAX(I.AVAILABLE) AS DOUBLE)/ CAST(MAX(I.CAPACITY) AS DOUBLE))*100 AS STOCK_LEVEL, I.NAME AS PRODUCT_NAME FROM TRANSACTIONS T LEFT JOIN INVENTORY I ON T.FULLDOCUMENT->PROD_ID = I.PRODUCT_ID WINDOW HOPPING (SIZE 1 HOUR, ADVANCE BY 5 MINUTES) GROUP BY T.FULLDOCUMENT->PROD_ID, I.NAME;
 */
const PRODUCT_TXN_PER_HOUR = `CREATE TABLE PRODUCT_TXN_PER_HOUR WITH (FORMAT='JSON') AS
SELECT T.FULLDOCUMENT->PROD_ID,
       COUNT(*) AS TXN_PER_HOUR,
       MAX(I.TXN_HOUR) AS EXPECTED_TXN_PER_HOUR,
       (CAST(MAX(I.AVAILABLE) AS DOUBLE)/ CAST(MAX(I.CAPACITY) AS DOUBLE))*100 AS STOCK_LEVEL, I.NAME AS PRODUCT_NAME
FROM  TRANSACTIONS T
      LEFT JOIN INVENTORY I
      ON T.FULLDOCUMENT->PROD_ID = I.PRODUCT_ID
WINDOW HOPPING (SIZE 1 HOUR, ADVANCE BY 5 MINUTES)
GROUP BY T.FULLDOCUMENT->PROD_ID,
         I.NAME;`;

/**
 * P6, seed step 10.2: the P5 topic read as a stream.
 * streamsim: columns declared with the record key as the ROWKEY struct (no schema registry yet), the sink's default topic for the Confluent Cloud one, FORMAT JSON instead of AVRO, and the sink's hopping window
 * original: CREATE STREAM PRODUCT_TXN_PER_HOUR_STREAM WITH (KAFKA_TOPIC='pksqlc-...PRODUCT_TXN_PER_HOUR', FORMAT='AVRO');
 */
const PRODUCT_TXN_PER_HOUR_STREAM =
  "CREATE STREAM PRODUCT_TXN_PER_HOUR_STREAM (ROWKEY STRUCT<PROD_ID INT, PRODUCT_NAME STRING> KEY, TXN_PER_HOUR BIGINT, EXPECTED_TXN_PER_HOUR INT, STOCK_LEVEL DOUBLE) WITH (KAFKA_TOPIC='PRODUCT_TXN_PER_HOUR', FORMAT='JSON', WINDOW_TYPE='HOPPING', WINDOW_SIZE='1 HOUR');";

/** P7, seed step 10.3 verbatim: well-stocked products selling below their expected rate. */
const ABC_PROMOTIONS = `CREATE STREAM ABC_PROMOTIONS AS
SELECT  ROWKEY,
        TIMESTAMPTOSTRING(ROWTIME,'yyyy-MM-dd HH:mm:ss','Europe/London') AS TS,
        AS_VALUE(ROWKEY -> PROD_ID) AS PROD_ID ,
        ROWKEY -> PRODUCT_NAME AS PRODUCT_NAME,
        STOCK_LEVEL ,
        TXN_PER_HOUR ,
        EXPECTED_TXN_PER_HOUR
   FROM PRODUCT_TXN_PER_HOUR_STREAM
WHERE TXN_PER_HOUR < EXPECTED_TXN_PER_HOUR
  AND  STOCK_LEVEL > 80
  ;`;

/** Every statement, in the seed's order (each after the sources it reads). */
export const ABC_STATEMENTS: readonly AbcStatement[] = Object.freeze([
  { question: 'register', sql: CLICKS },
  { question: 'register', sql: TRANSACTIONS },
  { question: 'register', sql: INVENTORY00 },
  { question: 'P4', sql: INVENTORY },
  { question: 'P5', sql: PRODUCT_TXN_PER_HOUR },
  { question: 'P6', sql: PRODUCT_TXN_PER_HOUR_STREAM },
  { question: 'P7', sql: ABC_PROMOTIONS },
]);

/** The sink topics of §5.4 (a sink's topic defaults to its upper-cased name; P6 reads P5's topic). */
export const ABC_OUTPUT_TOPICS = Object.freeze({
  inventory: 'INVENTORY',
  productTxnPerHour: 'PRODUCT_TXN_PER_HOUR',
  promotions: 'ABC_PROMOTIONS',
} as const);
