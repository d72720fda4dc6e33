import { SqlEvaluationError, SqlParseError, SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { JsonNumber } from '../values.js';
import { diffValues, show } from './compare.js';
import type { QttEngine, QttEngineFactory, QttHeader, QttInputRecord, QttOutputRecord, QttWindow } from './engine-port.js';
import type { QttCase } from './expand.js';
import { qttTestFunctions } from './test-udfs.js';
import type { QttExpectedException, QttPostConditions, QttRecordNode } from './model.js';

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  readonly file: string;
  readonly name: string;
  readonly format?: string;
  readonly config?: string;
  readonly status: CaseStatus;
  /** Why it failed (a short diff) or was skipped (the feature streamsim lacks). */
  readonly reason?: string;
}

export interface RunCaseOptions {
  /** Wall-clock budget for one case, in milliseconds. */
  readonly budgetMs?: number;
  /** Milliseconds from some fixed origin; injectable so specs can run out of time on purpose. */
  readonly clock?: () => number;
  readonly seed?: number;
}

export const DEFAULT_BUDGET_MS = 10_000;

/** What ksqlDB's harness always sets (TestExecutor.BASE_CONFIG); a test's own properties override it. */
export const HARNESS_PROPERTIES: Readonly<Record<string, string>> = { 'ksql.service.id': 'some.ksql.service.id' };

/** Thrown through the engine when a case runs past its budget. */
export class QttBudgetExceeded extends Error {
  override readonly name = 'QttBudgetExceeded';
}

type Phase = 'statements' | 'inputs';

/** A case's failure found by the runner itself (as opposed to an error the engine threw). */
class CaseFailure extends Error {}

/**
 * Runs one case the way ksqlDB's TestExecutor does: create the topics the test names, run the statements
 * (joined by newlines into one text, so parse errors give lines within it), pipe the inputs in list order,
 * then compare each output topic, then the post conditions. Never throws: whatever goes wrong, including
 * an exception of any kind from the engine, becomes this case's result.
 */
export function runCase(c: QttCase, factory: QttEngineFactory, options: RunCaseOptions = {}): CaseResult {
  const base = { file: c.file, name: c.name, ...(c.format === undefined ? {} : { format: c.format }), ...(c.config === undefined ? {} : { config: c.config }) };
  // A wall-clock budget that stops a runaway test case; it never reaches engine time.
  const clock = options.clock ?? (() => performance.now()); // determinism-ok
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const deadline = clock() + budgetMs;
  const checkBudget = (): void => {
    if (clock() > deadline) throw new QttBudgetExceeded(`ran past its ${budgetMs} ms budget`);
  };
  let phase: Phase = 'statements';
  try {
    const engine = factory({ properties: { ...HARNESS_PROPERTIES, ...c.properties }, seed: options.seed ?? 0, checkBudget, extraFunctions: qttTestFunctions });
    for (const [topic, partitions] of topicsToCreate(c)) engine.createTopic(topic, partitions);
    engine.execute(c.statements.join('\n'));
    checkBudget();
    phase = 'inputs';
    for (const input of c.inputs) {
      engine.produce(input.topic, toInputRecord(input));
      checkBudget();
    }
    if (c.expectedException !== undefined) {
      return { ...base, status: 'failed', reason: `expected ${describeExpected(c.expectedException)}, but nothing was thrown` };
    }
    const outputDiff = diffOutputs(engine, c.outputs, c.inputs.length === 0);
    if (outputDiff !== null) return { ...base, status: 'failed', reason: outputDiff };
    const postDiff = c.post === undefined ? null : diffPost(engine, c.post);
    if (postDiff !== null) return { ...base, status: 'failed', reason: postDiff };
    return { ...base, status: 'passed' };
  } catch (err) {
    if (err instanceof QttBudgetExceeded) return { ...base, status: 'failed', reason: `timed out: ${err.message}` };
    if (err instanceof SqlUnsupportedError) return { ...base, status: 'skipped', reason: err.feature };
    if (err instanceof CaseFailure) return { ...base, status: 'failed', reason: err.message };
    if (c.expectedException !== undefined) {
      const mismatch = exceptionMismatch(err, c.expectedException, phase);
      return mismatch === null ? { ...base, status: 'passed' } : { ...base, status: 'failed', reason: mismatch };
    }
    return { ...base, status: 'failed', reason: `${phase === 'statements' ? 'statements threw' : 'piping inputs threw'} ${describeError(err)}` };
  }
}

