import type { QttEngineFactory } from './engine-port.js';
import { expandFile } from './expand.js';
import { loadQttFiles } from './loader.js';
import type { QttFile } from './model.js';
import { runCase, type CaseResult, type RunCaseOptions } from './run-case.js';

export interface RunQttOptions extends RunCaseOptions {
  /** `--only-formats`, upper-case names. */
  readonly onlyFormats?: ReadonlySet<string>;
  /** Called after each case, e.g. to print progress. */
  readonly onResult?: (result: CaseResult) => void;
}

export interface QttRun {
  readonly results: CaseResult[];
  readonly leftOut: number;
}

/** Loads, expands and runs test files or directories of them. */
export function runQttPaths(paths: readonly string[], factory: QttEngineFactory, options: RunQttOptions = {}): QttRun {
  return runQttFiles(loadQttFiles(paths), factory, options);
}

/** Runs loaded files; a file that could not be read counts as one failed case. */
export function runQttFiles(files: readonly QttFile[], factory: QttEngineFactory, options: RunQttOptions = {}): QttRun {
  const results: CaseResult[] = [];
  let leftOut = 0;
  const record = (r: CaseResult): void => {
    results.push(r);
    options.onResult?.(r);
  };
  for (const f of files) {
    if ('error' in f) {
      record({ file: f.file, name: '(file)', status: 'failed', reason: `cannot read: ${f.error}` });
      continue;
    }
    const expansion = expandFile(f.file, f.tests, options.onlyFormats === undefined ? {} : { onlyFormats: options.onlyFormats });
    leftOut += expansion.leftOut;
    for (const c of expansion.cases) record(runCase(c, factory, options));
  }
  return { results, leftOut };
}

/** Parses `--only-formats JSON,KAFKA,...`. */
export function parseFormatList(text: string): Set<string> {
  return new Set(text.split(',').map((f) => f.trim().toUpperCase()).filter((f) => f !== ''));
}
