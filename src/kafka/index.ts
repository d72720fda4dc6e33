/**
 * `streamsim/kafka`: topologies on a real Kafka cluster (kafkajs). A separate entry point, so that importing
 * streamsim for the in-memory broker never loads kafkajs.
 */
export { KafkaStreamsApp, type KafkaAppState, type KafkaStreamsAppOptions } from './kafka-streams-app.js';
export { ensureClusterTopics, metadataFromCluster, mirrorClusterTopics } from './cluster-topics.js';
export { runScenarioOnKafka, KafkaRunError, type KafkaScenarioRunOptions, type KafkaScenarioRunResult, type KafkaRunProgress } from './run-scenario-on-kafka.js';
export { publishGenerated, KafkaPublishError, type PublishOptions, type PublishSummary } from './publish-generated.js';
export { parseKafkaUrl, KafkaUrlError } from './kafka-url.js';
