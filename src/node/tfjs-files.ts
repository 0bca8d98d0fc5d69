import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readTfjsWeights, writeTfjsWeights } from '../core/model/tfjs-weights';
import type { VggWeightSet } from '../core/model/weights';

/**
 * Reads a model.json and the shards next to it. readTfjsWeights copies each shard before it asks
 * for the next, so every shard is read into one reused buffer: a fresh buffer per shard (4 MiB,
 * about 20 of them for VGG-19) would be garbage the process's heap keeps after collection.
 */
export async function readTfjsFiles(modelJsonPath: string): Promise<VggWeightSet> {
  const dir = dirname(modelJsonPath);
  let buffer = new Uint8Array(0);
  const readShard = async (shard: string): Promise<Uint8Array> => {
    const file = await open(join(dir, shard), 'r');
    try {
      const { size } = await file.stat();
      if (buffer.length < size) buffer = new Uint8Array(size);
      const { bytesRead } = await file.read(buffer, 0, size, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  };
  return readTfjsWeights(await readFile(modelJsonPath, 'utf8'), readShard, modelJsonPath);
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
