/**
 * The SQL the bookstore scenario runs, in the KSQL 5 dialect (SCENARIOS.md §0.6, §1.3). Copied from
 * fixtures/seed-sql/bookstore.sql (the scenario must not read fixtures/ at run time); the `streamsim:` notes of
 * the fixture are kept as comments. Transient statements of the seed (PRINT, DESCRIBE, push SELECTs, the
 * `purchasest` TOPK experiment that §1.3 does not reproduce) are left out: a scenario runs only what feeds an output.
 */

/** One statement the scenario executes, with the §1.3 output it serves. */
export interface BookstoreStatement {
  /** `register` for the source declarations, else the §1.3 question (B1..B7). */
  readonly question: 'register' | 'B1' | 'B2' | 'B3' | 'B4' | 'B5' | 'B6' | 'B7';
  readonly sql: string;
}

// The original registrations declare no columns and rely on Avro schema inference:
// streamsim: columns declared (no schema registry yet, so no inference) and VALUE_FORMAT JSON instead of AVRO (schema-registry issue)
// streamsim (streams): the record key as ROWKEY (§0.6 rule 2)
// original: CREATE TABLE BOOK with (kafka_topic='book', VALUE_FORMAT='AVRO', key='bookId'); and likewise for the others.
const REGISTRATIONS: readonly string[] = [
  "CREATE TABLE BOOK (bookId STRING, title STRING, authors STRING, categories STRING, price INT) with (kafka_topic='book', VALUE_FORMAT='JSON', key='bookId');",
  "CREATE TABLE CUSTOMER (customerId INT, firstname STRING, lastname STRING, email STRING, street STRING, number STRING, zip STRING, city STRING, country STRING) with (kafka_topic='customer', VALUE_FORMAT='JSON', key='customerId');",
  "CREATE TABLE PURCHASE (purchaseId STRING, customerId INT, bookIds ARRAY<STRING>, packet STRING, totalAmount INT) with (kafka_topic='purchase', VALUE_FORMAT='JSON', key='purchaseId');",
  "CREATE TABLE PAYMENT (transactionId STRING, referenceNumber STRING, `timestamp` BIGINT, amount INT) with (kafka_topic='payment', VALUE_FORMAT='JSON', key='transactionId');",
  "CREATE STREAM SHIPPING (ROWKEY STRING KEY, packet STRING, `timestamp` BIGINT, status STRING) with (kafka_topic='shipping', VALUE_FORMAT='JSON');",
  "CREATE STREAM INTERACTION (ROWKEY STRING KEY, customerEmail STRING, id STRING, title STRING, authors STRING, categories STRING, price INT, event STRING) with (kafka_topic='interaction', VALUE_FORMAT='JSON');",
  "CREATE STREAM PURCHASE_STREAM (ROWKEY STRING KEY, purchaseId STRING, customerId INT, bookIds ARRAY<STRING>, packet STRING, totalAmount INT) with (kafka_topic='purchase', VALUE_FORMAT='JSON');",
  "CREATE STREAM PAYMENT_STREAM (ROWKEY STRING KEY, transactionId STRING, referenceNumber STRING, `timestamp` BIGINT, amount INT) with (kafka_topic='payment', VALUE_FORMAT='JSON');",
];

/** B1 (seed SQL, verbatim): views per category per 30 s. */
const B1 =
  "CREATE TABLE pageviews_categories AS SELECT categories , COUNT(*) AS num_views FROM INTERACTION WINDOW TUMBLING (size 30 second) WHERE event='view' GROUP BY categories;";

/**
 * B2. Decision (§1.3): the seed statement plus `WHERE p.packet IS NULL`; without it every order is enriched twice
 * (at order time and again when the shipped re-send arrives).
 * original: ... FROM PURCHASE_STREAM p LEFT JOIN CUSTOMER c on p.customerId=c.customerId;
 */
