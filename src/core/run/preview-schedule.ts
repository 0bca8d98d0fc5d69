/**
 * When a run shows its image: the starting image at once (iteration 0), then early iterations so
 * the first feedback comes within a second (1, 2, 4, 8, ... up to `previewEvery`), then every
 * `previewEvery` iterations. The last iteration is not a preview: the run's result shows it.
 * `previewEvery` 0 means only the result. Every engine runs the executor, so each gets this schedule.
 */
export function previewDue(iteration: number, previewEvery: number, iterations: number): boolean {
  if (previewEvery <= 0 || iteration >= iterations) return false;
  if (iteration === 0) return true;
  if (iteration % previewEvery === 0) return true;
  return iteration < previewEvery && (iteration & (iteration - 1)) === 0;
}
