import { Broker } from '../../sim/broker.js';
import type { StoredRecord } from '../../sim/record.js';
import { StreamsRuntime, type ProcessingGuarantee } from '../../sim/runtime/runtime.js';
import type { ColumnDef, CreateAsSelect, CreateSource, InsertInto, InsertValues, Properties, Query, SelectStatement, Statement } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { castValue, compileExpression } from '../expressions/index.js';
import { getFormat, valueWrapping } from '../formats/index.js';
import { withExtraFunctions, type ExtraFunctions } from '../functions/index.js';
import { parseStatements } from '../parser/index.js';
import type { QttEngine, QttInputRecord, QttOutputRecord, QttSourceDescription } from '../qtt/engine-port.js';
import { formatType } from '../types.js';
import type { Row } from '../values.js';
import { checkPullQuery, runPullQuery } from './pull-query.js';
import { PushQuery } from './push-query.js';
import { describeResult, printResult, showResult, type StatementResult } from './statement-results.js';
import { applyLegacyKey, keyAddedToProjection, noColumnsError } from './legacy-dialect.js';
import { MetaStore, schemaText, type Column, type DataSource, type FormatInfo } from './metastore.js';
import { planQuery, type SinkSpec } from './planner.js';
import { formatsFrom, propBoolean, propNumber, propString } from './properties.js';
import { RowScope } from './row-scope.js';
import { checkColumns, checkNoWindowedTable, checkTimestampColumn, isPartitionByNull, sourcesOf, windowInfo } from './statement-checks.js';
import { formatCreateAsSelect } from './statement-text.js';

export interface SqlEngineOptions {
  readonly broker?: Broker;
  readonly seed?: number;
  readonly properties?: Readonly<Record<string, string>>;
  /** Called once per round of the run-until-idle loop (the QTT runner's time budget). */
  readonly checkBudget?: () => void;
  /**
   * 'ksql5': the KSQL 5 compatibility layer of SCENARIOS.md §0.6 for the 2018 seed SQL (a query keeps its
   * key when the projection omits it; legacy-dialect.ts). Default 'ksqldb': modern ksqlDB, as QTT checks it.
   */
  readonly dialect?: 'ksqldb' | 'ksql5';
  /** Every query's RuntimeConfig.shuffle (seeded by `seed`); default false. */
  readonly shuffle?: boolean;
  /** Functions on top of the built-in ones (the QTT runner's test UDFs); statements compile with them in scope. */
  readonly extraFunctions?: ExtraFunctions;
  /** Every query's processing.guarantee; default at_least_once. */
  readonly processingGuarantee?: ProcessingGuarantee;
}

interface PersistentQuery {
  readonly id: string;
  readonly sink: string;
  readonly runtime: StreamsRuntime;
  /** The statement that started it (SHOW QUERIES). */
  readonly sql: string;
}

/**
 * ksqlDB on the in-memory broker: a metastore of streams and tables, and one StreamsRuntime per persistent
 * query, each its own Kafka Streams application as in ksqlDB, all on one shared broker. After every input
 * the engine runs all queries until none has work, so chains of queries see records in order.
 */
export class SqlEngine implements QttEngine {
  readonly broker: Broker;
  readonly metastore = new MetaStore();
  readonly queries: PersistentQuery[] = [];
  private readonly properties: Record<string, string>;
  private readonly produced = new Map<string, QttOutputRecord[]>();
  private readonly transientQueries: PushQuery[] = [];
  /** Push queries and the results of statements that answer at once, in statement order. */
  private readonly statementResults: StatementResult[] = [];
  private readonly seed: number;
  private queryCounter = 0;

  constructor(private readonly options: SqlEngineOptions = {}) {
    this.broker = options.broker ?? new Broker();
    this.seed = options.seed ?? 0;
    this.properties = { ...(options.properties ?? {}) };
  }

  // ---- QttEngine ----

  createTopic(topic: string, partitions: number): void {
    if (!this.broker.hasTopic(topic)) this.broker.createTopic(topic, { partitions });
  }

