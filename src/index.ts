/** streamsim: the Kafka stack in one deterministic process. */
export * from './sim/index.js';
export * from './streams/index.js';
export * from './assertions/index.js';