/**
 * The topics ksqlDB's harness creates before the statements run (TestCaseBuilderUtil.getAllTopics): the
 * test's `topics`, the kafka_topic of every CREATE STREAM/TABLE that declares columns (with its PARTITIONS),
 * then the topics of inputs and outputs; one partition unless said otherwise.
 */
export function topicsToCreate(c: Pick<QttCase, 'topics' | 'statements' | 'inputs' | 'outputs'>): Map<string, number> {
  const topics = new Map<string, number>();
  for (const t of c.topics) topics.set(t.name, t.partitions !== undefined && Number.isInteger(t.partitions) && t.partitions > 0 ? t.partitions : 1);
  for (const s of c.statements) {
    const created = createdTopic(s);
    if (created !== null && !topics.has(created.topic)) topics.set(created.topic, created.partitions);
  }
  for (const r of [...c.inputs, ...c.outputs]) if (!topics.has(r.topic)) topics.set(r.topic, 1);
  return topics;
}

// CREATE [OR REPLACE] STREAM|TABLE name (columns) WITH (...), not CREATE ... AS SELECT; the name may be quoted.
const CREATE_SOURCE = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:SOURCE\s+)?(?:STREAM|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:`[^`]*`|"[^"]*"|[\w.]+)\s*\(/i;

function createdTopic(statement: string): { topic: string; partitions: number } | null {
  if (!CREATE_SOURCE.test(statement) || /\bAS\s+SELECT\b/i.test(statement)) return null;
  const topic = /\bKAFKA_TOPIC\s*=\s*'([^']*)'/i.exec(statement)?.[1];
  if (topic === undefined) return null;
  const partitions = Number(/\bPARTITIONS\s*=\s*(\d+)/i.exec(statement)?.[1] ?? '1');
  return { topic, partitions: partitions > 0 ? partitions : 1 };
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof JsonNumber) return v.toNumber();
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function toWindow(w: QttRecordNode['window']): QttWindow | undefined {
  if (w === null || w === undefined) return undefined;
  const start = toNumber(w.start);
  const end = toNumber(w.end);
  if (start === undefined || end === undefined) throw new CaseFailure(`a record's window is malformed: ${show(w)}`);
  return { start, end };
}

function toHeaders(h: QttRecordNode['headers']): QttHeader[] | undefined {
  if (h === undefined) return undefined;
  return h.map((x) => {
    const key = x.KEY ?? x.key;
    const value = x.VALUE ?? x.value;
    return { key: String(key), value: value === null || value === undefined ? null : String(value) };
  });
}

function toInputRecord(r: QttRecordNode): QttInputRecord {
  const timestamp = toNumber(r.timestamp);
  const window = toWindow(r.window);
  const headers = toHeaders(r.headers);
  return {
    key: r.key ?? null,
    value: r.value ?? null,
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(window === undefined ? {} : { window }),
    ...(headers === undefined ? {} : { headers }),
  };
}

/**
 * Output topics in order of first mention; per topic, the record count first (TestExecutor.validateTopicData)
 * and then each record: window and key, value, headers, and the timestamp when the test gives one (with
 * INSERT VALUES and no inputs, an expected timestamp of 0 accepts any).
 */
export function diffOutputs(engine: Pick<QttEngine, 'records'>, outputs: readonly QttRecordNode[], ranWithInsertStatements: boolean): string | null {
  const byTopic = new Map<string, QttRecordNode[]>();
  for (const o of outputs) {
    const list = byTopic.get(o.topic);
    if (list === undefined) byTopic.set(o.topic, [o]);
    else list.push(o);
  }
  for (const [topic, expected] of byTopic) {
    const actual = engine.records(topic);
    for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
      const d = diffRecord(actual[i] as QttOutputRecord, expected[i] as QttRecordNode, ranWithInsertStatements);
      if (d !== null) return `topic ${topic} record ${i}: ${d}`;
    }
    if (actual.length !== expected.length) {
      const extra = actual.length > expected.length ? `; first extra: ${showRecord(actual[expected.length] as QttOutputRecord)}` : '';
      return `topic ${topic}: expected ${expected.length} records, got ${actual.length}${extra}`;
    }
  }
  return null;
}