  execute(text: string): void {
    withExtraFunctions(this.options.extraFunctions, () => {
      for (const stmt of parseStatements(text)) this.executeStatement(stmt);
    });
  }

  produce(topic: string, record: QttInputRecord): void {
    this.createTopic(topic, 1);
    const key = record.window === undefined ? record.key : { key: record.key, window: record.window };
    const stored = this.broker.produce(topic, {
      key,
      value: record.value,
      timestamp: record.timestamp ?? 0,
      headers: record.headers ?? [],
    });
    this.remember(stored);
    this.runUntilIdle();
  }

  records(topic: string): readonly QttOutputRecord[] {
    return this.produced.get(topic) ?? [];
  }

  describeSource(name: string): QttSourceDescription | null {
    const s = this.metastore.get(name);
    if (s === undefined) return null;
    return {
      name: s.name,
      type: s.type === 'STREAM' ? 'stream' : 'table',
      schema: schemaText(s, formatType),
      keyFormat: s.keyFormat.format,
      valueFormat: s.valueFormat.format,
    };
  }

  topicNames(): readonly string[] {
    return this.broker.listTopics();
  }

  // ---- engine ----

  /** Runs every persistent query until none has anything left to process. */
  runUntilIdle(): void {
    for (;;) {
      this.options.checkBudget?.();
      let processed = 0;
      for (const q of this.queries) processed += q.runtime.runUntilIdle();
      if (processed === 0) return;
    }
  }

  executeStatement(stmt: Statement): void {
    switch (stmt.kind) {
      case 'createSource':
        return this.createSource(stmt);
      case 'createAsSelect':
        return this.createAsSelect(stmt);
      case 'insertInto':
        return this.insertInto(stmt);
      case 'insertValues':
        return this.insertValues(stmt);
      case 'drop': {
        const s = this.metastore.get(stmt.name);
        if (s === undefined) {
          if (stmt.ifExists) return;
          throw new SqlStatementError(`Source ${stmt.name} does not exist.`, stmt.pos);
        }
        // ksqlDB's DropSourceFactory: a read-only (CREATE SOURCE) source never deletes its topic
        if (stmt.deleteTopic && s.isSource) throw new SqlStatementError(`Cannot delete topic for read-only source: ${s.name}`, stmt.pos);
        this.metastore.remove(stmt.name);
        return;
      }
      case 'set':
        this.properties[stmt.property] = stmt.value;
        return;
      case 'unset':
        delete this.properties[stmt.property];
        return;
      case 'show':
        return this.answer(showResult(stmt, this.view()));
      case 'describe': {
        const source = this.metastore.get(stmt.name);
        return this.answer(describeResult(stmt, source, source !== undefined && this.broker.hasTopic(source.topic) ? this.broker.partitionCount(source.topic) : null));
      }
      case 'print':
        return this.answer(this.print(stmt));
      case 'select':
        if (stmt.query.emit === null) return this.answer(this.pullQuery(stmt));
        return this.startPushQuery(stmt);
      default:
        throw new SqlUnsupportedError(`${stmt.kind} statements`, stmt.pos);
    }
  }

  private defaults(): { key: string | null; value: string | null } {
    return {
      key: this.properties['ksql.persistence.default.format.key'] ?? 'KAFKA',
      value: this.properties['ksql.persistence.default.format.value'] ?? null,
    };
  }

  /** ksql.persistence.wrap.single.values: unset means each format's default. */
  private configuredWrapping(): boolean | undefined {
    const v = this.properties['ksql.persistence.wrap.single.values'];
    return v === undefined ? undefined : v.toLowerCase() === 'true';
  }

