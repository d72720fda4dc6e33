import type { RecordDiff } from './record-diff.js';

/**
 * Thrown when an expectation fails. The message is the formatted diff, readable in any test runner
 * (vitest prints it as it is); the diff itself is kept as data for tools that want more.
 */
export class ExpectationError extends Error {
  override readonly name = 'ExpectationError';

  constructor(
    message: string,
    readonly diff: RecordDiff,
  ) {
    super(message);
  }
}
