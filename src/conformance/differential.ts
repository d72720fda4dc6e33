import { compareCase, type CaseComparison } from './compare.js';
import { generateInputs } from './inputs.js';
import { runKafkaReference, type ReferenceOptions } from './java-reference.js';
import { runStreamsim } from './run.js';
import { WORKLOADS, type WorkloadName } from './workloads.js';

export interface DifferentialOptions extends ReferenceOptions {
  readonly workloads: readonly WorkloadName[];
  readonly seeds: readonly number[];
  /** Records per case (default: 50 to 300, from the seed). */
  readonly records?: number;
}

export interface WorkloadSummary {
  readonly workload: WorkloadName;
  readonly seeds: number;
  /** Output record pairs compared over all seeds. */
  readonly recordsCompared: number;
  readonly mismatchingSeeds: readonly number[];
  /** The first mismatching case (lowest seed), if any. */
  readonly firstMismatch: CaseComparison | null;
}

export interface DifferentialReport {
  readonly cases: readonly CaseComparison[];
  readonly summaries: readonly WorkloadSummary[];
  readonly identical: boolean;
}

/** Every workload on every seed, on both sides (one JVM for all), compared record by record. */
export function runDifferential(options: DifferentialOptions): DifferentialReport {
  const plan = options.workloads.flatMap((workload) =>
    options.seeds.map((seed) => ({ workload, seed, input: generateInputs(workload, seed, { records: options.records }) })),
  );
  const kafka = runKafkaReference(plan.map((p) => ({ workload: p.workload, label: `seed${p.seed}`, input: p.input })), options);
  const cases = plan.map((p, i) => compareCase(p.workload, p.seed, kafka[i]!.outputs, runStreamsim(WORKLOADS[p.workload], p.input)));
  const summaries = options.workloads.map((workload): WorkloadSummary => {
    const mine = cases.filter((c) => c.workload === workload);
    const bad = mine.filter((c) => c.mismatch !== null);
    return {
      workload,
      seeds: mine.length,
      recordsCompared: mine.reduce((n, c) => n + c.compared, 0),
      mismatchingSeeds: bad.map((c) => c.seed),
      firstMismatch: bad[0] ?? null,
    };
  });
  return { cases, summaries, identical: cases.every((c) => c.mismatch === null) };
}

/** The table `npm run diff` prints: workload, seeds, records compared, mismatching seeds, first mismatch. */
export function formatSummaryTable(summaries: readonly WorkloadSummary[]): string {
  const rows = summaries.map((s) => [
    s.workload,
    String(s.seeds),
    String(s.recordsCompared),
    String(s.mismatchingSeeds.length),
    s.firstMismatch === null ? '-' : `seed ${s.firstMismatch.seed}, #${s.firstMismatch.mismatch!.index} (${s.firstMismatch.mismatch!.fields.join(', ')})`,
  ]);
  const header = ['workload', 'seeds', 'records compared', 'mismatching seeds', 'first mismatch'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = [false, true, true, true, false];
  const line = (cells: readonly string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