  /** The value format with its wrapping resolved for a value of `columnCount` columns (SerdeFeaturesFactory). */
  private withWrapping(info: FormatInfo, props: Properties, columnCount: number): FormatInfo {
    const explicit = propBoolean(props, 'WRAP_SINGLE_VALUE') ?? undefined;
    const wrap = valueWrapping(getFormat(info.format), columnCount, explicit, this.configuredWrapping());
    const { wrapSingleValue: _ignored, ...rest } = info;
    return wrap === undefined ? rest : { ...rest, wrapSingleValue: wrap };
  }

  /** Checks key and value columns against their formats, with the WITH-clause settings the user gave. */
  private checkFormats(keyFormat: FormatInfo, keyColumns: readonly Column[], valueFormat: FormatInfo, valueColumns: readonly Column[], props: Properties): void {
    const explicit = propBoolean(props, 'WRAP_SINGLE_VALUE');
    const delimiter = propString(props, 'VALUE_DELIMITER');
    checkColumns(keyFormat, keyColumns, true, {});
    checkColumns(valueFormat, valueColumns, false, {
      ...(explicit === null ? {} : { wrapSingleValue: explicit }),
      ...(delimiter === null ? {} : { delimiter }),
    });
  }

  private createSource(original: CreateSource): void {
    // KSQL 5's WITH (KEY='col') becomes a key column (legacy-dialect.ts, SCENARIOS.md §0.6)
    const stmt = applyLegacyKey(original);
    if (stmt.isSource && stmt.orReplace) {
      const type = stmt.sourceType.toLowerCase();
      throw new SqlStatementError(`Cannot add ${type} '${stmt.name}': CREATE OR REPLACE is not supported on source ${type}s.`, stmt.pos);
    }
    const existing = this.metastore.get(stmt.name);
    if (existing !== undefined) {
      if (stmt.ifNotExists) return;
      if (!stmt.orReplace) {
        throw new SqlStatementError(`Cannot add ${stmt.sourceType.toLowerCase()} '${stmt.name}': A ${existing.type.toLowerCase()} with the same name already exists`, stmt.pos);
      }
    }
    const topic = propString(stmt.properties, 'KAFKA_TOPIC');
    if (topic === null) throw new SqlStatementError('Missing required property "KAFKA_TOPIC" which has no default value.', stmt.pos);
    // The WITH clause is validated before any schema is inferred (ksqlDB's CreateSourceProperties)
    const formats = formatsFrom(stmt.properties, null, this.defaults());
    if (stmt.columns.length === 0) throw noColumnsError(stmt);
    const window = windowInfo(stmt.properties);
    if (stmt.columns.some((c) => c.header !== null)) throw new SqlUnsupportedError('HEADER columns', stmt.pos);
    if (formats.value === null) throw new SqlStatementError('Missing required property "VALUE_FORMAT" which has no default value.', stmt.pos);
    const keyColumns: Column[] = stmt.columns.filter((c) => c.key || c.primaryKey).map(toColumn);
    const valueColumns: Column[] = stmt.columns.filter((c) => !c.key && !c.primaryKey).map(toColumn);
    if (stmt.sourceType === 'TABLE' && keyColumns.length === 0) {
      throw new SqlStatementError('Tables require a PRIMARY KEY. Please define the PRIMARY KEY.', stmt.pos);
    }
    for (const c of stmt.columns) {
      if (stmt.sourceType === 'STREAM' && c.primaryKey) {
        throw new SqlStatementError(`Column \`${c.name}\` is a 'PRIMARY KEY' column: please use 'KEY' for streams.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`, c.pos);
      }
      if (stmt.sourceType === 'TABLE' && c.key) {
        throw new SqlStatementError(`Column \`${c.name}\` is a 'KEY' column: please use 'PRIMARY KEY' for tables.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`, c.pos);
      }
    }
    this.checkFormats(formats.key!, keyColumns, formats.value, valueColumns, stmt.properties);
    const valueFormat = this.withWrapping(formats.value, stmt.properties, valueColumns.length);
    const timestampColumn = propString(stmt.properties, 'TIMESTAMP')?.toUpperCase() ?? null;
    const timestampFormat = propString(stmt.properties, 'TIMESTAMP_FORMAT');
    checkTimestampColumn([...keyColumns, ...valueColumns], timestampColumn, timestampFormat);
    const partitions = propNumber(stmt.properties, 'PARTITIONS');
    if (!this.broker.hasTopic(topic)) {
      if (partitions === null) {
        throw new SqlStatementError(
          `Topic '${topic}' does not exist. If you want to create a new topic for the ${stmt.sourceType.toLowerCase()} please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: CREATE ${stmt.sourceType} ${stmt.name} (...) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=2, ...);`,
          stmt.pos,
        );
      }
      this.broker.createTopic(topic, { partitions });
    }
    this.metastore.add({
      name: stmt.name,
      type: stmt.sourceType,
      topic,
      keyColumns,
      valueColumns,
      keyFormat: formats.key!,
      valueFormat,
      timestampColumn,
      timestampFormat,
      window,
      isSource: stmt.isSource,
      sql: stmt.text,
      queryId: null,
    });
  }

