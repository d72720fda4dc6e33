export { Broker, type BrokerOptions, type TopicDescription } from './broker.js';
export { VirtualClock } from './clock.js';
export { SeededRng, RandomStream } from './rng.js';
export { murmur2, partitionFor, toPositive, utf8 } from './murmur2.js';
export { Serdes, SerdeError, type Serde } from './serde.js';
export { keyId, stableStringify } from './key-id.js';
export { TopologyError, BrokerError, RecordRejectedError, StreamsError, AssertionFailure } from './errors.js';
export type { Header, Headers, StoredRecord, ProducerRecord, RecordMetadata as ProducedRecordMetadata } from './record.js';
export type { TopicConfig, TopicConfigInput, CleanupPolicy, TimestampType } from './topic-config.js';
export { DLT_HEADER_REASON, DLT_HEADER_TOPIC, DLT_HEADER_PARTITION, DLT_HEADER_OFFSET } from './topic-config.js';
export {
  PunctuationType,
  type Processor,
  type ProcessorContext,
  type ProcessorSupplier,
  type StreamRecord,
  type Punctuator,
  type Cancellable,
  type RecordMetadata,
  type TaskId,
  type TimestampExtractor,
  type TopicNameExtractor,
  type StreamPartitioner,
} from './processor.js';
export { Topology, type SourceOptions, type SinkOptions } from './topology.js';
export { Stores, type KeyValueStoreSupplier, type WindowStoreSupplier, type SessionStoreSupplier } from './stores/stores.js';
export { InMemoryWindowStore, type WindowStore, type ReadOnlyWindowStore, type WindowChangelogKey } from './stores/window-store.js';
export { InMemorySessionStore, type SessionStore, type ReadOnlySessionStore } from './stores/session-store.js';
export { KeyValue } from './stores/key-value.js';
export type { KeyValueStore, ReadOnlyKeyValueStore } from './stores/key-value-store.js';
export type { StateStore, StoreBuilder, StoreContext } from './stores/state-store.js';
export { StreamsRuntime, type RuntimeConfig } from './runtime/runtime.js';
export type { TraceEvent } from './runtime/trace.js';
export { TestDriver, type TestDriverOptions } from './driver/test-driver.js';
export { TestInputTopic, testRecord, type InputTopicOptions } from './driver/test-input-topic.js';
export { TestOutputTopic } from './driver/test-output-topic.js';
export type { TestRecord } from './driver/test-record.js';
