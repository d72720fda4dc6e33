import { describe, expect, it } from 'vitest';
import { InMemoryTable, JdbcSourceTask } from '../../../src/connect/jdbc/index.js';
import { runScenario, type ScenarioInputRecord, type ScenarioOutputRecord } from '../../../src/scenarios/common/index.js';
import {
  CUSTOMER_COLUMNS,
  CUSTOMERS_CONNECTOR,
  customersHistory,
  customersScenario,
  generateCustomers,
  PsgCustomersValueSchema,
  type CustomerRow,
} from '../../../src/scenarios/customers/index.js';
import { SCENARIOS } from '../../../src/scenarios/registry.js';

const T0 = 1704067200000;
const S = (s: number): number => T0 + Math.round(s * 1000);

function row(values: Partial<CustomerRow>): CustomerRow {
  return { nome: null, sexo: null, endereco: null, telefone: null, email: null, foto: null, nascimento: null, profissao: null, dt_update: null, ...values };
}
const input = (value: CustomerRow, ts: number): ScenarioInputRecord => ({ topic: 'psg-customers', key: null, value, timestamp: ts });
const values = (rs: readonly ScenarioOutputRecord[] | undefined): unknown[] => (rs ?? []).map((r) => r.value);

describe('SCENARIOS.md §4.5 C-b through the scenario statements (runScenario with input)', () => {
  const ana = row({ nome: 'Ana Lima', sexo: 'F', telefone: '1', email: 'a@ex.org', profissao: 'x', nascimento: 12_182, dt_update: S(0.53) });
  const rui = row({ nome: 'Rui Alves', sexo: 'M', telefone: '2', email: 'r@ex.org', profissao: 'y', nascimento: -1795, dt_update: S(1.08) });
  const bia = row({ nome: 'Bia Reis', sexo: 'F', telefone: '3', email: 'b@ex.org', profissao: 'z', nascimento: 12_182, dt_update: S(29.9) });
  const result = runScenario(customersScenario, { seed: 1, input: [input(ana, S(1)), input(rui, S(1.5)), input(bia, S(30))] });
  const out = result.outputs;

  it('C1 (push query): the day count read as ms gives 1970-01-01 / 1969-12-31 (the seed quirk)', () => {
    expect((out.get('C1') ?? []).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      [null, { NOME: 'Ana Lima', TELEFONE: '1', EMAIL: 'a@ex.org', DT_NASCIMENTO: '1970-01-01', DT_UPDT_CONV: '2024-01-01 00:00:00.530' }, S(1)],
      [null, { NOME: 'Rui Alves', TELEFONE: '2', EMAIL: 'r@ex.org', DT_NASCIMENTO: '1969-12-31', DT_UPDT_CONV: '2024-01-01 00:00:01.080' }, S(1.5)],
      [null, { NOME: 'Bia Reis', TELEFONE: '3', EMAIL: 'b@ex.org', DT_NASCIMENTO: '1970-01-01', DT_UPDT_CONV: '2024-01-01 00:00:29.900' }, S(30)],
    ]);
  });

  it('C2 jovens: only the young rows, key null, DATETOSTRING on the day count', () => {
    expect((out.get('jovens') ?? []).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      [null, { NOME: 'Ana Lima', SEXO: 'F', TELEFONE: '1', EMAIL: 'a@ex.org', PROFISSAO: 'x', DT_NASCIMENTO: '2003-05-10', DT_UPDT: '2024-01-01 00:00:00.530' }, S(1)],
      [null, { NOME: 'Bia Reis', SEXO: 'F', TELEFONE: '3', EMAIL: 'b@ex.org', PROFISSAO: 'z', DT_NASCIMENTO: '2003-05-10', DT_UPDT: '2024-01-01 00:00:29.900' }, S(30)],
    ]);
  });

  it('C3 idadeclass: Ana JOVEM @+1.0s, then Rui ADULTO @+1.5s (no SEXO column)', () => {
    expect(values(out.get('idadeclass')).slice(0, 2)).toEqual([
      { NOME: 'Ana Lima', TELEFONE: '1', EMAIL: 'a@ex.org', PROFISSAO: 'x', IDADECAT: 'JOVEM', DT_UPDT: '2024-01-01 00:00:00.530' },
      { NOME: 'Rui Alves', TELEFONE: '2', EMAIL: 'r@ex.org', PROFISSAO: 'y', IDADECAT: 'ADULTO', DT_UPDT: '2024-01-01 00:00:01.080' },
    ]);
    expect((out.get('idadeclass') ?? []).map((r) => r.timestamp)).toEqual([S(1), S(1.5), S(30)]);
  });

  it('C4 idadecont: JOVEM W[0,30s) 1 @+1.0s, ADULTO W[0,30s) 1 @+1.5s, then JOVEM W[30s,60s) 1', () => {
    const win = (s: number): { start: number; end: number } => ({ start: S(s), end: S(s + 30) });
    // CONTAGEM is a BIGINT in a JSON sink: compared as it reads on the wire
    expect((out.get('idadecont') ?? []).map((r) => [r.key, JSON.parse(JSON.stringify(r.value)), r.timestamp])).toEqual([
      [{ key: 'JOVEM', window: win(0) }, { CONTAGEM: 1 }, S(1)],
      [{ key: 'ADULTO', window: win(0) }, { CONTAGEM: 1 }, S(1.5)],
      [{ key: 'JOVEM', window: win(30) }, { CONTAGEM: 1 }, S(30)],
    ]);
  });

  it('summary: records polled, young vs adult, per-window counts', () => {
    const [connector, classes, windows] = result.summary;
    expect(connector!.rows).toEqual([[3, 3, 0]]);
    expect(classes!.rows).toEqual([
      ['JOVEM', 2, '66.7%', 2],
      ['ADULTO', 1, '33.3%', null],
    ]);
    expect(windows!.rows).toEqual([
      ['2024-01-01 00:00:00', 1, 1],
      ['2024-01-01 00:00:30', 1, 0],
    ]);
  });
});

