import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import type { ImageHeader } from '../core/image/image-header';
import type { RawImage } from '../core/image/raw-image';

/** What the decoding worker (image-decode-worker.ts) is given: a file's bytes and its checked header. */
export interface DecodeRequest {
  readonly bytes: Uint8Array;
  readonly header: ImageHeader;
}

/** What it answers: the pixels, or why not (worded to follow the file's name). */
export type DecodeAnswer = { readonly ok: true; readonly width: number; readonly height: number; readonly data: Uint8Array } | { readonly ok: false; readonly reason: string };

/**
 * Decodes a PNG or JPEG whose header (parseImageHeader) passed the pixel limit to RGBA pixels.
 * Memory stays bounded by the header: pngjs inflates a plain PNG into a buffer of the declared
 * size; an interlaced one is first inflated here with that bound (pngjs does not bound it), and
 * jpeg-js gets a memory cap from the declared size. A decoder's failure becomes one of our
 * sentences, without the decoder's own wording, to follow the file's name.
 */
export function decodeImage(bytes: Buffer, header: ImageHeader): RawImage {
  const format = header.format === 'png' ? 'PNG' : 'JPEG';
  let image: RawImage;
  try {
    image = header.format === 'png' ? decodePng(bytes, header) : decodeJpeg(bytes, header);
  } catch (error) {
    throw new Error(`is not a valid ${format}: ${decoderReason(error as Error)}`);
  }
  if (image.width !== header.width || image.height !== header.height) {
    throw new Error(`is not a valid ${format}: it decodes to ${image.width}x${image.height} pixels, not the ${header.width}x${header.height} its header declares`);
  }
  return image;
}

function decodePng(bytes: Buffer, header: ImageHeader & { format: 'png' }): RawImage {
  if (header.interlaced) inflateSync(idatOf(bytes), { maxOutputLength: adam7Bytes(header) });
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
}

function decodeJpeg(bytes: Buffer, header: ImageHeader): RawImage {
  const pixels = header.width * header.height;
  // jpeg-js counts about 4 bytes per pixel per component (at most 4) and the RGBA output: 24 per pixel covers all.
  const maxMemoryUsageInMB = Math.max(512, Math.ceil((pixels * 24) / 2 ** 20));
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB, maxResolutionInMP: Math.ceil(pixels / 1e6) + 1 });
  return { width: image.width, height: image.height, data: image.data };
}

/** The zlib stream of a PNG: its IDAT chunks' data, in order. */
function idatOf(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, Math.min(at + 8 + length, bytes.length)));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return Buffer.concat(parts);
}

/** Samples per pixel of each PNG colour type. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7's seven passes: [x start, y start, x step, y step]. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

/** The bytes an interlaced PNG's image data inflates to: each pass's rows, each with its filter byte. */
function adam7Bytes(header: { width: number; height: number; bitDepth: number; colourType: number }): number {
  const bits = CHANNELS[header.colourType]! * header.bitDepth;
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((header.width - x0) / dx);
    const h = Math.ceil((header.height - y0) / dy);
    if (w > 0 && h > 0) total += h * (1 + Math.ceil((w * bits) / 8));
  }
  return total;
}

/** Our words for what went wrong inside a decoder (its own messages are about its internals). */
function decoderReason(error: Error): string {
  const text = `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`;
  if (/ERR_BUFFER_TOO_LARGE|Cannot create a Buffer larger/i.test(text)) return 'its image data inflates to more than its header declares';
  // pngjs's sync reader reports a chunk whose CRC fails as content left at the end.
  if (/crc|unrecognised content/i.test(text)) return 'a chunk is damaged (its checksum or length is wrong)';
  if (/end of file|waitng|waiting|finished stream|unexpected end|marker was not found|out of range|offset/i.test(text)) return 'the file ends before its image data does';
  if (/maxMemoryUsage|allocate|memory/i.test(text)) return 'decoding it would take too much memory';
  if (/unsupported|not supported|only single frame/i.test(text)) return 'it uses a feature the decoder does not support';
  return 'its image data is damaged';
}
