/**
 * Every SQL statement of the seeds (fixtures/seed-sql/*.sql, with the one-line changes documented there) runs
 * through SqlEngine, and the worked examples of SCENARIOS.md (§1.5, §3.5, §4.5, §5.6) give their outputs.
 * Expected outputs are written by hand from SCENARIOS.md. Bookstore runs in the KSQL 5 dialect (§0.6).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SqlEngine } from '../../src/sql/engine/index.js';
import { SqlStatementError, SqlUnsupportedError } from '../../src/sql/errors.js';
import { splitStatements } from '../../src/sql/parser/index.js';

const T0 = 1_704_067_200_000;
const SEEDS = { bookstore: 'ksql5', tfl: 'ksqldb', customers: 'ksqldb', pizza: 'ksqldb' } as const;
type Seed = keyof typeof SEEDS;
const TOPICS = [
  'book', 'customer', 'purchase', 'payment', 'shipping', 'interaction', 'stations', 'entries', 'exits', 'psg-customers',
  'abc.clicks', 'abc.transactions', 'abc.inventory', 'pizza-ordered', 'pizza-assembled', 'pizza-baked', 'pizza-delivered', 'pizza-pending', 'pizza-status',
];

function statements(seed: Seed): string[] {
  return splitStatements(readFileSync(new URL(`../../fixtures/seed-sql/${seed}.sql`, import.meta.url), 'utf8')).map((s) => s.text);
}

/** A fresh engine with the seed's topics, every statement of the seed run (`skip`: statements to leave out). */
function seedEngine(seed: Seed, skip: (sql: string) => boolean = () => false): SqlEngine {
  const e = new SqlEngine({ dialect: SEEDS[seed] });
  for (const t of TOPICS) e.createTopic(t, 1);
  for (const sql of statements(seed)) if (!skip(sql)) e.execute(sql);
  return e;
}

