import { promises as fs } from 'node:fs';
import { temporaryName } from './temp-names';

/** Writes to a temporary file beside the target, then renames it over the target. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = temporaryName(path);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, path);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}
