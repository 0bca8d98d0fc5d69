import * as tf from '@tensorflow/tfjs-core';
import { checkShardPaths, concatShards, isWeightGroups, parseWeightsJson } from '../model/tfjs-manifest';
import { quote } from '../text/quote';
import { WeightsError } from '../model/weights';
import type { ReadShard } from '../model/tfjs-weights';

/** Bytes per stored value, by the dtype a weight is stored in (its quantization's when quantized). */
const STORED_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };

/**
 * Reads a TensorFlow.js weights manifest (a `*-weights_manifest.json`: an array of groups, as
 * face-api ships its models) and its shards, dequantizing uint8/uint16/float16 weights with tfjs's
 * own decoder. `readShard` gets the shard paths the manifest lists, relative to it.
 */
export async function readWeightsManifest(text: string, readShard: ReadShard, source: string): Promise<Map<string, tf.Tensor>> {
  const groups = parseManifest(text, source);
  const weights = new Map<string, tf.Tensor>();
  for (const group of groups) {
    const shards = await Promise.all(group.paths.map(async (path) => {
      try {
        return await readShard(path);
      } catch (error) {
        throw new WeightsError(`${source}: cannot read weight shard ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }));
    const data = concatShards(shards);
    const needed = group.weights.reduce((n, w) => n + storedBytes(w, source), 0);
    if (data.length < needed) throw new WeightsError(`${source}: the shards ${group.paths.join(', ')} have ${data.length} bytes, the manifest needs ${needed} (truncated?)`);
    const decoded = tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, group.weights);
    for (const [name, tensor] of Object.entries(decoded)) weights.set(name, tensor);
  }
  return weights;
}

/** The weight `name` of rank `rank`, or a WeightsError naming the file. */
export function weightOf(weights: ReadonlyMap<string, tf.Tensor>, name: string, rank: number, source: string): tf.Tensor {
  const tensor = weights.get(name);
  if (!tensor) throw new WeightsError(`${source}: the manifest has no weight ${quote(name)}`);
  if (tensor.rank !== rank) throw new WeightsError(`${source}: weight ${quote(name)} has shape [${tensor.shape.join(', ')}], expected rank ${rank}`);
  return tensor;
}

function parseManifest(text: string, source: string): tf.io.WeightsManifestConfig {
  const json = parseWeightsJson(text, source);
  if (!isWeightGroups(json) || json.length === 0) {
    throw new WeightsError(`${source}: not a TensorFlow.js weights manifest (an array of { paths, weights } groups)`);
  }
  checkShardPaths(json, source, "the manifest's folder");
  // The entries' quantization scale, min and dtype are what tf.io.decodeWeights reads.
  return json as tf.io.WeightsManifestConfig;
}

function storedBytes(weight: tf.io.WeightsManifestEntry, source: string): number {
  const dtype = weight.quantization?.dtype ?? weight.dtype;
  const bytes = STORED_BYTES[dtype];
  if (bytes === undefined) throw new WeightsError(`${source}: ${weight.name} is stored as ${dtype}, which stylegraph cannot read`);
  return weight.shape.reduce((n, d) => n * d, bytes);
}
