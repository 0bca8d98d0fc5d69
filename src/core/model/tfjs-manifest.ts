import { KERAS_PREPROCESSING, WeightsError, type Preprocessing } from './weights';
import { relativePathProblem } from '../graph/graph-paths';
import { quote } from '../graph/quote';

/** One entry of a TensorFlow.js weights manifest. */
export interface ManifestWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: { readonly dtype: string };
}

/** A weight group: its weights lie back to back in the concatenation of its shards. */
export interface ManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly ManifestWeight[];
}

export interface TfjsModelJson {
  readonly weightsManifest: readonly ManifestGroup[];
  /** From `userDefinedMetadata.stylegraph.preprocessing`; Keras's when absent. */
  readonly preprocessing: Preprocessing;
}

/** Parses and checks the parts of a model.json that weight loading needs. */
export function parseModelJson(text: string, source: string): TfjsModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeightsError(`${source}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const manifest = isObject(json) ? json.weightsManifest : undefined;
  if (!Array.isArray(manifest) || !manifest.every(isGroup)) {
    throw new WeightsError(`${source}: not a TensorFlow.js model.json (no valid weightsManifest)`);
  }
  for (const path of manifest.flatMap((group) => group.paths)) {
    // Shards are files beside the model.json or below it: a manifest must not make a reader fetch anything else.
    const problem = relativePathProblem(path, "the model.json's folder");
    if (problem) throw new WeightsError(`${source}: the shard path ${quote(path)} ${problem}`);
  }
  return { weightsManifest: manifest, preprocessing: readPreprocessing(json, source) };
}

function readPreprocessing(json: unknown, source: string): Preprocessing {
  const metadata = isObject(json) && isObject(json.userDefinedMetadata) ? json.userDefinedMetadata.stylegraph : undefined;
  const value = isObject(metadata) ? metadata.preprocessing : undefined;
  if (value === undefined) return KERAS_PREPROCESSING;
  if (isObject(value) && (value.channelOrder === 'RGB' || value.channelOrder === 'BGR') && isNumbers(value.mean) && value.mean.length === 3) {
    const [r, g, b] = value.mean;
    return { channelOrder: value.channelOrder, mean: [r, g, b] };
  }
  throw new WeightsError(`${source}: userDefinedMetadata.stylegraph.preprocessing must be { "channelOrder": "RGB" or "BGR", "mean": [3 numbers] }`);
}

function isGroup(value: unknown): value is ManifestGroup {
  return isObject(value) && isStrings(value.paths) && Array.isArray(value.weights) && value.weights.every(isWeight);
}

function isWeight(value: unknown): value is ManifestWeight {
  return isObject(value) && typeof value.name === 'string' && typeof value.dtype === 'string' && isNumbers(value.shape)
    && (value.quantization === undefined || (isObject(value.quantization) && typeof value.quantization.dtype === 'string'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}
