import { crc32, deflateSync } from 'node:zlib';

/** One PNG chunk: length, type, data, CRC (zlib's, independent of src/core/image/crc32). */
export function pngChunk(type: string, data: Uint8Array = new Uint8Array(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngOptions {
  readonly bitDepth?: number;
  readonly colourType?: number;
  readonly interlace?: number;
  /** The IDAT chunk's data; default: a few deflated zero bytes (far less than the declared size needs: a bomb's shape). */
  readonly idat?: Uint8Array;
}

/** A PNG with this IHDR and one IDAT: `pngBytes(30000, 30000)` is a ~70-byte file declaring 900 MP of RGBA. */
export function pngBytes(width: number, height: number, options: PngOptions = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = options.bitDepth ?? 8;
  ihdr[9] = options.colourType ?? 6;
  ihdr[12] = options.interlace ?? 0;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', options.idat ?? deflateSync(Buffer.alloc(16))), pngChunk('IEND')]);
}

/** A complete, valid grey (colour type 0, 8-bit) PNG of `width` x `height`, every pixel `level`. */
export function greyPng(width: number, height: number, level: number): Buffer {
  const row = Buffer.alloc(1 + width, level);
  row[0] = 0; // filter: none
  return pngBytes(width, height, { colourType: 0, idat: deflateSync(Buffer.concat(Array.from({ length: height }, () => row))) });
}

/** A valid 1-bit grey PNG of zeros: a few KB on disk, width x height x 4 bytes decoded (the 48 KB 20000x20000 file is one). */
export function oneBitPng(width: number, height: number): Buffer {
  const rows = Buffer.alloc(height * (1 + Math.ceil(width / 8)));
  return pngBytes(width, height, { bitDepth: 1, colourType: 0, idat: deflateSync(rows) });
}

/** A JPEG segment: marker 0xFF`marker`, its 2-byte length, its data. */
export function jpegSegment(marker: number, data: Uint8Array): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/** A frame header (SOFn, `marker` 0xC0..0xCF) for 3 components, 8-bit. */
export function sofSegment(marker: number, width: number, height: number): Buffer {
  const data = Buffer.from([8, 0, 0, 0, 0, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
  data.writeUInt16BE(height, 1);
  data.writeUInt16BE(width, 3);
  return jpegSegment(marker, data);
}

/** SOI, then the segments, then (when `end`) SOS and EOI: enough for a header reader, not a decoder. */
export function jpegBytes(segments: readonly Buffer[], end = true): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments, ...(end ? [jpegSegment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])), Buffer.from([0, 0xff, 0xd9])] : [])]);
}
