/**
 * Colours for maps scaled to bytes (normaliseMap): a heatmap scale (viridis's end and middle
 * colours: dark purple for the smallest values, through teal, to yellow for the largest), which
 * reads in light and dark themes and for most colour-blind readers, and plain grey.
 */
const HEAT_STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
];

/** The heatmap colour of a byte (0: the scale's low end, 255: its high end), interpolated between the stops. */
export function heatColour(byte: number): [number, number, number] {
  const t = (Math.min(255, Math.max(0, byte)) / 255) * (HEAT_STOPS.length - 1);
  const i = Math.min(HEAT_STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const [a, b] = [HEAT_STOPS[i]!, HEAT_STOPS[i + 1]!];
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

const HEAT_TABLE = Array.from({ length: 256 }, (_, byte) => heatColour(byte));
const GREY_TABLE = Array.from({ length: 256 }, (_, byte) => [byte, byte, byte] as const);

/** RGBA pixels (opaque) of bytes through the heatmap scale or as grey. */
export function mapPixels(bytes: Uint8Array, scale: 'heat' | 'grey'): Uint8Array {
  const table = scale === 'heat' ? HEAT_TABLE : GREY_TABLE;
  const rgba = new Uint8Array(bytes.length * 4);
  for (let i = 0; i < bytes.length; i++) {
    const [r, g, b] = table[bytes[i]!]!;
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
