import { promises as fs } from 'node:fs';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import type { RawImage } from '../core/image/raw-image';
import { writeFileAtomic } from './atomic-write';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** Decodes a PNG or JPEG file (by its content, not its name) to RGBA pixels. */
export async function readImageFile(path: string): Promise<RawImage> {
  const bytes = await fs.readFile(path);
  const startsWith = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (startsWith(PNG_SIGNATURE)) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  if (startsWith(JPEG_SIGNATURE)) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: img.data };
  }
  throw new Error(`${path} is neither a PNG nor a JPEG file`);
}

/** Encodes RGBA pixels as PNG and replaces the file in one step, so a crash never leaves half a file. */
export async function writePngFile(path: string, image: RawImage): Promise<void> {
  await writeFileAtomic(path, encodePng(image));
}

/** RGBA pixels as a PNG file's bytes. */
export function encodePng(image: RawImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length);
  return PNG.sync.write(png);
}