  private createAsSelect(stmt: CreateAsSelect): void {
    const existing = this.metastore.get(stmt.name);
    if (existing !== undefined) {
      if (stmt.ifNotExists) return;
      if (!stmt.orReplace) {
        throw new SqlStatementError(`Cannot add ${stmt.sourceType.toLowerCase()} '${stmt.name}': A ${existing.type.toLowerCase()} with the same name already exists`, stmt.pos);
      }
      throw new SqlUnsupportedError('CREATE OR REPLACE of a query', stmt.pos);
    }
    const sources = sourcesOf(stmt.query.from).map((n) => this.metastore.require(n));
    checkNoWindowedTable(sources);
    const from = sources[0]!;
    // A join inherits the key format of its first source that has one (ksqlDB's JoinNode#getDefaultSourceKeyFormat)
    const inheritedKey = sources.find((s) => s.keyFormat.format !== 'NONE')?.keyFormat ?? from.keyFormat;
    const formats = formatsFrom(stmt.properties, { key: inheritedKey, value: from.valueFormat }, this.defaults());
    const explicitKey = propString(stmt.properties, 'KEY_FORMAT') ?? propString(stmt.properties, 'FORMAT');
    let keyFormat = formats.key!;
    if (isPartitionByNull(stmt.query.partitionBy)) {
      // ksqlDB's Analyzer#keyFormatName: PARTITION BY NULL leaves no key, so the key format is NONE
      if (explicitKey !== null && explicitKey.toUpperCase() !== 'NONE') throw new SqlStatementError('Key format specified for stream without key columns.', stmt.pos);
      keyFormat = { format: 'NONE' };
    }
    const prefix = this.properties['ksql.output.topic.name.prefix'] ?? '';
    const topic = propString(stmt.properties, 'KAFKA_TOPIC') ?? `${prefix}${stmt.name}`;
    const timestampColumn = propString(stmt.properties, 'TIMESTAMP')?.toUpperCase() ?? null;
    const timestampFormat = propString(stmt.properties, 'TIMESTAMP_FORMAT');
    let spec: SinkSpec = {
      name: stmt.name,
      type: stmt.sourceType,
      topic,
      keyFormat,
      valueFormat: formats.value!,
      partitions: propNumber(stmt.properties, 'PARTITIONS'),
      timestampColumn,
      timestampFormat,
    };
    const queryId = `${stmt.sourceType === 'STREAM' ? 'CSAS' : 'CTAS'}_${stmt.name}_${this.queryCounter++}`;
    // Sink formats that depend on the result's schema (LogicalPlanner#getSinkKeyFormat, SerdeFeaturesFactory):
    // an inherited NONE key format gives way to the default key format when the result has key columns, and
    // a single value column follows ksql.persistence.wrap.single.values. The query is planned again with them.
    const noneInherited = explicitKey === null && keyFormat.format === 'NONE' && !isPartitionByNull(stmt.query.partitionBy);
    if (noneInherited) spec = { ...spec, keyFormat: { format: this.defaults().key ?? 'KAFKA' } };
    let planned = withStatementText(stmt, () => this.plan(stmt.query, spec));
    const sinkKey = noneInherited && planned.sink.keyColumns.length === 0 ? keyFormat : spec.keyFormat!;
    const sinkValue = this.withWrapping(formats.value!, stmt.properties, planned.sink.valueColumns.length);
    if (sinkKey !== spec.keyFormat || sinkValue.wrapSingleValue !== formats.value!.wrapSingleValue) {
      spec = { ...spec, keyFormat: sinkKey, valueFormat: sinkValue };
      planned = withStatementText(stmt, () => this.plan(stmt.query, spec));
    }
    if (planned.sink.type !== stmt.sourceType) {
      throw new SqlStatementError(
        stmt.sourceType === 'STREAM'
          ? 'Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.'
          : 'Invalid result type. Your SELECT query produces a STREAM. Please use CREATE STREAM AS SELECT statement instead.',
        stmt.pos,
      );
    }
    this.checkFormats(planned.sink.keyFormat, planned.sink.keyColumns, planned.sink.valueFormat, planned.sink.valueColumns, stmt.properties);
    checkTimestampColumn([...planned.sink.keyColumns, ...planned.sink.valueColumns], timestampColumn, timestampFormat);
    this.createTopic(topic, planned.sinkPartitions ?? 1);
    this.metastore.add({ ...planned.sink, isSource: false, sql: stmt.text, queryId });
    this.startQuery(queryId, stmt.name, stmt.text, planned.topology);
  }

