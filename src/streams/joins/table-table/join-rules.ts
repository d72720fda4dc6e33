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

/** KTableKTableInnerJoin: nothing without a match; a delete on this side becomes a tombstone. */
function innerRule<VThis, VOther, VR>(
  change: Change<VThis>,
  other: VOther | null,
  joiner: (a: VThis | null, b: VOther | null) => VR,
  sendOldValues: boolean,
): Change<VR> | null {
  if (other === null) return null;
  const newValue = change.newValue === null ? null : joiner(change.newValue, other);
  const oldValue = sendOldValues && change.oldValue !== null ? joiner(change.oldValue, other) : null;
  return { newValue, oldValue, isLatest: change.isLatest };
}

/**
 * KTableKTableLeftJoin (this = left side): joins with a missing right value too; only a change with
 * neither new nor old value and no right value is skipped (the left parent sends old values for this join).
 */
function leftRule<VThis, VOther, VR>(
  change: Change<VThis>,
  other: VOther | null,
  joiner: (a: VThis | null, b: VOther | null) => VR,
  sendOldValues: boolean,
): Change<VR> | null {
  if (other === null && change.newValue === null && change.oldValue === null) return null;
  const newValue = change.newValue === null ? null : joiner(change.newValue, other);
  const oldValue = sendOldValues && change.oldValue !== null ? joiner(change.oldValue, other) : null;
  return { newValue, oldValue, isLatest: change.isLatest };
}

/**
 * KTableKTableRightJoin (this = right side of a left join): nothing without a left value; otherwise the
 * joiner always runs, so a right delete gives [left, null].
 */
function rightRule<VThis, VOther, VR>(
  change: Change<VThis>,
  other: VOther | null,
  joiner: (a: VThis | null, b: VOther | null) => VR,
  sendOldValues: boolean,
): Change<VR> | null {
  if (other === null) return null;
  const newValue = joiner(change.newValue, other);
  const oldValue = sendOldValues ? joiner(change.oldValue, other) : null;
  return { newValue, oldValue, isLatest: change.isLatest };
}

/** KTableKTableOuterJoin (both sides): joins whenever either value exists; a tombstone once neither does. */
function outerRule<VThis, VOther, VR>(
  change: Change<VThis>,
  other: VOther | null,
  joiner: (a: VThis | null, b: VOther | null) => VR,
  sendOldValues: boolean,
): Change<VR> | null {
  if (other === null && change.newValue === null && change.oldValue === null) return null;
  const newValue = other !== null || change.newValue !== null ? joiner(change.newValue, other) : null;
  const oldValue = sendOldValues && (other !== null || change.oldValue !== null) ? joiner(change.oldValue, other) : null;
  return { newValue, oldValue, isLatest: change.isLatest };
}

const RULES: Readonly<Record<SideKind, SideRule<unknown, unknown, unknown>>> = {
  inner: innerRule,
  left: leftRule,
  right: rightRule,
  outer: outerRule,
};

export function sideRule<VThis, VOther, VR>(kind: SideKind): SideRule<VThis, VOther, VR> {
  return RULES[kind] as SideRule<VThis, VOther, VR>;
}
