import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isTemporaryName } from './temp-names';

/** A temporary untouched for this long belongs to a process that was killed, not to one still writing it. */
export const STALE_AFTER_MS = 60 * 60 * 1000;

export interface CleanOptions {
  /** Only the temporaries of this file name (e.g. the output PNG's); any of ours when omitted. */
  readonly base?: string;
  readonly olderThanMs?: number;
}

/**
 * Removes what killed runs left in `dir`: files and folders with our temporary names (see
 * temporaryName) whose last change (for a folder: its own or its entries') is older than
 * `olderThanMs`. Best effort: a missing folder or a file that cannot be removed is skipped.
 * Returns the removed paths.
 */
export async function removeStaleTemporaries(dir: string, options: CleanOptions = {}): Promise<string[]> {
  const cutoff = Date.now() - (options.olderThanMs ?? STALE_AFTER_MS);
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((n) => isTemporaryName(n, options.base))) {
    const path = join(dir, name);
    const changed = await lastChange(path).catch(() => undefined);
    if (changed === undefined || changed >= cutoff) continue;
    const ok = await rm(path, { recursive: true, force: true }).then(() => true, () => false);
    if (ok) removed.push(path);
  }
  return removed;
}

/** When `path` last changed: for a folder, the latest of its own and its entries' modification times. */
export async function lastChange(path: string): Promise<number> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map(async (e) => (await lstat(join(path, e))).mtimeMs));
  return Math.max(info.mtimeMs, ...times);
}
