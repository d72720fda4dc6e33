import type { JsonValue } from '../../assertions/harness/invariant-spec.js';

/** The first place two lists of output rows differ, as one line for a failure report; null when equal. */
export function firstDifference(what: string, got: readonly JsonValue[], want: readonly JsonValue[]): string | null {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const g = JSON.stringify(got[i] ?? null);
    const w = JSON.stringify(want[i] ?? null);
    if (g !== w) return `${what} ${i + 1}: got ${i < got.length ? g : 'nothing'}, expected ${i < want.length ? w : 'nothing'} (${got.length} vs ${want.length})`;
  }
  return null;
}
