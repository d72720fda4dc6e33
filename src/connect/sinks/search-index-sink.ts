import type { Broker } from '../../sim/broker.js';
import { stableStringify } from '../../sim/key-id.js';
import type { StoredRecord } from '../../sim/record.js';
import { toJsonSafe, type JsonValue } from './json-safe.js';
import { TopicReader } from './topic-reader.js';

/**
 * An Elasticsearch-like sink in the manner of Confluent's Elasticsearch sink connector: each record of the followed
 * topics is written into an in-memory index named after its topic (lower-cased, as the connector does, since index
 * names must be lower case), as a document with an id and a `_version`.
 *
 * Ids (`id` option):
 * - `'key'`: the record key (Connect `key.ignore=false`): a string as is, a number/boolean/bigint as its decimal
 *   text, a structured key (a windowed key, say) as its canonical JSON. A null key cannot be an id: skipped.
 * - `'offset'`: `topic+partition+offset` (Connect `key.ignore=true`, the analytics use: every record a new document).
 * - `{ field }`: a value field, or several joined with `|` (the TfL original wrote time-series data streams, whose
 *   `_id` is derived from the routing dimensions `station`, `user` and `@timestamp`). A missing field: skipped.
 *
 * Versions (`versioning` option), as Elasticsearch keeps them:
 * - `'internal'` (default; what the original's Python client got from `es.index(id=…)`): every write of an id,
 *   including a re-delivery of the same record, bumps `_version` by 1 and replaces `_source` (`result: updated`).
 * - `'external'` (the connector with `key.ignore=false` sends `version_type=external` with the Kafka offset): a write
 *   whose version is not greater than the stored one is a version conflict, which the connector ignores — so a
 *   re-delivered record changes nothing.
 * A null value (tombstone) deletes the document (`behavior.on.null.values=delete`; `'ignore'` skips it, `'fail'`
 * throws). A delete bumps the version too, and a later write of that id continues from it (Elasticsearch keeps a
 * deleted document's version for `index.gc_deletes`, 60 s by default; this model keeps it for good).
 */
export type SearchIdStrategy = 'key' | 'offset' | { readonly field: string | readonly string[] };

export interface SearchIndexSinkOptions {
  readonly broker: Broker;
  readonly topics: readonly string[];
  readonly id?: SearchIdStrategy;
  readonly versioning?: 'internal' | 'external';
  readonly nullValues?: 'delete' | 'ignore' | 'fail';
  /** The index a topic writes to; default the topic lower-cased. */
  readonly indexFor?: (topic: string) => string;
}

/** A stored document, as `GET <index>/_doc/<id>` shows it, plus where it came from. */
export interface SearchDocument {
  readonly index: string;
  readonly id: string;
  readonly version: number;
  readonly source: JsonValue;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  /** Virtual time of the write. */
  readonly indexedAt: number;
}

export interface SearchIndexStats {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  /** Deletes of an id that had no document (Elasticsearch answers `not_found`; the connector ignores it). */
  readonly notFound: number;
  /** External-version writes that were not newer (ignored, as the connector does). */
  readonly conflicts: number;
  /** Records with no usable id, and ignored tombstones. */
  readonly skipped: number;
}

interface Slot {
  /** The live document, or null after a delete (the slot keeps the version). */
  doc: SearchDocument | null;
  version: number;
}

export class SearchIndexSink {
  private readonly reader: TopicReader;
  private readonly indices = new Map<string, Map<string, Slot>>();
  private readonly stats = { created: 0, updated: 0, deleted: 0, notFound: 0, conflicts: 0, skipped: 0 };
  private readonly idStrategy: SearchIdStrategy;
  private readonly versioning: 'internal' | 'external';
  private readonly nullValues: 'delete' | 'ignore' | 'fail';
  private readonly indexFor: (topic: string) => string;

  constructor(private readonly options: SearchIndexSinkOptions) {
    this.idStrategy = options.id ?? 'key';
    this.versioning = options.versioning ?? 'internal';
    this.nullValues = options.nullValues ?? 'delete';
    this.indexFor = options.indexFor ?? ((t) => t.toLowerCase());
    this.reader = new TopicReader(options.broker, options.topics);
  }

