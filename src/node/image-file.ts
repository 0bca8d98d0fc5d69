import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PNG } from 'pngjs';
import type { RawImage } from '../core/image/raw-image';
import { parseImageHeader, type ImageHeader } from '../core/image/image-header';
import { headerProblem, MAX_PIXELS_ENV, parseMaxPixels } from '../core/image/pixel-limit';
import { decodeInThread, DecodeError } from './image-decode-thread';
import { writeFileAtomic } from './atomic-write';

/** A file that is not an image we decode; `detail` says why, worded to follow the file's name. */
export class ImageFileError extends Error {
  constructor(readonly path: string, readonly detail: string) {
    super(`${path} ${detail}`);
    this.name = 'ImageFileError';
  }
}

/** The most pixels an input image may declare: $STYLEGRAPH_MAX_PIXELS, else 64 MP (throws on a value that is not a whole number). */
export function maxPixelsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return parseMaxPixels(env[MAX_PIXELS_ENV]);
}

/** How much of a file the header check reads first; a JPEG whose metadata is larger is read on. */
const HEADER_PREFIX = 64 * 1024;

/**
 * Checks that `path` is a regular file holding a PNG or JPEG header within `maxPixels`, reading
 * only as much of it as the header needs; returns the header, else throws an ImageFileError (or
 * the file system's error when it cannot be opened).
 */
export async function checkImageFile(path: string, maxPixels: number): Promise<ImageHeader> {
  const file = await openRegular(path);
  try {
    const size = (await file.stat()).size;
    for (let length = Math.min(size, HEADER_PREFIX); ; length = Math.min(size, length * 16)) {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await file.read(bytes, 0, length, 0);
      const read = parseImageHeader(bytes.subarray(0, bytesRead));
      if (!read.ok && read.truncated && bytesRead < size) continue;
      return acceptedHeader(path, read, maxPixels);
    }
  } finally {
    await file.close();
  }
}

/**
 * Decodes a PNG or JPEG file (by its content, not its name) to RGBA pixels. The header is checked
 * first (checkImageFile's rules: nothing over `maxPixels` is decoded); the decoding runs in a
 * worker thread (decodeInThread), which `signal` stops at once (the promise then rejects with its reason).
 */
export async function readImageFile(path: string, options: { readonly signal?: AbortSignal; readonly maxPixels?: number } = {}): Promise<RawImage> {
  const maxPixels = options.maxPixels ?? maxPixelsFromEnv();
  options.signal?.throwIfAborted();
  const file = await openRegular(path);
  let bytes: Buffer;
  try {
    bytes = await file.readFile();
  } finally {
    await file.close();
  }
  const header = acceptedHeader(path, parseImageHeader(bytes), maxPixels);
  return decodeInThread(bytes, header, options.signal).catch((error: Error) => {
    throw error instanceof DecodeError ? new ImageFileError(path, error.message) : error;
  });
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

/** Opens `path` for reading, refusing anything but a regular file (without blocking on a FIFO). */
async function openRegular(path: string): Promise<FileHandle> {
  const file = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const stat = await file.stat().catch(async (error: Error) => {
    await file.close();
    throw error;
  });
  if (stat.isFile()) return file;
  await file.close();
  throw new ImageFileError(path, stat.isDirectory() ? 'is a folder, not an image file' : 'is not a regular file');
}

function acceptedHeader(path: string, read: ReturnType<typeof parseImageHeader>, maxPixels: number): ImageHeader {
  if (!read.ok) throw new ImageFileError(path, read.reason);
  const problem = headerProblem(read.header, maxPixels);
  if (problem) throw new ImageFileError(path, problem);
  return read.header;
}
