/**
 * The seed SQL lives twice: fixtures/seed-sql/<seed>.sql holds every statement of a seed (the SQL specs run them
 * all), and each scenario's queries module holds the statements the scenario runs (a scenario must not read
 * fixtures/ at run time). This spec keeps the two from drifting apart: every statement a scenario runs is in its
 * fixture, whitespace aside, except the ones SCENARIOS.md changes on purpose (bookstore B2, B4 with the
 * `packet IS NULL` filter, and B7, which the seed only has as a TODO). tfl checks its own, line for line, in
 * spec/scenarios/tfl/examples.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOKSTORE_STATEMENTS } from '../../src/scenarios/bookstore/queries.js';
import { CUSTOMERS_STATEMENTS } from '../../src/scenarios/customers/queries.js';
import { ABC_STATEMENTS } from '../../src/scenarios/pizza/abc/queries.js';
import { PIZZA_SHOP_SQL } from '../../src/scenarios/pizza/shop-sql.js';
import { splitStatements } from '../../src/sql/parser/index.js';

const normalize = (sql: string): string => sql.replace(/;\s*$/, '').replace(/\s+/g, ' ').trim();

function fixture(seed: string): Set<string> {
  const text = readFileSync(new URL(`../../fixtures/seed-sql/${seed}.sql`, import.meta.url), 'utf8');
  return new Set(splitStatements(text).map((s) => normalize(s.text)));
}

describe('scenario SQL agrees with fixtures/seed-sql', () => {
  it('bookstore: every statement is the fixture one, except B2, B4 and B7 (SCENARIOS.md §1.3 decisions)', () => {
    const seed = fixture('bookstore');
    const changed = BOOKSTORE_STATEMENTS.filter((s) => !seed.has(normalize(s.sql))).map((s) => s.question);
    expect(changed).toEqual(['B2', 'B4', 'B7']);
  });

  it('customers: every statement is the fixture one', () => {
    const seed = fixture('customers');
    expect(CUSTOMERS_STATEMENTS.filter((s) => !seed.has(normalize(s.sql))).map((s) => s.sql)).toEqual([]);
  });

  it('pizza shop and ABC lab: every statement is the fixture one', () => {
    const seed = fixture('pizza');
    const shop = splitStatements(PIZZA_SHOP_SQL).map((s) => s.text);
    expect(shop.length).toBeGreaterThan(0);
    expect([...shop, ...ABC_STATEMENTS.map((s) => s.sql)].filter((sql) => !seed.has(normalize(sql)))).toEqual([]);
  });
});
