import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseModelJson } from '../core/model/tfjs-manifest';
import { normaliseRelative } from '../core/paths/path-syntax';
import { quote } from '../core/text/quote';
import { WeightsError } from '../core/model/weights';
import { temporaryName } from '../node/temp-names';

/** Under the weights cache: one folder per model.json outside it, holding links to that model's files only. */
export const LINKS_DIR = 'model-links';

/**
 * Makes a TensorFlow.js model.json that lies outside `cacheDir` readable by the webview without
 * making its folder a resource root (a webview root is always a folder, and the folder could be a
 * home directory): links to the model.json and the shards its weightsManifest names go into
 * `cacheDir/model-links/<hash of the path>/`, and that model.json is returned. Shard paths must
 * stay in the model.json's folder. Each link is written under a temporary name and renamed into
 * place; links the manifest no longer names are removed. Where symbolic links are not allowed
 * (Windows without the privilege) the files are copied.
 */
export async function linkModelFiles(modelJson: string, cacheDir: string): Promise<string> {
  const source = resolve(modelJson);
  const folder = dirname(source);
  const { weightsManifest } = parseModelJson(await readFile(source, 'utf8'), source);
  // parseModelJson has refused shard paths that leave the folder.
  const shards = [...new Set(weightsManifest.flatMap((group) => group.paths))];
  const clash = shards.find((s) => normaliseRelative(s) === 'model.json');
  if (clash !== undefined) throw new WeightsError(`${source}: the shard path ${quote(clash)} is the name the model.json is linked under`);
  const stage = join(cacheDir, LINKS_DIR, createHash('sha256').update(source).digest('hex').slice(0, 16));
  const names = new Map<string, string>([['model.json', source], ...shards.map((s): [string, string] => [relative(folder, resolve(folder, s)).split(sep).join('/'), resolve(folder, s)])]);
  for (const [name, target] of names) await linkInto(join(stage, name), target);
  await removeOthers(stage, new Set(names.keys()));
  return join(stage, 'model.json');
}

async function linkInto(path: string, target: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = temporaryName(path);
  try {
    await symlink(target, temp, 'file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    await copyFile(target, temp);
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes the files under `stage` whose path (relative, with `/`) is not in `keep`. */
async function removeOthers(stage: string, keep: ReadonlySet<string>, under = ''): Promise<void> {
  for (const entry of await readdir(join(stage, under), { withFileTypes: true })) {
    const rel = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await removeOthers(stage, keep, rel);
    else if (!keep.has(rel)) await rm(join(stage, rel), { force: true });
  }
}
