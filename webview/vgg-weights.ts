/** The VGG-19 weights in the webview: a tfjs model.json and its shards, fetched from the webview URIs the host gives. */
import { readTfjsWeights } from '../src/core/model/tfjs-weights';
import { VggModel } from '../src/core/model/vgg-model';

/** Fetches bytes of a webview URI. */
async function fetchBytes(uri: string): Promise<Uint8Array> {
  const response = await fetch(uri);
  if (!response.ok) throw new Error(`${uri}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Loads the VGG-19 model of a tfjs model.json at a webview URI (its shards next to it); `source` names the weights' origin (their preprocessing). */
export async function loadVggModel(modelJsonUri: string, source: string): Promise<VggModel> {
  const json = new TextDecoder().decode(await fetchBytes(modelJsonUri));
  const set = await readTfjsWeights(json, (path) => fetchBytes(new URL(path, modelJsonUri).toString()), source);
  return new VggModel(set);
}
