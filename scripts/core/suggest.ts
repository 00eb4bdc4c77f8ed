/** "Did you mean …": the closest known name to a misspelt one, or none when nothing is close. */
import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `input` (case-insensitive edit distance), when at most a third of the
 * input's length away (at least 2 edits allowed); undefined otherwise.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const d = distance(needle, name.toLowerCase());
    if (d <= limit && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** ` (did you mean "X"?)`, or '' when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closest(input, candidates);
  return match === undefined ? '' : `did you mean "${match}"?`;
}
