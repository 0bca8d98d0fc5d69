import { KERAS_PREPROCESSING, WeightsError, type Preprocessing } from './weights';
import { relativePathProblem } from '../paths/path-syntax';
import { quote } from '../text/quote';

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
  const json = parseWeightsJson(text, source);
  const manifest = isObject(json) ? json.weightsManifest : undefined;
  if (!isWeightGroups(manifest)) throw new WeightsError(`${source}: not a TensorFlow.js model.json (no valid weightsManifest)`);
  checkShardPaths(manifest, source, "the model.json's folder");
  return { weightsManifest: manifest, preprocessing: readPreprocessing(json, source) };
}

/** JSON.parse, failing with a WeightsError that names the file. */
export function parseWeightsJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WeightsError(`${source}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Whether `value` is a weights manifest: an array of { paths, weights } groups. */
export function isWeightGroups(value: unknown): value is ManifestGroup[] {
  return Array.isArray(value) && value.every(isGroup);
}

/** Shards are files beside the manifest or below it (`folder` names it): a manifest must not make a reader fetch anything else. */
export function checkShardPaths(groups: readonly ManifestGroup[], source: string, folder: string): void {
  for (const path of groups.flatMap((group) => group.paths)) {
    const problem = relativePathProblem(path, folder);
    if (problem) throw new WeightsError(`${source}: the shard path ${quote(path)} ${problem}`);
  }
}

/** Byte arrays back to back (a group's shards, or the weights a writer cuts into shards). */
export function concatShards(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
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
  return isObject(value) && typeof value.name === 'string' && typeof value.dtype === 'string' && isShape(value.shape)
    && (value.quantization === undefined || (isObject(value.quantization) && typeof value.quantization.dtype === 'string'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isInteger(d) && d >= 0);
}

function isNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}
