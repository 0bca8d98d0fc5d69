/**
 * A uniform random source in [0, 1) determined by integer keys alone (mulberry32 seeded with a hash
 * of the keys): plain JavaScript, so every backend draws the same numbers.
 */
export function seededRandom(...keys: readonly number[]): () => number {
  let state = 0x9e3779b9;
  for (const key of keys) state = mix(state ^ mix(key >>> 0));
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finaliser: every input bit moves every output bit. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
