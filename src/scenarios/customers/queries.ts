/**
 * The SQL the customers scenario runs (ksqlDB 6.1 dialect), copied from fixtures/seed-sql/customers.sql (the
 * scenario must not read fixtures/ at run time), with the fixture's `streamsim:` notes. The seed's transient
 * `show streams;` and `select * from custstream emit changes;` are left out: they feed no output. C1, the seed's
 * other push query, is run: its rows are the scenario's `C1` output (see scenario.ts).
 */

/** One statement the scenario executes, with the §4.3 question it answers. */
export interface CustomersStatement {
  readonly question: 'register' | 'C1' | 'C2' | 'C3' | 'C4';
  readonly sql: string;
}

// streamsim: columns declared (no schema registry yet, so no inference) and value_format JSON instead of AVRO (schema-registry issue)
// original: create stream custstream WITH (kafka_topic='psg-customers', value_format='AVRO');
const REGISTER =
  "create stream custstream (nome STRING, sexo STRING, endereco STRING, telefone STRING, email STRING, foto STRING, nascimento INT, profissao STRING, dt_update BIGINT) WITH (kafka_topic='psg-customers', value_format='JSON');";

/** C1 (seed SQL, verbatim): TIMESTAMPTOSTRING on the INT day count, the seed's 1970-01-01 / 1969-12-31 quirk. */
const C1 = `select nome, telefone, email,
TIMESTAMPTOSTRING(nascimento, 'yyyy-MM-dd', 'UTC') as dt_nascimento,
TIMESTAMPTOSTRING(dt_update, 'yyyy-MM-dd HH:mm:ss.SSS', 'UTC') as dt_updt_conv
from custstream emit changes;`;

// streamsim: value_format JSON instead of AVRO (schema-registry issue), for C2 to C4
// original: create stream jovens WITH (kafka_topic='jovens', value_format='AVRO') AS select ...
const C2 = `create stream jovens WITH (kafka_topic='jovens', value_format='JSON') AS select nome, sexo, telefone, email, profissao,
  DATETOSTRING(nascimento, 'yyyy-MM-dd') as dt_nascimento, TIMESTAMPTOSTRING(dt_update, 'yyyy-MM-dd HH:mm:ss.SSS', 'UTC') as dt_updt
  from custstream WHERE DATETOSTRING(nascimento, 'yyyy-MM-dd') >= '2000-01-01' emit changes;`;

// original: create stream idadeclass WITH (kafka_topic='idadeclass', value_format='AVRO') AS select ...
const C3 = `create stream idadeclass WITH (kafka_topic='idadeclass', value_format='JSON') AS select nome, telefone, email, profissao,
  CASE WHEN DATETOSTRING(nascimento, 'yyyy-MM-dd') >= '2000-01-01' THEN 'JOVEM' ELSE 'ADULTO' END AS idadecat,
  TIMESTAMPTOSTRING(dt_update, 'yyyy-MM-dd HH:mm:ss.SSS', 'UTC') as dt_updt from custstream emit changes;`;

// original: create table idadecont WITH (kafka_topic='idadecont', value_format='AVRO') AS select idadecat, count(idadecat) as contagem from idadeclass window tumbling (size 30 seconds) group by idadecat emit changes;
const C4 = `create table idadecont WITH (kafka_topic='idadecont', value_format='JSON') AS select idadecat, count(idadecat) as contagem
  from idadeclass window tumbling (size 30 seconds) group by idadecat emit changes;`;

/** Every statement, in execution order (the push query first, so it is the engine's first transient query). */
export const CUSTOMERS_STATEMENTS: readonly CustomersStatement[] = Object.freeze([
  { question: 'register', sql: REGISTER },
  { question: 'C1', sql: C1 },
  { question: 'C2', sql: C2 },
  { question: 'C3', sql: C3 },
  { question: 'C4', sql: C4 },
]);

/** The output topics of §4.3 (sink topics as named in the SQL) and the topic C1's rows are copied to. */
export const CUSTOMERS_OUTPUTS = { jovens: 'jovens', idadeclass: 'idadeclass', idadecont: 'idadecont', c1: 'C1' } as const;
