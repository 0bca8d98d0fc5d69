import { quote } from '../text/quote';

/** Names longer than this are not compared (a hostile file's 5 MB type name costs nothing). */
const MAX_COMPARED = 64;

/** The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours, each 1. */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The `count` candidates nearest to `name` (case ignored), nearest first, ties in the candidates' order. */
export function nearestNames(name: string, candidates: readonly string[], count: number): string[] {
  if (name.length > MAX_COMPARED) return candidates.slice(0, count);
  const lower = name.toLowerCase();
  return candidates
    .map((candidate, order) => ({ candidate, order, distance: editDistance(lower, candidate.toLowerCase()) }))
    .sort((x, y) => x.distance - y.distance || x.order - y.order)
    .slice(0, count)
    .map((c) => c.candidate);
}

/**
 * What to add to "unknown <what> NAME" so that a person can fix it: `; did you mean "x"?` when one
 * candidate is within a third of the name's length in edits, then the valid names (the nearest
 * `listed` of them, nearest first, when there are more). Nothing for a name too long to be a typo.
 */
export function suggestion(name: string, candidates: readonly string[], what: string, listed = 8): string {
  if (!candidates.length) return ` (it has no ${what}s)`;
  if (name.length > MAX_COMPARED) return '';
  const [best] = nearestNames(name, candidates, 1);
  const close = editDistance(name.toLowerCase(), best!.toLowerCase()) <= Math.max(1, Math.floor(Math.max(name.length, best!.length) / 3));
  const names = candidates.length <= listed ? candidates : nearestNames(name, candidates, listed);
  const list = candidates.length <= listed ? `${what}s: ${names.join(', ')}` : `nearest ${what}s of ${candidates.length}: ${names.join(', ')}`;
  return `${close ? `; did you mean ${quote(best)}?` : ''} (${list})`;
}
