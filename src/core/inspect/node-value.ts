/**
 * The value of one node of a finished run, computed again on demand (when the node is selected in
 * the editor), never inside the optimisation loop: constant nodes from the run's decoded image
 * files, nodes downstream of the generated image from the image the run left.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forwardPasses, upstreamOf, type Plan, type PlannedNode } from '../compile/plan';
import { NodeRunError, type Value } from '../nodes/types';
import { rawToTensor, type RawImage } from '../image/raw-image';
import type { VggNetwork } from '../model/vgg-network';
import type { FaceModels } from '../face/face-models';
import { evaluate, newScope, runSeedOf } from '../run/node-context';

/** What a run leaves to look inside it afterwards. */
export interface InspectSource {
  readonly plan: Plan;
  readonly model: VggNetwork;
  /** The run's decoded image files, by path as the graph writes it. */
  readonly files: ReadonlyMap<string, RawImage>;
  /** The generated image as the run left it (its last preview, or the final image). */
  readonly generated: RawImage | undefined;
  /** The iteration the run had reached with that image: nodes downstream of it draw that iteration's random numbers. */
  readonly iteration: number;
  /** face-api's networks, where the run's graph has face nodes. */
  readonly faceModels?: FaceModels;
}

/**
 * The value of `nodeId` as the run's plan computes it, through only the nodes upstream of it (their
 * forward passes only as deep as they need), in the run's node context: constants at iteration 0,
 * the loop's nodes at the run's iteration. The caller disposes the returned tensor.
 */
export function nodeValue(source: InspectSource, nodeId: string): Value {
  const { plan } = source;
  // Constants never depend on the loop: constants then loop is a dependency order.
  const planned = [...plan.constants, ...plan.loop];
  if (!planned.some((p) => p.node.id === nodeId)) throw new Error(`"${nodeId}" was not computed by the last run (not upstream of its loss): run the graph again`);
  const needed = upstreamOf([nodeId], planned);
  const nodes = planned.filter((q) => needed.has(q.node.id));
  const loop = new Set(plan.loop);
  const sources = {
    runSeed: runSeedOf(plan.generated),
    images: filesById(nodes, source.files),
    generatedImage: () => {
      if (!source.generated) throw new Error('the last run left no generated image yet');
      return rawToTensor(source.generated);
    },
    model: source.model,
    faceModels: source.faceModels,
    forward: forwardPasses(nodes),
  };
  let value: Value | undefined;
  tf.tidy(() => {
    const scope = newScope(sources);
    const values = new Map<string, Value>();
    for (const p of nodes) values.set(p.node.id, evaluate(p, values, scope, loop.has(p) ? source.iteration : 0));
    value = values.get(nodeId)!;
    tf.keep(value.tensor);
  });
  return value!;
}

/** The run's decoded files of the source nodes among `nodes`, by node id. */
function filesById(nodes: readonly PlannedNode[], files: ReadonlyMap<string, RawImage>): Map<string, RawImage> {
  const images = new Map<string, RawImage>();
  for (const { node } of nodes.filter((p) => p.def.role === 'source')) {
    const file = files.get(String(node.params.path));
    if (!file) throw new NodeRunError(node.id, `the last run did not read "${String(node.params.path)}"`);
    images.set(node.id, file);
  }
  return images;
}

/** The mean activation of every channel of a 1 x h x w x c feature map. */
export async function channelMeans(features: tf.Tensor4D): Promise<Float32Array> {
  const means = tf.mean(features, [0, 1, 2]);
  try {
    return new Float32Array(await means.data());
  } finally {
    means.dispose();
  }
}

/** The h x w maps (row-major) of some channels of a 1 x h x w x c feature map, in the order asked. */
export async function channelMaps(features: tf.Tensor4D, channels: readonly number[]): Promise<Float32Array[]> {
  const [, h, w] = features.shape;
  const picked = tf.tidy(() => tf.transpose(tf.gather(features, channels.map((c) => Math.trunc(c)), 3), [0, 3, 1, 2]));
  try {
    const data = new Float32Array(await picked.data());
    return channels.map((_, i) => data.slice(i * h * w, (i + 1) * h * w));
  } finally {
    picked.dispose();
  }
}
