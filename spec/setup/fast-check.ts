import fc from 'fast-check';

/**
 * Every property without its own seed runs from one fixed seed, so that CI is reproducible: a property that
 * fails does so on every run. `FC_SEED=<n>` picks another seed, `FC_SEED=random` a fresh one per property (to
 * hunt for new counterexamples; fast-check prints the seed and path of any it finds).
 */
const chosen = process.env.FC_SEED;
if (chosen !== 'random') {
  const seed = chosen === undefined ? 20261124 : Number(chosen);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or 'random', got '${chosen}'`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
