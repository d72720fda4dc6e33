import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SqlParseError, SqlStatementError } from '../sql/errors.js';
import { parseStatements } from '../sql/parser/index.js';
import type { QttEngine, QttEngineFactory, QttInputRecord, QttPushQueryRows, QttStatementResult } from '../sql/qtt/engine-port.js';
import { loadEngineFactory } from '../sql/qtt/load-engine.js';
import { parseLosslessJson, stringifyLosslessJson } from '../sql/qtt/lossless-json.js';
import { topicsToCreate } from '../sql/qtt/run-case.js';
import { JsonNumber } from '../sql/values.js';
import type { CliIo } from './program.js';

export interface SqlCommandDeps {
  readonly loadFactory?: () => Promise<QttEngineFactory>;
}

interface SqlOptions {
  dialect: string;
  input?: string;
  out?: string;
  json?: boolean;
}

/** One line of the --input file. */
export interface InputLine {
  readonly topic: string;
  readonly record: QttInputRecord;
}

/**
 * `streamsim sql FILE.sql --input records.ndjson [--out DIR] [--json]`: runs the statements, pipes the
 * records, prints each push query's rows and each pull query / SHOW / DESCRIBE / PRINT answer in statement
 * order (tables, or NDJSON with --json) and with --out writes every topic's records to DIR/<topic>.ndjson.
 * The records go in after the statements, or just before the first statement that reads state at one
 * moment (a pull query or PRINT), so that it sees them. A statement that does not parse or run fails with
 * `file:line:column: reason`.
 */
export function registerSqlCommand(program: Command, io: CliIo, deps: SqlCommandDeps = {}): void {
  program
    .command('sql')
    .description('run ksqlDB statements over input records and print what the push queries emit')
    .argument('<file>', 'a .sql file of statements')
    .option('--input <ndjson>', 'records to pipe in, one JSON object a line: {topic, key, value, timestamp, headers?, window?}')
    .option('--out <dir>', 'write every topic\'s records to <dir>/<topic>.ndjson')
    .option('--json', 'print rows as NDJSON instead of a table')
    .option('--dialect <dialect>', "ksqldb (default) or ksql5: the 2018 KSQL dialect of the bookstore seed (WITH (key='col'), ROWKEY)", 'ksqldb')
    .action(async (file: string, opts: SqlOptions) => {
      const text = readFileSync(file, 'utf8');
      const inputs = opts.input === undefined ? [] : parseInputLines(readFileSync(opts.input, 'utf8'), opts.input);
      const factory = await (deps.loadFactory ?? (() => loadEngineFactory()))();
      if (opts.dialect !== 'ksqldb' && opts.dialect !== 'ksql5') throw new Error(`--dialect must be ksqldb or ksql5, got '${opts.dialect}'`);
      const engine = factory({ properties: {}, seed: 0, dialect: opts.dialect });
      const topics = topicsToCreate({ topics: [], statements: text.replace(/--[^\n]*/g, '').split(';'), inputs: inputs.map((i) => ({ topic: i.topic })), outputs: [] });
      for (const [topic, partitions] of topics) engine.createTopic(topic, partitions);
      const [before, after] = splitAtFirstRead(text);
      const run = (part: string): void => {
        try {
          if (part.trim() !== '') engine.execute(part);
        } catch (err) {
          throw new Error(statementErrorLine(file, err), { cause: err });
        }
      };
      run(before);
      for (const input of inputs) engine.produce(input.topic, input.record);
      run(after);
      const queries = engine.pushQueries?.() ?? [];
      for (const r of resultsOf(engine)) io.out(opts.json === true ? rowsAsNdjson(r) : renderResult(r));
      if (opts.out !== undefined) writeTopics(opts.out, engine.topicNames(), (t) => engine.records(t));
      io.err(`${inputs.length} records in, ${queries.length} push ${queries.length === 1 ? 'query' : 'queries'}, ${queries.reduce((n, q) => n + q.rows.length, 0)} rows\n`);
    });
}

/**
 * The script cut before its first pull query or PRINT: [statements before it, the rest]. The rest keeps the
 * text before the cut as blanks (newlines kept), so its errors name the right line and column. A script the
 * parser refuses is not cut: running it reports the error.
 */
