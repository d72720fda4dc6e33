/**
 * The `skew` knob (issue 4: size, skew and faults knobs, off by default). At skew 0 the generator is unchanged; at
 * skew s each shop iteration picks book i and customer i (generation order) with Zipf weight 1/(i+1)^s.
 */
import { describe, expect, it } from 'vitest';
import { BookstoreOptionsSchema, generateBookstore, type BookstoreRecord } from '../../../src/scenarios/bookstore/generator.js';
import type { Book, Customer, Interaction } from '../../../src/scenarios/bookstore/schemas.js';
import { top } from '../top-key-share.js';

const views = (records: readonly BookstoreRecord[]): Interaction[] =>
  records.filter((r) => r.topic === 'interaction' && (r.value as Interaction).event === 'view').map((r) => r.value as Interaction);

describe('bookstore skew', () => {
  // Measured at seed 1 (1200 views, 450 books, 100 customers): top book share 0.8 % at skew 0, 37.8 % at skew 1.5
  // (Zipf: 1/H(1.5, 450) ≈ 39.7 %); top customer 1.9 % at skew 0, 42.2 % at skew 1.5 (1/H(1.5, 100) ≈ 41.4 %).
  it('skew 1.5 makes the first book and the first customer the hot keys of the views', () => {
    const plain = generateBookstore({ seed: 1 });
    const skewed = generateBookstore({ seed: 1, skew: 1.5 });
    const firstBook = skewed.find((r) => r.topic === 'book')!.value as Book;
    const firstCustomer = skewed.find((r) => r.topic === 'customer')!.value as Customer;

    const books = top(views(skewed).map((v) => String(v.id)));
    expect(books.key).toBe(firstBook.bookId);
    expect(books.share).toBeGreaterThanOrEqual(3 / 450);
    expect(books.share).toBeGreaterThanOrEqual(3 * top(views(plain).map((v) => String(v.id))).share);

    const customers = top(views(skewed).map((v) => String(v.customerEmail)));
    expect(customers.key).toBe(firstCustomer.email);
    expect(customers.share).toBeGreaterThanOrEqual(3 / 100);
    expect(customers.share).toBeGreaterThanOrEqual(3 * top(views(plain).map((v) => String(v.customerEmail))).share);
  });

  it('is deterministic with skew on', () => {
    expect(JSON.stringify(generateBookstore({ seed: 2, skew: 1.5, durationMs: 60_000 }))).toBe(JSON.stringify(generateBookstore({ seed: 2, skew: 1.5, durationMs: 60_000 })));
  });

  it('the options schema takes skew in [0, 10] and the generator refuses others', () => {
    expect(BookstoreOptionsSchema.safeParse({ skew: 1.5 }).success).toBe(true);
    expect(BookstoreOptionsSchema.safeParse({ skew: -1 }).success).toBe(false);
    expect(BookstoreOptionsSchema.safeParse({ skew: 11 }).success).toBe(false);
    expect(() => generateBookstore({ skew: -1 })).toThrow(RangeError);
  });
});