  private insertInto(stmt: InsertInto): void {
    const target = this.metastore.require(stmt.target);
    if (target.type !== 'STREAM') throw new SqlStatementError(`INSERT INTO can only be used to insert into a stream. ${target.name} is a table.`, stmt.pos);
    if (target.isSource) throw new SqlStatementError(`Cannot insert into read-only stream: ${target.name}`, stmt.pos);
    const spec: SinkSpec = {
      name: target.name,
      type: target.type,
      topic: target.topic,
      keyFormat: target.keyFormat,
      valueFormat: target.valueFormat,
      partitions: null,
      timestampColumn: null,
      timestampFormat: null,
    };
    checkNoWindowedTable(sourcesOf(stmt.query.from).map((n) => this.metastore.require(n)));
    const planned = this.plan(stmt.query, spec);
    const sig = (cols: readonly Column[]) => cols.map((c) => `${c.name} ${formatType(c.type)}`).join(', ');
    if (sig(planned.sink.valueColumns) !== sig(target.valueColumns) || sig(planned.sink.keyColumns) !== sig(target.keyColumns)) {
      throw new SqlStatementError(
        `Incompatible schema between results and sink.\nResult schema is ${schemaText({ ...target, ...planned.sink }, formatType, true)}\nSink schema is ${schemaText(target, formatType, true)}`,
        stmt.pos,
      );
    }
    this.startQuery(`INSERTQUERY_${this.queryCounter++}`, target.name, stmt.text, planned.topology);
  }

