import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { temporaryName } from './temp-names';

/** A file to write, and the error to throw (naming its owner: an option, a node) when it cannot be. */
export interface FileToWrite {
  readonly path: string;
  readonly data: Uint8Array | string;
  readonly fail: (why: string) => Error;
}

/** Written under temporary names: `commit` renames them into place, `discard` removes them. */
export interface Staged {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Writes every file under a temporary name beside its target (folders made as needed). If any
 * write fails, the ones written are removed and the failing file's `fail` is thrown: nothing is
 * in place until `commit`, which only renames, so a run's outputs appear all together or not at all.
 */
export async function stageFiles(files: readonly FileToWrite[]): Promise<Staged> {
  const temps: string[] = [];
  // ENOTDIR: a part of the temporary's path is a file, so it was never written (force only covers ENOENT).
  const remove = (temp: string) => rm(temp, { recursive: true, force: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOTDIR') throw error;
  });
  const discard = () => Promise.all(temps.map(remove)).then(() => undefined);
  try {
    for (const file of files) {
      const temp = temporaryName(file.path);
      temps.push(temp);
      await mkdir(dirname(file.path), { recursive: true })
        .then(() => writeFile(temp, file.data))
        .catch((error: NodeJS.ErrnoException) => {
          throw file.fail(`cannot write ${file.path}: ${ioProblem(error)}`);
        });
    }
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    discard,
    commit: async () => {
      for (const [i, file] of files.entries()) {
        await rename(temps[i]!, file.path).catch((error: NodeJS.ErrnoException) => {
          throw file.fail(`cannot move ${temps[i]} to ${file.path}: ${ioProblem(error)}`);
        });
      }
    },
  };
}

/** What an I/O error means for a person, with Node's code kept for a search. */
export function ioProblem(error: NodeJS.ErrnoException): string {
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
  };
  const reason = error.code ? reasons[error.code] : undefined;
  return reason ? `${reason} (${error.code})` : error.message;
}
