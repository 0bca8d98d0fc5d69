import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../graph/types';
import { compile, type Plan, type PlannedNode } from '../compile/plan';
import { NodeRunError } from '../nodes/types';
import { rawToTensor, type RawImage } from '../image/raw-image';
import { fitImage } from '../image/resize';
import { flowBetween, type OpticalFlow } from '../image/optical-flow';
import { warpImage } from '../image/warp';
import { TargetCache } from './target-cache';
import { runPlan, type ProgressEvent, type RunEnvironment, type RunOptions, type RunResult, type RunStats } from './executor';
import type { OutputImage } from './output-images';

/** The frames a `frames` source names (a folder's images in natural order, or a video's frames), as the host reads them. */
export interface FrameSequence {
  /** Every frame there is, before the node's start, count and step. */
  readonly count: number;
  /** Frame `index` (from 0) of the sequence, decoded. */
  read(index: number): Promise<RawImage>;
}

export interface FrameEnvironment extends RunEnvironment {
  /** The frames of a frames source, by its path as the graph writes it. */
  frames(path: string): Promise<FrameSequence>;
  /** A finished frame's result as an earlier run left it (frame K, from 1), to resume a range after it; undefined when not there. */
  readonly finishedFrame?: (frame: number) => Promise<RawImage | undefined>;
}

/** One finished frame. */
export interface FrameEvent {
  /** From 1, of `frames`: the frame of the run (after start, count and step). */
  readonly frame: number;
  readonly frames: number;
  /** Its index in the sequence the node names, from 0. */
  readonly sourceIndex: number;
  /** The frame's result (the generated image, clipped) and its image.output images. */
  readonly image: RawImage;
  readonly outputs: readonly OutputImage[];
  /** The optimizer's loss at the frame's last iteration. */
  readonly loss: number;
  /**
   * Ruder et al.'s stability measure: the mean squared difference (0-255 units, over pixels and
   * channels) between the result and the previous frame's result warped by the flow, where the flow
   * is reliable. Absent on a first frame, or when the host has no optical flow.
   */
  readonly temporalError?: number;
  readonly iterations: number;
  readonly seconds: number;
  /** What this frame's run computed (constants computed and taken from the cache, forward passes). */
  readonly stats: RunStats;
}

export interface FrameRunOptions extends RunOptions {
  /** Only frames from..to (from 1, both included) of the run: a rerun of a range, or a resume. */
  readonly range?: { readonly from: number; readonly to: number };
  /** Called with each finished frame before the next starts (the host writes its files then). */
  readonly onFrame?: (event: FrameEvent) => Promise<void> | void;
  /** Called as each frame starts (from 1, of frames). */
  readonly onFrameStart?: (frame: number, frames: number) => void;
}

export interface FrameRunResult {
  readonly status: 'done' | 'cancelled';
  /** Frames finished in this run. */
  readonly finished: number;
  readonly frames: number;
  readonly seconds: number;
}

/** The node of a graph's plan that names its frames (a `frames` source), if any. */
export function framesNode(plan: Plan): PlannedNode | undefined {
  const found = plan.constants.filter((p) => p.def.frames);
  if (found.length > 1) throw new NodeRunError(found[1]!.node.id, `a graph runs one sequence of frames at a time ("${found[0]!.node.id}" is another)`);
  return found[0];
}

/** True when the graph runs once per frame (it has a `frames` source). */
export function isFrameGraph(plan: Plan): boolean {
  return plan.constants.some((p) => p.def.frames);
}

/** The steps of each frame after the first: the frames node's iterationsPerFrame, or a quarter of the optimizer's iterations (at least 1). */
export function iterationsPerFrame(plan: Plan, frames: PlannedNode): number {
  return (frames.node.params.iterationsPerFrame as number) || Math.max(1, Math.round((plan.optimizer.params.iterations as number) / 4));
}

/** The indices into the sequence that the frames node's start, count and step pick. */
export function selectedFrames(node: PlannedNode, available: number): number[] {
  const p = node.node.params;
  const start = p.start as number;
  const step = p.step as number;
  const count = p.count as number;
  const picked: number[] = [];
  for (let i = start; i < available && (count === 0 || picked.length < count); i += step) picked.push(i);
  return picked;
}

/**
 * Runs a graph with a `frames` source once per frame (Ruder, Dosovitskiy, Brox 2016): the first
 * frame with the optimizer's iterations, each next one with iterationsPerFrame, each frame's
 * targets recomputed only where they depend on the frame (the target cache keeps the rest: the
 * style Grams are computed once). Nodes of role previous get the previous frame's result or input.
 * Cancelled, it returns after the frame it was in, the finished frames having been handed to onFrame.
 */
