import { z } from 'zod';

/**
 * zod schemas of the ABC retail lab's input topics (SCENARIOS.md §5.3; seed 004 steps 7 and 9). The MongoDB Atlas
 * source connector writes change events `{operationType, fullDocument}` for `abc.inventory` and
 * `abc.transactions`; `abc.clicks` is flat, as the seed's `CREATE STREAM clicks(...)` declares it. Field names and
 * types follow the seed DDL: INT columns are integers, BIGINT ones safe integers.
 */

export const TOPIC_INVENTORY = 'abc.inventory';
export const TOPIC_TRANSACTIONS = 'abc.transactions';
export const TOPIC_CLICKS = 'abc.clicks';

const int32 = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
const long = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

/** MongoDB change-stream operation types the connector publishes for a document it copies or follows. */
export const OPERATION_TYPES = ['insert', 'update', 'replace'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

/** `inventory00.fullDocument`: product_id, name, "list" (the list price; quoted in the DDL), discount, available, capacity, txn_hour. */
export const InventoryDocumentSchema = z.object({
  product_id: int32,
  name: z.string(),
  list: int32,
  discount: int32,
  available: int32,
  capacity: int32,
  txn_hour: int32,
});
export type InventoryDocument = z.infer<typeof InventoryDocumentSchema>;

/** A change event on `abc.inventory`: the insert at T0, then one update per sale (with its restock). */
export const InventoryEventSchema = z.object({
  operationType: z.enum(OPERATION_TYPES),
  fullDocument: InventoryDocumentSchema,
});
export type InventoryEvent = z.infer<typeof InventoryEventSchema>;

/** `transactions.fullDocument`: cust_id, prod_id, txn_ts (epoch ms, = the record timestamp). */
export const TransactionDocumentSchema = z.object({
  cust_id: int32,
  prod_id: int32,
  txn_ts: long,
});
export type TransactionDocument = z.infer<typeof TransactionDocumentSchema>;

/**
 * A change event on `abc.transactions`. **Interpretation:** `operationType` is optional because the SQL reads only
 * `fullDocument` and SCENARIOS.md's example P-d writes the event without it; the generator always sets 'insert'.
 */
export const TransactionEventSchema = z.object({
  operationType: z.enum(OPERATION_TYPES).optional(),
  fullDocument: TransactionDocumentSchema,
});
export type TransactionEvent = z.infer<typeof TransactionEventSchema>;

/** A flat click, as `CREATE STREAM clicks(ip, userid, prod_id, bytes, referrer, agent, click_ts)` declares it. */
export const ClickSchema = z.object({
  ip: z.string(),
  userid: int32,
  prod_id: int32,
  bytes: long,
  referrer: z.string(),
  agent: z.string(),
  click_ts: long,
});
export type Click = z.infer<typeof ClickSchema>;

export interface AbcValues {
  [TOPIC_INVENTORY]: InventoryEvent;
  [TOPIC_TRANSACTIONS]: TransactionEvent;
  [TOPIC_CLICKS]: Click;
}
export type AbcTopic = keyof AbcValues;
