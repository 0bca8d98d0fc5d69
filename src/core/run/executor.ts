import * as tf from '@tensorflow/tfjs-core';
import './gradients';
import type { Graph } from '../graph/types';
import { compile, type Plan } from '../compile/plan';
import { NodeRunError, portValue, type Value } from '../nodes/types';
import type { OpticalFlow } from '../image/optical-flow';
import { initialImage } from '../nodes/image-generated';
import type { VggNetwork } from '../model/vgg-network';
import type { FaceModels } from '../face/face-models';
import { tensorToRaw, type RawImage } from '../image/raw-image';
import { TargetCache, computeConstants, constantKeys, keptKeys } from './target-cache';
import { createPixelOptimizer } from './optimizer-choice';
import { NativeAdam } from './native-adam';
import { nativeLoopPossible, tfjsLoopNodes } from '../native/native-loop';
import { ImageAverage } from './image-average';
import { planScales, type Size } from './pyramid';
import { estimateMemory, memoryProblem, type MemoryEstimate, type MemoryLimit } from './memory-estimate';
import { backendMemoryLimits } from './memory-limits';
import { shareIdentityData } from './shared-identity';
import { readSourceImages, runSeedOf, type NodeSources } from './node-context';
import { objectiveOf } from './objective';
import { LossReadback } from './loss-readback';
import { outputImages, type OutputImage } from './output-images';
import { previewDue } from './preview-schedule';

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
  /** Dense optical flow from a library, for graphs with a node that needsOpticalFlow (video). */
  readonly opticalFlow?: OpticalFlow;
  /** In a frame run (frame-loop.ts): which frame this run is, and the image each node of role previous gets (none on the first frame). */
  readonly frame?: FrameOfRun;
}

/** One frame of a frame run, as the run of that frame sees it. */
export interface FrameOfRun {
  /** From 0, of `count`; `first` when there is no previous frame (FramePosition). */
  readonly index: number;
  readonly count: number;
  readonly first: boolean;
  /** The image each node of role previous is handed, by node id. */
  readonly previous: ReadonlyMap<string, RawImage>;
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
  /** The iterations done: 0 for the starting image (see preview-schedule.ts for when previews come). */
  readonly iteration: number;
  /** The image (its average when the optimizer's ema is on) at the current scale's size. */
  readonly image: RawImage;
}

/** How a run's iterations compute, said once before the loop starts. */
export interface RunStart {
  /** The whole iteration (J, its gradient, Adam's step) in one native call per step (NodeDef.native). */
  readonly nativeLoop: boolean;
  /** The loop's nodes without a native form, by id: where there are any, the loop runs on tfjs. */
  readonly tfjsNodes: readonly string[];
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onStart?: (event: RunStart) => void;
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
  /** Whether the iterations ran natively (RunStart). */
  readonly nativeLoop: boolean;
}

export interface RunResult {
  readonly status: 'done' | 'cancelled';
  /** Iterations completed, over all scales. */
  readonly iterations: number;
  /** The generated image as it is now (its average when ema is on), clipped to 0-255. */
  readonly image: RawImage;
  /** Each image.output node's image (only when done). */
  readonly outputs: readonly OutputImage[];
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
  const sequence = env.frame ? undefined : plan.constants.find((c) => c.def.frames);
  if (sequence) throw new NodeRunError(sequence.node.id, 'its graph runs once per frame (frame-loop.ts runFrames): `stylegraph run` and the editor\'s host engine run it', sequence.node.type);
  const images = await readSourceImages(plan.constants, (path) => env.readImage(path));
  for (const [id, image] of env.frame?.previous ?? []) images.set(id, image);
  const p = plan.optimizer.params;
  const scales = planScales(plan, images, p.minSize as number, options.source);
  const memory = estimateMemory(scales, env.model.widths, p);
  const tooMuch = memoryProblem(memory, backendMemoryLimits(env.memoryBudget));
  if (tooMuch) throw new RunMemoryError(tooMuch, memory);
  const plans = scales.map((s) => s.plan);
  const keys = plans.map((scalePlan) => constantKeys(scalePlan, images));
  cache.retainOnly(keptKeys(plans, keys, 0));

