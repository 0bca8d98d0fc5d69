import type { ImageHeader } from './image-header';

/** The environment variable that sets the most pixels an input image may declare. */
export const MAX_PIXELS_ENV = 'STYLEGRAPH_MAX_PIXELS';
/** 64 megapixels (8000x8000): decoded as RGBA, 256 MB, and about 1 to 2 GB while decoding. */
export const DEFAULT_MAX_PIXELS = 64_000_000;

/** The pixel limit from the environment variable's text (unset or empty: the default); throws on anything but a whole number ≥ 1. */
export function parseMaxPixels(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_MAX_PIXELS;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${MAX_PIXELS_ENV} must be a whole number of pixels (e.g. 100000000 for 100 MP), not ${JSON.stringify(text)}`);
  return value;
}

/**
 * Why an image with this header is not decoded, or undefined: more pixels than `maxPixels`, or
 * a JPEG coding the decoder (jpeg-js: baseline, extended and progressive Huffman) does not have.
 * Worded to follow the file's name.
 */
export function headerProblem(header: ImageHeader, maxPixels: number): string | undefined {
  const tooLarge = pixelLimitProblem(header.width, header.height, maxPixels);
  if (tooLarge) return tooLarge;
  if (header.format === 'jpeg' && !['baseline', 'extended', 'progressive'].includes(header.frame)) {
    return `is a JPEG with ${header.frame} coding, which cannot be decoded (only baseline, extended and progressive JPEGs can)`;
  }
  return undefined;
}

/** Why an image (or a video's frame) declaring width x height is not decoded: more pixels than `maxPixels`; worded to follow its name. */
export function pixelLimitProblem(width: number, height: number, maxPixels: number): string | undefined {
  const pixels = width * height;
  if (pixels <= maxPixels) return undefined;
  const size = pixels >= 1e6 ? ` (${megapixels(pixels)})` : '';
  const limit = maxPixels >= 1e6 ? `${megapixels(maxPixels)} limit` : `limit of ${maxPixels} pixels`;
  return `declares ${width}x${height} pixels${size}, over the ${limit} (${MAX_PIXELS_ENV})`;
}

/** 900 MP, 64 MP, 1.5 MP. */
function megapixels(pixels: number): string {
  return `${Number((pixels / 1e6).toFixed(1))} MP`;
}
