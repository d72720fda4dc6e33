export { type JsonValue, toJsonSafe } from './json-safe.js';
export { TopicReader } from './topic-reader.js';
export { type MemoryFile, MemoryFileSystem, type SinkFileSystem } from './file-system.js';
export { NodeFileSystem } from './node-file-system.js';
export { type LakeFile, NdjsonLakeSink, type NdjsonLakeSinkOptions, utcDate } from './ndjson-lake-sink.js';
export {
  type SearchDocument,
  type SearchIdStrategy,
  SearchIndexSink,
  type SearchIndexSinkOptions,
  type SearchIndexStats,
} from './search-index-sink.js';
