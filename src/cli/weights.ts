import type { VggWeightSet } from '../core/model/weights';
import { VGG19_MANIFEST } from '../core/model/manifest';
import { defaultCacheDir, loadWeightsFile, resolveDefaultWeights } from '../node/weights-store';
import { removeStaleTemporaries } from '../node/stale-temporaries';

const LOCAL_FILE_HINT = `Without network access, download ${VGG19_MANIFEST.file} (${VGG19_MANIFEST.url}) on another machine and run with --weights /path/to/${VGG19_MANIFEST.file}, or set STYLEGRAPH_WEIGHTS.`;

/**
 * The VGG-19 weights for a run: --weights, else $STYLEGRAPH_WEIGHTS, else the downloaded Keras
 * file in the cache (fetched on first use, from $STYLEGRAPH_WEIGHTS_URL if set: a mirror).
 * Keras and MatConvNet files are converted once into the cache (keyed by their bytes; the last 3
 * conversions used are kept), after what killed runs left there is removed; Ctrl-C during the
 * conversion leaves nothing there.
 */
export async function cliWeights(explicit: string | undefined, log: (line: string) => void, signal: AbortSignal): Promise<VggWeightSet> {
  const cacheDir = defaultCacheDir();
  await removeStaleTemporaries(cacheDir);
  const path =
    explicit ??
    (process.env.STYLEGRAPH_WEIGHTS || undefined) ??
    (await resolveDefaultWeights({ ...VGG19_MANIFEST, url: process.env.STYLEGRAPH_WEIGHTS_URL || VGG19_MANIFEST.url }, cacheDir, {
      signal,
      hint: LOCAL_FILE_HINT,
      onProgress: downloadLogger(log),
    }));
  const onConvert = (file: string) => log(`converting ${file} into ${cacheDir} (once; later runs read the converted copy)`);
  return (await loadWeightsFile(path, { cacheDir, signal, onConvert })).weights;
}

/** Logs the download every 10%. */
function downloadLogger(log: (line: string) => void): (received: number, total: number | undefined) => void {
  let shown = -1;
  return (received, total) => {
    const size = total ?? VGG19_MANIFEST.bytes;
    const tenth = Math.floor((10 * received) / size);
    if (tenth === shown) return;
    shown = tenth;
    log(`downloading VGG-19 weights: ${(received / 1e6).toFixed(1)} / ${(size / 1e6).toFixed(1)} MB`);
  };
}