export async function runFrames(plan: Plan, env: FrameEnvironment, options: FrameRunOptions = {}): Promise<FrameRunResult> {
  const started = performance.now();
  const node = framesNode(plan);
  if (!node) throw new Error(`${options.source ?? 'graph'} has no frames source: it is run once (runPlan)`);
  const path = String(node.node.params.path);
  if (!path) throw new NodeRunError(node.node.id, 'no frames given (param path is empty)');
  const sequence = await env.frames(path);
  const picked = selectedFrames(node, sequence.count);
  if (!picked.length) throw new NodeRunError(node.node.id, `no frames to run: the sequence has ${sequence.count}, start is ${String(node.node.params.start)}`);
  const frames = picked.length;
  const from = Math.max(1, options.range?.from ?? 1);
  const to = Math.min(frames, options.range?.to ?? frames);
  if (from > to) throw new Error(`--frames ${from}..${to}: the run has frames 1..${frames}`);

  const later = compile(withIterations(plan.graph, plan.optimizer.id, iterationsPerFrame(plan, node)), options.source);
  const cache = env.cache ?? new TargetCache();
  const previousNodes = plan.constants.filter((p) => p.def.role === 'previous');
  let previousResult = from > 1 ? await env.finishedFrame?.(from - 1) : undefined;
  let previousFrame = from > 1 ? await readFrame(sequence, picked[from - 2]!, node) : undefined;
  let finished = 0;
  try {
    for (let k = from; k <= to && !options.signal?.aborted; k++) {
      const frameStarted = performance.now();
      options.onFrameStart?.(k, frames);
      if (options.signal?.aborted) break;
      // Stop can come while the frame is read (its read aborts): the run ends as cancelled, its finished frames kept.
      const raw = await readFrame(sequence, picked[k - 1]!, node).catch((e: unknown) => {
        if (options.signal?.aborted) return undefined;
        throw e;
      });
      if (!raw) break;
      const first = previousResult === undefined;
      const previous = new Map<string, RawImage>();
      if (!first) for (const p of previousNodes) previous.set(p.node.id, p.node.params.of === 'frame' ? previousFrame! : previousResult!);
      const frameEnv: RunEnvironment = {
        ...env,
        cache,
        readImage: (p: string) => (p === path ? Promise.resolve(raw) : env.readImage(p)),
        frame: { index: k - 1, count: frames, first, previous },
      };
      let loss = Number.NaN;
      const onProgress = (e: ProgressEvent) => {
        loss = e.loss;
        options.onProgress?.(e);
      };
      const result = await runPlan(first ? plan : later, frameEnv, { ...options, onProgress });
      if (result.status === 'cancelled') break;
      const temporalError = first || !env.opticalFlow ? undefined : stability(result, previousResult!, previousFrame!, raw, node, env.opticalFlow);
      await options.onFrame?.({
        frame: k, frames, sourceIndex: picked[k - 1]!, image: result.image, outputs: result.outputs,
        loss, ...(temporalError !== undefined && { temporalError }),
        iterations: result.iterations, seconds: (performance.now() - frameStarted) / 1000, stats: result.stats,
      });
      finished++;
      previousResult = result.image;
      previousFrame = raw;
    }
  } finally {
    if (!env.cache) cache.clear();
  }
  return { status: finished === to - from + 1 ? 'done' : 'cancelled', finished, frames, seconds: (performance.now() - started) / 1000 };
}

async function readFrame(sequence: FrameSequence, index: number, node: PlannedNode): Promise<RawImage> {
  try {
    return await sequence.read(index);
  } catch (e) {
    throw new NodeRunError(node.node.id, `cannot read frame ${index + 1}: ${(e as Error).message}`);
  }
}

/** The graph with the optimizer's iterations set to `iterations`. */
function withIterations(graph: Graph, optimizerId: string, iterations: number): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === optimizerId ? { ...n, params: { ...n.params, iterations } } : n)) };
}

/**
 * Ruder et al.'s stability measure of a frame's result: the mean of (result - warped previous
 * result)² over the pixels where the flow between the two input frames (sized as the frames node
 * sizes them, then to the result's size) is reliable, and over the channels; 0-255 units.
 */
export function stability(result: RunResult, previousResult: RawImage, previousFrame: RawImage, frame: RawImage, node: PlannedNode, opticalFlow: OpticalFlow): number {
  const { width, height } = result.image;
  const p = node.node.params;
  const sized = (raw: RawImage) => tf.tidy(() => {
    const fitted = fitImage(rawToTensor(raw), p.width as number, p.height as number, p.fit as 'cover' | 'stretch');
    return fitImage(fitted, width, height, 'stretch');
  });
  const a = sized(previousFrame);
  const b = sized(frame);
  const { flow, mask } = flowBetween(a, b, opticalFlow);
  try {
    return tf.tidy(() => {
      const warped = warpImage(fitImage(rawToTensor(previousResult), width, height, 'stretch'), flow);
      const squared = tf.mul(mask, tf.squaredDifference(rawToTensor(result.image), warped));
      const count = tf.sum(mask).dataSync()[0]! * 3;
      return count > 0 ? tf.sum(squared).dataSync()[0]! / count : 0;
    });
  } finally {
    [a, b, flow, mask].forEach((t) => t.dispose());
  }
}
