import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The bytes of the files in `path` and its subfolders (links not followed); 0 for what cannot be read. */
export async function folderBytes(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isDirectory()) return info?.size ?? 0;
  const names = await readdir(path).catch(() => [] as string[]);
  const sizes = await Promise.all(names.map((name) => folderBytes(join(path, name))));
  return sizes.reduce((a, b) => a + b, 0);
}
