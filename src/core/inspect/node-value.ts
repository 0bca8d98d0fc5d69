/**
 * The value of one node of a finished run, computed again on demand (when the node is selected in
 * the editor), never inside the optimisation loop: constant nodes from the run's decoded image
 * files, nodes downstream of the generated image from the image the run left.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Plan, PlannedNode } from '../compile/plan';
import { rawToTensor, type RawImage } from '../image/raw-image';
import type { Pooling, VggNetwork } from '../model/vgg-network';
import { seededRandom } from '../run/seeded-random';
import type { EvalContext, Value } from '../nodes/types';
import type { FaceModels } from '../face/face-models';

/** What a run leaves to look inside it afterwards. */
export interface InspectSource {
  readonly plan: Plan;
  readonly model: VggNetwork;
  /** The run's decoded image files, by path as the graph writes it. */
  readonly files: ReadonlyMap<string, RawImage>;
  /** The generated image as the run left it (its last preview, or the final image). */
  readonly generated: RawImage | undefined;
  /** face-api's networks, where the run's graph has face nodes. */
  readonly faceModels?: FaceModels;
}

/**
 * The value of `nodeId` as the run's plan computes it, through only the nodes upstream of it (one
 * forward pass per VGG node, to its own layer). The caller disposes the returned tensor.
 */
export function nodeValue(source: InspectSource, nodeId: string): Value {
  const { plan } = source;
  // Constants never depend on the loop: constants then loop is a dependency order.
  const planned = [...plan.constants, ...plan.loop];
  const byId = new Map(planned.map((p) => [p.node.id, p]));
  if (!byId.has(nodeId)) throw new Error(`"${nodeId}" was not computed by the last run (not upstream of its loss): run the graph again`);
  const needed = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    for (const sources of byId.get(id)!.inputs.values()) stack.push(...sources.map((s) => s.node.id));
  }
  let value: Value | undefined;
  tf.tidy(() => {
    const values = new Map<string, Value>();
    for (const p of planned.filter((q) => needed.has(q.node.id))) values.set(p.node.id, evaluate(p, values, context(p, source)));
    value = values.get(nodeId)!;
    tf.keep(value.tensor);
  });
  return value!;
}

function evaluate(p: PlannedNode, values: ReadonlyMap<string, Value>, ctx: EvalContext): Value {
  if (!p.def.evaluate) throw new Error(`"${p.node.id}" has no value of its own to show`);
  const inputs = Object.fromEntries([...p.inputs].map(([port, sources]) => [port, sources.map((s) => values.get(s.node.id)!)]));
  return p.def.evaluate(inputs, p.node.params, ctx);
}

function context(p: PlannedNode, source: InspectSource): EvalContext {
  const runSeed = source.plan.generated.node.params.seed as number;
  return {
    nodeId: p.node.id,
    iteration: 0,
    random: (seed) => seededRandom(runSeed, 0, seed),
    loadedImage: () => {
      const file = source.files.get(String(p.node.params.path));
      if (!file) throw new Error(`"${p.node.id}": the last run did not read "${String(p.node.params.path)}"`);
      return rawToTensor(file);
    },
    generatedImage: () => {
      if (!source.generated) throw new Error('the last run left no generated image yet');
      return rawToTensor(source.generated);
    },
    vggFeatures: (input, layer, pooling) => source.model.forward(input.tensor as tf.Tensor4D, new Set([layer]), pooling as Pooling).get(layer)!,
    ...(source.faceModels && { faceModels: source.faceModels }),
  };
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
