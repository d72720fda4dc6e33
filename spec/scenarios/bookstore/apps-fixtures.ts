import { StreamsBuilder, TestDriver } from '../../../src/index.js';
import type { Book, Payment, Purchase, Shipping } from '../../../src/scenarios/bookstore/schemas.js';

/** Test helpers for the bookstore DSL app specs (B8–B10): value builders in the §1.1 shapes and a driver. */

/** SCENARIOS.md §0.1 T0; `at(s)` = T0 + s seconds. */
export const T0 = 1704067200000;
export const at = (seconds: number): number => T0 + Math.round(seconds * 1000);

export function book(bookId: string, price: number, title = `Title of ${bookId}`, authors: string | null = null): Book {
  return { bookId, title, authors, categories: null, price };
}

export function purchase(purchaseId: string, totalAmount: number, bookIds: string[] = ['bx'], packet: string | null = null): Purchase {
  return { purchaseId, customerId: 1, bookIds, packet, totalAmount };
}

export function payment(referenceNumber: string, amount = 0, timestamp = 0, transactionId = `t-${referenceNumber}`): Payment {
  return { transactionId, referenceNumber, timestamp, amount };
}

export function shipping(packet: string, status: Shipping['status'], timestamp: number): Shipping {
  return { packet, timestamp, status };
}

/** Runs one app on a TestDriver; `pipe(topic, key, value, ts)` processes the record at once. */
export function driveApp(app: (builder: StreamsBuilder) => void, partitions = 1) {
  const builder = new StreamsBuilder();
  app(builder);
  const driver = new TestDriver(builder, { partitions, startTime: T0 });
  const pipe = (topic: string, key: string, value: unknown, timestamp: number): void =>
    driver.createInputTopic<string, unknown>(topic).pipeInput(key, value, timestamp);
  // One reader per topic: each read returns only what arrived since the previous read of that topic.
  const outputs = new Map<string, ReturnType<typeof driver.createOutputTopic<string, unknown>>>();
  const read = <V>(topic: string): { key: string; value: V; timestamp: number }[] => {
    if (!outputs.has(topic)) outputs.set(topic, driver.createOutputTopic<string, unknown>(topic));
    return outputs.get(topic)!.readRecordsToList().map((r) => ({ key: r.key, value: r.value as V, timestamp: r.timestamp }));
  };
  return { driver, pipe, read };
}
