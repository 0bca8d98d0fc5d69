import type { CacheArgs } from './args';
import { defaultCacheDir } from '../node/weights-store';
import { CACHE_KEEP, listCacheEntries, pruneCache, type CacheEntry } from '../node/weights-cache';
import { removeStaleTemporaries } from '../node/stale-temporaries';
import { megabytes } from '../node/megabytes';

/**
 * `stylegraph cache list`: the converted weights in the cache, the most recently used first (key,
 * last used, size, the file converted). `stylegraph cache prune [--keep N]`: removes all but the
 * N most recently used (and what killed conversions left). Returns the exit code.
 */
export async function cacheCommand(args: CacheArgs, line: (text: string) => void): Promise<number> {
  const cacheDir = defaultCacheDir();
  if (args.action === 'prune') {
    await removeStaleTemporaries(cacheDir);
    const removed = await pruneCache(cacheDir, args.keep);
    const kept = (await listCacheEntries(cacheDir)).length;
    line(`removed ${count(removed.length)} (${megabytes(total(removed))}) from ${cacheDir}; ${kept} kept`);
    return 0;
  }
  const entries = await listCacheEntries(cacheDir);
  if (!entries.length) {
    line(`no converted weights in ${cacheDir}`);
    return 0;
  }
  const rows = [['KEY', 'LAST USED', 'SIZE', 'SOURCE'], ...entries.map((e) => [e.key.slice(0, 12), e.lastUsed.toISOString().replace(/\.\d+Z$/, 'Z'), megabytes(e.bytes), e.source ?? '(not recorded)'])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) line(row.map((cell, column) => (column < row.length - 1 ? cell.padEnd(widths[column]!) : cell)).join('  '));
  line(`${count(entries.length)}, ${megabytes(total(entries))} in ${cacheDir} (runs keep the ${CACHE_KEEP} most recently used)`);
  return 0;
}

function count(n: number): string {
  return `${n} converted weights ${n === 1 ? 'file' : 'files'}`;
}

function total(entries: readonly CacheEntry[]): number {
  return entries.reduce((sum, e) => sum + e.bytes, 0);
}