/** Records as plain JSON (BIGINT and lossless numbers as numbers), keys, windows relative to T0. */
function out(e: SqlEngine, topic: string): unknown[] {
  return e.records(topic).map((r) => {
    const plain = JSON.parse(JSON.stringify({ key: r.key, value: r.value }, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as { key: unknown; value: unknown };
    const at = r.timestamp - T0;
    return r.window === null || r.window === undefined ? [plain.key, plain.value, at] : [plain.key, [r.window.start - T0, r.window.end - T0], plain.value, at];
  });
}

describe('seed SQL: every statement runs', () => {
  for (const seed of Object.keys(SEEDS) as Seed[]) {
    it(`${seed}: each statement of fixtures/seed-sql/${seed}.sql`, () => {
      const e = new SqlEngine({ dialect: SEEDS[seed] });
      for (const t of TOPICS) e.createTopic(t, 1);
      const failed: string[] = [];
      for (const sql of statements(seed)) {
        try {
          e.execute(sql);
        } catch (err) {
          failed.push(`${sql.slice(0, 60)}: ${String(err)}`);
        }
      }
      expect(failed).toEqual([]);
    });
  }
});

describe('KSQL 5 forms', () => {
  const engine = (dialect: 'ksqldb' | 'ksql5' = 'ksql5') => {
    const e = new SqlEngine({ dialect });
    e.createTopic('t', 1);
    return e;
  };

  it("WITH (key='col') makes the value column the table's PRIMARY KEY, read from the record key", () => {
    const e = engine('ksqldb');
    e.execute("CREATE TABLE T (id STRING, n INT) WITH (kafka_topic='t', value_format='JSON', key='id');");
    expect(e.describeSource('T')?.schema).toBe('ID STRING KEY, N INTEGER');
  });

  it('the KEY property with a declared key column, an unknown column, or no columns is refused with the modern form', () => {
    const e = engine();
    expect(() => e.execute("CREATE TABLE A (id STRING PRIMARY KEY, n INT) WITH (kafka_topic='t', value_format='JSON', key='id');")).toThrow(/Remove KEY='id'.*PRIMARY KEY now declares the key/);
    expect(() => e.execute("CREATE TABLE B (n INT) WITH (kafka_topic='t', value_format='JSON', key='id');")).toThrow(/does not exist in the schema: 'id'. Declare it as PRIMARY KEY: CREATE TABLE B \(ID <type> PRIMARY KEY/);
    expect(() => e.execute("CREATE TABLE C WITH (kafka_topic='t', value_format='JSON', key='id');")).toThrow(SqlUnsupportedError);
    expect(() => e.execute("CREATE STREAM D WITH (kafka_topic='t', value_format='JSON');")).toThrow(/CREATE STREAM D \(ROWKEY STRING KEY, <column> <type>, \.\.\.\)/);
  });

  it('ksql5: a CSAS that omits its key keeps it; ksqldb refuses it', () => {
    const ddl = "CREATE STREAM S (ROWKEY STRING KEY, amount INT) WITH (kafka_topic='t', value_format='JSON');";
    const modern = engine('ksqldb');
    modern.execute(ddl);
    expect(() => modern.execute('CREATE STREAM S2 AS SELECT 1 AS ONE, AMOUNT FROM S;')).toThrow(SqlStatementError);
    const legacy = engine();
    legacy.execute(ddl);
    legacy.execute('CREATE STREAM S2 AS SELECT 1 AS ONE, AMOUNT FROM S;');
    legacy.produce('t', { key: 'k', value: { AMOUNT: 5 }, timestamp: T0 });
    expect(out(legacy, 'S2')).toEqual([['k', { ONE: 1, AMOUNT: 5 }, 0]]);
  });

  it('string + concatenates, and a null operand gives null', () => {
    const e = engine();
    e.execute("CREATE STREAM S (ROWKEY STRING KEY, a STRING, b STRING) WITH (kafka_topic='t', value_format='JSON');");
    e.execute("CREATE STREAM C AS SELECT a + ' ' + b AS AB FROM S;");
    e.produce('t', { key: 'k', value: { A: 'x', B: 'y' }, timestamp: T0 });
    e.produce('t', { key: 'k', value: { A: 'x', B: null }, timestamp: T0 });
    expect(out(e, 'C')).toEqual([['k', { AB: 'x y' }, 0], ['k', { AB: null }, 0]]);
  });
});

describe('bookstore examples (SCENARIOS.md §1.5)', () => {
  const view = (categories: string | null, event = 'view') => ({ id: 'b1', title: 't', price: 100, event, categories });

  it('B-a: PAGEVIEWS_CATEGORIES counts views per category per 30 s', () => {
    const e = seedEngine('bookstore');
    const inputs: [number, string, string | null][] = [
      [1000, 'view', 'Fiction'], [2000, 'cart', 'Fiction'], [5000, 'view', 'Fiction'], [29_999, 'view', null],
      [30_000, 'view', 'History'], [31_000, 'view', 'Fiction'], [10_000, 'view', 'Fiction'],
    ];
    inputs.forEach(([ts, event, cat], i) => e.produce('interaction', { key: `u${i}`, value: view(cat, event), timestamp: T0 + ts }));
    expect(out(e, 'PAGEVIEWS_CATEGORIES')).toEqual([
      ['Fiction', [0, 30_000], { NUM_VIEWS: 1 }, 1000],
      ['Fiction', [0, 30_000], { NUM_VIEWS: 2 }, 5000],
      ['History', [30_000, 60_000], { NUM_VIEWS: 1 }, 30_000],
      ['Fiction', [30_000, 60_000], { NUM_VIEWS: 1 }, 31_000],
      ['Fiction', [0, 30_000], { NUM_VIEWS: 3 }, 10_000],
    ]);
  });

  const customer = { customerId: 7, firstname: 'Ana', lastname: 'Roux', email: 'ana@ex.fr', city: 'Caen', country: 'FR' };
  const p1 = { purchaseId: 'p1', customerId: 7, bookIds: ['b1', 'b2'], packet: null, totalAmount: 31_500 };
  const p2 = { purchaseId: 'p2', customerId: 99, bookIds: ['b3'], packet: null, totalAmount: 1200 };
  const pipeBb = (e: SqlEngine) => {
    e.produce('customer', { key: '7', value: customer, timestamp: T0 });
    e.produce('purchase', { key: 'p1', value: p1, timestamp: T0 + 10_000 });
    e.produce('purchase', { key: 'p2', value: p2, timestamp: T0 + 12_000 });
    e.produce('purchase', { key: 'p1', value: { ...p1, packet: 'AB12CD34EF' }, timestamp: T0 + 25_000 });
  };
  const enriched1 = { PURCHASEID: 'p1', TOTALAMOUNT: 31_500, FULL_NAME: 'Ana Roux', EMAIL: 'ana@ex.fr', CITY: 'Caen', COUNTRY: 'FR' };
  const enriched2 = { PURCHASEID: 'p2', TOTALAMOUNT: 1200, FULL_NAME: null, EMAIL: null, CITY: null, COUNTRY: null };

  it('B-b with the verbatim seed statements: the shipped re-send counts again', () => {
    const e = seedEngine('bookstore');
    pipeBb(e);
    expect(out(e, 'PURCHASE_ENRICHED')).toEqual([[7, enriched1, 10_000], [99, enriched2, 12_000], [7, enriched1, 25_000]]);
    expect(out(e, 'PURCHASE_COUNT_BY_CITY_PER_30MIN')).toEqual([
      ['Caen', [0, 1_800_000], { PURCHASE_COUNT: 1 }, 10_000],
      ['Caen', [0, 1_800_000], { PURCHASE_COUNT: 2 }, 25_000],
    ]);
    expect(out(e, 'BIG_PURCHASE').map((r) => (r as unknown[])[0])).toEqual(['p1', 'p1']);
  });

  it('B-b with the packet filters of SCENARIOS.md (B2, B4) and B7', () => {
    // the seed statements on the three sinks SCENARIOS.md redefines, and the queries that read them, are left out
    const decided = (sql: string) => /Purchase_enriched|BIG_PURCHASE|PURCHASE_COUNT_BY_CITY_PER_30MIN/i.test(sql);
    const e = seedEngine('bookstore', decided);
    e.execute(
      "CREATE STREAM Purchase_enriched AS SELECT P.purchaseId, p.totalAmount, c.firstname + ' ' + c.lastname as full_name, c.email, c.city, c.country FROM PURCHASE_STREAM p LEFT JOIN CUSTOMER c on p.customerId=c.customerId WHERE p.packet IS NULL;",
    );
    e.execute('CREATE TABLE PURCHASE_COUNT_BY_CITY_PER_30MIN AS SELECT city,COUNT(*) as purchase_count FROM Purchase_enriched WINDOW TUMBLING (SIZE 30 MINUTES) GROUP BY city;');
    e.execute('CREATE STREAM BIG_PURCHASE AS SELECT * FROM PURCHASE_STREAM WHERE totalAmount>30000 AND packet IS NULL;');
    e.execute('CREATE TABLE AVG_PURCHASE_BY_COUNTRY AS SELECT country, COUNT(*) AS purchase_count, SUM(totalAmount) AS total_amount, AVG(totalAmount) AS avg_amount FROM Purchase_enriched GROUP BY country;');
    pipeBb(e);
    expect(out(e, 'PURCHASE_ENRICHED')).toEqual([[7, enriched1, 10_000], [99, enriched2, 12_000]]);
    expect(out(e, 'PURCHASE_COUNT_BY_CITY_PER_30MIN')).toEqual([['Caen', [0, 1_800_000], { PURCHASE_COUNT: 1 }, 10_000]]);
    expect(out(e, 'BIG_PURCHASE')).toEqual([['p1', { PURCHASEID: 'p1', CUSTOMERID: 7, BOOKIDS: ['b1', 'b2'], PACKET: null, TOTALAMOUNT: 31_500 }, 10_000]]);
    expect(out(e, 'AVG_PURCHASE_BY_COUNTRY')).toEqual([['FR', { PURCHASE_COUNT: 1, TOTAL_AMOUNT: 31_500, AVG_AMOUNT: 31_500 }, 10_000]]);
  });

  it('B-c: TOTAL_PAYMENTS_BY_5SEC sums payments per 5 s, key DUMMY = 1', () => {
    const e = seedEngine('bookstore');
    const payments: [number, number][] = [[1000, 1000], [4999, 2500], [5000, 700], [3000, 300]];
    payments.forEach(([ts, amount], i) => e.produce('payment', { key: `t${i}`, value: { transactionId: `t${i}`, referenceNumber: 'p', timestamp: T0 + ts, amount }, timestamp: T0 + ts }));
    expect(out(e, 'TOTAL_PAYMENTS_BY_5SEC')).toEqual([
      [1, [0, 5000], { TOTAL_AMOUNT: 1000 }, 1000],
      [1, [0, 5000], { TOTAL_AMOUNT: 3500 }, 4999],
      [1, [5000, 10_000], { TOTAL_AMOUNT: 700 }, 5000],
      [1, [0, 5000], { TOTAL_AMOUNT: 3800 }, 4999],
    ]);
  });
});

describe('tfl examples (SCENARIOS.md §3.5)', () => {
  it('T-a: entries and exits enriched by station at processing time; unknown stations dropped', () => {
    const e = seedEngine('tfl');
    e.produce('stations', { key: 'Bank', value: { name: 'Bank', location: '51.5124,-0.09031' }, timestamp: T0 });
    e.produce('entries', { key: 'Bank', value: { user: 'Ava Stone', station: 'Bank', delta: 1, '@timestamp': '2024-01-01T00:00:01Z' }, timestamp: T0 + 1234 });
    e.produce('entries', { key: 'Atlantis', value: { user: 'Zed', station: 'Atlantis', delta: 1 }, timestamp: T0 + 2000 });
    e.produce('exits', { key: 'Bank', value: { user: 'Bo Li', delta: -1 }, timestamp: T0 + 3500 });
    e.produce('stations', { key: 'Bank', value: { name: 'Bank', location: '51.5130,-0.0890' }, timestamp: T0 + 5000 });
    e.produce('entries', { key: 'Bank', value: { user: 'Cy Ng', delta: 1 }, timestamp: T0 + 6000 });
    const row = (ts: string, user: string, delta: number, location: string) => ({ '@timestamp': ts, user, delta, station: 'Bank', location });
    expect(out(e, 'station_entries')).toEqual([
      ['Bank', row('2024-01-01T00:00:01.234Z', 'Ava Stone', 1, '51.5124,-0.09031'), 1234],
      ['Bank', row('2024-01-01T00:00:06.000Z', 'Cy Ng', 1, '51.5130,-0.0890'), 6000],
    ]);
    expect(out(e, 'station_exits')).toEqual([['Bank', row('2024-01-01T00:00:03.500Z', 'Bo Li', -1, '51.5124,-0.09031'), 3500]]);
  });

  it('T-b: STATION_OCCUPANCY and NETWORK_OCCUPANCY, one update per event', () => {
    const e = seedEngine('tfl');
    for (const s of ['Bank', 'Angel']) e.produce('stations', { key: s, value: { name: s, location: '0,0' }, timestamp: T0 });
    e.produce('entries', { key: 'Bank', value: { user: 'u1', delta: 1 }, timestamp: T0 + 1000 });
    e.produce('entries', { key: 'Bank', value: { user: 'u2', delta: 1 }, timestamp: T0 + 2000 });
    e.produce('entries', { key: 'Angel', value: { user: 'u3', delta: 1 }, timestamp: T0 + 3000 });
    e.produce('exits', { key: 'Angel', value: { user: 'u1', delta: -1 }, timestamp: T0 + 4000 });
    e.produce('exits', { key: 'Bank', value: { user: 'u3', delta: -1 }, timestamp: T0 + 5000 });
    const occ = (OCCUPANCY: number, ENTRIES: number, EXITS: number) => ({ OCCUPANCY, ENTRIES, EXITS });
    expect(out(e, 'STATION_OCCUPANCY')).toEqual([
      ['Bank', occ(1, 1, 0), 1000], ['Bank', occ(2, 2, 0), 2000], ['Angel', occ(1, 1, 0), 3000], ['Angel', occ(0, 1, 1), 4000], ['Bank', occ(1, 2, 1), 5000],
    ]);
    expect(out(e, 'NETWORK_OCCUPANCY').map((r) => [(r as unknown[])[0], (r as unknown[])[1]])).toEqual([1, 2, 3, 2, 1].map((n) => [1, { OCCUPANCY: n }]));
  });
});

describe('customers example (SCENARIOS.md §4.5, C-b)', () => {
  it('C1 push query, jovens, idadeclass and idadecont', () => {
    const e = seedEngine('customers');
    const r1 = { nome: 'Ana Lima', sexo: 'F', telefone: '1', email: 'a@ex.org', profissao: 'x', nascimento: 12_182, dt_update: T0 + 530 };
    const r2 = { nome: 'Rui Alves', sexo: 'M', telefone: '2', email: 'r@ex.org', profissao: 'y', nascimento: -1795, dt_update: T0 + 1080 };
    e.produce('psg-customers', { key: null, value: r1, timestamp: T0 + 1000 });
    e.produce('psg-customers', { key: null, value: r2, timestamp: T0 + 1500 });
    const c1 = e.pushQueries().find((q) => /dt_updt_conv/i.test(q.sql));
    // rows are [NOME, TELEFONE, EMAIL, DT_NASCIMENTO, DT_UPDT_CONV] (the stream has no key column)
    expect(c1?.rows.map((r) => [r[0], r[3], r[4]])).toEqual([
      ['Ana Lima', '1970-01-01', '2024-01-01 00:00:00.530'],
      ['Rui Alves', '1969-12-31', '2024-01-01 00:00:01.080'],
    ]);
    expect(out(e, 'jovens')).toEqual([
      [null, { NOME: 'Ana Lima', SEXO: 'F', TELEFONE: '1', EMAIL: 'a@ex.org', PROFISSAO: 'x', DT_NASCIMENTO: '2003-05-10', DT_UPDT: '2024-01-01 00:00:00.530' }, 1000],
    ]);
    expect(out(e, 'idadeclass').map((r) => [((r as unknown[])[1] as { NOME: string }).NOME, ((r as unknown[])[1] as { IDADECAT: string }).IDADECAT, (r as unknown[])[2]])).toEqual([
      ['Ana Lima', 'JOVEM', 1000],
      ['Rui Alves', 'ADULTO', 1500],
    ]);
    expect(out(e, 'idadecont')).toEqual([
      ['JOVEM', [0, 30_000], { CONTAGEM: 1 }, 1000],
      ['ADULTO', [0, 30_000], { CONTAGEM: 1 }, 1500],
    ]);
  });
});

describe('pizza examples (SCENARIOS.md §5.2, §5.6)', () => {
  it('P1: every status record is copied to pizza-status with ROWTIME = timestamp', () => {
    const e = seedEngine('pizza');
    e.produce('pizza-ordered', { key: '3f9a1c2e', value: { status: 100, timestamp: T0 }, timestamp: T0 });
    e.produce('pizza-assembled', { key: '3f9a1c2e', value: { status: 200, baking_time: 13, timestamp: T0 + 9150 }, timestamp: T0 + 9150 });
    expect(out(e, 'pizza-status')).toEqual([
      ['3f9a1c2e', { STATUS: 100, TIMESTAMP: T0 }, 0],
      ['3f9a1c2e', { STATUS: 200, TIMESTAMP: T0 + 9150 }, 9150],
    ]);
  });

  it('P-d: INVENTORY, PRODUCT_TXN_PER_HOUR in 12 hopping windows, ABC_PROMOTIONS', () => {
    const e = seedEngine('pizza');
    const doc = { product_id: 1, name: 'Widget', list: 100, discount: 10, available: 90, capacity: 100, txn_hour: 5 };
    e.produce('abc.inventory', { key: '1', value: { operationType: 'insert', fullDocument: doc }, timestamp: T0 });
    e.produce('abc.transactions', { key: 't1', value: { fullDocument: { cust_id: 7, prod_id: 1, txn_ts: T0 + 600_000 } }, timestamp: T0 + 600_000 });
    expect(out(e, 'INVENTORY')).toEqual([[1, { NAME: 'Widget', LIST_PRICE: 100, DISCOUNT: 10, AVAILABLE: 90, CAPACITY: 100, TXN_HOUR: 5 }, 0]]);
    const starts = Array.from({ length: 12 }, (_, i) => -2_700_000 + 300_000 * i);
    expect(out(e, 'PRODUCT_TXN_PER_HOUR')).toEqual(
      starts.map((s) => [{ PROD_ID: 1, PRODUCT_NAME: 'Widget' }, [s, s + 3_600_000], { TXN_PER_HOUR: 1, EXPECTED_TXN_PER_HOUR: 5, STOCK_LEVEL: 90 }, 600_000]),
    );
    const promo = { TS: '2024-01-01 00:10:00', PROD_ID: 1, PRODUCT_NAME: 'Widget', STOCK_LEVEL: 90, TXN_PER_HOUR: 1, EXPECTED_TXN_PER_HOUR: 5 };
    expect(out(e, 'ABC_PROMOTIONS').map((r) => (r as unknown[]).slice(-2))).toEqual(starts.map(() => [promo, 600_000]));
  });
});
