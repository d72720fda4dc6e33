import { Broker } from '../../sim/broker.js';
import type { StoredRecord } from '../../sim/record.js';
import { StreamsRuntime } from '../../sim/runtime/runtime.js';
import type { ColumnDef, CreateAsSelect, CreateSource, InsertInto, InsertValues, Statement } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { castValue, compileExpression } from '../expressions/index.js';
import { getFormat } from '../formats/index.js';
import { parseStatements } from '../parser/index.js';
import type { QttEngine, QttInputRecord, QttOutputRecord, QttSourceDescription } from '../qtt/engine-port.js';
import { formatType } from '../types.js';
import type { Row } from '../values.js';
import { MetaStore, schemaText, type Column, type DataSource } from './metastore.js';
import { planQuery, type SinkSpec } from './planner.js';
import { formatsFrom, propNumber, propString } from './properties.js';
import { RowScope } from './row-scope.js';

export interface SqlEngineOptions {
  readonly broker?: Broker;
  readonly seed?: number;
  readonly properties?: Readonly<Record<string, string>>;
  /** Called once per round of the run-until-idle loop (the QTT runner's time budget). */
  readonly checkBudget?: () => void;
}

interface PersistentQuery {
  readonly id: string;
  readonly sink: string;
  readonly runtime: StreamsRuntime;
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
    for (const stmt of parseStatements(text)) this.executeStatement(stmt);
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
      case 'describe':
      case 'print':
        return;
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

  private createSource(stmt: CreateSource): void {
    const existing = this.metastore.get(stmt.name);
    if (existing !== undefined) {
      if (stmt.ifNotExists) return;
      if (!stmt.orReplace) {
        throw new SqlStatementError(`Cannot add ${stmt.sourceType.toLowerCase()} '${stmt.name}': A ${existing.type.toLowerCase()} with the same name already exists`, stmt.pos);
      }
    }
    const topic = propString(stmt.properties, 'KAFKA_TOPIC');
    if (topic === null) throw new SqlStatementError('Missing required property "KAFKA_TOPIC" which has no default value.', stmt.pos);
    if (stmt.columns.length === 0) throw new SqlUnsupportedError('CREATE without columns (schema inference needs the schema registry)', stmt.pos);
    if (propString(stmt.properties, 'WINDOW_TYPE') !== null) throw new SqlUnsupportedError('windowed sources (WINDOW_TYPE)', stmt.pos);
    if (stmt.columns.some((c) => c.header !== null)) throw new SqlUnsupportedError('HEADER columns', stmt.pos);
    const formats = formatsFrom(stmt.properties, null, this.defaults());
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
    getFormat(formats.key!.format).checkSupported(keyColumns, true);
    getFormat(formats.value.format).checkSupported(valueColumns, false);
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
    const timestampColumn = propString(stmt.properties, 'TIMESTAMP');
    this.metastore.add({
      name: stmt.name,
      type: stmt.sourceType,
      topic,
      keyColumns,
      valueColumns,
      keyFormat: formats.key!,
      valueFormat: formats.value,
      timestampColumn: timestampColumn === null ? null : timestampColumn.toUpperCase(),
      timestampFormat: propString(stmt.properties, 'TIMESTAMP_FORMAT'),
      window: null,
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
    const firstSource = firstSourceOf(stmt.query.from);
    const from = this.metastore.require(firstSource);
    const formats = formatsFrom(stmt.properties, { key: from.keyFormat, value: from.valueFormat }, this.defaults());
    const topic = propString(stmt.properties, 'KAFKA_TOPIC') ?? stmt.name;
    const spec: SinkSpec = {
      name: stmt.name,
      type: stmt.sourceType,
      topic,
      keyFormat: formats.key,
      valueFormat: formats.value,
      partitions: propNumber(stmt.properties, 'PARTITIONS'),
      timestampColumn: propString(stmt.properties, 'TIMESTAMP')?.toUpperCase() ?? null,
      timestampFormat: propString(stmt.properties, 'TIMESTAMP_FORMAT'),
    };
    const queryId = `${stmt.sourceType === 'STREAM' ? 'CSAS' : 'CTAS'}_${stmt.name}_${this.queryCounter++}`;
    const planned = planQuery(stmt.query, spec, this.planContext());
    if (planned.sink.type !== stmt.sourceType) {
      throw new SqlStatementError(
        stmt.sourceType === 'STREAM'
          ? 'Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.'
          : 'Invalid result type. Your SELECT query produces a STREAM. Please use CREATE STREAM AS SELECT statement instead.',
        stmt.pos,
      );
    }
    getFormat(planned.sink.keyFormat.format).checkSupported(planned.sink.keyColumns, true);
    getFormat(planned.sink.valueFormat.format).checkSupported(planned.sink.valueColumns, false);
    this.createTopic(topic, planned.sinkPartitions ?? 1);
    this.metastore.add({ ...planned.sink, isSource: false, sql: stmt.text, queryId });
    this.startQuery(queryId, stmt.name, planned.topology);
  }

  private insertInto(stmt: InsertInto): void {
    const target = this.metastore.require(stmt.target);
    if (target.type !== 'STREAM') throw new SqlStatementError(`INSERT INTO can only be used to insert into a stream. ${target.name} is a table.`, stmt.pos);
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
    const planned = planQuery(stmt.query, spec, this.planContext());
    const sig = (cols: readonly Column[]) => cols.map((c) => `${c.name} ${formatType(c.type)}`).join(', ');
    if (sig(planned.sink.valueColumns) !== sig(target.valueColumns) || sig(planned.sink.keyColumns) !== sig(target.keyColumns)) {
      throw new SqlStatementError(
        `Incompatible schema between results and sink.\nResult schema is ${schemaText({ ...target, ...planned.sink }, formatType)}\nSink schema is ${schemaText(target, formatType)}`,
        stmt.pos,
      );
    }
    this.startQuery(`INSERTQUERY_${this.queryCounter++}`, target.name, planned.topology);
  }

  /** INSERT INTO ... VALUES: the values coerced to the columns' types, written in the source's formats. */
  private insertValues(stmt: InsertValues): void {
    const target = this.metastore.require(stmt.target);
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

  private startQuery(id: string, sink: string, topology: ReturnType<typeof planQuery>['topology']): void {
    const runtime = new StreamsRuntime(topology, this.broker, {
      applicationId: `_confluent-ksql-default_query_${id}`,
      seed: this.seed,
      trace: false,
    });
    runtime.outputListener = (r) => {
      if (!r.topic.startsWith('_confluent-ksql-')) this.remember(r);
    };
    runtime.start();
    this.queries.push({ id, sink, runtime });
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

  private planContext() {
    return {
      metastore: this.metastore,
      topicPartitions: (topic: string) => (this.broker.hasTopic(topic) ? this.broker.partitionCount(topic) : null),
    };
  }
}

function toColumn(c: ColumnDef): Column {
  return { name: c.name, type: c.type };
}

function firstSourceOf(rel: CreateAsSelect['query']['from']): string {
  return rel.kind === 'source' ? rel.name : firstSourceOf(rel.left);
}

export type { DataSource };
