import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PNG } from 'pngjs';
import type { RawImage } from '../core/image/raw-image';
import { parseImageHeader, type ImageHeader } from '../core/image/image-header';
import { headerProblem, MAX_PIXELS_ENV, parseMaxPixels } from '../core/image/pixel-limit';
import type { DecodeAnswer, DecodeRequest } from './image-decode';
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
/** The worker script (image-decode-worker.ts), beside this file in out/ and in dist/ (its own webpack entry). */
const DECODE_WORKER = join(__dirname, 'image-decode-worker.js');

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
 * worker thread, which `signal` stops at once (the promise then rejects with its reason).
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
  return decodeInWorker(path, bytes, header, options.signal);
}

/** Encodes RGBA pixels as PNG and replaces the file in one step, so a crash never leaves half a file. */
export async function writePngFile(path: string, image: RawImage): Promise<void> {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length);
  await writeFileAtomic(path, PNG.sync.write(png));
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

function decodeInWorker(path: string, bytes: Buffer, header: ImageHeader, signal: AbortSignal | undefined): Promise<RawImage> {
  // The file's own buffer moves to the worker; a pooled (small) one is copied first.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
  const request: DecodeRequest = { bytes: own, header };
  return new Promise<RawImage>((resolve, reject) => {
    const worker = new Worker(DECODE_WORKER, { workerData: request, transferList: [own.buffer as ArrayBuffer] });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const onAbort = () => {
      void worker.terminate();
      settle(() => reject(signal!.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (answer: DecodeAnswer) => {
      settle(() => (answer.ok ? resolve({ width: answer.width, height: answer.height, data: answer.data }) : reject(new ImageFileError(path, answer.reason))));
    });
    worker.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the decoder ran out of memory' : `the decoder failed (${error.message})`;
      settle(() => reject(new ImageFileError(path, `could not be decoded: ${why}`)));
    });
    worker.once('exit', (code) => settle(() => reject(new ImageFileError(path, `could not be decoded: the decoder stopped (exit code ${code})`))));
  });
}
