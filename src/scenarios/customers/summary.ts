import { numberOf, type ScenarioOutputRecord, type SummaryTable } from '../common/index.js';
import { CUSTOMERS_OUTPUTS } from './queries.js';

type Outputs = ReadonlyMap<string, readonly ScenarioOutputRecord[]>;

const field = (r: ScenarioOutputRecord, name: string): unknown => (r.value as Record<string, unknown> | null)?.[name] ?? null;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Young vs adult rows (C3), with C2's count beside them (they must agree, §4.4 invariant 4). */
function ageClasses(outputs: Outputs): SummaryTable {
  const rows = outputs.get(CUSTOMERS_OUTPUTS.idadeclass) ?? [];
  const jovem = rows.filter((r) => field(r, 'IDADECAT') === 'JOVEM').length;
  const adulto = rows.filter((r) => field(r, 'IDADECAT') === 'ADULTO').length;
  const share = (n: number): string => (rows.length === 0 ? '-' : `${((100 * n) / rows.length).toFixed(1)}%`);
  return {
    title: 'C2/C3: young (born 2000 or later) vs adult rows',
    columns: ['category', 'rows (idadeclass)', 'share', 'jovens'],
    rows: [
      ['JOVEM', jovem, share(jovem), (outputs.get(CUSTOMERS_OUTPUTS.jovens) ?? []).length],
      ['ADULTO', adulto, share(adulto), null],
    ],
  };
}

/** C4: the final count per 30 s window and category (the last update of each windowed key). */
function perWindow(outputs: Outputs): SummaryTable {
  const counts = new Map<number, { JOVEM: number; ADULTO: number }>();
  for (const r of outputs.get(CUSTOMERS_OUTPUTS.idadecont) ?? []) {
    const key = r.key as { key: unknown; window: { start: number } } | null;
    if (key === null || typeof key !== 'object' || !('window' in key)) continue;
    const cat = key.key === 'JOVEM' || (key.key as Record<string, unknown> | null)?.['IDADECAT'] === 'JOVEM' ? 'JOVEM' : 'ADULTO';
    const entry = counts.get(key.window.start) ?? { JOVEM: 0, ADULTO: 0 };
    counts.set(key.window.start, { ...entry, [cat]: numberOf(field(r, 'CONTAGEM')) });
  }
  return {
    title: 'C4 idadecont: rows per 30 s window (final counts, UTC window start)',
    columns: ['window', 'JOVEM', 'ADULTO'],
    rows: [...counts.entries()].sort(([a], [b]) => a - b).map(([start, c]) => [iso(start), c.JOVEM, c.ADULTO]),
  };
}

/**
 * What the connector delivered, as seen through C1 (one row per `psg-customers` record). An update is a record
 * whose (NOME, EMAIL) was seen before: the topic has no key, so this is the only way to tell, and two rows that
 * share name and e-mail would count as one.
 */
function connector(outputs: Outputs): SummaryTable {
  const c1 = outputs.get(CUSTOMERS_OUTPUTS.c1) ?? [];
  const seen = new Set<string>();
  let updates = 0;
  for (const r of c1) {
    const id = JSON.stringify([field(r, 'NOME'), field(r, 'EMAIL')]);
    if (seen.has(id)) updates++;
    else seen.add(id);
  }
  return {
    title: 'Connector: psg-customers records (C1 rows)',
    columns: ['records polled', 'distinct rows', 'updates seen'],
    rows: [[c1.length, seen.size, updates]],
  };
}

export function summarizeCustomers(outputs: Outputs): SummaryTable[] {
  return [connector(outputs), ageClasses(outputs), perWindow(outputs)];
}
