import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded RNG (src/sim/rng.ts): determinism is the product.' },
        { object: 'Date', property: 'now', message: 'Use the virtual clock (src/sim/clock.ts): determinism is the product.' },
      ],
    },
  },
  {
    files: ['src/cli/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The bridge to a real cluster waits on real time (timeouts, a quiet period); randomness stays seeded.
    files: ['src/kafka/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded RNG (src/sim/rng.ts): determinism is the product.' }],
    },
  },
);
