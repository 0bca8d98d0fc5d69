import * as tf from '@tensorflow/tfjs-core';
import './gradients';
import type { Graph } from '../graph/types';
import { compile, type Plan, type PlannedNode } from '../compile/plan';
import { validateGraph } from '../graph/validate';
import { GraphError } from '../graph/problems';
import { NodeRunError, type EvalContext, type Value } from '../nodes/types';
import { initialImage } from '../nodes/image-generated';
import type { Pooling, VggModel } from '../model/vgg-model';
import { rawToTensor, tensorToRaw, type RawImage } from '../image/raw-image';
import { combineLumaChroma } from '../image/ycbcr';
import { TargetCache } from './target-cache';
import { createPixelOptimizer, type Objective } from './pixel-optimizer';
import { hashBytes, hashString } from './hash';
import { seededRandom } from './seeded-random';

export interface RunEnvironment {
  readonly model: VggModel;
  /** Reads the file of an image.load node, its path as the graph writes it. */
  readImage(path: string): Promise<RawImage>;
  /** Keeps constant targets between runs; without one they live for this run only. */
  readonly cache?: TargetCache;
}

export interface ProgressEvent {
  readonly iteration: number;
  readonly iterations: number;
  /** The optimizer's loss before this iteration's step. */
  readonly loss: number;
  /** Every scalar node between the generated image and the loss, by node id. */
  readonly losses: Readonly<Record<string, number>>;
  /** Milliseconds since the loop started, when this value was read back (after its step). */
  readonly ms: number;
}

export interface PreviewEvent {
  readonly iteration: number;
  readonly image: RawImage;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly onPreview?: (event: PreviewEvent) => void;
  /** Name of the graph for error messages. */
  readonly source?: string;
  /**
   * Read the losses back every this many iterations (default 1). Larger values keep the loop on
   * the device; progress events then come in bursts, each with its own iteration's values.
   */
  readonly lossEvery?: number;
}

export interface RunStats {
  /** Constant nodes computed in this run (the rest came from the cache). */
  readonly constantEvaluations: number;
  readonly cachedConstants: number;
  /** VGG forward passes by key ("node.port|pooling"). */
  readonly forwardPasses: Readonly<Record<string, number>>;
  /** Loss and gradient evaluations of the optimizer (more than the iterations with L-BFGS). */
  readonly evaluations: number;
}

export interface RunResult {
  readonly status: 'done' | 'cancelled';
  /** Iterations completed. */
  readonly iterations: number;
  /** The generated image as it is now, clipped to 0-255. */
  readonly image: RawImage;
  /** Each image.output node's image (only when done). */
  readonly outputs: readonly { readonly nodeId: string; readonly path: string; readonly image: RawImage }[];
  readonly seconds: number;
  readonly stats: RunStats;
}

/**
 * Runs a graph: computes the constant targets once (or takes them from the cache), then optimises
 * the generated image. Graph problems throw GraphError, node failures NodeRunError.
 */
export async function runGraph(graph: Graph, env: RunEnvironment, options: RunOptions = {}): Promise<RunResult> {
  return runPlan(compile(graph, options.source), env, options);
}

