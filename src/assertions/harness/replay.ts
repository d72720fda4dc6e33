import { stableStringify } from '../../sim/key-id.js';
import { renderTable, historyTable } from './history-table.js';
import { evaluate, type HistoryTable, type JsonValue } from './invariant-spec.js';
import { readReplayFile, type ReplayFile } from './replay-file.js';
import { replayableSpec } from './replay-registry.js';

export interface ReplayOutcome {
  readonly file: ReplayFile;
  readonly table: HistoryTable;
  /** Why the invariant fails now; null: it holds now. */
  readonly reason: string | null;
  readonly observed: JsonValue;
  /** The failure came back: a reason again, with the recorded reason and outputs byte for byte. */
  readonly reproduced: boolean;
  readonly sameReason: boolean;
  readonly sameObserved: boolean;
  /** What the regression suite expects: reproduced, or, for a file marked `fixed`, passing. */
  readonly asRecorded: boolean;
}

/**
 * Re-runs a replay file (a path or an already-read file): rebuilds its spec from the registry with the recorded
 * options, decodes the history and runs it again. The spec's module must have been imported (it registers).
 */
export function replay(fileOrPath: string | ReplayFile): ReplayOutcome {
  const file = typeof fileOrPath === 'string' ? readReplayFile(fileOrPath) : fileOrPath;
  const spec = replayableSpec(file.spec, file.options);
  const history = spec.decode(file.history);
  const { observed, reason } = evaluate(spec, history);
  const sameReason = reason === file.reason;
  const sameObserved = stableJson(observed) === stableJson(file.observed);
  const reproduced = reason !== null && sameReason && sameObserved;
  return {
    file,
    table: historyTable(spec, history),
    reason,
    observed,
    reproduced,
    sameReason,
    sameObserved,
    asRecorded: file.fixed === true ? reason === null : reproduced,
  };
}

/** Compares as the file stores it: JSON text, so a value only equal after a round trip counts as equal. */
function stableJson(v: JsonValue): string {
  return stableStringify(JSON.parse(JSON.stringify(v)) as unknown);
}

/** The replay as text: the history table, then what happened. */
export function replayReport(outcome: ReplayOutcome): string {
  const f = outcome.file;
  const lines = [
    `replay of ${f.spec} (topology ${f.topology}, recorded by streamsim ${f.streamsimVersion}, seed ${f.seed}, path "${f.path}")`,
    `expected: ${f.invariant}`,
    `faults: ${stableStringify(f.faults)}`,
    `history (${outcome.table.rows.length} record(s)):`,
    renderTable(outcome.table).trimEnd(),
  ];
  if (outcome.reason === null) {
    lines.push(`the invariant holds now: the recorded failure no longer reproduces (recorded reason: ${f.reason})`);
  } else {
    lines.push(`reason: ${outcome.reason}`);
    if (outcome.reproduced) lines.push('reproduced: same reason and the same outputs, byte for byte');
    else {
      if (!outcome.sameReason) lines.push(`differs from the recorded reason: ${f.reason}`);
      if (!outcome.sameObserved) lines.push('the outputs differ from the recorded ones');
    }
  }
  return `${lines.join('\n')}\n`;
}
