import * as tf from '@tensorflow/tfjs-core';
import './gradients';
import type { Graph } from '../graph/types';
import { compile, type Plan, type PlannedNode } from '../compile/plan';
import { validateGraph } from '../graph/validate';
import { GraphError } from '../graph/problems';
import { inferShapes, type FileSizes } from '../graph/shapes';
import { NodeRunError, type EvalContext, type Inputs, type Shape, type Value } from '../nodes/types';
import { initialImage } from '../nodes/image-generated';
import type { Pooling, VggNetwork } from '../model/vgg-network';
import type { FaceModels } from '../face/face-models';
import { rawToTensor, tensorToRaw, type RawImage } from '../image/raw-image';
import { combineLumaChroma } from '../image/ycbcr';
import { TargetCache, cachedConstants } from './target-cache';
import type { Objective } from './pixel-optimizer';
import { createPixelOptimizer } from './optimizer-choice';
import { ImageAverage } from './image-average';
import { scaleLadder, scaledGraph, type Size } from './scale-ladder';
import { estimateMemory, memoryProblem, type MemoryEstimate, type MemoryLimit, type ScaleShapes } from './memory-estimate';
import { backendMemoryLimits } from './memory-limits';
import { shareIdentityData } from './shared-identity';
import { hashBytes, hashString } from './hash';
import { seededRandom } from './seeded-random';

export interface RunEnvironment {
  readonly model: VggNetwork;
  /** Reads the file of an image.load node, its path as the graph writes it. */
  readImage(path: string): Promise<RawImage>;
  /** Keeps constant targets between runs; without one they live for this run only. */
  readonly cache?: TargetCache;
  /** Memory the host lets tensors take (the backend's own limits apply too); a run that would need more is refused. */
  readonly memoryBudget?: MemoryLimit;
  /** face-api's networks, for graphs with face nodes (identity-preserving style transfer). */
  readonly faceModels?: FaceModels;
}

export interface ProgressEvent {
  /** Counts across the scales, from 1. */
  readonly iteration: number;
  /** All the scales' iterations together. */
  readonly iterations: number;
  /** The scale this iteration ran at, from 1, of `scales`. */
  readonly scale: number;
  readonly scales: number;
  /** Height and width of the image at this scale. */
  readonly size: Size;
  /** The optimizer's loss before this iteration's step. */
  readonly loss: number;
  /** Every scalar node between the generated image and the loss, by node id. */
  readonly losses: Readonly<Record<string, number>>;
  /** Milliseconds since the loop started, when this value was read back (after its step). */
  readonly ms: number;
}

export interface PreviewEvent {
  readonly iteration: number;
  /** The image (its average when the optimizer's ema is on) at the current scale's size. */
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
  /** Constant nodes computed in this run, over all scales (the rest came from the cache or were not needed). */
  readonly constantEvaluations: number;
  readonly cachedConstants: number;
  /** VGG forward passes by key ("node.port|pooling"). */
  readonly forwardPasses: Readonly<Record<string, number>>;
  /** Loss and gradient evaluations of the optimizer (more than the iterations with L-BFGS). */
  readonly evaluations: number;
  /** The memory the run was estimated to need before it started (see memory-estimate.ts). */
  readonly memory: MemoryEstimate;
}

export interface RunResult {
  readonly status: 'done' | 'cancelled';
  /** Iterations completed, over all scales. */
  readonly iterations: number;
  /** The generated image as it is now (its average when ema is on), clipped to 0-255. */
  readonly image: RawImage;
  /** Each image.output node's image (only when done). */
  readonly outputs: readonly { readonly nodeId: string; readonly path: string; readonly image: RawImage }[];
  readonly seconds: number;
  readonly stats: RunStats;
}

/** A run refused before it starts because its estimated memory exceeds a limit. */
export class RunMemoryError extends Error {
  constructor(message: string, readonly estimate: MemoryEstimate) {
    super(message);
    this.name = 'RunMemoryError';
  }
}

/**
 * Runs a graph: computes the constant targets once (or takes them from the cache), then optimises
 * the generated image. Graph problems throw GraphError, node failures NodeRunError.
 */
export async function runGraph(graph: Graph, env: RunEnvironment, options: RunOptions = {}): Promise<RunResult> {
  return runPlan(compile(graph, options.source), env, options);
}

/**
 * Runs a compiled plan (runGraph without the compile step, for callers that already have the plan):
 * one scale, or with the optimizer's minSize a ladder of scales, each optimising the image the
 * last one left, upsampled; targets are computed at each scale's size.
 */