/** Runs a compiled plan (runGraph without the compile step, for callers that already have the plan). */
export async function runPlan(plan: Plan, env: RunEnvironment, options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const cache = env.cache ?? new TargetCache();
  cache.useModel(env.model);
  const forwardPasses: Record<string, number> = {};
  const images = await readImages(plan, env);
  checkShapesWithFiles(plan, images, options.source);

  const shared = { plan, model: env.model, images, forwardPasses };
  const constants = computeConstants(plan, cache, shared);
  const generatedParams = plan.generated.node.params;
  const content = plan.generated.inputs.get('content')?.[0];
  const start = initialImage(content && constants.values.get(content.node.id)!.tensor as tf.Tensor4D, generatedParams, env.model.preprocessing);
  const variable = tf.variable(start, true);
  start.dispose(); // the variable holds its own reference to the data
  const p = plan.optimizer.params;
  const optimizer = createPixelOptimizer(p);
  const iterations = p.iterations as number;
  const previewEvery = p.previewEvery as number;
  let done = 0;
  const objective = objectiveOf(plan, constants.values, variable, shared, () => done + 1);
  const lossEvery = Math.max(1, options.lossEvery ?? 1);
  const pending: tf.Tensor1D[] = [];
  const loopStart = performance.now();
  /** Reads the held-back losses in one go and reports them. */
  const flush = async () => {
    if (!pending.length) return;
    const stacked = tf.stack(pending);
    const rows = await stacked.array() as number[][];
    tf.dispose([stacked, ...pending.splice(0)]);
    const ms = performance.now() - loopStart;
    rows.forEach((row, i) => {
      const iteration = done - rows.length + i + 1;
      const bad = row.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new NodeRunError(plan.reported[bad]!, `the loss became ${row[bad]} at iteration ${iteration}; the run stopped (nothing written)`);
      const losses = Object.fromEntries(plan.reported.map((id, j) => [id, row[j]!]));
      options.onProgress?.({ iteration, iterations, loss: losses[plan.loss.id]!, losses, ms });
    });
  };
  try {
    while (done < iterations && !options.signal?.aborted) {
      pending.push(await optimizer.step(objective, variable));
      done++;
      const previewDue = previewEvery > 0 && done % previewEvery === 0 && done < iterations;
      if (pending.length >= lossEvery || previewDue || done === iterations) await flush();
      if (previewDue && options.onPreview) options.onPreview({ iteration: done, image: await tensorToRaw(variable as tf.Tensor4D) });
      // Reading back can settle as a microtask (cpu backend): yield a task so abort signals get through.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await flush();
    const status = done < iterations ? 'cancelled' : 'done';
    const outputs = status === 'done' ? await outputImages(plan, constants.values, variable as tf.Tensor4D) : [];
    return {
      status,
      iterations: done,
      image: await tensorToRaw(variable as tf.Tensor4D),
      outputs,
      seconds: (performance.now() - started) / 1000,
      stats: { constantEvaluations: constants.evaluated, cachedConstants: constants.cached, forwardPasses, evaluations: optimizer.evaluations },
    };
  } finally {
    tf.dispose(pending);
    variable.dispose();
    optimizer.dispose();
    if (!env.cache) cache.clear();
  }
}

interface Shared {
  readonly plan: Plan;
  readonly model: VggModel;
  readonly images: ReadonlyMap<string, RawImage>;
  readonly forwardPasses: Record<string, number>;
}

async function readImages(plan: Plan, env: RunEnvironment): Promise<Map<string, RawImage>> {
  const images = new Map<string, RawImage>();
  for (const { node } of plan.constants.filter((p) => p.def.role === 'source')) {
    const path = String(node.params.path);
    if (!path) throw new NodeRunError(node.id, 'no image file given (param path is empty)');
    try {
      images.set(node.id, await env.readImage(path));
    } catch (e) {
      throw new NodeRunError(node.id, `cannot read image "${path}": ${(e as Error).message}`);
    }
  }
  return images;
}

/** Checks the shapes again now that the sizes of the files are known (a source may keep its file's size). */
function checkShapesWithFiles(plan: Plan, images: ReadonlyMap<string, RawImage>, source = 'graph'): void {
  const fileSizes = new Map([...images].map(([id, image]) => [id, { height: image.height, width: image.width }]));
  const { problems } = validateGraph(plan.graph, { fileSizes });
  if (problems.length) throw new GraphError(problems, source);
}

/** Evaluates the constant nodes once, in one scope so nodes on the same image share a forward pass. */
function computeConstants(plan: Plan, cache: TargetCache, shared: Shared): { values: Map<string, Value>; evaluated: number; cached: number } {
  const values = new Map<string, Value>();
  const keys = new Map<string, string>();
  let evaluated = 0;
  tf.tidy(() => {
    const memo = new Map<string, Map<string, tf.Tensor4D>>();
    for (const p of plan.constants) {
      const key = cacheKey(p, keys, shared.images);
      keys.set(p.node.id, key);
      let value = cache.get(key);
      if (!value) {
        value = evaluate(p, values, context(p, memo, shared, undefined, 0));
        cache.set(key, value);
        evaluated++;
      }
      values.set(p.node.id, value);
    }
  });
  cache.retainOnly(new Set(keys.values()));
  return { values, evaluated, cached: plan.constants.length - evaluated };
}

function cacheKey(p: PlannedNode, keys: ReadonlyMap<string, string>, images: ReadonlyMap<string, RawImage>): string {
  const inputs = [...p.inputs].map(([port, sources]) => [port, sources.map((s) => keys.get(s.node.id))]);
  const raw = images.get(p.node.id);
  const pixels = raw ? `${raw.width}x${raw.height}:${hashBytes(raw.data)}` : '';
  return hashString(JSON.stringify([p.node.type, p.node.params, inputs, pixels]));
}

/** The loss the optimizer minimises, with its image gradient and every reported scalar; `iteration` says which step asks. */
function objectiveOf(plan: Plan, constants: ReadonlyMap<string, Value>, variable: tf.Variable, shared: Shared, iteration: () => number): Objective {
  return () => {
    let reported: tf.Tensor1D | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const memo = new Map<string, Map<string, tf.Tensor4D>>();
      const values = new Map(constants);
      for (const p of plan.loop) values.set(p.node.id, evaluate(p, values, context(p, memo, shared, variable as tf.Tensor4D, iteration())));
      reported = tf.keep(tf.stack(plan.reported.map((id) => values.get(id)!.tensor)) as tf.Tensor1D);
      return values.get(plan.loss.id)!.tensor as tf.Scalar;
    }, [variable]);
    return { loss: value, grad: grads[variable.name]!, reported: reported! };
  };
}

