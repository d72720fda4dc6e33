import type { Change } from '../../internal/change.js';

/**
 * What one side of a table-table join forwards when its table changes, given the other table's current
 * value for the key. Null: forward nothing. `sendOldValues` says whether a downstream asked for old values.
 * Each rule is the `process` body of a Kafka class (kstream/internals), the joiner already turned around
 * for the "other" side (Kafka's reverseJoiner), so `joiner(thisSide, otherSide)`.
 */
export type SideRule<VThis, VOther, VR> = (
  change: Change<VThis>,
  other: VOther | null,
  joiner: (thisValue: VThis | null, otherValue: VOther | null) => VR,
  sendOldValues: boolean,
) => Change<VR> | null;

/** The four Kafka processors a table-table join is built from. */
export type SideKind = 'inner' | 'left' | 'right' | 'outer';

/**
 * The four rules differ in two ways:
 * - `needsOther`: nothing is forwarded without the other side's value (KTableKTableInnerJoin,
 *   KTableKTableRightJoin); otherwise only a change with neither new nor old value and no other value is
 *   skipped (KTableKTableLeftJoin, KTableKTableOuterJoin: the parent sends old values for these joins).
 * - `thisOptional`: a missing value on this side still joins while the other side has one, so a right
 *   delete gives [left, null] (KTableKTableRightJoin, KTableKTableOuterJoin); otherwise a missing value
 *   here is a missing result: a delete on this side becomes a tombstone (KTableKTableInnerJoin, KTableKTableLeftJoin).
 */
const SHAPES: Readonly<Record<SideKind, { readonly needsOther: boolean; readonly thisOptional: boolean }>> = {
  inner: { needsOther: true, thisOptional: false },
  left: { needsOther: false, thisOptional: false },
  right: { needsOther: true, thisOptional: true },
  outer: { needsOther: false, thisOptional: true },
};

export function sideRule<VThis, VOther, VR>(kind: SideKind): SideRule<VThis, VOther, VR> {
  const { needsOther, thisOptional } = SHAPES[kind];
  return (change, other, joiner, sendOldValues) => {
    if (other === null && (needsOther || (change.newValue === null && change.oldValue === null))) return null;
    const joinsMissing = thisOptional && other !== null;
    const newValue = change.newValue !== null || joinsMissing ? joiner(change.newValue, other) : null;
    const oldValue = sendOldValues && (change.oldValue !== null || joinsMissing) ? joiner(change.oldValue, other) : null;
    return { newValue, oldValue, isLatest: change.isLatest };
  };
}
