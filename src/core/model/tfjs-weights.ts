import { concatShards, parseModelJson, type ManifestGroup, type ManifestWeight } from './tfjs-manifest';
import { VGG19_LAYERS } from './vgg19';
import { WeightsError, checkVggWeights, convWeights, type ConvWeights, type VggWeightSet } from './weights';

/** The `format` of the model.json files writeTfjsWeights makes. */
export const TFJS_WEIGHTS_FORMAT = 'stylegraph-vgg19-weights';

/** A shard's bytes; they may be overwritten once the next shard is asked for (readTfjsWeights copies each first). */
export type ReadShard = (relativePath: string) => Promise<Uint8Array>;

/** Bytes per stored value, by dtype (or by quantization dtype for quantized weights). */
const VALUE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, complex64: 8, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** `block1_conv1/kernel`, also with a `:0` suffix or a model-name prefix (`vgg19/block1_conv1/kernel`). */
const CONV_WEIGHT_NAME = /(?:^|\/)(block\d+_conv\d+)\/(kernel|bias)(?::0)?$/;

interface Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/**
 * Reads the VGG-19 conv weights of a TensorFlow.js model.json (a layers or graph model, or one
 * writeTfjsWeights made). `readShard` gets the shard paths the manifest lists, relative to it.
 */
export async function readTfjsWeights(modelJson: string, readShard: ReadShard, source: string): Promise<VggWeightSet> {
  const model = parseModelJson(modelJson, source);
  const found = new Map<string, { kernel?: Tensor; bias?: Tensor }>();
  for (const group of model.weightsManifest) {
    const data = await readGroup(group, readShard, source);
    let offset = 0;
    for (const weight of group.weights) {
      const bytes = weightBytes(weight, source);
      const [, layer, role] = CONV_WEIGHT_NAME.exec(weight.name) ?? [];
      if (layer !== undefined && (role === 'kernel' || role === 'bias')) {
        const entry = found.get(layer) ?? {};
        if (entry[role]) throw new WeightsError(`${source}: ${layer}: the manifest has two ${role} weights`);
        entry[role] = float32Tensor(weight, data.subarray(offset, offset + bytes), `${source}: ${layer}`);
        found.set(layer, entry);
      }
      offset += bytes;
    }
  }
  const layers = new Map<string, ConvWeights>();
  for (const layer of VGG19_LAYERS) {
    const entry = found.get(layer.kerasName);
    if (!entry) continue; // checkVggWeights names the first missing layer
    const what = `${source}: ${layer.kerasName}`;
    if (!entry.kernel || !entry.bias) throw new WeightsError(`${what}: the manifest has a ${entry.kernel ? 'kernel but no bias' : 'bias but no kernel'}`);
    layers.set(layer.name, convWeights(what, entry.kernel.data, entry.kernel.shape, entry.bias.data, entry.bias.shape));
  }
  const set = { layers, preprocessing: model.preprocessing, source };
  checkVggWeights(set);
  return set;
}

/**
 * A model.json and its shards holding the conv weights of `set` (those present, in network
 * order), named as Keras names them, with the set's preprocessing in the metadata.
 */
export function writeTfjsWeights(set: VggWeightSet, shardBytes = 4 * 1024 * 1024): { modelJson: string; shards: { path: string; bytes: Uint8Array }[] } {
  const present = VGG19_LAYERS.flatMap((layer) => {
    const w = set.layers.get(layer.name);
    return w ? [{ layer, w }] : [];
  });
  const weights = present.flatMap(({ layer, w }) => [
    { name: `${layer.kerasName}/kernel`, shape: [3, 3, w.inChannels, w.outChannels], dtype: 'float32' },
    { name: `${layer.kerasName}/bias`, shape: [w.outChannels], dtype: 'float32' },
  ]);
  const data = concatShards(present.flatMap(({ w }) => [w.kernel, w.bias]).map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
  const count = Math.max(1, Math.ceil(data.length / shardBytes));
  const shards = Array.from({ length: count }, (_, i) => ({
    path: `group1-shard${i + 1}of${count}.bin`,
    bytes: data.subarray(i * shardBytes, (i + 1) * shardBytes),
  }));
  const model = {
    format: TFJS_WEIGHTS_FORMAT,
    weightsManifest: [{ paths: shards.map((s) => s.path), weights }],
    userDefinedMetadata: { stylegraph: { preprocessing: set.preprocessing, source: set.source } },
  };
  return { modelJson: `${JSON.stringify(model, null, 2)}\n`, shards };
}

function float32Tensor(weight: ManifestWeight, bytes: Uint8Array, what: string): Tensor {
  if (weight.quantization) throw new WeightsError(`${what}: ${weight.name} is quantized to ${weight.quantization.dtype}, expected plain float32`);
  if (weight.dtype !== 'float32') throw new WeightsError(`${what}: ${weight.name} has dtype ${weight.dtype}, expected float32`);
  // A view of the group's bytes where it is 4-byte aligned (no second copy of the weights in
  // memory), else a copy. (Not bytes.slice(): on a Node Buffer that is a view, not a copy.)
  if (bytes.byteOffset % 4 === 0) return { data: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), shape: weight.shape };
  const data = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(data.buffer).set(bytes);
  return { data, shape: weight.shape };
}

function weightBytes(weight: ManifestWeight, source: string): number {
  const dtype = weight.quantization?.dtype ?? weight.dtype;
  const valueBytes = VALUE_BYTES[dtype];
  if (valueBytes === undefined) throw new WeightsError(`${source}: ${weight.name} has dtype ${dtype}, which stylegraph cannot read`);
  return weight.shape.reduce((n, d) => n * d, valueBytes);
}

/**
 * The group's bytes, its shards read one after another into one buffer, so that the weights are
 * in memory once (not once in shards and again joined).
 */
async function readGroup(group: ManifestGroup, readShard: ReadShard, source: string): Promise<Uint8Array> {
  const needed = group.weights.reduce((n, w) => n + weightBytes(w, source), 0);
  const data = allocate(needed, source);
  const lengths: number[] = [];
  for (const path of group.paths) {
    let shard: Uint8Array;
    try {
      shard = await readShard(path);
    } catch (error) {
      throw new WeightsError(`${source}: cannot read weight shard ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const offset = lengths.reduce((n, l) => n + l, 0);
    if (offset < needed) data.set(shard.subarray(0, needed - offset), offset);
    lengths.push(shard.length);
  }
  checkShardLengths(group.paths, lengths, needed, source);
  return data;
}

function allocate(bytes: number, source: string): Uint8Array {
  try {
    return new Uint8Array(bytes);
  } catch {
    throw new WeightsError(`${source}: the manifest's weights need ${bytes} bytes, more than this process can hold`);
  }
}

/**
 * The converters cut a group into shards of one size, the last one shorter, so the truncated
 * shard is the first one shorter than that size (or than what the manifest still needs).
 */
function checkShardLengths(paths: readonly string[], lengths: readonly number[], needed: number, source: string): void {
  const shardSize = Math.max(0, ...lengths);
  let remaining = needed;
  lengths.forEach((length, i) => {
    const expected = i === lengths.length - 1 ? remaining : Math.min(shardSize, remaining);
    if (length < expected) throw new WeightsError(`${source}: weight shard ${paths[i]} has ${length} bytes, the manifest needs ${expected} (truncated?)`);
    remaining -= length;
  });
  if (remaining > 0) throw new WeightsError(`${source}: a weight group lists no shards, but its weights need ${needed} bytes`);
}