export function splitAtFirstRead(text: string): [string, string] {
  let statements;
  try {
    statements = parseStatements(text);
  } catch {
    return [text, ''];
  }
  const first = statements.find((s) => s.kind === 'print' || (s.kind === 'select' && s.query.emit === null));
  if (first === undefined) return [text, ''];
  const lines = text.split('\n');
  const cut = lines.slice(0, first.pos.line - 1).reduce((n, l) => n + l.length + 1, 0) + first.pos.column - 1;
  const before = text.slice(0, cut);
  return [before, before.replace(/[^\n]/g, ' ') + text.slice(cut)];
}

/** The engine's results in statement order, or its push queries when it keeps no other results. */
function resultsOf(engine: QttEngine): readonly QttStatementResult[] {
  return engine.results?.() ?? engine.pushQueries?.() ?? [];
}

/** ksqlDB CLI's rendering: `Label : value` lines (DESCRIBE, PRINT's formats), then a table or PRINT's record lines. */
export function renderResult(r: QttStatementResult): string {
  const labels = r.details ?? [];
  const width = Math.max(0, ...labels.map(([l]) => l.length));
  const head = labels.map(([l, v]) => (r.layout === 'print' ? `${l}: ${v}\n` : `${l.padEnd(Math.max(width, 20))} : ${v}\n`)).join('');
  if (r.layout === 'print') return head + r.rows.map((row) => `${r.columns.map((c, i) => `${c}: ${cell(row[i])}`).join(', ')}\n`).join('');
  return head + rowsAsTable(r);
}

/** `file:line:column: reason` on one line (ksqlDB's multi-line reasons joined). */
export function statementErrorLine(file: string, err: unknown): string {
  const oneLine = (s: string): string => s.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
  if (err instanceof SqlParseError) return `${file}:${err.line}:${err.column}: ${oneLine(err.reason)}`;
  if (err instanceof SqlStatementError && err.pos !== undefined) return `${file}:${err.pos.line}:${err.pos.column}: ${oneLine(err.message)}`;
  return `${file}: ${oneLine(err instanceof Error ? err.message : String(err))}`;
}

/** Parses NDJSON input lines (numbers lossless); a bad line fails with `file:line: reason`. */
export function parseInputLines(text: string, file: string): InputLine[] {
  const out: InputLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let doc: unknown;
    try {
      doc = parseLosslessJson(line);
    } catch (err) {
      throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${where}: expected an object {topic, key, value, timestamp}`);
    const o = doc as Record<string, unknown>;
    if (typeof o.topic !== 'string') throw new Error(`${where}: "topic" must be a string`);
    const timestamp = o.timestamp instanceof JsonNumber ? o.timestamp.toNumber() : o.timestamp;
    if (timestamp !== undefined && (typeof timestamp !== 'number' || !Number.isFinite(timestamp))) throw new Error(`${where}: "timestamp" must be a number`);
    const window = o.window as { start?: unknown; end?: unknown } | undefined;
    const num = (v: unknown): number => (v instanceof JsonNumber ? v.toNumber() : Number(v));
    out.push({
      topic: o.topic,
      record: {
        key: o.key ?? null,
        value: o.value ?? null,
        ...(timestamp === undefined ? {} : { timestamp }),
        ...(Array.isArray(o.headers) ? { headers: o.headers as { key: string; value: string | null }[] } : {}),
        ...(window === undefined || window === null ? {} : { window: { start: num(window.start), end: num(window.end) } }),
      },
    });
  });
  return out;
}

const cell = (v: unknown): string => (typeof v === 'string' ? v : stringifyLosslessJson(v));

/** ksqlDB CLI's boxed table. */
export function rowsAsTable(q: QttPushQueryRows): string {
  const widths = q.columns.map((c, i) => Math.max(c.length, ...q.rows.map((r) => cell(r[i]).length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[]): string => `|${cells.map((c, i) => ` ${c.padEnd(widths[i] ?? 0)} `).join('|')}|`;
  return [rule, line(q.columns), rule, ...q.rows.map((r) => line(q.columns.map((_, i) => cell(r[i])))), rule, ''].join('\n');
}

export function rowsAsNdjson(q: QttPushQueryRows): string {
  return q.rows
    .map((r) => `${stringifyLosslessJson(Object.fromEntries(q.columns.map((c, i) => [c, r[i] ?? null])))}\n`)
    .join('');
}

function writeTopics(dir: string, topics: readonly string[], records: (topic: string) => readonly unknown[]): void {
  mkdirSync(dir, { recursive: true });
  for (const topic of topics) {
    const lines = records(topic).map((r) => `${stringifyLosslessJson(r)}\n`);
    writeFileSync(join(dir, `${topic.replace(/[^\w.-]/g, '_')}.ndjson`), lines.join(''));
  }
}
