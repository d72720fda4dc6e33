/** The most frequent key and its share of all keys: how far a skew knob concentrates the draws. */
export function top(keys: readonly string[]): { key: string; share: number } {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  let best = { key: '', count: -1 };
  for (const [key, count] of counts) if (count > best.count) best = { key, count };
  return { key: best.key, share: best.count / keys.length };
}
