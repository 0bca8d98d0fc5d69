import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImageHeader } from '../core/image/image-header';
import type { RawImage } from '../core/image/raw-image';
import type { DecodeAnswer, DecodeRequest } from './image-decode';

/** The worker script (image-decode-worker.ts), beside this file in out/ and in dist/ (its own webpack entry). */
const DECODE_WORKER = join(__dirname, 'image-decode-worker.js');

/** Why the decoder refused the bytes, worded to follow the file's name. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

/**
 * decodeImage on a worker thread: the main thread stays free, and `signal` terminates the worker
 * (the promise rejects with the signal's reason at once; the thread stops as soon as it is back
 * in JavaScript: at worst one zlib call of the image, under a second at 64 MP). `bytes` is moved
 * to the worker (unusable here afterwards), or copied when it shares Node's buffer pool.
 */
export function decodeInThread(bytes: Buffer, header: ImageHeader, signal: AbortSignal | undefined): Promise<RawImage> {
  signal?.throwIfAborted();
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
      settle(() => (answer.ok ? resolve({ width: answer.width, height: answer.height, data: answer.data }) : reject(new DecodeError(answer.reason))));
    });
    worker.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the decoder ran out of memory' : `the decoder failed (${error.message})`;
      settle(() => reject(new DecodeError(`could not be decoded: ${why}`)));
    });
    worker.once('exit', (code) => settle(() => reject(new DecodeError(`could not be decoded: the decoder stopped (exit code ${code})`))));
  });
}
