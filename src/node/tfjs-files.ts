import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readTfjsWeights, writeTfjsWeights } from '../core/model/tfjs-weights';
import type { VggWeightSet } from '../core/model/weights';

/** Reads a model.json and the shards next to it. */
export async function readTfjsFiles(modelJsonPath: string): Promise<VggWeightSet> {
  const dir = dirname(modelJsonPath);
  return readTfjsWeights(await readFile(modelJsonPath, 'utf8'), (shard) => readFile(join(dir, shard)), modelJsonPath);
}

/** Writes `dir/model.json` and its shards; returns the model.json path. */
export async function writeTfjsFiles(set: VggWeightSet, dir: string, shardBytes?: number): Promise<string> {
  const { modelJson, shards } = writeTfjsWeights(set, shardBytes);
  await mkdir(dir, { recursive: true });
  await Promise.all(shards.map((s) => writeFile(join(dir, s.path), s.bytes)));
  const path = join(dir, 'model.json');
  await writeFile(path, modelJson);
  return path;
}
