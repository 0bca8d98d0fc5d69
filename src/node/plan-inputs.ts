import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { contentKey } from './weights-cache';
import { listLabelledFolder } from './labelled-folder';

/**
 * The content-addressed copies of a sweep plan's inputs (plan-file.ts): a file is named by the
 * sha256 of its bytes plus its extension (lower case; `.file` when it has none or an odd one), a
 * folder (a face.database) by the sha256 of its image list (each relative name and its bytes'
 * sha256), its images copied under their own names (their names carry the labels).
 */

/** The sha256 of a folder as a plan names it: of the lines `<relative name> <sha256 of its bytes>`, in name order. */
export async function folderKey(folder: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await listLabelledFolder(folder)).files) hash.update(`${name} ${await contentKey(join(folder, name))}\n`);
  return hash.digest('hex');
}

/** The content-addressed name of the file or folder at `path`. */
export async function inputName(path: string): Promise<string> {
  if ((await stat(path)).isDirectory()) return folderKey(path);
  const ext = extname(path).toLowerCase();
  // The images are read by their headers: an odd extension (none, "-old", ...) becomes .file.
  return `${await contentKey(path)}${/^\.[a-z0-9]{1,10}$/.test(ext) ? ext : '.file'}`;
}

/** Copies the file or folder at `path` into `inputsDir` under its content-addressed name (once); returns the name. */
export async function copyInput(path: string, inputsDir: string): Promise<string> {
  const name = await inputName(path);
  const target = join(inputsDir, name);
  if (await stat(target).then(() => true, () => false)) return name;
  if ((await stat(path)).isDirectory()) {
    for (const file of (await listLabelledFolder(path)).files) {
      await mkdir(dirname(join(target, file)), { recursive: true });
      await copyFile(join(path, file), join(target, file));
    }
  } else {
    await copyFile(path, target);
  }
  return name;
}

/**
 * Whether the file or folder `name` in `inputsDir` still holds the bytes its name says: undefined
 * when it does, else why not (missing, or the sha256 it has now).
 */
export async function inputMismatch(inputsDir: string, name: string): Promise<string | undefined> {
  const path = join(inputsDir, name);
  const info = await stat(path).catch(() => undefined);
  if (!info) return 'is missing';
  const folder = extname(name) === '';
  if (folder !== info.isDirectory()) return folder ? 'is a file, not a folder' : 'is a folder, not a file';
  const key = folder ? await folderKey(path) : await contentKey(path);
  if (folder && !(await readdir(path)).length) return 'is empty';
  return name.startsWith(key) ? undefined : `has sha256 ${key}, not the ${name.slice(0, 64)} its name says: it changed after the plan was emitted`;
}
