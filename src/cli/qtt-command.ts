import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { QttEngineFactory } from '../sql/qtt/engine-port.js';
import { KNOWN_FORMATS } from '../sql/qtt/expand.js';
import { loadEngineFactory } from '../sql/qtt/load-engine.js';
import { formatReport, jsonReport, totals } from '../sql/qtt/report.js';
import { DEFAULT_BUDGET_MS } from '../sql/qtt/run-case.js';
import { parseFormatList, runQttPaths } from '../sql/qtt/runner.js';
import type { CliIo } from './program.js';

export interface QttCommandDeps {
  /** Where the engine comes from; specs pass a fake. */
  readonly loadFactory?: () => Promise<QttEngineFactory>;
}

interface QttOptions {
  onlyFormats?: string;
  json?: string;
  budgetMs: number;
  showSkips?: boolean;
}

function positiveInteger(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`--budget-ms must be an integer >= 1, got '${raw}'`);
  return n;
}

/**
 * `streamsim qtt <file-or-dir>...`: runs ksqlDB query-validation tests and prints one line per failing case,
 * then `N passed, N failed, N skipped`. Exits non-zero when any case failed.
 */
export function registerQttCommand(program: Command, io: CliIo, deps: QttCommandDeps = {}): void {
  program
    .command('qtt')
    .description("run ksqlDB query-validation-test files (or directories of them) through streamsim's SQL engine")
    .argument('<paths...>', 'test files or directories')
    .option('--only-formats <list>', 'comma-separated formats, e.g. JSON,KAFKA,DELIMITED,NONE: other formats are left out')
    .option('--json <file>', 'write per-case results to this file')
    .option('--budget-ms <n>', 'wall-clock budget of one case', positiveInteger, DEFAULT_BUDGET_MS)
    .option('--show-skips', 'also list skipped cases and the feature each needs')
    .action(async (paths: string[], opts: QttOptions) => {
      const onlyFormats = opts.onlyFormats === undefined ? undefined : parseFormatList(opts.onlyFormats);
      const unknown = [...(onlyFormats ?? [])].filter((f) => !(KNOWN_FORMATS as readonly string[]).includes(f));
      if (unknown.length > 0) throw new InvalidArgumentError(`--only-formats: unknown format ${unknown.join(', ')}; known: ${KNOWN_FORMATS.join(', ')}`);
      const factory = await (deps.loadFactory ?? (() => loadEngineFactory()))();
      const run = runQttPaths(paths, factory, {
        budgetMs: opts.budgetMs,
        ...(onlyFormats === undefined ? {} : { onlyFormats }),
      });
      if (opts.json !== undefined) writeFileSync(opts.json, jsonReport(run.results, run.leftOut));
      io.out(formatReport(run.results, { showSkips: opts.showSkips === true, leftOut: run.leftOut }));
      const t = totals(run.results);
      if (t.failed > 0) throw new Error(`${t.failed} of ${run.results.length} cases failed`);
    });
}
