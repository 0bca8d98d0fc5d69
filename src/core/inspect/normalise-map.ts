/** A map of numbers scaled to bytes for display, with the range it was scaled from. */
export interface NormalisedMap {
  /** 0 at `min`, 255 at `max`; all 0 when the map is constant. */
  readonly bytes: Uint8Array;
  readonly min: number;
  readonly max: number;
}

/** Scales `values` linearly so its smallest value is 0 and its largest 255 (rounded). */
export function normaliseMap(values: ArrayLike<number>): NormalisedMap {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const bytes = new Uint8Array(values.length);
  const span = max - min;
  if (span > 0) for (let i = 0; i < values.length; i++) bytes[i] = Math.round(((values[i]! - min) / span) * 255);
  return { bytes, min: values.length ? min : 0, max: values.length ? max : 0 };
}
