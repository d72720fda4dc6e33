import { ExpectationError } from '../../src/index.js';

/** The message of the ExpectationError that `check` throws; fails if it throws nothing or something else. */
export function failureMessage(check: () => unknown): string {
  try {
    check();
  } catch (e) {
    if (e instanceof ExpectationError) return e.message;
    throw e;
  }
  throw new Error('expected an ExpectationError, but the expectation passed');
}