  const native = env.model.nativeLoops && nativeLoopPossible(plan) ? new NativeAdam(env.model.nativeLoops, p) : undefined;
  const optimizer = native ?? createPixelOptimizer(p);
  options.onStart?.({ nativeLoop: native !== undefined, tfjsNodes: tfjsLoopNodes(plan).map((n) => n.node.id) });
  const perScale = p.iterations as number;
  const iterations = perScale * scales.length;
  const previewEvery = p.previewEvery as number;
  const ema = p.ema as number;
  const forwardPasses: Record<string, number> = {};
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
      const sources = nodeSources(scalePlan, env, images, forwardPasses);
      const computed = computeConstants(scalePlan, cache, sources, keys[k]!);
      constants = computed.values;
      evaluated += computed.evaluated;
      cached += scalePlan.constants.length - computed.evaluated;
      const start = image ? upsampled(image, size) : startImage(scalePlan, constants, env.model);
      image = undefined;
      const variable = tf.variable(start, true);
      start.dispose(); // the variable holds its own reference to the data
      const average = ema > 0 ? new ImageAverage(ema, variable) : undefined;
      const shown = () => (average ? average.value() as tf.Tensor4D : tf.clone(variable) as tf.Tensor4D);
      const readback = new LossReadback(plan, Math.max(1, options.lossEvery ?? 1), loopStart);
      const report = { iterations, scale: k + 1, scales: scales.length, size };
      const flush = () => readback.read(done, (row) => options.onProgress?.({ ...report, ...row }));
      try {
        if (k > 0) await optimizer.rescale(size);
        native?.beginScale(scalePlan, constants, size);
        const objective = objectiveOf(scalePlan, constants, variable, sources, () => done + 1);
        // The starting image, as soon as the loop starts (previewDue's schedule).
        if (k === 0 && options.onPreview && previewDue(0, previewEvery, iterations)) options.onPreview({ iteration: 0, image: await rawOf(shown()) });
        const end = done + perScale;
        while (done < end && !options.signal?.aborted) {
          readback.push(await optimizer.step(objective, variable));
          average?.update(variable);
          done++;
          const preview = previewDue(done, previewEvery, iterations);
          if (readback.due || preview || done === end) await flush();
          if (preview && options.onPreview) options.onPreview({ iteration: done, image: await rawOf(shown()) });
          // Reading back can settle as a microtask (cpu backend): yield a task so abort signals get through.
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        await flush();
        image = shown();
      } finally {
        readback.dispose();
        variable.dispose();
        average?.dispose();
      }
      // Without a cache of the caller's, a finished scale's targets are not needed again (the last
      // scale's stay until the outputs are made: colors content reads the content image).
      if (!env.cache && k + 1 < scales.length) cache.retainOnly(keptKeys(plans, keys, k + 1));
    }
    const status = done < iterations ? 'cancelled' : 'done';
    const outputs = status === 'done' ? await outputImages(plan, constants, image!) : [];
    return {
      status,
      iterations: done,
      image: await tensorToRaw(image!),
      outputs,
      seconds: (performance.now() - started) / 1000,
      stats: { constantEvaluations: evaluated, cachedConstants: cached, forwardPasses, evaluations: optimizer.evaluations, memory, nativeLoop: native !== undefined },
    };
  } finally {
    image?.dispose();
    optimizer.dispose();
    if (!env.cache) cache.clear();
  }
}

/** What the nodes of one scale read: the run's seed, files, model, and this scale's forward passes (counted in `passes`). */
function nodeSources(plan: Plan, env: RunEnvironment, images: ReadonlyMap<string, RawImage>, passes: Record<string, number>): NodeSources {
  return {
    runSeed: runSeedOf(plan.generated),
    images,
    generatedImage: () => {
      throw new Error('the generated image is read only in the loop');
    },
    model: env.model,
    faceModels: env.faceModels,
    ...(env.opticalFlow && { opticalFlow: env.opticalFlow }),
    ...(env.frame && { frame: { index: env.frame.index, count: env.frame.count, first: env.frame.first } }),
    forward: plan.forward,
    passes,
  };
}

/** The starting pixels of the first scale, from the generated node's params (and its content and previous inputs). */
function startImage(plan: Plan, constants: ReadonlyMap<string, Value>, model: VggNetwork): tf.Tensor4D {
  const input = (port: string) => {
    const source = plan.generated.inputs.get(port)?.[0];
    return source && portValue(constants.get(source.node.id)!, source.port).tensor as tf.Tensor4D;
  };
  return initialImage(input('content'), plan.generated.node.params, model.preprocessing, input('previous'));
}

/** The image a scale left, resized to the next scale's size; the image itself is disposed. */
function upsampled(image: tf.Tensor4D, size: Size): tf.Tensor4D {
  try {
    return tf.image.resizeBilinear(image, [size[0], size[1]], false, true);
  } finally {
    image.dispose();
  }
}

async function rawOf(tensor: tf.Tensor4D): Promise<RawImage> {
  try {
    return await tensorToRaw(tensor);
  } finally {
    tensor.dispose();
  }
}
