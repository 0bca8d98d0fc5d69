import * as tf from '@tensorflow/tfjs-core';
import './gradients';
import type { EvaluationPlan } from '../compile/evaluation-plan';
import { forwardPasses, type PlannedNode } from '../compile/plan';
import { NodeRunError, type Value } from '../nodes/types';
import type { VggNetwork } from '../model/vgg-network';
import type { FaceModels } from '../face/face-models';
import type { LabelledFile } from '../face/labelled-files';
import type { RawImage } from '../image/raw-image';
import { asNodeRun, evaluate, inputsOf, makeContext, newScope, readSourceImages, runSeedOf } from './node-context';

export interface EvaluationEnvironment {
  /** Reads the file of an image.load node, its path as the graph writes it. */
  readImage(path: string): Promise<RawImage>;
  /** For graphs with vgg19.layer nodes. */
  readonly model?: VggNetwork;
  /** For graphs with face nodes. */
  readonly faceModels?: FaceModels;
  /** Reads the folder of a face.database node (role folder), its path as the graph writes it. */
  readFolder?(path: string): Promise<readonly LabelledFile[]>;
  /** Which nodes' values to hand back (the editor shows face crops and distances on the nodes); the caller disposes them. */
  keep?(node: PlannedNode): boolean;
}

/** What one result node reported. */
export interface EvaluationResult {
  readonly nodeId: string;
  readonly type: string;
  readonly text: string;
  readonly value: unknown;
}

/** What one evaluation found: each result node's report, and the values of the nodes env.keep asked for, by node id. */
export interface Evaluation {
  readonly results: EvaluationResult[];
  readonly kept: ReadonlyMap<string, Value>;
  readonly seconds: number;
}

/**
 * Evaluates a graph without an optimizer once: reads its images, computes its nodes in order and
 * returns each result node's report. Node failures throw NodeRunError; no tensor outlives the call
 * but the kept values' (only when it succeeds).
 */
export async function evaluateOnce(plan: EvaluationPlan, env: EvaluationEnvironment): Promise<Evaluation> {
  const started = performance.now();
  const images = await readSourceImages(plan.nodes, (path) => env.readImage(path));
  const folders = new Map<string, readonly LabelledFile[]>();
  for (const { node } of plan.nodes.filter((p) => p.def.role === 'folder')) {
    const path = String(node.params.path);
    if (!path) throw new NodeRunError(node.id, 'no folder given (param path is empty)');
    if (!env.readFolder) throw new NodeRunError(node.id, 'this host does not read folders');
    try {
      folders.set(node.id, await env.readFolder(path));
    } catch (e) {
      throw new NodeRunError(node.id, `cannot read folder "${path}": ${(e as Error).message}`);
    }
  }
  tf.engine().startScope();
  try {
    const scope = newScope({
      runSeed: runSeedOf(undefined),
      images,
      folders,
      generatedImage: () => {
        throw new Error('a graph without an optimizer has no generated image');
      },
      model: env.model,
      faceModels: env.faceModels,
      forward: forwardPasses(plan.nodes),
    });
    const values = new Map<string, Value>();
    for (const p of plan.nodes) values.set(p.node.id, evaluate(p, values, scope, 0));
    const results = plan.results.map((p) => ({ nodeId: p.node.id, type: p.node.type, ...asNodeRun(p, () => p.def.result!(inputsOf(p, values), p.node.params, makeContext(p, scope, 0))) }));
    const kept = new Map<string, Value>();
    for (const p of plan.nodes.filter((q) => env.keep?.(q))) {
      const value = values.get(p.node.id)!;
      tf.keep(value.tensor);
      kept.set(p.node.id, value);
    }
    return { results, kept, seconds: (performance.now() - started) / 1000 };
  } finally {
    tf.engine().endScope();
  }
}
