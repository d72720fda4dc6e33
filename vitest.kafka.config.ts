import { defineConfig } from 'vitest/config';

// The real-broker specs (`npm run test:kafka`): a single-node Apache Kafka broker, started by the global setup,
// runs beside them; the default `npm test` excludes them so that it needs no broker.
export default defineConfig({
  test: {
    include: ['spec/kafka/**/*.spec.ts'],
    globalSetup: ['spec/kafka/global-setup.ts'],
    // one broker for all: the specs create, read and delete the same scenarios' topics, so they take turns
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
