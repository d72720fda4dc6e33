import { createHash } from 'node:crypto';
import { stableStringify } from '../key-id.js';
import type { StoredRecord } from '../record.js';

/** One step of a run: a record a task consumed (`task` set) or a record the run produced (`task` null). */
export interface TraceEvent {
  readonly task: string | null;
  readonly record: StoredRecord;
}

/**
 * Every record in and out, kept by reference (records are immutable), so tracing costs one small object per
 * step; the hash is computed only when asked.
 */
export class Trace {
  readonly events: TraceEvent[] = [];

  constructor(readonly enabled: boolean) {}

  input(task: string, record: StoredRecord): void {
    if (this.enabled) this.events.push({ task, record });
  }

  output(record: StoredRecord): void {
    if (this.enabled) this.events.push({ task: null, record });
  }

  /** Lines like `in 0_1 topic-1@3 key value ts`, readable in a diff. */
  lines(): string[] {
    return this.events.map(traceLine);
  }

  hash(): string {
    return hashTraceEvents(this.events);
  }
}

/** SHA-256 over the events' lines: the trace hash of any run, also one spread over restarted runtimes. */
export function hashTraceEvents(events: readonly TraceEvent[]): string {
  const h = createHash('sha256');
  for (const e of events) h.update(traceLine(e)).update('\n');
  return h.digest('hex');
}

export function traceLine(e: TraceEvent): string {
  const r = e.record;
  const head = e.task === null ? 'out' : `in ${e.task}`;
  const headers = r.headers.length === 0 ? '' : ` ${stableStringify(r.headers.map((h) => [h.key, typeof h.value === 'string' || h.value === null ? h.value : Buffer.from(h.value).toString('base64')]))}`;
  return `${head} ${r.topic}-${r.partition}@${r.offset} ${stableStringify(r.key)} ${stableStringify(r.value)} ${r.timestamp}${headers}`;
}