  /** Indexes what is new on the followed topics; returns how many records were read. */
  poll(): number {
    return this.reader.poll((r) => this.put(r));
  }

  /** Re-delivers a partition from `offset` on the next poll (a restart from an older committed offset). */
  seek(topic: string, partition: number, offset: number): void {
    this.reader.seek(topic, partition, offset);
  }

  /**
   * The document with this id: in `index` when given, otherwise in the first index (in creation order) that has it.
   */
  get(id: string, index?: string): SearchDocument | undefined {
    for (const [name, docs] of this.indices) {
      if (index !== undefined && name !== index) continue;
      const doc = docs.get(id)?.doc;
      if (doc) return doc;
    }
    return undefined;
  }

  /** Live documents matching the predicate: by index (creation order), then in first-write order. */
  search(predicate: (doc: SearchDocument) => boolean = () => true, index?: string): SearchDocument[] {
    const out: SearchDocument[] = [];
    for (const [name, docs] of this.indices) {
      if (index !== undefined && name !== index) continue;
      for (const slot of docs.values()) if (slot.doc !== null && predicate(slot.doc)) out.push(slot.doc);
    }
    return out;
  }

  /** Live documents, in one index or in all. */
  count(index?: string): number {
    return this.search(() => true, index).length;
  }

  /** Index names, in creation order. */
  indexNames(): string[] {
    return [...this.indices.keys()];
  }

  counters(): SearchIndexStats {
    return { ...this.stats };
  }

  private idOf(record: StoredRecord): string | null {
    const s = this.idStrategy;
    if (s === 'offset') return `${record.topic}+${record.partition}+${record.offset}`;
    if (s === 'key') {
      const k = record.key;
      if (k === null || k === undefined) return null;
      if (typeof k === 'string') return k;
      if (typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean') return String(k);
      return stableStringify(toJsonSafe(k));
    }
    const fields = typeof s.field === 'string' ? [s.field] : s.field;
    const value = record.value;
    if (value === null || typeof value !== 'object') return null;
    const parts: string[] = [];
    for (const f of fields) {
      const v = (value as Record<string, unknown>)[f];
      if (v === null || v === undefined) return null;
      const safe = toJsonSafe(v);
      parts.push(typeof safe === 'string' ? safe : JSON.stringify(safe));
    }
    return parts.join('|');
  }

  private put(record: StoredRecord): void {
    const id = this.idOf(record);
    if (id === null) {
      this.stats.skipped++;
      return;
    }
    const name = this.indexFor(record.topic);
    let docs = this.indices.get(name);
    if (docs === undefined) this.indices.set(name, (docs = new Map()));
    const slot = docs.get(id);
    // External versions are Kafka offsets; a write must be strictly newer (version_type=external).
    const external = this.versioning === 'external' && this.idStrategy !== 'offset';
    if (external && slot !== undefined && record.offset <= slot.version) {
      this.stats.conflicts++;
      return;
    }
    const nextVersion = external ? record.offset : (slot?.version ?? 0) + 1;
    if (record.value === null) {
      if (this.nullValues === 'ignore') {
        this.stats.skipped++;
        return;
      }
      if (this.nullValues === 'fail') throw new Error(`null value at ${record.topic}-${record.partition}@${record.offset} (behavior.on.null.values=fail)`);
      if (slot === undefined || slot.doc === null) {
        this.stats.notFound++;
        return;
      }
      slot.doc = null;
      slot.version = nextVersion;
      this.stats.deleted++;
      return;
    }
    const doc: SearchDocument = {
      index: name,
      id,
      version: nextVersion,
      source: toJsonSafe(record.value),
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      indexedAt: this.options.broker.clock.now(),
    };
    if (slot === undefined || slot.doc === null) this.stats.created++;
    else this.stats.updated++;
    if (slot === undefined) docs.set(id, { doc, version: nextVersion });
    else {
      // A re-created document moves to the end of first-write order, as a fresh document would.
      if (slot.doc === null) {
        docs.delete(id);
        docs.set(id, slot);
      }
      slot.doc = doc;
      slot.version = nextVersion;
    }
  }
}
