import type * as tf from '@tensorflow/tfjs-core';
import type { ForwardPasses, PlannedNode } from '../compile/plan';
import { NodeRunError, portValue, type FramePosition, type EvalContext, type Inputs, type Value } from '../nodes/types';
import type { OpticalFlow } from '../image/optical-flow';
import type { Pooling, VggNetwork } from '../model/vgg-network';
import type { FaceModels } from '../face/face-models';
import type { LabelledFile } from '../face/labelled-files';
import { rawToTensor, type RawImage } from '../image/raw-image';
import { seededRandom } from './seeded-random';

/**
 * What the nodes of one evaluation scope (a run's constants, one loop iteration, an evaluation, an
 * inspection) read: the one source of every EvalContext, so a run, evaluateOnce and inspect compute
 * a node alike. Activations live as long as the scope's tensors: make one per tf scope.
 */
export interface NodeScope {
  /** The run's seed: the generated image's param seed (runSeedOf). */
  readonly runSeed: number;
  /** Decoded files of the source nodes, by node id. */
  readonly images: ReadonlyMap<string, RawImage>;
  /** Labelled images of the folder nodes, by node id; only evaluations read folders. */
  readonly folders?: ReadonlyMap<string, readonly LabelledFile[]>;
  /** The image being optimised, or a throw saying why there is none. */
  readonly generatedImage: () => tf.Tensor4D;
  readonly model: VggNetwork | undefined;
  readonly faceModels: FaceModels | undefined;
  /** The host's optical flow, for graphs with a node that needsOpticalFlow. */
  readonly opticalFlow?: OpticalFlow;
  /** Where a frame run is (frame-loop.ts); absent outside frame runs. */
  readonly frame?: FramePosition;
  /** Which forward pass each features node shares, and how deep it goes. */
  readonly forward: ForwardPasses;
  /** Activations of this scope's forward passes, by pass key. */
  readonly activations: Map<string, Map<string, tf.Tensor4D>>;
  /** Counts each forward pass run (RunStats.forwardPasses), when given. */
  readonly passes?: Record<string, number>;
}

/** A scope's fields but its activations: what stays the same from one scope to the next. */
export type NodeSources = Omit<NodeScope, 'activations'>;

/** A new scope on `sources`, with no activations yet. */
export function newScope(sources: NodeSources): NodeScope {
  return { ...sources, activations: new Map() };
}

/**
 * The seed rule, once: a node's random source is drawn from the run's seed (the generated image's
 * param seed, 0 in a graph without one), the iteration being computed (0 for constants and
 * evaluations, the loop's iteration for nodes downstream of the generated image) and the node's seed.
 */
export function runSeedOf(generated: PlannedNode | undefined): number {
  return generated ? (generated.node.params.seed as number) : 0;
}

/** The context node p's hooks see in `scope` at `iteration` (see EvalContext). */
export function makeContext(p: PlannedNode, scope: NodeScope, iteration: number): EvalContext {
  const nodeId = p.node.id;
  return {
    nodeId,
    iteration,
    random: (seed) => seededRandom(scope.runSeed, iteration, seed),
    loadedImage: () => {
      const image = scope.images.get(nodeId);
      if (!image) throw new Error(`no file was read for it (param path "${String(p.node.params.path)}")`);
      return rawToTensor(image);
    },
    previousImage: () => {
      const image = p.def.role === 'previous' ? scope.images.get(nodeId) : undefined;
      return image && rawToTensor(image);
    },
    generatedImage: scope.generatedImage,
    faceModels: scope.faceModels,
    ...(scope.opticalFlow && { opticalFlow: scope.opticalFlow }),
    ...(scope.frame && { frame: scope.frame }),
    ...(scope.folders && { labelledImages: () => (scope.folders!.get(nodeId) ?? []).map(({ label, file, image }) => ({ label, file, tensor: rawToTensor(image) })) }),
    vggFeatures: (input, layer, pooling) => {
      if (!scope.model) throw new Error('this graph needs the VGG-19 weights');
      const key = scope.forward.key.get(nodeId)!;
      let activations = scope.activations.get(key);
      if (!activations) {
        activations = scope.model.forward(input.tensor as tf.Tensor4D, scope.forward.layers.get(key)!, pooling as Pooling);
        scope.activations.set(key, activations);
        if (scope.passes) scope.passes[key] = (scope.passes[key] ?? 0) + 1;
      }
      return activations.get(layer)!;
    },
  };
}

/** The values on a node's inputs by port, in edge order. */
export function inputsOf(p: PlannedNode, values: ReadonlyMap<string, Value>): Inputs {
  return Object.fromEntries([...p.inputs].map(([port, sources]) => [port, sources.map((s) => portValue(values.get(s.node.id)!, s.port))]));
}

/** Runs `fn` for node p: what it throws becomes a NodeRunError naming the node. */
export function asNodeRun<T>(p: PlannedNode, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NodeRunError) throw e;
    throw new NodeRunError(p.node.id, (e as Error).message);
  }
}

/** A node's value from its inputs' values, in `scope` at `iteration`. */
export function evaluate(p: PlannedNode, values: ReadonlyMap<string, Value>, scope: NodeScope, iteration: number): Value {
  return asNodeRun(p, () => {
    if (!p.def.evaluate) throw new Error('it has no value of its own to show');
    return p.def.evaluate(inputsOf(p, values), p.node.params, makeContext(p, scope, iteration));
  });
}

/** The files of the source nodes among `nodes`, by node id; a failure names the node and the path. */
export async function readSourceImages(nodes: readonly PlannedNode[], readImage: (path: string) => Promise<RawImage>): Promise<Map<string, RawImage>> {
  const images = new Map<string, RawImage>();
  for (const { node } of nodes.filter((p) => p.def.role === 'source')) {
    const path = String(node.params.path);
    if (!path) throw new NodeRunError(node.id, 'no image file given (param path is empty)');
    try {
      images.set(node.id, await readImage(path));
    } catch (e) {
      throw new NodeRunError(node.id, `cannot read image "${path}": ${(e as Error).message}`);
    }
  }
  return images;
}