const B2 =
  "CREATE STREAM Purchase_enriched AS SELECT P.purchaseId, p.totalAmount, c.firstname + ' ' + c.lastname as full_name, c.email, c.city, c.country FROM PURCHASE_STREAM p LEFT JOIN CUSTOMER c on p.customerId=c.customerId WHERE p.packet IS NULL;";

/** B3 (seed SQL, verbatim): purchases per city per 30 min, over B2 (so it inherits B2's packet filter). */
const B3 =
  'CREATE TABLE PURCHASE_COUNT_BY_CITY_PER_30MIN AS SELECT city,COUNT(*) as purchase_count FROM Purchase_enriched WINDOW TUMBLING (SIZE 30 MINUTES) GROUP BY city;';

/**
 * B4. Decision (§1.3): the seed statement plus `AND packet IS NULL`.
 * original: CREATE STREAM BIG_PURCHASE AS SELECT * FROM PURCHASE_STREAM WHERE totalAmount>30000;
 */
const B4 = 'CREATE STREAM BIG_PURCHASE AS SELECT * FROM PURCHASE_STREAM WHERE totalAmount>30000 AND packet IS NULL;';

/** B5 (seed SQL, verbatim): views per book title (not windowed; shared titles merge, unknown books drop). */
const B5 =
  "CREATE TABLE VIEWS_PER_BOOK AS select b.title, count(*) as view_count from interaction i left join book b on i.Id = b.bookId where i.event='view' group by b.title;";

/** B6 (seed SQL, verbatim): total payments per 5 s under the constant key DUMMY = 1. */
const B6_STREAM = 'CREATE STREAM PAYMENT2 AS SELECT 1 AS DUMMY,AMOUNT FROM PAYMENT_STREAM;';
const B6_TABLE =
  'CREATE TABLE TOTAL_PAYMENTS_BY_5SEC AS SELECT DUMMY, SUM(AMOUNT) AS TOTAL_AMOUNT FROM PAYMENT2 WINDOW TUMBLING (SIZE 5 SECONDS) GROUP BY DUMMY;';

/**
 * B7, for the seed's TODO "average purchase.totalAmount … per region". Decision (§1.3): region = country, not
 * windowed, over B2.
 */
const B7 =
  'CREATE TABLE AVG_PURCHASE_BY_COUNTRY AS SELECT country, COUNT(*) AS purchase_count, SUM(totalAmount) AS total_amount, AVG(totalAmount) AS avg_amount FROM Purchase_enriched GROUP BY country;';

/** Every statement, in execution order (a CSAS/CTAS after the sources it reads). */
export const BOOKSTORE_STATEMENTS: readonly BookstoreStatement[] = Object.freeze([
  ...REGISTRATIONS.map((sql) => ({ question: 'register' as const, sql })),
  { question: 'B1', sql: B1 },
  { question: 'B2', sql: B2 },
  { question: 'B3', sql: B3 },
  { question: 'B4', sql: B4 },
  { question: 'B5', sql: B5 },
  { question: 'B6', sql: B6_STREAM },
  { question: 'B6', sql: B6_TABLE },
  { question: 'B7', sql: B7 },
]);

/** The SQL sink topics (§1.3 names; unquoted identifiers upper-case, a sink's topic defaults to its name). */
export const SQL_OUTPUT_TOPICS = Object.freeze({
  pageviewsCategories: 'PAGEVIEWS_CATEGORIES',
  purchaseEnriched: 'PURCHASE_ENRICHED',
  purchaseCountByCity: 'PURCHASE_COUNT_BY_CITY_PER_30MIN',
  bigPurchase: 'BIG_PURCHASE',
  viewsPerBook: 'VIEWS_PER_BOOK',
  payment2: 'PAYMENT2',
  totalPaymentsBy5Sec: 'TOTAL_PAYMENTS_BY_5SEC',
  avgPurchaseByCountry: 'AVG_PURCHASE_BY_COUNTRY',
} as const);
