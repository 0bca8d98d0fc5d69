import { createHash, randomBytes } from 'node:crypto';
import { access, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { findHdf5Superblock } from '../core/model/hdf5-superblock';
import { readKerasH5 } from '../core/model/keras-h5';
import type { WeightsManifest } from '../core/model/manifest';
import { WeightsError, type VggWeightSet } from '../core/model/weights';
import { downloadFile, type DownloadOptions } from './download';
import { readTfjsFiles, writeTfjsFiles } from './tfjs-files';

export interface LoadedWeights {
  readonly weights: VggWeightSet;
  /** True when a Keras file was read from its converted copy in the cache, not parsed again. */
  readonly fromCache: boolean;
}

/**
 * Loads a Keras .h5 or a TensorFlow.js model.json (shards next to it). With a cache dir, a Keras
 * file is converted once into `cacheDir/<key>/` (model.json + shards), keyed by its absolute path,
 * size and modification time; later loads read that copy.
 */
export async function loadWeightsFile(path: string, options: { cacheDir?: string } = {}): Promise<LoadedWeights> {
  if ((await weightsFormat(path)) === 'tfjs') return { weights: await readTfjsFiles(path), fromCache: false };
  if (options.cacheDir === undefined) return { weights: await readKerasH5(await readFile(path), path), fromCache: false };
  const dir = join(options.cacheDir, await cacheKey(path));
  const cached = await readCache(dir, path);
  if (cached) return { weights: cached, fromCache: true };
  const weights = await readKerasH5(await readFile(path), path);
  await writeCache(weights, dir);
  return { weights, fromCache: false };
}

/** The local copy of the manifest's weights file in `cacheDir`, downloaded first if missing. */
export async function resolveDefaultWeights(manifest: WeightsManifest, cacheDir: string, options: Omit<DownloadOptions, 'md5'> = {}): Promise<string> {
  const file = join(cacheDir, manifest.file);
  if (!(await exists(file))) await downloadFile(manifest.url, file, { ...options, md5: manifest.md5 });
  return file;
}

/** `$STYLEGRAPH_CACHE`, else `$XDG_CACHE_HOME/stylegraph`, else `~/.cache/stylegraph`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STYLEGRAPH_CACHE) return env.STYLEGRAPH_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'stylegraph');
}

async function weightsFormat(path: string): Promise<'keras-h5' | 'tfjs'> {
  const head = await readHead(path, 8);
  const ext = extname(path).toLowerCase();
  if (findHdf5Superblock(head) === 0 || ext === '.h5' || ext === '.hdf5') return 'keras-h5';
  if (ext === '.json' || head.toString('utf8').trimStart().startsWith('{')) return 'tfjs';
  throw new WeightsError(`${path}: unknown weights format: expected a Keras .h5 file or a TensorFlow.js model.json`);
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

async function cacheKey(path: string): Promise<string> {
  const { size, mtimeMs } = await stat(path);
  return createHash('sha256').update(JSON.stringify([resolve(path), size, mtimeMs])).digest('hex');
}

/** The cached conversion, named after the original file; undefined when absent or unreadable. */
async function readCache(dir: string, source: string): Promise<VggWeightSet | undefined> {
  try {
    return { ...(await readTfjsFiles(join(dir, 'model.json'))), source };
  } catch {
    // A missing or damaged cache entry is a miss: the caller converts again and replaces it.
    return undefined;
  }
}

/** Writes into a temporary folder, then renames it into place, so readers never see half an entry. */
async function writeCache(weights: VggWeightSet, dir: string): Promise<void> {
  const temp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await writeTfjsFiles(weights, temp);
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir).catch(async (error: unknown) => {
      // Another process may have put the same entry in place first; theirs is as good as ours.
      if (!(await exists(join(dir, 'model.json')))) throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
