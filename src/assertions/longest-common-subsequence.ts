/**
 * Above this many table cells (expected x actual records of one gap) the alignment gives up on a
 * longest common subsequence and reports the gap unaligned: a bound on memory (16 MB) and time.
 */
export const MAX_LCS_CELLS = 4_000_000;

/**
 * Index pairs [e, a] of a longest common subsequence of expected[e0, e1) and actual[a0, a1) under
 * `equal`, in order. On ties the walk skips an expected record first, so that a diff lists what is
 * missing before what is unexpected, as a unified diff lists removals before additions.
 */
export function longestCommonSubsequence(
  e0: number,
  e1: number,
  a0: number,
  a1: number,
  equal: (e: number, a: number) => boolean,
): Array<readonly [number, number]> {
  const n = e1 - e0;
  const m = a1 - a0;
  if (n <= 0 || m <= 0 || (n + 1) * (m + 1) > MAX_LCS_CELLS) return [];
  const width = m + 1;
  // suffix[i * width + j]: LCS length of expected[e0 + i..] and actual[a0 + j..].
  const suffix = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      suffix[i * width + j] = equal(e0 + i, a0 + j)
        ? suffix[(i + 1) * width + j + 1]! + 1
        : Math.max(suffix[(i + 1) * width + j]!, suffix[i * width + j + 1]!);
    }
  }
  const pairs: Array<readonly [number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (equal(e0 + i, a0 + j)) {
      pairs.push([e0 + i, a0 + j]);
      i++;
      j++;
    } else if (suffix[(i + 1) * width + j]! >= suffix[i * width + j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}
