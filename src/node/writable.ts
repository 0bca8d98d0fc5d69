import { rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { temporaryName } from './temp-names';

/**
 * Checks that `path` can be written (as writePngFile will: a temporary file beside it, then a
 * rename) before any work is done: the nearest existing ancestor must be a folder in which a file
 * can be created, and `path` itself must not be a folder. Throws a message naming `path`.
 */
export async function assertWritable(path: string): Promise<void> {
  const target = await statOrUndefined(path);
  if (target?.isDirectory()) throw new Error(`cannot write ${path}: it is a folder`);
  let dir = dirname(path);
  let info = await statOrUndefined(dir);
  while (!info && dirname(dir) !== dir) {
    dir = dirname(dir);
    info = await statOrUndefined(dir);
  }
  if (!info?.isDirectory()) throw new Error(`cannot write ${path}: ${dir} is not a folder`);
  const probe = temporaryName(join(dir, basename(path)));
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    throw new Error(`cannot write ${path}: ${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  await rm(probe, { force: true });
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
