import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderBytes } from './folder-size';
import { isProcessRunning, ownStartTime } from './process-identity';
import { lastChange } from './stale-temporaries';

/** What a folder in the system's temporary folder holds: the onnx backend's models and weights, or the threaded wasm build's scripts. */
const KINDS = ['onnx', 'wasm'] as const;
export type TempFolderKind = (typeof KINDS)[number];

export interface TempFolder {
  readonly path: string;
  /** Removes it now (else it goes when the process exits). */
  remove(): void;
}

/** `stylegraph-<kind>-<owner's PID>-<owner's start time>-` + mkdtemp's 6 characters. */
const OWNED = new RegExp(`^stylegraph-(?:${KINDS.join('|')})-(\\d+)-(\\d+)-[A-Za-z0-9]{6}$`);
/** The names before owners were written into them: such a folder goes when untouched for a day. */
const UNOWNED = new RegExp(`^stylegraph-(?:${KINDS.join('|')})-[A-Za-z0-9]{6}$`);
const UNOWNED_STALE_MS = 24 * 60 * 60 * 1000;

const folders = new Set<string>();
let removedAtExit = false;

/**
 * A new folder in the system's temporary folder ($TMPDIR), named after this process (PID and start
 * time) so that removeOrphanedTempFolders can tell when its owner is gone. Removed by `remove`, or
 * when the process exits; after a kill, by the next run.
 */
export function createTempFolder(kind: TempFolderKind): TempFolder {
  if (!removedAtExit) {
    process.once('exit', () => [...folders].forEach(removeNow));
    removedAtExit = true;
  }
  const path = mkdtempSync(join(tmpdir(), `stylegraph-${kind}-${process.pid}-${ownStartTime()}-`));
  folders.add(path);
  return {
    path,
    remove: () => {
      removeNow(path);
      folders.delete(path);
    },
  };
}

function removeNow(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Still mapped (Windows): the next run removes it, its owner gone.
  }
}

/** What removeOrphanedTempFolders removed. */
export interface RemovedTempFolders {
  readonly paths: readonly string[];
  readonly bytes: number;
}

/**
 * Removes the temporary folders (createTempFolder's) in `dir` whose owner process is gone, however
 * recent: a killed run's or engine's (SIGKILL, a crash, out of memory). Never a running process's.
 * Folders named before owners were (no PID in the name) go when untouched for a day. Best effort:
 * what cannot be removed (another user's) is skipped. The CLI calls it at start; an engine process
 * should too.
 */
export async function removeOrphanedTempFolders(dir: string = tmpdir()): Promise<RemovedTempFolders> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const paths: string[] = [];
  let bytes = 0;
  for (const name of names) {
    const path = join(dir, name);
    if (!(await isOrphan(name, path))) continue;
    const size = await folderBytes(path);
    if (await rm(path, { recursive: true, force: true }).then(() => true, () => false)) {
      paths.push(path);
      bytes += size;
    }
  }
  return { paths, bytes };
}

async function isOrphan(name: string, path: string): Promise<boolean> {
  const owned = OWNED.exec(name);
  if (owned) return !isProcessRunning(Number(owned[1]), owned[2]!);
  if (!UNOWNED.test(name)) return false;
  const changed = await lastChange(path).catch(() => undefined);
  return changed !== undefined && changed < Date.now() - UNOWNED_STALE_MS;
}