export async function runPlan(plan: Plan, env: RunEnvironment, options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  shareIdentityData();
  const cache = env.cache ?? new TargetCache();
  cache.useModel(env.model);
  const forwardPasses: Record<string, number> = {};
  const images = await readSourceImages(plan.constants, (path) => env.readImage(path));
  const p = plan.optimizer.params;
  const scales = planScales(plan, images, p.minSize as number, options.source);
  const memory = estimateMemory(scales, env.model.widths, p);
  const tooMuch = memoryProblem(memory, backendMemoryLimits(env.memoryBudget));
  if (tooMuch) throw new RunMemoryError(tooMuch, memory);
  const keys = scales.map((s) => constantKeys(s.plan, images));
  const cachedKeys = (from: number) => new Set(keys.slice(from).flatMap((k, i) => [...cachedConstants(scales[from + i]!.plan)].map((id) => k.get(id)!)));
  cache.retainOnly(cachedKeys(0));

  const optimizer = createPixelOptimizer(p);
  const perScale = p.iterations as number;
  const iterations = perScale * scales.length;
  const previewEvery = p.previewEvery as number;
  const ema = p.ema as number;
  const lossEvery = Math.max(1, options.lossEvery ?? 1);
  let done = 0;
  let evaluated = 0;
  let cached = 0;
  /** What the next scale starts from, and in the end the result: the image, or its average. */
  let image: tf.Tensor4D | undefined;
  let constants = new Map<string, Value>();
  const loopStart = performance.now();
  try {
    for (let k = 0; k < scales.length && !options.signal?.aborted; k++) {
      const { plan: scalePlan, size } = scales[k]!;
      const shared = { plan: scalePlan, model: env.model, faceModels: env.faceModels, images, forwardPasses };
      const computed = computeConstants(scalePlan, cache, shared, keys[k]!);
      constants = computed.values;
      evaluated += computed.evaluated;
      cached += scalePlan.constants.length - computed.evaluated;
      const start: tf.Tensor4D = image
        ? tf.image.resizeBilinear(image, [size[0], size[1]], false, true)
        : startImage(scalePlan, constants, env.model);
      image?.dispose();
      image = undefined;
      const variable = tf.variable(start, true);
      start.dispose(); // the variable holds its own reference to the data
      const average = ema > 0 ? new ImageAverage(ema, variable) : undefined;
      const shown = () => (average ? average.value() as tf.Tensor4D : tf.clone(variable) as tf.Tensor4D);
      const report = { scale: k + 1, scales: scales.length, size };
      try {
        if (k > 0) await optimizer.rescale(size);
        const objective = objectiveOf(scalePlan, constants, variable, shared, () => done + 1);
        const pending: tf.Tensor1D[] = [];
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
            options.onProgress?.({ iteration, iterations, ...report, loss: losses[plan.loss.id]!, losses, ms });
          });
        };
        try {
          const end = done + perScale;
          while (done < end && !options.signal?.aborted) {
            pending.push(await optimizer.step(objective, variable));
            average?.update(variable);
            done++;
            const previewDue = previewEvery > 0 && done % previewEvery === 0 && done < iterations;
            if (pending.length >= lossEvery || previewDue || done === end) await flush();
            if (previewDue && options.onPreview) options.onPreview({ iteration: done, image: await rawOf(shown()) });
            // Reading back can settle as a microtask (cpu backend): yield a task so abort signals get through.
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
          await flush();
        } finally {
          tf.dispose(pending);
        }
        image = shown();
      } finally {
        variable.dispose();
        average?.dispose();
      }
      // Without a cache of the caller's, a finished scale's targets are not needed again (the last
      // scale's stay until the outputs are made: colors content reads the content image).
      if (!env.cache && k + 1 < scales.length) cache.retainOnly(cachedKeys(k + 1));
    }
    const status = done < iterations ? 'cancelled' : 'done';
    const outputs = status === 'done' ? await outputImages(plan, constants, image!) : [];
    return {
      status,
      iterations: done,
      image: await tensorToRaw(image!),
      outputs,
      seconds: (performance.now() - started) / 1000,
      stats: { constantEvaluations: evaluated, cachedConstants: cached, forwardPasses, evaluations: optimizer.evaluations, memory },
    };
  } finally {
    image?.dispose();
    optimizer.dispose();
    if (!env.cache) cache.clear();
  }
}

/** The starting pixels of the first scale, from the generated node's params (and its content input). */
function startImage(plan: Plan, constants: ReadonlyMap<string, Value>, model: VggNetwork): tf.Tensor4D {
  const content = plan.generated.inputs.get('content')?.[0];
  return initialImage(content && constants.get(content.node.id)!.tensor as tf.Tensor4D, plan.generated.node.params, model.preprocessing);
}

