export { StreamsBuilder } from './streams-builder.js';
export { KStream, type JoinKind, type ValueJoiner } from './kstream.js';
export { KTable } from './ktable.js';
export { GlobalKTable } from './global-ktable.js';
export { KGroupedStream } from './kgrouped-stream.js';
export { KGroupedTable } from './kgrouped-table.js';
export { BranchedKStream, Branched, type BranchedOptions } from './branched-kstream.js';
export {
  Consumed,
  Produced,
  Grouped,
  Materialized,
  Named,
  Repartitioned,
  type ConsumedOptions,
  type ProducedOptions,
  type GroupedOptions,
  type MaterializedOptions,
  type NamedOptions,
  type RepartitionedOptions,
} from './options.js';
export { TimeWindows } from './windows/time-windows.js';
export { SlidingWindows } from './windows/sliding-windows.js';
export { SessionWindows } from './windows/session-windows.js';
export { JoinWindows } from './windows/join-windows.js';
export { TimeWindowedKStream } from './windows/time-windowed-kstream.js';
export { SessionWindowedKStream } from './windows/session-windowed-kstream.js';
export { EmitStrategy, type EmitStrategyType } from './windows/emit-strategy.js';
export { Suppressed, BufferConfig, type BufferFullStrategy } from './suppress/suppressed.js';
export { SuppressionBufferFullError } from './suppress/suppress.js';
export { windowed, type Window, type Windowed, type Merger } from './windows/windowed.js';
export type { Change } from './internal/change.js';
export type { ValueAndTimestamp } from './internal/value-and-timestamp.js';
export type { Initializer, Aggregator, Reducer } from './operators/stream-aggregate.js';
export type { StreamJoinedOptions } from './joins/stream-stream-join.js';
export type { JoinedOptions } from './joins/stream-table-join.js';
export { StreamJoined } from './joins/stream-joined.js';
export { Joined } from './joins/joined.js';
