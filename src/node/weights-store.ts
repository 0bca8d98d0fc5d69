import { access, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { findHdf5Superblock } from '../core/model/hdf5-superblock';
import { readKerasH5 } from '../core/model/keras-h5';
import type { WeightsManifest } from '../core/model/manifest';
import { MAT_HEADER_TEXT } from '../core/model/mat-v5';
import { readMatConvNet } from '../core/model/matconvnet';
import { WeightsError, type VggWeightSet } from '../core/model/weights';
import { downloadFile, type DownloadOptions } from './download';
import { readTfjsFiles, writeTfjsFiles } from './tfjs-files';
import { removeStaleTemporaries } from './stale-temporaries';
import { temporaryName } from './temp-names';
import { CACHE_KEEP, contentKey, entryPath, pruneCache, touchEntry, writeEntrySource } from './weights-cache';

export interface LoadedWeights {
  readonly weights: VggWeightSet;
  /** True when a Keras or MatConvNet file was read from its converted copy in the cache, not parsed again. */
  readonly fromCache: boolean;
}

type WeightsFormat = 'keras-h5' | 'matconvnet' | 'tfjs';
type ConvertedFormat = Exclude<WeightsFormat, 'tfjs'>;

const EXPECTED_FILES = 'a weights file (Keras .h5, MatConvNet .mat or TensorFlow.js model.json)';

/** The readers of the formats that are converted (and cached) rather than read as they are. */
const CONVERTERS: Record<ConvertedFormat, (bytes: Uint8Array, source: string) => Promise<VggWeightSet>> = {
  'keras-h5': readKerasH5,
  matconvnet: readMatConvNet,
};

export interface LoadOptions {
  /** Where Keras and MatConvNet files are converted to once (see weights-cache.ts); without it, they are parsed on every load. */
  readonly cacheDir?: string;
  /** Ctrl-C: stops the load, and a conversion under way puts nothing into the cache. */
  readonly signal?: AbortSignal;
  /** Called when a file is about to be converted (it is not in the cache): that takes a while. */
  readonly onConvert?: (path: string) => void;
}

/**
 * Loads a Keras .h5, a MatConvNet .mat (imagenet-vgg-verydeep-19.mat) or a TensorFlow.js
 * model.json (shards next to it). With a cache dir, a Keras or MatConvNet file is converted once
 * into `cacheDir/<sha256 of its bytes>/` (model.json + shards); later loads of the same bytes,
 * by whatever path, read that copy. The cache keeps the last CACHE_KEEP conversions used.
 */
export async function loadWeightsFile(path: string, options: LoadOptions = {}): Promise<LoadedWeights> {
  const format = await weightsFormat(path);
  if (format === 'tfjs') return { weights: await readTfjsFiles(path), fromCache: false };
  if (options.cacheDir === undefined) return { weights: await convert(path, format, options.signal), fromCache: false };
  const dir = entryPath(options.cacheDir, await contentKey(path, options.signal));
  const cached = await readCache(dir, path);
  if (cached) {
    await touchEntry(dir);
    return { weights: cached, fromCache: true };
  }
  return { weights: await convertInto(dir, path, format, options.cacheDir, options), fromCache: false };
}

/**
 * The TensorFlow.js model.json that holds the weights of `path`: the file itself when it is one,
 * else its converted copy in `cacheDir` (converted now, once, as loadWeightsFile does). The
 * editor hands this file to the webview. Stale temporaries of killed conversions and downloads are
 * removed from the cache first.
 */
export async function tfjsModelJsonFor(path: string, cacheDir: string): Promise<{ readonly modelJson: string; readonly converted: boolean }> {
  await removeStaleTemporaries(cacheDir);
  const format = await weightsFormat(path);
  if (format === 'tfjs') return { modelJson: resolve(path), converted: false };
  const dir = entryPath(cacheDir, await contentKey(path));
  const modelJson = join(dir, 'model.json');
  if (await exists(modelJson)) {
    await touchEntry(dir);
    return { modelJson, converted: false };
  }
  await convertInto(dir, path, format, cacheDir);
  return { modelJson, converted: true };
}

async function convert(path: string, format: ConvertedFormat, signal: AbortSignal | undefined): Promise<VggWeightSet> {
  return CONVERTERS[format](await readFile(path, { signal }), path);
}

/** Converts `path` into the cache entry `dir` (replacing a damaged one), then prunes the cache to its last CACHE_KEEP conversions. */
async function convertInto(dir: string, path: string, format: ConvertedFormat, cacheDir: string, options: LoadOptions = {}): Promise<VggWeightSet> {
  options.onConvert?.(path);
  const weights = await convert(path, format, options.signal);
  await writeCache(weights, dir, path, options.signal);
  await touchEntry(dir);
  await pruneCache(cacheDir, CACHE_KEEP);
  return weights;
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

/** By content (MAT-file header, HDF5 signature) or extension (.mat, .h5, .json), then JSON content. */
async function weightsFormat(path: string): Promise<WeightsFormat> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new WeightsError(`${path}: no such file; expected ${EXPECTED_FILES}`);
    throw new WeightsError(`${path}: cannot read the weights file (${error.code ?? error.message})`);
  });
  if (info.isDirectory()) throw new WeightsError(`${path} is a folder; expected ${EXPECTED_FILES}`);
  const head = await readHead(path, MAT_HEADER_TEXT.length);
  const ext = extname(path).toLowerCase();
  if (head.toString('latin1') === MAT_HEADER_TEXT) return 'matconvnet';
  if (findHdf5Superblock(head) === 0 || ext === '.h5' || ext === '.hdf5') return 'keras-h5';
  if (ext === '.mat') return 'matconvnet';
  if (ext === '.json' || head.toString('utf8').trimStart().startsWith('{')) return 'tfjs';
  throw new WeightsError(`${path}: unknown weights format: expected a Keras .h5 file, a MatConvNet .mat file (imagenet-vgg-verydeep-19.mat) or a TensorFlow.js model.json`);
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