function diffRecord(actual: QttOutputRecord, expected: QttRecordNode, ranWithInsertStatements: boolean): string | null {
  const expectedWindow = toWindow(expected.window);
  const actualWindow = actual.window ?? undefined;
  if (expectedWindow === undefined && actualWindow !== undefined) return `expected no window, got ${showWindow(actualWindow)}`;
  if (expectedWindow !== undefined) {
    if (actualWindow === undefined) return `expected window ${showWindow(expectedWindow)}, got none`;
    if (actualWindow.start !== expectedWindow.start || actualWindow.end !== expectedWindow.end) {
      return `expected window ${showWindow(expectedWindow)}, got ${showWindow(actualWindow)}`;
    }
  }
  const keyDiff = diffValues(actual.key, expected.key ?? null, 'key');
  if (keyDiff !== null) return keyDiff;
  const valueDiff = diffValues(actual.value, expected.value ?? null, 'value');
  if (valueDiff !== null) return valueDiff;
  const headerDiff = diffHeaders(actual.headers ?? [], toHeaders(expected.headers) ?? []);
  if (headerDiff !== null) return headerDiff;
  const expectedTimestamp = toNumber(expected.timestamp);
  if (expectedTimestamp !== undefined && expectedTimestamp !== actual.timestamp && !(ranWithInsertStatements && expectedTimestamp === 0)) {
    return `timestamp: expected ${expectedTimestamp}, got ${actual.timestamp}`;
  }
  return null;
}

function diffHeaders(actual: readonly { key: string; value: unknown }[], expected: readonly QttHeader[]): string | null {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : String(v));
  const same = actual.length === expected.length && expected.every((h, i) => actual[i]?.key === h.key && text(actual[i]?.value) === h.value);
  return same ? null : `headers: expected ${show(expected)}, got ${show(actual.map((h) => ({ key: h.key, value: text(h.value) })))}`;
}

const showWindow = (w: QttWindow): string => `[${w.start}, ${w.end})`;

function showRecord(r: QttOutputRecord): string {
  const window = r.window === null || r.window === undefined ? '' : `@${showWindow(r.window)}`;
  return `${show(r.key, 60)}${window} → ${show(r.value, 100)} (ts ${r.timestamp})`;
}

/** Post conditions where they are easy to check: sources' type, schema and formats; topic blacklist and presence. */
export function diffPost(engine: Pick<QttEngine, 'describeSource' | 'topicNames'>, post: QttPostConditions): string | null {
  for (const want of post.sources ?? []) {
    const got = engine.describeSource(want.name);
    if (got === null) return `post: source ${want.name} does not exist`;
    if (want.type !== undefined && want.type.toLowerCase() !== got.type) return `post: ${want.name} is a ${got.type}, expected a ${want.type.toLowerCase()}`;
    if (want.schema !== undefined && normalizeSchema(want.schema) !== normalizeSchema(got.schema)) {
      return `post: ${want.name} schema: expected ${want.schema}, got ${got.schema}`;
    }
    const keyFormat = formatName(want.keyFormat);
    if (keyFormat !== undefined && keyFormat !== got.keyFormat.toUpperCase()) return `post: ${want.name} key format: expected ${keyFormat}, got ${got.keyFormat}`;
    const valueFormat = formatName(want.valueFormat);
    if (valueFormat !== undefined && valueFormat !== got.valueFormat.toUpperCase()) {
      return `post: ${want.name} value format: expected ${valueFormat}, got ${got.valueFormat}`;
    }
  }
  const topics = post.topics;
  if (topics !== undefined) {
    const names = engine.topicNames();
    if (topics.blacklist !== undefined) {
      // Java's Pattern#asPredicate: found anywhere in the name.
      const pattern = new RegExp(topics.blacklist);
      const hit = names.find((n) => pattern.test(n));
      if (hit !== undefined) return `post: blacklisted topic ${hit} exists`;
    }
    for (const t of topics.topics ?? []) if (!names.includes(t.name)) return `post: topic ${t.name} does not exist`;
  }
  return null;
}

