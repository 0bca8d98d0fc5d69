import * as tf from '@tensorflow/tfjs-core';
import { relativePathProblem } from '../graph/graph-paths';
import { quote } from '../graph/quote';
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
    const data = concat(shards);
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeightsError(`${source}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(json) || json.length === 0 || !json.every(isGroup)) {
    throw new WeightsError(`${source}: not a TensorFlow.js weights manifest (an array of { paths, weights } groups)`);
  }
  for (const path of json.flatMap((group) => group.paths)) {
    // Shards are files beside the manifest or below it: a manifest must not make a reader fetch anything else.
    const problem = relativePathProblem(path, "the manifest's folder");
    if (problem) throw new WeightsError(`${source}: the shard path ${quote(path)} ${problem}`);
  }
  return json;
}

function storedBytes(weight: tf.io.WeightsManifestEntry, source: string): number {
  const dtype = weight.quantization?.dtype ?? weight.dtype;
  const bytes = STORED_BYTES[dtype];
  if (bytes === undefined) throw new WeightsError(`${source}: ${weight.name} is stored as ${dtype}, which stylegraph cannot read`);
  return weight.shape.reduce((n, d) => n * d, bytes);
}

function isGroup(value: unknown): value is tf.io.WeightsManifestConfig[number] {
  if (typeof value !== 'object' || value === null) return false;
  const { paths, weights } = value as Record<string, unknown>;
  return Array.isArray(paths) && paths.every((p) => typeof p === 'string') && Array.isArray(weights) && weights.every(isEntry);
}

function isEntry(value: unknown): value is tf.io.WeightsManifestEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { name, shape, dtype, quantization } = value as Record<string, unknown>;
  const quantized = quantization === undefined || (typeof quantization === 'object' && quantization !== null && typeof (quantization as Record<string, unknown>).dtype === 'string');
  return typeof name === 'string' && typeof dtype === 'string' && Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0) && quantized;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}
