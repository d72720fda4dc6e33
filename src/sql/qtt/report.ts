import { caseLabel } from './expand.js';
import type { CaseResult } from './run-case.js';

export interface QttTotals {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function totals(results: readonly CaseResult[]): QttTotals {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.status === 'passed') passed++;
    else if (r.status === 'failed') failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}

/** `FAIL file.json › case name [JSON]: <short diff>`, on one line whatever the diff holds. */
export function failureLine(r: CaseResult): string {
  return `FAIL ${caseLabel(r)}: ${oneLine(r.reason ?? 'failed')}`;
}

export function skipLine(r: CaseResult): string {
  return `SKIP ${caseLabel(r)}: ${oneLine(r.reason ?? 'skipped')}`;
}

/** The plain closing line test tooling reads: `N passed, N failed, N skipped`. */
export function summaryLine(t: QttTotals): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
}

export interface ReportOptions {
  /** Also list skipped cases with the feature they need. */
  readonly showSkips?: boolean;
  /** How many cases --only-formats left out, said before the summary when any. */
  readonly leftOut?: number;
}

/** The whole text report: failures (and skips if asked), then the summary as the very last line. */
export function formatReport(results: readonly CaseResult[], options: ReportOptions = {}): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.status === 'failed') lines.push(failureLine(r));
    else if (r.status === 'skipped' && options.showSkips === true) lines.push(skipLine(r));
  }
  if (options.leftOut !== undefined && options.leftOut > 0) lines.push(`${options.leftOut} cases left out by --only-formats`);
  lines.push(summaryLine(totals(results)));
  return `${lines.join('\n')}\n`;
}

/** Per-file counts, for the README's conformance table. */
export function perFile(results: readonly CaseResult[]): Map<string, QttTotals> {
  const byFile = new Map<string, CaseResult[]>();
  for (const r of results) {
    const list = byFile.get(r.file);
    if (list === undefined) byFile.set(r.file, [r]);
    else list.push(r);
  }
  return new Map([...byFile].map(([file, rs]) => [file, totals(rs)]));
}

/** What `--json FILE` writes: the totals and every case's result. */
export function jsonReport(results: readonly CaseResult[], leftOut = 0): string {
  return `${JSON.stringify({ ...totals(results), leftOut, cases: results }, null, 2)}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ⏎ ');
}
