import { z } from 'zod';

/** The JDBC source's topic for `public.customers` (`topic.prefix` `psg-` + table name, SCENARIOS.md §4.1). */
export const TOPIC_PSG_CUSTOMERS = 'psg-customers';
/** The simulated source table. */
export const CUSTOMERS_TABLE = 'customers';

/**
 * The columns of `public.customers` in table order (pandas `to_sql`: every column nullable, no primary key).
 * `nascimento` is a DATE (days since the epoch once Connect reads it), `dt_update` a TIMESTAMP (epoch ms).
 */
export const CUSTOMER_COLUMNS = ['nome', 'sexo', 'endereco', 'telefone', 'email', 'foto', 'nascimento', 'profissao', 'dt_update'] as const;

/** One row of `public.customers`, as Connect converts it. */
export const CustomerRowSchema = z.strictObject({
  nome: z.string().nullable(),
  sexo: z.string().nullable(),
  endereco: z.string().nullable(),
  telefone: z.string().nullable(),
  email: z.string().nullable(),
  foto: z.string().nullable(),
  /** Connect Date: whole days since 1970-01-01 (ksqlDB 6.1 reads it as INT). */
  nascimento: z.number().int().nullable(),
  profissao: z.string().nullable(),
  /** Connect Timestamp: epoch ms (BIGINT). */
  dt_update: z.number().int().nullable(),
});
export type CustomerRow = z.infer<typeof CustomerRowSchema>;

/** The value of a `psg-customers` record: the row, every field nullable (the key is always null). */
export const PsgCustomersValueSchema = CustomerRowSchema;
export type PsgCustomersValue = CustomerRow;
