import * as tf from '@tensorflow/tfjs-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Graph, GraphNode } from '../src/core/graph/types';
import { imageLoad } from '../src/core/nodes/image-load';
import { initialImage } from '../src/core/nodes/image-generated';
import type { EvalContext } from '../src/core/nodes/types';
import type { VggWeightSet } from '../src/core/model/weights';
import type { RawImage } from '../src/core/image/raw-image';
import { rawToTensor } from '../src/core/image/raw-image';
import { writeTfjsFiles } from '../src/node/tfjs-files';

/** What bench/pytorch/style_transfer.py reads from case.json (see bench/pytorch/README.md). */
export interface CaseJson {
  readonly height: number;
  readonly width: number;
  readonly pooling: 'avg' | 'max';
  readonly content: { readonly layer: string };
  readonly style: readonly { readonly layer: string; readonly weight: number }[];
  readonly alpha: number;
  readonly beta: number;
  readonly adam: { readonly lr: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number };
  readonly iterations: number;
  readonly preprocessing: { readonly channelOrder: 'RGB' | 'BGR'; readonly mean: readonly number[] };
  readonly weights: string;
}

/**
 * The course-shaped graph's numbers: one content loss and a weighted sum of style losses, as the
 * seed graph wires them (loss.content -> weight "alpha"; loss.style -> weight -> sum -> weight
 * "beta"; both into the optimizer's sum). Throws for graphs of another shape.
 */
export function caseJsonOf(graph: Graph, weights: VggWeightSet, weightsFile = 'model.json'): CaseJson {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const from = (nodeId: string, port: string): GraphNode[] =>
    graph.edges.filter((e) => e.to === `${nodeId}.${port}`).map((e) => byId.get(e.from.split('.')[0]!)!);
  const to = (nodeId: string): GraphNode[] =>
    graph.edges.filter((e) => e.from.split('.')[0] === nodeId).map((e) => byId.get(e.to.split('.')[0]!)!);
  const one = <T>(xs: T[], what: string): T => {
    if (xs.length !== 1) throw new Error(`case.json: expected one ${what}, found ${xs.length}`);
    return xs[0]!;
  };
  const optimizer = one(graph.nodes.filter((n) => n.type === 'optimizer'), 'optimizer');
  const generated = one(graph.nodes.filter((n) => n.type === 'image.generated'), 'image.generated');
  const contentLoss = one(graph.nodes.filter((n) => n.type === 'loss.content'), 'loss.content');
  const alpha = one(to(contentLoss.id).filter((n) => n.type === 'weight'), 'weight after loss.content');
  const layerOf = (features: GraphNode) => features.params.layer as string;
  const contentLayer = one(from(contentLoss.id, 'generated'), 'generated features of loss.content');
  const style = graph.nodes.filter((n) => n.type === 'loss.style').map((loss) => {
    const w = one(to(loss.id).filter((n) => n.type === 'weight'), `weight after ${loss.id}`);
    const gramNode = one(from(loss.id, 'generated'), `generated Gram of ${loss.id}`);
    if (gramNode.params.normalisation !== 'none') throw new Error('case.json: only unnormalised Grams (the course\'s)');
    return { layer: layerOf(one(from(gramNode.id, 'features'), `features of ${gramNode.id}`)), weight: w.params.w as number };
  });
  const styleSum = one(to(one(to(graph.nodes.find((n) => n.type === 'loss.style')!.id), 'style weight').id), 'style sum');
  const beta = one(to(styleSum.id).filter((n) => n.type === 'weight'), 'weight after the style sum');
  const p = optimizer.params;
  const poolings = new Set(graph.nodes.filter((n) => n.type === 'vgg19.layer').map((n) => n.params.pooling));
  if (poolings.size !== 1) throw new Error('case.json: one pooling for every layer node');
  return {
    height: generated.params.height as number,
    width: generated.params.width as number,
    pooling: [...poolings][0] as 'avg' | 'max',
    content: { layer: layerOf(contentLayer) },
    style,
    alpha: alpha.params.w as number,
    beta: beta.params.w as number,
    adam: { lr: p.learningRate as number, beta1: p.beta1 as number, beta2: p.beta2 as number, epsilon: p.epsilon as number },
    iterations: p.iterations as number,
    preprocessing: { channelOrder: weights.preprocessing.channelOrder, mean: [...weights.preprocessing.mean] },
    weights: weightsFile,
  };
}

/** The pixels of an image.load node as the executor computes them (decoded, then fitted). */
export function loadedImage(node: GraphNode, raw: RawImage): tf.Tensor4D {
  const ctx = { nodeId: node.id, loadedImage: () => rawToTensor(raw) } as unknown as EvalContext;
  return tf.tidy(() => imageLoad.evaluate!({}, node.params, ctx).tensor as tf.Tensor4D);
}

/** H x W x 3 float32, little-endian (x86 and ARM are). */
async function writeF32(path: string, t: tf.Tensor): Promise<void> {
  const data = await t.data() as Float32Array;
  await writeFile(path, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/**
 * Writes a case directory for bench/pytorch/style_transfer.py: case.json, the weights as a tfjs
 * model.json with shards, and content/style/init as raw float32. init.f32 is our own starting
 * image (initialImage of image.generated, the same seeded noise the executor starts from).
 * `readImage` reads an image.load node's file (its path as the graph writes it).
 */
export async function writeCaseDirectory(dir: string, graph: Graph, weights: VggWeightSet, readImage: (path: string) => Promise<RawImage>): Promise<CaseJson> {
  const caseJson = caseJsonOf(graph, weights);
  await mkdir(dir, { recursive: true });
  await writeTfjsFiles(weights, dir);
  const generated = graph.nodes.find((n) => n.type === 'image.generated')!;
  const contentEdge = graph.edges.find((e) => e.to === `${generated.id}.content`);
  const contentNode = graph.nodes.find((n) => n.id === contentEdge?.from.split('.')[0])!;
  const lossContent = graph.nodes.find((n) => n.type === 'loss.content')!;
  const styleLoss = graph.nodes.find((n) => n.type === 'loss.style')!;
  // Walk style Gram -> features -> image.load.
  const sourceOf = (nodeId: string, port: string) => graph.nodes.find((n) => n.id === graph.edges.find((e) => e.to === `${nodeId}.${port}`)!.from.split('.')[0])!;
  const styleNode = sourceOf(sourceOf(sourceOf(styleLoss.id, 'style').id, 'features').id, 'image');
  const contentTarget = sourceOf(sourceOf(lossContent.id, 'content').id, 'image');
  if (contentTarget.id !== contentNode.id) throw new Error('case.json: the content loss must use the generated image\'s content input');
  const content = loadedImage(contentNode, await readImage(String(contentNode.params.path)));
  const style = loadedImage(styleNode, await readImage(String(styleNode.params.path)));
  const init = initialImage(content, generated.params, weights.preprocessing);
  try {
    if (content.shape[1] !== caseJson.height || content.shape[2] !== caseJson.width || style.shape[1] !== caseJson.height || style.shape[2] !== caseJson.width) {
      throw new Error(`case.json: content ${content.shape} and style ${style.shape} must both be ${caseJson.height}x${caseJson.width}`);
    }
    await writeF32(join(dir, 'content.f32'), content);
    await writeF32(join(dir, 'style.f32'), style);
    await writeF32(join(dir, 'init.f32'), init);
    await writeFile(join(dir, 'case.json'), JSON.stringify(caseJson, null, 2) + '\n');
  } finally {
    tf.dispose([content, style, init]);
  }
  return caseJson;
}
