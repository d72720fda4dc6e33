import { z } from 'zod';

/**
 * zod schemas of every bookstore input topic (SCENARIOS.md §1.1). Values are JSON objects; `T?` columns of the spec
 * are `T | null` here, and integer columns (prices and amounts in cents, ids, epoch-ms timestamps) are checked as
 * integers.
 */

export const TOPIC_BOOK = 'book';
export const TOPIC_CUSTOMER = 'customer';
export const TOPIC_INTERACTION = 'interaction';
export const TOPIC_PURCHASE = 'purchase';
export const TOPIC_PAYMENT = 'payment';
export const TOPIC_SHIPPING = 'shipping';

export const INTERACTION_EVENTS = ['view', 'cart', 'order'] as const;
export const SHIPPING_STATUSES = ['underway', 'delivered', 'lost'] as const;

/** `book` (table, key bookId). `price` in cents. */
export const BookSchema = z.object({
  bookId: z.string(),
  title: z.string(),
  authors: z.string().nullable(),
  categories: z.string().nullable(),
  price: z.number().int(),
});
export type Book = z.infer<typeof BookSchema>;

/** `customer` (table, key String(customerId)). */
export const CustomerSchema = z.object({
  customerId: z.number().int(),
  firstname: z.string(),
  lastname: z.string(),
  email: z.string(),
  street: z.string(),
  number: z.string(),
  zip: z.string(),
  city: z.string(),
  country: z.string(),
});
export type Customer = z.infer<typeof CustomerSchema>;

/** `interaction` (stream, key a fresh UUID). `id` is the bookId. */
export const InteractionSchema = z.object({
  customerEmail: z.string().nullable(),
  id: z.string(),
  title: z.string(),
  authors: z.string().nullable(),
  categories: z.string().nullable(),
  price: z.number().int(),
  event: z.enum(INTERACTION_EVENTS),
});
export type Interaction = z.infer<typeof InteractionSchema>;

/** `purchase` (stream, key purchaseId). Sent twice per order: `packet` null at order time, then the packet id. */
export const PurchaseSchema = z.object({
  purchaseId: z.string(),
  customerId: z.number().int(),
  bookIds: z.array(z.string()),
  packet: z.string().nullable(),
  totalAmount: z.number().int(),
});
export type Purchase = z.infer<typeof PurchaseSchema>;

/** `payment` (stream, key transactionId). `referenceNumber` is the paid purchaseId. */
export const PaymentSchema = z.object({
  transactionId: z.string(),
  referenceNumber: z.string(),
  timestamp: z.number().int(),
  amount: z.number().int(),
});
export type Payment = z.infer<typeof PaymentSchema>;

/** `shipping` (stream, key packet). `timestamp` is epoch ms. */
export const ShippingSchema = z.object({
  packet: z.string(),
  timestamp: z.number().int(),
  status: z.enum(SHIPPING_STATUSES),
});
export type Shipping = z.infer<typeof ShippingSchema>;

/** Key schema of every bookstore topic: a string id (`customer` uses String(customerId)). */
export const BookstoreKeySchema = z.string();

/** Value schema per bookstore topic, in the §1.1 table's order. */
export const BOOKSTORE_VALUE_SCHEMAS = {
  [TOPIC_BOOK]: BookSchema,
  [TOPIC_CUSTOMER]: CustomerSchema,
  [TOPIC_INTERACTION]: InteractionSchema,
  [TOPIC_PURCHASE]: PurchaseSchema,
  [TOPIC_PAYMENT]: PaymentSchema,
  [TOPIC_SHIPPING]: ShippingSchema,
} as const;

export type BookstoreTopic = keyof typeof BOOKSTORE_VALUE_SCHEMAS;

/** The six bookstore topics, in the §1.1 table's order. */
export const BOOKSTORE_TOPICS = Object.keys(BOOKSTORE_VALUE_SCHEMAS) as BookstoreTopic[];

/** The value type of each bookstore topic. */
export interface BookstoreValues {
  [TOPIC_BOOK]: Book;
  [TOPIC_CUSTOMER]: Customer;
  [TOPIC_INTERACTION]: Interaction;
  [TOPIC_PURCHASE]: Purchase;
  [TOPIC_PAYMENT]: Payment;
  [TOPIC_SHIPPING]: Shipping;
}