function formatName(f: unknown): string | undefined {
  if (typeof f === 'string') return f.toUpperCase();
  if (f !== null && typeof f === 'object' && typeof (f as { format?: unknown }).format === 'string') return (f as { format: string }).format.toUpperCase();
  return undefined;
}

/**
 * ksqlDB compares parsed schemas, so spelling must not matter: unquoted names upper-case, backticks gone,
 * INT = INTEGER, VARCHAR = STRING, PRIMARY KEY = KEY, spaces in types dropped.
 */
export function normalizeSchema(schema: string): string {
  return splitTopLevel(schema)
    .map((column) => {
      const m = /^\s*(`([^`]*)`|(\S+))\s+([\s\S]*)$/.exec(column);
      if (m === null) return column.trim().toUpperCase();
      const name = m[2] ?? (m[3] ?? '').toUpperCase();
      const rest = (m[4] ?? '')
        .replace(/`([^`]*)`/g, '$1')
        .toUpperCase()
        .replace(/\bVARCHAR\b/g, 'STRING')
        .replace(/\bINT\b/g, 'INTEGER')
        // a table's PRIMARY KEY and a stream's KEY parse to the same key column
        .replace(/\s+PRIMARY\s+KEY\s*$/i, ' KEY')
        .replace(/\s+(KEY|HEADERS?(\('[^']*'\))?)\s*$/i, '#$1')
        .replace(/\s+/g, '');
      return `${name} ${rest}`;
    })
    .join(', ');
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '<' || ch === '(') depth++;
    if (ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '') parts.push(current);
  return parts;
}

/**
 * ksqlDB's exception classes and which of our errors stand for them. ParseFailedException is a
 * KsqlStatementException, which is a KsqlException, so the broader names accept parse errors too; a
 * StreamsException is whatever a query throws while records flow.
 */
const EXCEPTION_TYPES: Readonly<Record<string, (err: unknown, phase: Phase) => boolean>> = {
  'io.confluent.ksql.parser.exception.ParseFailedException': (err) => err instanceof SqlParseError,
  'io.confluent.ksql.util.KsqlStatementException': (err) => err instanceof SqlStatementError || err instanceof SqlParseError,
  'io.confluent.ksql.util.KsqlException': (err) => err instanceof SqlStatementError || err instanceof SqlParseError,
  'org.apache.kafka.streams.errors.StreamsException': (err, phase) => phase === 'inputs' || err instanceof SqlEvaluationError,
};

export function exceptionMismatch(err: unknown, expected: QttExpectedException, phase: Phase): string | null {
  const matchesType = expected.type === undefined ? () => true : EXCEPTION_TYPES[expected.type];
  if (matchesType !== undefined && !matchesType(err, phase)) return `expected ${describeExpected(expected)}, got ${describeError(err)}`;
  const message = err instanceof Error ? err.message : String(err);
  if (expected.message !== undefined && !message.includes(expected.message)) return `expected ${describeExpected(expected)}, got ${describeError(err)}`;
  if (expected.causeMessage !== undefined && !causeMessages(err).some((m) => m.includes(expected.causeMessage as string))) {
    return `expected a cause containing ${JSON.stringify(expected.causeMessage)}, got ${describeError(err)}`;
  }
  return null;
}

function causeMessages(err: unknown): string[] {
  const out: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) out.push(e.message);
  return out;
}

function describeExpected(e: QttExpectedException): string {
  const type = e.type === undefined ? 'an exception' : (e.type.split('.').pop() ?? e.type);
  return e.message === undefined ? type : `${type} containing ${JSON.stringify(e.message)}`;
}

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${JSON.stringify(err.message.length > 200 ? `${err.message.slice(0, 199)}…` : err.message)}`;
  return `a non-error value ${show(err)}`;
}
