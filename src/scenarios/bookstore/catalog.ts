import type { SeededFaker } from '../common/index.js';
import type { Book, Customer } from './schemas.js';

/**
 * Book categories weighted after the original data (SCENARIOS.md §1.2): null .28, then the named ones; the last
 * .17 split evenly over six more. Listed in the spec's order; one `u()` walks the cumulative weights.
 */
export const CATEGORY_WEIGHTS: readonly (readonly [string | null, number])[] = Object.freeze([
  [null, 0.28],
  ['Literary Criticism', 0.24],
  ['Fiction', 0.22],
  ['Authors, Austrian', 0.04],
  ['Biography & Autobiography', 0.03],
  ['German literature', 0.02],
  ...(
    ['History', 'Education', 'Language Arts & Disciplines', 'Grotesque in literature', 'Kafka, Franz, 1883-1924', 'Foreign Language Study'] as const
  ).map((c) => [c, 0.17 / 6] as const),
]);

/** Customer countries, weighted as in the seed's customer data. */
export const COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = Object.freeze([
  ['FR', 0.78],
  ['DE', 0.09],
  ['GB', 0.04],
  ['IT', 0.04],
  ['AT', 0.03],
  ['CH', 0.02],
]);

/** The seed's cities per country; a customer's city is a uniform pick from its country's list. */
export const CITIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  FR: ['Paris 19', 'Caen', 'Brest', 'Limoges', 'Armentières', 'Mayenne', 'La Rochelle', 'Poitiers', 'Le Mans', 'Lyon', 'Marseille', 'Toulouse'],
  DE: ['Dortmund', 'Düsseldorf', 'Frankfurt am Main', 'Köln'],
  GB: ['London'],
  IT: ['Milano', 'Catania'],
  AT: ['Graz'],
  CH: ['Zürich', 'Basel'],
});

/** P(authors = null) (§1.2). */
const NO_AUTHOR_P = 0.022;
/** P(price = 50 × first char code): the original's fallback when Google Books had no list price (375 of 544). */
const FALLBACK_PRICE_P = 0.69;

/**
 * One `u()` against the cumulative weights, in list order. The weights sum to 1 up to rounding, so a draw that
 * falls past the last bound (rounding) takes the last entry.
 */
export function weighted<T>(rnd: SeededFaker, table: readonly (readonly [T, number])[]): T {
  const x = rnd.u();
  let acc = 0;
  for (const [value, w] of table) {
    acc += w;
    if (x < acc) return value;
  }
  return table[table.length - 1]![0];
}

/**
 * The catalog (§1.2), drawn from the `catalog` faker, book by book: bookId (redrawn until unique), title,
 * bern(0.022) for a null author (else the author), the category, bern(0.69) for the fallback price (else
 * int(6, 1100)·10).
 */
export function drawBooks(rnd: SeededFaker, count: number): Book[] {
  const used = new Set<string>();
  const books: Book[] = [];
  for (let i = 0; i < count; i++) {
    let bookId = rnd.faker.string.alphanumeric(12);
    while (used.has(bookId)) bookId = rnd.faker.string.alphanumeric(12);
    used.add(bookId);
    const title = rnd.faker.book.title();
    const authors = rnd.bern(NO_AUTHOR_P) ? null : rnd.faker.book.author();
    const categories = weighted(rnd, CATEGORY_WEIGHTS);
    const price = rnd.bern(FALLBACK_PRICE_P) ? 50 * title.charCodeAt(0) : rnd.int(6, 1100) * 10;
    books.push({ bookId, title, authors, categories, price });
  }
  return books;
}

/**
 * Customers 1..count (§1.2), drawn from the `customers` faker, customer by customer: country, city, first and
 * last name, email, street, number, zip.
 */
export function drawCustomers(rnd: SeededFaker, count: number): Customer[] {
  const customers: Customer[] = [];
  for (let customerId = 1; customerId <= count; customerId++) {
    const country = weighted(rnd, COUNTRY_WEIGHTS);
    const city = rnd.pick(CITIES[country]!);
    const firstname = rnd.faker.person.firstName();
    const lastname = rnd.faker.person.lastName();
    const email = rnd.faker.internet.email({ firstName: firstname, lastName: lastname });
    const street = rnd.faker.location.street();
    const number = String(rnd.int(1, 200));
    const zip = rnd.faker.location.zipCode('#####');
    customers.push({ customerId, firstname, lastname, email, street, number, zip, city, country });
  }
  return customers;
}
