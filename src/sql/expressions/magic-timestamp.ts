/**
 * ksqlDB's StatementRewriteForMagicPseudoTimestamp: a string literal compared with ROWTIME, WINDOWSTART or
 * WINDOWEND (either side of a comparison, or the bounds of a BETWEEN on one of them) is read as a partial ISO
 * timestamp (PartialStringToTimestampParser: '2020', '2020-01-02T03:04', optional +hhmm zone, UTC by
 * default) and replaced by a BIGINT literal of its epoch millis, once at compile time.
 */
import type { Between, Comparison, Expr, Literal } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import { parseIsoTimestamp } from './iso-temporal.js';

const PSEUDO_TIMESTAMPS = new Set(['ROWTIME', 'WINDOWSTART', 'WINDOWEND']);

const isPseudoTimestamp = (e: Expr): boolean => e.kind === 'column' && PSEUDO_TIMESTAMPS.has(e.name);

/** The BIGINT literal a string literal stands for, or undefined when `e` is not a string literal. */
function asMillis(e: Expr): Literal | undefined {
  if (e.kind !== 'literal' || e.type !== 'STRING') return undefined;
  const text = String(e.value);
  let ms: number;
  try {
    ms = parseIsoTimestamp(text);
  } catch {
    throw new SqlStatementError(
      `Failed to parse timestamp '${text}'. Required format is: "yyyy-MM-dd'T'HH:mm:ss.SSS", with an optional numeric 4-digit timezone`,
      e.pos,
    );
  }
  return { kind: 'literal', type: 'BIGINT', value: BigInt(ms), text: String(ms), pos: e.pos };
}

export function rewriteMagicComparison(e: Comparison): Comparison {
  if (isPseudoTimestamp(e.left)) {
    const right = asMillis(e.right);
    return right === undefined ? e : { ...e, right };
  }
  if (isPseudoTimestamp(e.right)) {
    const left = asMillis(e.left);
    return left === undefined ? e : { ...e, left };
  }
  return e;
}

export function rewriteMagicBetween(e: Between): Between {
  if (!isPseudoTimestamp(e.operand)) return e;
  const low = asMillis(e.low);
  const high = asMillis(e.high);
  return low === undefined && high === undefined ? e : { ...e, low: low ?? e.low, high: high ?? e.high };
}