  /** INSERT INTO ... VALUES: the values coerced to the columns' types, written in the source's formats. */
  private insertValues(stmt: InsertValues): void {
    const target = this.metastore.get(stmt.target);
    if (target === undefined) throw new SqlStatementError(`Cannot insert values into an unknown stream/table: \`${stmt.target}\`${this.alternatives(stmt.target)}`, stmt.pos);
    if (target.isSource) throw new SqlStatementError(`Cannot insert values into read-only ${target.type.toLowerCase()}: ${target.name}`, stmt.pos);
    const all = [...target.keyColumns, ...target.valueColumns];
    const names = stmt.columns ?? ['ROWTIME', ...all.map((c) => c.name)].slice(stmt.columns === null ? 1 : 0);
    if (names.length !== stmt.values.length) {
      throw new SqlStatementError(`Expected number columns and values to match: ${names.join(', ')}, ${stmt.values.map(() => '?').join(', ')}`, stmt.pos);
    }
    const empty = new RowScope([]);
    const row: Row = {};
    let timestamp = 0;
    names.forEach((name, i) => {
      const compiled = compileExpression(stmt.values[i]!, empty);
      const value = compiled.evaluate({});
      if (name === 'ROWTIME') {
        timestamp = Number(value);
        return;
      }
      const col = all.find((c) => c.name === name);
      if (col === undefined) throw new SqlStatementError(`Column name ${name} does not exist.`, stmt.pos);
      row[col.name] = value === null ? null : castValue(value, compiled.type, col.type);
    });
    const keyRow: Row = {};
    for (const c of target.keyColumns) keyRow[c.name] = row[c.name] ?? null;
    const key = target.keyColumns.length === 0 ? null : getFormat(target.keyFormat.format).write(keyRow, target.keyColumns, { ...target.keyFormat, wrapSingleValue: false });
    const value = getFormat(target.valueFormat.format).write(row, target.valueColumns, target.valueFormat);
    this.produce(target.topic, { key, value, timestamp });
  }

  /** ksqlDB's MetaStoreImpl#checkAlternatives: a source whose name differs only in case, and how to name it. */
  private alternatives(name: string): string {
    const other = this.metastore.all().find((s) => s.name !== name && s.name.toUpperCase() === name.toUpperCase());
    if (other === undefined) return '';
    return other.name === other.name.toUpperCase()
      ? `\nDid you mean ${other.name}? Hint: try removing double quotes from the source name.`
      : `\nDid you mean "${other.name}"? Hint: wrap the source name in double quotes to make it case-sensitive.`;
  }

  /** The transient push queries started so far, with the rows each has emitted. */
  pushQueries(): readonly PushQuery[] {
    return this.transientQueries;
  }

  /** Every push query and every pull query / SHOW / DESCRIBE / PRINT result so far, in statement order. */
  results(): readonly StatementResult[] {
    return this.statementResults;
  }

  private answer(result: StatementResult): void {
    this.statementResults.push(result);
  }

  /** What SHOW reads: sources, topics, persistent queries (not transient ones, as ksqlDB lists them), properties. */
  private view() {
    return {
      sources: this.metastore.all(),
      topics: this.broker.listTopics().map((name) => ({ name, partitions: this.broker.partitionCount(name) })),
      queries: this.queries.filter((q) => !q.id.startsWith('transient_')),
      properties: this.properties,
    };
  }

  /** PRINT reads the topic's records; the formats shown are those of a source on the topic, if any. */
  private print(stmt: Extract<Statement, { kind: 'print' }>): StatementResult {
    const topic = this.broker.listTopics().find((t) => t === stmt.topic) ?? this.broker.listTopics().find((t) => t.toUpperCase() === stmt.topic.toUpperCase());
    // ksqlDB's PrintTopicValidator / TopicStream
    if (topic === undefined) throw new SqlStatementError(`Could not find topic '${stmt.topic}', or the KSQL user does not have permissions to list the topic. Topic names are case-sensitive.`, stmt.pos);
    const source = this.metastore.all().find((s) => s.topic === topic);
    return printResult(stmt, this.broker.records(topic), source === undefined ? null : { key: source.keyFormat.format, value: source.valueFormat.format });
  }

  /** A pull query (no EMIT): the source's state now (see pull-query.ts). */
  private pullQuery(stmt: SelectStatement): StatementResult {
    checkPullQuery(stmt);
    const from = stmt.query.from;
    if (from.kind !== 'source') throw new Error('unreachable: checkPullQuery refuses joins');
    const source = this.metastore.require(from.name);
    return runPullQuery(stmt, source, this.broker.hasTopic(source.topic) ? this.broker.records(source.topic) : [], this.properties);
  }

