import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEngineFactory } from '../../src/sql/qtt/load-engine.js';
import { perFile, summaryLine, totals } from '../../src/sql/qtt/report.js';
import { parseFormatList, runQttPaths } from '../../src/sql/qtt/runner.js';

/**
 * ksqlDB's own query-validation tests, read from ../shared/qtt (never copied into the project), run through
 * the real engine in the formats streamsim supports. The pass count may only go up: it must not fall below
 * fixtures/qtt/ratchet.json.
 */
const QTT_DIR = fileURLToPath(new URL('../../../shared/qtt', import.meta.url));
const RATCHET_FILE = fileURLToPath(new URL('../../fixtures/qtt/ratchet.json', import.meta.url));
const ONLY_FORMATS = 'JSON,KAFKA,DELIMITED,NONE';
/** Per case; generous, as CI machines are small. A case past it fails instead of hanging the suite. */
const CASE_BUDGET_MS = 5_000;

describe.skipIf(!existsSync(QTT_DIR))(`ksqlDB conformance (${QTT_DIR}, --only-formats ${ONLY_FORMATS})`, () => {
  it('passes at least as many cases as the ratchet records', { timeout: 40 * 60_000 }, async (ctx) => {
    const factory = await loadEngineFactory().catch((err: unknown) =>
      ctx.skip(`the SQL engine (src/sql/engine/index.ts createQttEngine) cannot be loaded yet: ${err instanceof Error ? err.message : String(err)}`),
    );
    const run = runQttPaths([QTT_DIR], factory, { onlyFormats: parseFormatList(ONLY_FORMATS), budgetMs: CASE_BUDGET_MS });
    const t = totals(run.results);
    const ratchet = (JSON.parse(readFileSync(RATCHET_FILE, 'utf8')) as { passed: number }).passed;

    const worst = [...perFile(run.results)]
      .filter(([, c]) => c.failed + c.skipped > 0)
      .sort(([a, x], [b, y]) => y.failed + y.skipped - (x.failed + x.skipped) || a.localeCompare(b))
      .slice(0, 10)
      .map(([file, c]) => `${file}: ${summaryLine(c)}`);
    console.log(`qtt conformance: ${summaryLine(t)} (${run.leftOut} cases left out by --only-formats)\nmost failing files:\n  ${worst.join('\n  ')}`);
    if (t.passed > ratchet) {
      console.log(`qtt conformance: ${t.passed} passed > ratchet ${ratchet}: raise "passed" in fixtures/qtt/ratchet.json to ${t.passed}`);
    }

    expect(
      t.passed,
      `ksqlDB conformance fell to ${t.passed} passing cases, below the ratchet of ${ratchet} in fixtures/qtt/ratchet.json. ` +
        'Find the cases that stopped passing with `streamsim qtt --only-formats JSON,KAFKA,DELIMITED,NONE ../shared/qtt` and fix them. ' +
        '(The ratchet only goes up: when conformance improves, set "passed" in fixtures/qtt/ratchet.json to the new count.)',
    ).toBeGreaterThanOrEqual(ratchet);
  });
});