describe('summary on generated data with updates', () => {
  it('counts every bumping update of the history as an update seen, and each row once as distinct', () => {
    const options = { durationMs: 20_000, update: { p: 0.5 }, silentUpdate: { p: 0.5 } };
    const { writes } = customersHistory({ seed: 4, ...options });
    const inserts = writes.filter((w) => w.kind === 'insert').length;
    const bumps = writes.filter((w) => w.kind === 'update').length;
    expect(bumps).toBeGreaterThan(0);
    const run = runScenario(customersScenario, { seed: 4, options });
    expect(run.summary[0]!.rows).toEqual([[inserts + bumps, inserts, bumps]]);
  });
});

describe('the scenario connector (§4.2) on the C-a rows', () => {
  it('emits r1, r2, r3, then r1′ and r5 at +2.5s; r4 is lost', () => {
    const t = new InMemoryTable('customers', CUSTOMER_COLUMNS);
    const r1 = t.insert({ nome: 'r1', dt_update: S(0.53) }, S(0.53));
    t.insert({ nome: 'r2', dt_update: S(1.08) }, S(1.08));
    t.insert({ nome: 'r3', dt_update: S(1.61) }, S(1.61));
    t.update(r1, { telefone: 'new', dt_update: S(2.2) }, S(2.2));
    t.insert({ nome: 'r4', dt_update: S(2.3) }, S(2.6));
    t.insert({ nome: 'r5', dt_update: S(2.45) }, S(2.45));
    const records = new JdbcSourceTask(t, CUSTOMERS_CONNECTOR, { startTime: T0 }).runUntil(S(10));
    expect(records.map((r) => [r.topic, r.key, r.value['nome'], r.value['telefone'], (r.timestamp - T0) / 1000])).toEqual([
      ['psg-customers', null, 'r1', null, 1],
      ['psg-customers', null, 'r2', null, 1.5],
      ['psg-customers', null, 'r3', null, 2],
      ['psg-customers', null, 'r1', 'new', 2.5],
      ['psg-customers', null, 'r5', null, 2.5],
    ]);
  });
});

describe('customers generator (§4.2)', () => {
  it('is deterministic: the same seed and options give identical records; another seed differs', () => {
    const opts = { seed: 7, durationMs: 20_000, update: { p: 0.3 }, silentUpdate: { p: 0.3 }, commitLag: { p: 0.3, maxMs: 1500 } };
    expect(JSON.stringify(generateCustomers(opts))).toBe(JSON.stringify(generateCustomers(opts)));
    expect(JSON.stringify(generateCustomers({ ...opts, seed: 8 }))).not.toBe(JSON.stringify(generateCustomers(opts)));
  });

  it('emits what the connector produced: null keys, values valid for psg-customers, poll-time timestamps', () => {
    const records = generateCustomers({ seed: 3, durationMs: 10_000 });
    // inserts every 520..560 ms for 10 s: 17 to 19 rows
    expect(records.length).toBeGreaterThanOrEqual(17);
    expect(records.length).toBeLessThanOrEqual(19);
    for (const r of records) {
      expect(r.topic).toBe('psg-customers');
      expect(r.key).toBeNull();
      expect(PsgCustomersValueSchema.safeParse(r.value).success).toBe(true);
      expect((r.timestamp - T0) % 500).toBe(0);
      expect(r.appendAt).toBe(r.timestamp);
      expect(r.value.endereco).toMatch(/^.+\n.+, [A-Z]{2} \d{5}(-\d{4})?$/);
      expect(['M', 'F']).toContain(r.value.sexo);
    }
  });

  it('updates draw from their own label: switching them on leaves the inserted rows unchanged', () => {
    const plain = generateCustomers({ seed: 5, durationMs: 15_000 });
    const withUpdates = generateCustomers({ seed: 5, durationMs: 15_000, update: { p: 0.5 }, silentUpdate: { p: 0.5 } });
    const firstSeen = (rs: typeof plain): string[] => {
      const seen = new Map<string, string>();
      for (const r of rs) if (!seen.has(r.value.email!)) seen.set(r.value.email!, `${r.value.nome}|${r.value.nascimento}`);
      return [...seen.values()];
    };
    expect(firstSeen(withUpdates)).toEqual(firstSeen(plain));
    expect(withUpdates.length).toBeGreaterThan(plain.length);
  });

  it('sizeFor(n) gives n records within ±20% at the defaults', () => {
    for (const n of [100, 400]) {
      const got = generateCustomers({ seed: 2, ...customersScenario.sizeFor(n) }).length;
      expect(got).toBeGreaterThanOrEqual(0.8 * n);
      expect(got).toBeLessThanOrEqual(1.2 * n);
    }
  });

  it('is registered, after tfl and before pizza when those are (the spec order)', () => {
    const names = SCENARIOS.map((s) => s.name);
    const at = names.indexOf('customers');
    expect(at).toBeGreaterThanOrEqual(0);
    if (names.includes('tfl')) expect(names.indexOf('tfl')).toBeLessThan(at);
    if (names.includes('pizza')) expect(names.indexOf('pizza')).toBeGreaterThan(at);
  });
});