  /**
   * SELECT ... EMIT CHANGES [LIMIT n]: planned like a persistent query into a private topic whose records
   * become rows.
   */
  private startPushQuery(stmt: SelectStatement): void {
    const n = this.queryCounter++;
    const topic = `_confluent-ksql-transient_${n}`;
    const spec: SinkSpec = {
      name: `TRANSIENT_${n}`,
      type: 'STREAM',
      topic,
      keyFormat: { format: 'JSON' },
      valueFormat: { format: 'JSON' },
      partitions: null,
      timestampColumn: null,
      timestampFormat: null,
    };
    const planned = this.plan(stmt.query, spec);
    this.createTopic(topic, planned.sinkPartitions ?? 1);
    const query = new PushQuery(stmt.text, topic, planned.sink.keyColumns, planned.sink.valueColumns, stmt.query.limit);
    this.transientQueries.push(query);
    this.statementResults.push(query);
    this.startQuery(`transient_${n}`, spec.name, stmt.text, planned.topology, (r) => query.accept(r));
  }

  private startQuery(id: string, sink: string, sql: string, topology: ReturnType<typeof planQuery>['topology'], onOutput?: (r: StoredRecord) => void): void {
    const runtime = new StreamsRuntime(topology, this.broker, {
      // ksqlDB's QueryApplicationId: `_confluent-ksql-<ksql.service.id>query_<id>`, the service id 'default_' unless set.
      applicationId: `_confluent-ksql-${this.properties['ksql.service.id'] ?? 'default_'}query_${id}`,
      seed: this.seed,
      trace: false,
      ...(this.options.shuffle === undefined ? {} : { shuffle: this.options.shuffle }),
      ...(this.options.processingGuarantee === undefined ? {} : { processingGuarantee: this.options.processingGuarantee }),
    });
    runtime.outputListener = (r) => {
      onOutput?.(r);
      if (!r.topic.startsWith('_confluent-ksql-')) this.remember(r);
    };
    runtime.start();
    this.queries.push({ id, sink, runtime, sql });
    this.runUntilIdle();
  }

  private remember(r: StoredRecord): void {
    let list = this.produced.get(r.topic);
    if (list === undefined) this.produced.set(r.topic, (list = []));
    const windowed = r.key !== null && typeof r.key === 'object' && 'window' in (r.key as object) && 'key' in (r.key as object);
    list.push({
      key: windowed ? (r.key as { key: unknown }).key : r.key,
      value: r.value,
      timestamp: r.timestamp,
      window: windowed ? (r.key as { window: { start: number; end: number } }).window : null,
      headers: r.headers,
    });
  }

  /** planQuery, and in the KSQL 5 dialect once more with the key the projection omitted (legacy-dialect.ts). */
  private plan(query: Query, spec: SinkSpec): ReturnType<typeof planQuery> {
    try {
      return planQuery(query, spec, this.planContext());
    } catch (err) {
      const rewritten = this.options.dialect === 'ksql5' ? keyAddedToProjection(query, err) : null;
      if (rewritten === null) throw err;
      return planQuery(rewritten, spec, this.planContext());
    }
  }

  private planContext() {
    return {
      metastore: this.metastore,
      topicPartitions: (topic: string) => (this.broker.hasTopic(topic) ? this.broker.partitionCount(topic) : null),
      properties: this.properties,
    };
  }
}

function toColumn(c: ColumnDef): Column {
  return { name: c.name, type: c.type };
}

/**
 * A sink key format that cannot hold the key columns is found when ksqlDB builds the physical plan, so its
 * KsqlStatementException ends with the planned statement as SqlFormatter prints it (statement-text.ts).
 */
function withStatementText<R>(stmt: CreateAsSelect, plan: () => R): R {
  try {
    return plan();
  } catch (err) {
    if (!(err instanceof SqlStatementError) || err instanceof SqlUnsupportedError || !err.message.startsWith('Key format does not support')) throw err;
    const text = formatCreateAsSelect(stmt);
    if (text === null) throw err;
    throw new SqlStatementError(`${err.message}\nStatement: ${text}`, err.pos, text);
  }
}

export type { DataSource };
