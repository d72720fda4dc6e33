import { stableStringify } from '../sim/key-id.js';
import type { Headers } from '../sim/record.js';

/** Longest text a table cell shows before its middle is elided. */
export const DEFAULT_MAX_CELL_WIDTH = 40;

const ELLIPSIS = '...';

/** Keeps the head and tail of a long text, where keys and values usually differ, and elides the middle. */
export function elideMiddle(text: string, maxWidth: number): string {
  if (text.length <= maxWidth) return text;
  const chars = Array.from(text); // by code point, so that an emoji is never cut in half
  if (chars.length <= maxWidth) return text;
  const kept = Math.max(maxWidth - ELLIPSIS.length, 2);
  const head = Math.ceil(kept / 2);
  return chars.slice(0, head).join('') + ELLIPSIS + chars.slice(chars.length - (kept - head)).join('');
}

/** A key or value as the project writes it everywhere (1 and "1" differ), elided when long. */
export function showValue(value: unknown, maxWidth = DEFAULT_MAX_CELL_WIDTH): string {
  return elideMiddle(stableStringify(value), maxWidth);
}

/** Headers in order (Kafka allows repeated keys) as `[name="value", ...]`. */
export function showHeaders(headers: Headers, maxWidth = DEFAULT_MAX_CELL_WIDTH): string {
  return elideMiddle(`[${headers.map((h) => `${h.key}=${stableStringify(h.value)}`).join(', ')}]`, maxWidth);
}
