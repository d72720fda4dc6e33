import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    // The real-broker specs need a running Apache Kafka broker: they run with vitest.kafka.config.ts.
    exclude: [...configDefaults.exclude, 'spec/kafka/**'],
    setupFiles: ['spec/setup/fast-check.ts'],
    testTimeout: 60_000,
  },
});
