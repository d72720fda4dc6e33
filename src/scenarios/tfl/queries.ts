import { splitStatements } from '../../sql/parser/index.js';

/**
 * The SQL the tfl scenario runs (SCENARIOS.md §3.3), copied line for line from fixtures/seed-sql/tfl.sql (a scenario
 * never reads fixtures/ at run time). The seed's statements come first, in its order, with the `streamsim:` notes
 * that document each change; then the T3 occupancy statements, which are ours.
 */
export const TFL_SQL: string = [
  "-- Seed 002 (Transport for London with Kafka, ksqlDB 0.2x): the seed's SQL, in its order (SCENARIOS.md §3.3),",
  "-- then the occupancy statements SCENARIOS.md §3.3 adds (T3; they are ours, not the seed's).",
  "set 'auto.offset.reset' = 'earliest';",
  "drop stream if exists `station_entries`;",
  "drop stream if exists `station_exits`;",
  "drop stream if exists entries;",
  "drop stream if exists exits;",
  "drop table if exists stations_tb;",
  "-- streamsim: value_format JSON instead of AVRO (schema-registry formats come with their own issue; the columns are declared already)",
  "-- original: create table stations_tb ( key STRING PRIMARY KEY, `name` STRING, `location` STRING ) WITH ( kafka_topic = 'stations', key_format = 'KAFKA', value_format = 'AVRO') ;",
  "create table stations_tb ( key STRING PRIMARY KEY, `name` STRING, `location` STRING ) WITH ( kafka_topic = 'stations', key_format = 'KAFKA', value_format = 'JSON') ;",
  "create stream entries (",
  "    key STRING KEY, ",
  "    `user` STRING,",
  "    `delta` INT",
  ") WITH ( ",
  "    kafka_topic = 'entries',  ",
  "    value_format = 'JSON'",
  ");",
  "create stream exits (",
  "    key STRING KEY, ",
  "    `user` STRING, ",
  "    `delta` INT",
  ")  WITH ( ",
  "    kafka_topic = 'exits', ",
  "    value_format = 'JSON');",
  "create stream `station_entries` as ",
  "    select ",
  "        e.key, ",
  "        format_timestamp(from_unixtime(e.rowtime), 'yyyy-MM-dd''T''HH:mm:ss.SSSX', 'UTC') as \"@timestamp\", ",
  "        e.\"user\", ",
  "        e.\"delta\", ",
  "        s.\"name\" as \"station\", ",
  "        s.\"location\" ",
  "    from entries e ",
  "    join stations_tb s on e.key = s.key ",
  "    emit changes; ",
  "create stream `station_exits` as ",
  "    select ",
  "        e.key, ",
  "        format_timestamp(from_unixtime(e.rowtime), 'yyyy-MM-dd''T''HH:mm:ss.SSSX', 'UTC') as \"@timestamp\", ",
  "        e.\"user\", ",
  "        e.\"delta\", ",
  "        s.\"name\" as \"station\", ",
  "        s.\"location\" ",
  "    from exits e ",
  "    join stations_tb s on e.key = s.key ",
  "    emit changes; ",
  "",
  "-- SCENARIOS.md §3.3 T3 (not in the seed)",
  "CREATE STREAM BARRIER_EVENTS AS SELECT * FROM `station_entries`;",
  "INSERT INTO BARRIER_EVENTS SELECT * FROM `station_exits`;",
  "CREATE TABLE STATION_OCCUPANCY AS SELECT `station`, SUM(`delta`) AS OCCUPANCY,",
  "  SUM(CASE WHEN `delta` > 0 THEN 1 ELSE 0 END) AS ENTRIES, SUM(CASE WHEN `delta` < 0 THEN 1 ELSE 0 END) AS EXITS",
  "  FROM BARRIER_EVENTS GROUP BY `station`;",
  "-- streamsim: the key column E_KEY selected (modern ksqlDB requires a stream's key in the projection; KSQL 5 kept it implicitly)",
  "-- original: CREATE STREAM BARRIER_ALL AS SELECT 1 AS DUMMY, `delta` FROM BARRIER_EVENTS;",
  "CREATE STREAM BARRIER_ALL AS SELECT E_KEY, 1 AS DUMMY, `delta` FROM BARRIER_EVENTS;",
  "CREATE TABLE NETWORK_OCCUPANCY AS SELECT DUMMY, SUM(`delta`) AS OCCUPANCY FROM BARRIER_ALL GROUP BY DUMMY;",
].join('\n');

/** {@link TFL_SQL} split into statements, in order (comments are not statements). */
export const TFL_STATEMENTS: readonly string[] = Object.freeze(splitStatements(TFL_SQL).map((s) => s.text));

/** The enrichment streams of T1 and T2 (quoted: their names keep their case). */
export const STATION_ENTRIES = 'station_entries';
export const STATION_EXITS = 'station_exits';
/** The T3 objects (unquoted, so upper-cased). */
export const BARRIER_EVENTS = 'BARRIER_EVENTS';
export const STATION_OCCUPANCY = 'STATION_OCCUPANCY';
export const NETWORK_OCCUPANCY = 'NETWORK_OCCUPANCY';

/**
 * **Decision:** not in the seed nor in §3.3: the barrier inputs counted per source topic, so the summary can show
 * enriched vs dropped events (a summary sees only output topics). Keyed by SOURCE ('entries' | 'exits').
 */
export const BARRIER_INPUT_COUNTS = 'BARRIER_INPUT_COUNTS';
export const TFL_SUMMARY_STATEMENTS: readonly string[] = Object.freeze([
  "CREATE STREAM BARRIER_INPUTS AS SELECT key, 'entries' AS SOURCE FROM entries;",
  "INSERT INTO BARRIER_INPUTS SELECT key, 'exits' AS SOURCE FROM exits;",
  'CREATE TABLE BARRIER_INPUT_COUNTS AS SELECT SOURCE, COUNT(*) AS INPUTS FROM BARRIER_INPUTS GROUP BY SOURCE;',
]);
