import * as tf from '@tensorflow/tfjs-core';
import './gradients';
import type { EvaluationPlan } from '../compile/evaluation-plan';
import type { PlannedNode } from '../compile/plan';
import { NodeRunError, type EvalContext, type Value } from '../nodes/types';
import type { Pooling, VggModel } from '../model/vgg-model';
import type { FaceModels } from '../face/face-models';
import { asNodeRun, evaluate, inputsOf } from './executor';
import { rawToTensor, type RawImage } from '../image/raw-image';
import { seededRandom } from './seeded-random';

export interface EvaluationEnvironment {
  /** Reads the file of an image.load node, its path as the graph writes it. */
  readImage(path: string): Promise<RawImage>;
  /** For graphs with vgg19.layer nodes. */
  readonly model?: VggModel;
  /** For graphs with face nodes. */
  readonly faceModels?: FaceModels;
}

/** What one result node reported. */
export interface EvaluationResult {
  readonly nodeId: string;
  readonly type: string;
  readonly text: string;
  readonly value: unknown;
}

/**
 * Evaluates a graph without an optimizer once: reads its images, computes its nodes in order and
 * returns each result node's report. Node failures throw NodeRunError; no tensor outlives the call.
 */
export async function evaluateOnce(plan: EvaluationPlan, env: EvaluationEnvironment): Promise<{ results: EvaluationResult[]; seconds: number }> {
  const started = performance.now();
  const images = new Map<string, RawImage>();
  for (const { node } of plan.nodes.filter((p) => p.def.role === 'source')) {
    const path = String(node.params.path);
    if (!path) throw new NodeRunError(node.id, 'no image file given (param path is empty)');
    try {
      images.set(node.id, await env.readImage(path));
    } catch (e) {
      throw new NodeRunError(node.id, `cannot read image "${path}": ${(e as Error).message}`);
    }
  }
  tf.engine().startScope();
  try {
    const values = new Map<string, Value>();
    for (const p of plan.nodes) values.set(p.node.id, evaluate(p, values, context(p, images, env)));
    const results = plan.results.map((p) => ({ nodeId: p.node.id, type: p.node.type, ...asNodeRun(p, () => p.def.result!(inputsOf(p, values), p.node.params, context(p, images, env))) }));
    return { results, seconds: (performance.now() - started) / 1000 };
  } finally {
    tf.engine().endScope();
  }
}

function context(p: PlannedNode, images: ReadonlyMap<string, RawImage>, env: EvaluationEnvironment): EvalContext {
  const nodeId = p.node.id;
  return {
    nodeId,
    iteration: 0,
    random: (seed) => seededRandom(0, 0, seed),
    loadedImage: () => rawToTensor(images.get(nodeId)!),
    generatedImage: () => {
      throw new Error('a graph without an optimizer has no generated image');
    },
    faceModels: env.faceModels,
    vggFeatures: (input, layer, pooling) => {
      if (!env.model) throw new Error('this graph needs the VGG-19 weights');
      return env.model.forward(input.tensor as tf.Tensor4D, new Set([layer]), pooling as Pooling).get(layer)!;
    },
  };
}
