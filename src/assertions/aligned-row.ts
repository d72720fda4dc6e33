/** How one expected record, actual record, or pair of them came out of the comparison. */
export type DiffRowKind = 'same' | 'changed' | 'missing' | 'unexpected';

/** One row of an alignment, by index into the expected and actual lists. */
export interface AlignedRow {
  readonly kind: DiffRowKind;
  readonly expectedIndex?: number;
  readonly actualIndex?: number;
  /**
   * In an ordered diff, a missing record that was produced elsewhere (or an unexpected record that was
   * expected elsewhere): the index on the other side where the equal record is.
   */
  readonly outOfOrderAt?: number;
}

export const sameRow = (expectedIndex: number, actualIndex: number): AlignedRow => ({ kind: 'same', expectedIndex, actualIndex });
export const changedRow = (expectedIndex: number, actualIndex: number): AlignedRow => ({ kind: 'changed', expectedIndex, actualIndex });
export const missingRow = (expectedIndex: number): AlignedRow => ({ kind: 'missing', expectedIndex });
export const unexpectedRow = (actualIndex: number): AlignedRow => ({ kind: 'unexpected', actualIndex });