async function rawOf(tensor: tf.Tensor4D): Promise<RawImage> {
  try {
    return await tensorToRaw(tensor);
  } finally {
    tensor.dispose();
  }
}

/**
 * The plan of each scale with every node's shape, checked with the files' sizes: the graph itself
 * for the last scale, the graph with every image scaled down for the others.
 */
function planScales(plan: Plan, images: ReadonlyMap<string, RawImage>, minSize: number, source = 'graph'): ScaleShapes[] {
  const fileSizes = new Map([...images].map(([id, image]) => [id, { height: image.height, width: image.width }]));
  const full = shapesOf(plan.graph, fileSizes, source);
  const generated = full.get(plan.generated.node.id) as { height: number; width: number };
  const final: Size = [generated.height, generated.width];
  return scaleLadder(minSize, final).map((size, k, ladder) => {
    if (k === ladder.length - 1) return { plan, size, shapes: full };
    const graph = scaledGraph(plan.graph, Math.min(...size) / Math.min(...final), fileSizes);
    const at = `${source} at scale ${k + 1} of ${ladder.length} (${size[0]}x${size[1]})`;
    return { plan: compile(graph, at), size, shapes: shapesOf(graph, fileSizes, at) };
  });
}

/** Every node's output shape by node id; GraphError when the files' sizes break a shape rule. */
function shapesOf(graph: Graph, fileSizes: FileSizes, source: string): Map<string, Shape> {
  const { problems, index, order } = validateGraph(graph, { fileSizes });
  if (problems.length) throw new GraphError(problems, source);
  return new Map([...inferShapes(order, index, new Set(), fileSizes).shapes].map(([node, shape]) => [node.id, shape]));
}

interface Shared {
  readonly plan: Plan;
  readonly model: VggNetwork;
  readonly faceModels: FaceModels | undefined;
  readonly images: ReadonlyMap<string, RawImage>;
  readonly forwardPasses: Record<string, number>;
}

/** The files of the source nodes among `nodes`, by node id; a failure names the node and the path. */
export async function readSourceImages(nodes: readonly PlannedNode[], readImage: RunEnvironment['readImage']): Promise<Map<string, RawImage>> {
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

/**
 * The constants the cache keeps (what the loop and the outputs read, and the loaded images) at
 * this scale, from the cache or computed in one scope so nodes on the same image share a forward
 * pass. Only what an uncached one needs is computed; the rest (features reduced to Grams, ...) is
 * freed when the scope ends.
 */
function computeConstants(plan: Plan, cache: TargetCache, shared: Shared, keys: ReadonlyMap<string, string>): { values: Map<string, Value>; evaluated: number } {
  const keep = cachedConstants(plan);
  const byId = new Map(plan.constants.map((p) => [p.node.id, p]));
  const hit = (id: string) => keep.has(id) && cache.get(keys.get(id)!) !== undefined;
  const needed = new Set<string>();
  const stack = [...keep].filter((id) => !hit(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    for (const sources of byId.get(id)!.inputs.values()) stack.push(...sources.map((s) => s.node.id).filter((source) => !hit(source)));
  }
  const values = new Map<string, Value>();
  tf.tidy(() => {
    const memo = new Map<string, Map<string, tf.Tensor4D>>();
    for (const p of plan.constants) {
      const id = p.node.id;
      if (!needed.has(id)) {
        if (keep.has(id)) values.set(id, cache.get(keys.get(id)!)!);
        continue;
      }
      const value = evaluate(p, values, context(p, memo, shared, undefined, 0));
      if (keep.has(id)) cache.set(keys.get(id)!, value);
      values.set(id, value);
    }
  });
  for (const id of values.keys()) if (!keep.has(id)) values.delete(id);
  return { values, evaluated: needed.size };
}

/** The cache key of every constant node: a hash of its type, params, inputs' keys and (for a source) its file's pixels. */
function constantKeys(plan: Plan, images: ReadonlyMap<string, RawImage>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const p of plan.constants) keys.set(p.node.id, cacheKey(p, keys, images));
  return keys;
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

/** The values on a node's inputs by port, in edge order. */
export function inputsOf(p: PlannedNode, values: ReadonlyMap<string, Value>): Inputs {
  return Object.fromEntries([...p.inputs].map(([port, sources]) => [port, sources.map((s) => values.get(s.node.id)!)]));
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

/** A node's value from its inputs' values. */
export function evaluate(p: PlannedNode, values: ReadonlyMap<string, Value>, ctx: EvalContext): Value {
  return asNodeRun(p, () => p.def.evaluate!(inputsOf(p, values), p.node.params, ctx));
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
    faceModels: shared.faceModels,
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
