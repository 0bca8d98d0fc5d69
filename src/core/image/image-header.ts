import { crc32 } from './crc32';

/** What an image file declares before its pixel data: enough to refuse it before decoding. */
export type ImageHeader =
  | { readonly format: 'png'; readonly width: number; readonly height: number; readonly bitDepth: number; readonly colourType: number; readonly interlaced: boolean }
  | { readonly format: 'jpeg'; readonly width: number; readonly height: number; readonly frame: JpegFrame };

/** A JPEG's coding process, from its SOFn marker (ITU T.81 table B.1). */
export type JpegFrame = 'baseline' | 'extended' | 'progressive' | 'lossless' | 'hierarchical' | 'arithmetic';

/**
 * The header of a PNG or JPEG file, or why there is none. `truncated` means the bytes end before
 * the header does: more of the file may hold it (a reader that read only a prefix reads on).
 */
export type HeaderRead =
  | { readonly ok: true; readonly header: ImageHeader }
  | { readonly ok: false; readonly truncated: boolean; readonly reason: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SOI = [0xff, 0xd8];
/** The largest side a PNG may declare (2^31 - 1). */
const PNG_MAX_SIDE = 0x7fffffff;
/** Bit depths each PNG colour type allows. */
const PNG_DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/**
 * Reads the header of a PNG (its IHDR chunk) or a JPEG (its first SOFn frame header), by the
 * bytes' signature, never the file name. Reads nothing past the header, so a prefix of the file
 * is enough.
 */
export function parseImageHeader(bytes: Uint8Array): HeaderRead {
  if (startsWith(bytes, PNG_SIGNATURE)) return parsePng(bytes);
  if (startsWith(bytes, JPEG_SOI)) return parseJpeg(bytes);
  if (bytes.length === 0) return { ok: false, truncated: true, reason: 'is empty' };
  if (isPrefixOf(bytes, PNG_SIGNATURE)) return { ok: false, truncated: true, reason: 'is not a valid PNG: the file ends inside its signature' };
  if (isPrefixOf(bytes, JPEG_SOI)) return { ok: false, truncated: true, reason: 'is not a valid JPEG: the file ends inside its signature' };
  return { ok: false, truncated: false, reason: 'is neither a PNG nor a JPEG file' };
}

function parsePng(bytes: Uint8Array): HeaderRead {
  const bad = (why: string): HeaderRead => ({ ok: false, truncated: false, reason: `is not a valid PNG: ${why}` });
  // signature (8), IHDR length (4) and type (4), 13 bytes of IHDR data, its CRC (4)
  if (bytes.length < 33) return { ok: false, truncated: true, reason: 'is not a valid PNG: the file ends inside its header (IHDR)' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== 'IHDR') return bad(`its first chunk is ${JSON.stringify(type)}, not the header (IHDR)`);
  if (view.getUint32(8) !== 13) return bad(`its header (IHDR) is ${view.getUint32(8)} bytes long, not 13`);
  if (view.getUint32(29) !== crc32(bytes.subarray(12, 29))) return bad("its header's (IHDR) checksum is wrong: the file is damaged");
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const [bitDepth, colourType, compression, filter, interlace] = bytes.subarray(24, 29);
  if (width === 0 || height === 0 || width > PNG_MAX_SIDE || height > PNG_MAX_SIDE) return bad(`it declares ${width}x${height} pixels`);
  const depths = PNG_DEPTHS[colourType!];
  if (!depths) return bad(`colour type ${colourType} is not one PNG defines`);
  if (!depths.includes(bitDepth!)) return bad(`bit depth ${bitDepth} is not allowed with colour type ${colourType}`);
  if (compression !== 0 || filter !== 0 || (interlace !== 0 && interlace !== 1)) return bad(`its header names compression ${compression}, filter ${filter}, interlace ${interlace} (only 0, 0, 0 or 1 exist)`);
  return { ok: true, header: { format: 'png', width, height, bitDepth: bitDepth!, colourType: colourType!, interlaced: interlace === 1 } };
}

/** SOFn markers (0xC0-0xCF except DHT C4, JPG C8, DAC CC) and the process each starts. */
const JPEG_FRAMES: Readonly<Record<number, JpegFrame>> = {
  0xc0: 'baseline', 0xc1: 'extended', 0xc2: 'progressive', 0xc3: 'lossless',
  0xc5: 'hierarchical', 0xc6: 'hierarchical', 0xc7: 'hierarchical',
  0xc9: 'arithmetic', 0xca: 'arithmetic', 0xcb: 'arithmetic', 0xcd: 'arithmetic', 0xce: 'arithmetic', 0xcf: 'arithmetic',
};

function parseJpeg(bytes: Uint8Array): HeaderRead {
  const bad = (why: string): HeaderRead => ({ ok: false, truncated: false, reason: `is not a valid JPEG: ${why}` });
  const truncated: HeaderRead = { ok: false, truncated: true, reason: 'is not a valid JPEG: the file ends before its frame header (SOF)' };
  let at = 2;
  for (;;) {
    if (at >= bytes.length) return truncated;
    if (bytes[at] !== 0xff) return bad(`byte ${at} should start a marker (0xFF) but is 0x${hex(bytes[at]!)}`);
    while (bytes[at] === 0xff) at++; // fill bytes
    if (at >= bytes.length) return truncated;
    const marker = bytes[at++]!;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // RSTn, TEM: no length
    if (marker === 0xd9 || marker === 0xda) return bad(`it reaches its ${marker === 0xda ? 'image data (SOS)' : 'end (EOI)'} without a frame header (SOF)`);
    if (marker === 0xd8 || marker === 0x00) return bad(`marker 0xFF${hex(marker)} at byte ${at - 2} is out of place`);
    if (at + 2 > bytes.length) return truncated;
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    if (length < 2) return bad(`marker 0xFF${hex(marker)} at byte ${at - 2} declares a length of ${length}`);
    const frame = JPEG_FRAMES[marker];
    if (frame === undefined) {
      at += length;
      continue;
    }
    if (length < 8) return bad(`its frame header (SOF) is ${length} bytes long`);
    if (at + 8 > bytes.length) return truncated;
    const height = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    const width = (bytes[at + 5]! << 8) | bytes[at + 6]!;
    if (height === 0) return bad('it declares its height later (a DNL marker), which is not supported');
    if (width === 0) return bad('it declares a width of 0');
    return { ok: true, header: { format: 'jpeg', width, height, frame } };
  }
}

/** True when `bytes` is shorter than `signature` and matches its start. */
function isPrefixOf(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length < signature.length && bytes.every((b, i) => signature[i] === b);
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
