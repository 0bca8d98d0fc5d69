import type { RawImage } from '../image/raw-image';

const GAP = 4;
const BACKGROUND = [32, 32, 32, 255];
/** Cells of runs not finished (yet) are a lighter grey, so the layout stays readable. */
const EMPTY = [72, 72, 72, 255];

/**
 * The runs' images on one sheet, in run order, `columns` per row (the last axis's values, so a
 * two-axis sweep reads as its grid), each centred in a cell as large as the largest image, with a
 * gap between cells. No text: index.html carries the labels. `undefined` is a run not finished.
 */
export function contactSheet(images: readonly (RawImage | undefined)[], columns: number): RawImage {
  const cellW = Math.max(1, ...images.map((i) => i?.width ?? 0));
  const cellH = Math.max(1, ...images.map((i) => i?.height ?? 0));
  const rows = Math.ceil(images.length / columns);
  const width = GAP + columns * (cellW + GAP);
  const height = GAP + rows * (cellH + GAP);
  const data = new Uint8Array(width * height * 4);
  fill(data, width, 0, 0, width, height, BACKGROUND);
  images.forEach((image, k) => {
    const x0 = GAP + (k % columns) * (cellW + GAP);
    const y0 = GAP + Math.floor(k / columns) * (cellH + GAP);
    if (!image) return fill(data, width, x0, y0, cellW, cellH, EMPTY);
    const dx = x0 + Math.floor((cellW - image.width) / 2);
    const dy = y0 + Math.floor((cellH - image.height) / 2);
    for (let y = 0; y < image.height; y++) {
      data.set(image.data.subarray(y * image.width * 4, (y + 1) * image.width * 4), ((dy + y) * width + dx) * 4);
    }
  });
  return { width, height, data };
}

function fill(data: Uint8Array, stride: number, x0: number, y0: number, w: number, h: number, rgba: readonly number[]): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data.set(rgba, (y * stride + x) * 4);
}