/** The cached conversion, named after the original file; undefined when absent or unreadable. */
async function readCache(dir: string, source: string): Promise<VggWeightSet | undefined> {
  try {
    return { ...(await readTfjsFiles(join(dir, 'model.json'))), source };
  } catch {
    // A missing or damaged cache entry is a miss: the caller converts again and replaces it.
    return undefined;
  }
}

/**
 * Writes into a temporary folder, then renames it into place (putEntry), so readers never see half
 * an entry. After Ctrl-C (`signal`), during the conversion or the writing, nothing is put in place.
 */
async function writeCache(weights: VggWeightSet, dir: string, source: string, signal: AbortSignal | undefined): Promise<void> {
  const temp = temporaryName(dir);
  try {
    signal?.throwIfAborted();
    await writeTfjsFiles(weights, temp);
    await writeEntrySource(temp, source);
    signal?.throwIfAborted();
    await putEntry(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Puts the entry written whole in `temp` at `dir` with one rename. Several processes may convert
 * the same file at once (workers of a sweep sharing the cache): where `dir` is taken by then, an
 * entry that reads whole is kept (the same bytes converted the same way: as good as ours) and
 * `temp` is left to the caller to remove; a damaged one is first moved aside under a temporary
 * name (one rename: no reader sees it half removed, and a whole entry is never removed under a
 * reader) and removed. So the cache holds at most one entry per key, never a torn one.
 */
export async function putEntry(temp: string, dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(temp, dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt === 3) throw error;
    }
    if (await readTfjsFiles(join(dir, 'model.json')).then(() => true, () => false)) return;
    const aside = temporaryName(dir);
    // Another process may have moved it first: then the next rename finds the place free, or theirs.
    await rename(dir, aside).catch(() => undefined);
    await rm(aside, { recursive: true, force: true });
  }
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