function evaluate(p: PlannedNode, values: ReadonlyMap<string, Value>, ctx: EvalContext): Value {
  const inputs = Object.fromEntries([...p.inputs].map(([port, sources]) => [port, sources.map((s) => values.get(s.node.id)!)]));
  try {
    return p.def.evaluate!(inputs, p.node.params, ctx);
  } catch (e) {
    if (e instanceof NodeRunError) throw e;
    throw new NodeRunError(p.node.id, (e as Error).message);
  }
}

function context(p: PlannedNode, memo: Map<string, Map<string, tf.Tensor4D>>, shared: Shared, generated: tf.Tensor4D | undefined, iteration: number): EvalContext {
  const nodeId = p.node.id;
  const runSeed = shared.plan.generated.node.params.seed as number;
  return {
    nodeId,
    iteration,
    random: (seed) => seededRandom(runSeed, iteration, seed),
    loadedImage: () => rawToTensor(shared.images.get(nodeId)!),
    generatedImage: () => generated!,
    vggFeatures: (input, layer, pooling) => {
      const key = shared.plan.forwardKey.get(nodeId)!;
      let activations = memo.get(key);
      if (!activations) {
        activations = shared.model.forward(input.tensor as tf.Tensor4D, shared.plan.forwardLayers.get(key)!, pooling as Pooling);
        memo.set(key, activations);
        shared.forwardPasses[key] = (shared.forwardPasses[key] ?? 0) + 1;
      }
      return activations.get(layer)!;
    },
  };
}

/** Each image.output node's image; colors content keeps the image's luminance and the content input's chroma. */
async function outputImages(plan: Plan, constants: ReadonlyMap<string, Value>, generated: tf.Tensor4D): Promise<RunResult['outputs']> {
  const outputs = [];
  for (const p of plan.outputs) {
    const source = p.inputs.get('image')![0]!;
    const tensor = (constants.get(source.node.id)?.tensor as tf.Tensor4D | undefined) ?? generated;
    const content = p.node.params.colors === 'content' ? contentColours(p, constants, tensor) : undefined;
    const shown = content ? combineLumaChroma(tensor, content) : tensor;
    try {
      outputs.push({ nodeId: p.node.id, path: String(p.node.params.path), image: await tensorToRaw(shown) });
    } finally {
      if (shown !== tensor) shown.dispose();
    }
  }
  return outputs;
}

/** The image whose colours an output with colors content keeps: a constant of the image's size. */
function contentColours(p: PlannedNode, constants: ReadonlyMap<string, Value>, image: tf.Tensor4D): tf.Tensor4D {
  const source = p.inputs.get('content')?.[0];
  if (!source) throw new NodeRunError(p.node.id, 'colors content needs the content image on input content');
  const content = constants.get(source.node.id)?.tensor as tf.Tensor4D | undefined;
  if (!content) throw new NodeRunError(p.node.id, `input content must not depend on the generated image ("${source.node.id}" does)`);
  const [, h, w] = image.shape;
  if (content.shape[1] !== h || content.shape[2] !== w) {
    throw new NodeRunError(p.node.id, `the content image is ${content.shape[1]}x${content.shape[2]} but the image is ${h}x${w}: colors content needs both the same size`);
  }
  return content;
}
