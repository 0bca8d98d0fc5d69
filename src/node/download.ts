import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PART_MARK, temporaryName } from './temp-names';

export interface DownloadOptions {
  /** Expected MD5 (hex) of the whole file. */
  readonly md5?: string;
  readonly onProgress?: (received: number, total: number | undefined) => void;
  readonly signal?: AbortSignal;
  /** Ends the message of a failed download instead of LOCAL_COPY_ADVICE: how to give a local file. */
  readonly hint?: string;
  /** How long to wait for the response headers of each request (default 30 s). */
  readonly connectTimeoutMs?: number;
  /** How long the body may go without a byte (default 30 s). */
  readonly idleTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

const MAX_REDIRECTS = 5;
const LOCAL_COPY_ADVICE = 'Without network access, download the file on another machine and use the local copy instead.';

/**
 * Downloads `url` to `dest`: streams into a temporary file next to it, checks the MD5, then
 * renames, so `dest` never holds a partial or corrupt file. On abort the temporary file is
 * removed and the AbortError thrown.
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const temp = temporaryName(dest, PART_MARK);
  try {
    const md5 = await fetchToFile(url, temp, options);
    if (options.md5 !== undefined && md5 !== options.md5.toLowerCase()) {
      throw new Error(`MD5 mismatch for ${url}: got ${md5}, expected ${options.md5}`);
    }
    await rename(temp, dest);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Streams the body of `url` into `file`; returns its MD5. */
async function fetchToFile(url: string, file: string, options: DownloadOptions): Promise<string> {
  const { onProgress, signal, hint } = options;
  const hash = createHash('md5');
  try {
    const response = await get(url, options, MAX_REDIRECTS);
    const idleMs = options.idleTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    response.setTimeout(idleMs, () => response.destroy(new Error(`no data for ${seconds(idleMs)} (the server stopped sending)`)));
    const length = response.headers['content-length'];
    const total = length === undefined ? undefined : Number(length);
    let received = 0;
    await pipeline(
      response,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          received += chunk.length;
          onProgress?.(received, total);
          yield chunk;
        }
      },
      createWriteStream(file),
      { signal },
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Download failed: ${url}: ${reason}. ${hint ?? LOCAL_COPY_ADVICE}`, { cause: error });
  }
  return hash.digest('hex');
}

/** GET with redirects followed; resolves with a 200 response. */
async function get(url: string, options: DownloadOptions, redirectsLeft: number): Promise<IncomingMessage> {
  const response = await request(new URL(url), options.signal, options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS);
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (status >= 300 && status < 400 && location !== undefined) {
    response.resume();
    if (redirectsLeft === 0) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    return get(new URL(location, url).href, options, redirectsLeft - 1);
  }
  if (status !== 200) {
    response.resume();
    throw new Error(`HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd());
  }
  return response;
}

/** Resolves with the response once its headers arrive, or rejects after `timeoutMs` without them. */
function request(url: URL, signal: AbortSignal | undefined, timeoutMs: number): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!client) return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => req.destroy(new Error(`no response within ${seconds(timeoutMs)}`)), timeoutMs);
    const req = client.get(url, { signal }, (response) => {
      clearTimeout(timer);
      resolve(response);
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}
