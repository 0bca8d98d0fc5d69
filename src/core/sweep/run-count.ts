/** What counting needs of an axis or a --vary flag: its values. */
interface Counted {
  readonly values: readonly unknown[];
}

/** How many runs a sweep makes unless --max-runs raises it. */
export const DEFAULT_MAX_RUNS = 1000;
/** The most --max-runs allows: a billion runs of a second each take 30 years. */
export const MAX_RUNS_LIMIT = 1_000_000_000;

/** The number of combinations of the axes (the product of their value counts), without making any. */
export function runCount(axes: readonly Counted[]): number {
  return axes.reduce((n, axis) => n * axis.values.length, 1);
}

/** "12 runs (3 x 4)"; one axis: "3 runs"; "1 run". */
export function describeRunCount(axes: readonly Counted[]): string {
  const n = runCount(axes);
  const factors = axes.length > 1 ? ` (${axes.map((a) => a.values.length).join(' x ')})` : '';
  return `${n} run${n === 1 ? '' : 's'}${factors}`;
}

/** Throws an Error naming the count when the axes make more than `maxRuns` runs. */
export function checkRunCount(axes: readonly Counted[], maxRuns: number): void {
  const n = runCount(axes);
  if (n <= maxRuns) return;
  const raise = n <= MAX_RUNS_LIMIT ? `raise it with --max-runs ${n}` : `that is over ${MAX_RUNS_LIMIT}, the most --max-runs allows; use fewer values`;
  throw new Error(`${describeRunCount(axes)} is over --max-runs ${maxRuns}; ${raise}`);
}
