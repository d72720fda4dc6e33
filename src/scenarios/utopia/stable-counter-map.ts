/**
 * The workshop's SortedCounterMap (SCENARIOS.md §2.3 "stable counter map"): ids with counts, kept sorted
 * by count descending with a stable sort, so an id that reaches a tied count later stays behind. Entries
 * are an ordered list of [id, count]: a plain object would reorder integer-like ids.
 * Immutable: every increment returns a new map, because stores here keep values, not bytes.
 */
export type CounterEntries = readonly (readonly [string, number])[];

export function increment(entries: CounterEntries, id: string): CounterEntries {
  const i = entries.findIndex(([k]) => k === id);
  const next = i < 0 ? [...entries, [id, 1] as const] : entries.map((e, j) => (j === i ? ([e[0], e[1] + 1] as const) : e));
  // Array.prototype.sort is stable (ES2019), like Java's Stream.sorted on an ordered stream.
  return [...next].sort((a, b) => b[1] - a[1]);
}

export function top(entries: CounterEntries, n: number): CounterEntries {
  return entries.slice(0, n);
}
