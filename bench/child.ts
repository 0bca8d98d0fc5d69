/**
 * One tfjs measurement in its own process (so peak memory is this backend's alone):
 * `node out/bench/child.js '<json ChildRequest>'`; prints one JSON line (ChildResult) last.
 */
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { computeThreads, useBackend, type NodeBackend } from '../src/node/backend';
import { VggModel } from '../src/core/model/vgg-model';
import type { VggNetwork } from '../src/core/model/vgg-network';
import { OnnxVggModel } from '../src/node/onnx/onnx-vgg-model';
import { runGraph, type RunOptions } from '../src/core/run/executor';
import { readTfjsFiles } from '../src/node/tfjs-files';
import type { VggWeightSet } from '../src/core/model/weights';
import { benchEnvironment, benchGraph, peakMemoryMiB } from './common';

export interface ChildRequest {
  readonly backend: NodeBackend;
  /** Threads for onnxruntime and tfjs wasm. */
  readonly threads?: number;
  /** onnx: the whole iteration on onnxruntime where the graph allows (false: the tfjs loop). */
  readonly nativeLoop?: boolean;
  readonly size: readonly [number, number];
  readonly iterations: number;
  /** Holds model.json (the same weights PyTorch reads). */
  readonly caseDir: string;
  /** Read losses back every k iterations (RunOptions.lossEvery). */
  readonly lossEvery: number;
  readonly previewEvery: number;
  readonly convolution: 'conv3x3' | 'stock';
  /** Also run L-BFGS until it reaches the loss Adam reached after `iterations` steps. */
  readonly lbfgs?: { readonly maxIterations: number };
}

export interface ChildResult {
  readonly backend: string;
  /** Whether the iterations ran natively (RunStats.nativeLoop). */
  readonly nativeLoop?: boolean;
  readonly losses: number[];
  /** Seconds per iteration, in order (an iteration read back in a burst of k gets 1/k of it). */
  readonly iterationSeconds: number[];
  readonly setupSeconds: number;
  readonly firstPreviewSeconds: number | null;
  readonly tensorsPerIteration: number;
  readonly peakMiB: number;
  /** webgpu: the bytes tfjs holds on the GPU at the end (its buffer pool only grows within a run: the peak), in MiB. */
  readonly gpuPeakMiB?: number;
  readonly lbfgs?: { readonly targetLoss: number; readonly adamSeconds: number; readonly seconds: number | null; readonly iterations: number | null; readonly evaluations: number; readonly error?: string };
}

interface Trace { nativeLoop: boolean; losses: number[]; iterationSeconds: number[]; tensors: { iteration: number; n: number }[]; firstPreview: number | null; setup: number; reached: { ms: number; iteration: number } | null; evaluations: number; loopMs: number }

async function trace(model: VggNetwork, req: ChildRequest, iterations: number, params: Record<string, number | string>, target?: number): Promise<Trace> {
  const graph = benchGraph(req.size, iterations, { previewEvery: req.previewEvery, ...params });
  const t: Trace = { nativeLoop: false, losses: [], iterationSeconds: [], tensors: [], firstPreview: null, setup: 0, reached: null, evaluations: 0, loopMs: 0 };
  const start = performance.now();
  /** Each event's ms: events read back together (lossEvery > 1) share one. */
  const stamps: number[] = [];
  const controller = new AbortController();
  const options: RunOptions = {
    lossEvery: req.lossEvery,
    signal: controller.signal,
    onProgress: (e) => {
      if (stamps.length === 0) t.setup = (performance.now() - start - e.ms) / 1000;
      t.losses.push(e.loss);
      stamps.push(e.ms);
      t.tensors.push({ iteration: e.iteration, n: tf.memory().numTensors });
      t.loopMs = e.ms;
      if (target !== undefined && !t.reached && e.loss <= target) {
        t.reached = { ms: e.ms, iteration: e.iteration };
        controller.abort();
      }
    },
    onPreview: () => {
      if (t.firstPreview === null) t.firstPreview = (performance.now() - start) / 1000;
    },
  };
  const result = await runGraph(graph, benchEnvironment(model), options);
  t.evaluations = result.stats.evaluations;
  t.nativeLoop = result.stats.nativeLoop;
  // A burst of k events read back together shares the time since the previous burst: 1/k each.
  for (let i = 0, previous = 0; i < stamps.length;) {
    let j = i;
    while (j < stamps.length && stamps[j] === stamps[i]) j++;
    for (let k = i; k < j; k++) t.iterationSeconds.push((stamps[i]! - previous) / 1000 / (j - i));
    previous = stamps[i]!;
    i = j;
  }
  return t;
}

/** Tensors added per iteration between the warm-up and the end (0 when nothing leaks). */
function tensorSlope(points: readonly { iteration: number; n: number }[]): number {
  if (points.length < 2) return 0;
  const a = points[Math.min(1, points.length - 2)]!;
  const b = points[points.length - 1]!;
  return b.iteration === a.iteration ? 0 : (b.n - a.n) / (b.iteration - a.iteration);
}

function networkFor(req: ChildRequest, weights: VggWeightSet): VggNetwork {
  return req.backend === 'onnx' ? new OnnxVggModel(weights, req.threads ?? computeThreads(), { nativeLoop: req.nativeLoop !== false }) : new VggModel(weights, { convolution: req.convolution });
}

export async function main(req: ChildRequest): Promise<ChildResult> {
  await useBackend(req.backend, req.threads ? { threads: req.threads } : {});
  // As the CLI does, the weights are the model's alone (onnx keeps them in a file, not in memory).
  const model = networkFor(req, await readTfjsFiles(join(req.caseDir, 'model.json')));
  const adam = await trace(model, req, req.iterations, {});
  let lbfgs: ChildResult['lbfgs'];
  if (req.lbfgs) {
    const targetLoss = adam.losses[adam.losses.length - 1]!;
    const adamSeconds = adam.loopMs / 1000;
    try {
      // LBFGS-HOOK: optimizer param method 'lbfgs' (src/core/nodes/optimizer.ts, executor's pixel optimizer).
      const l = await trace(model, { ...req, lossEvery: 1 }, req.lbfgs.maxIterations, { method: 'lbfgs' }, targetLoss);
      lbfgs = { targetLoss, adamSeconds, seconds: l.reached ? l.reached.ms / 1000 : null, iterations: l.reached?.iteration ?? null, evaluations: l.evaluations };
    } catch (e) {
      lbfgs = { targetLoss, adamSeconds, seconds: null, iterations: null, evaluations: 0, error: (e as Error).message };
    }
  }
  const gpuBytes = (tf.memory() as { numBytesAllocatedInGPU?: number }).numBytesAllocatedInGPU;
  model.dispose();
  return {
    backend: req.backend === 'onnx' ? 'onnx' : tf.getBackend(),
    nativeLoop: adam.nativeLoop,
    losses: adam.losses,
    iterationSeconds: adam.iterationSeconds,
    setupSeconds: adam.setup,
    firstPreviewSeconds: adam.firstPreview,
    tensorsPerIteration: tensorSlope(adam.tensors),
    peakMiB: peakMemoryMiB(),
    ...(gpuBytes !== undefined && { gpuPeakMiB: gpuBytes / 2 ** 20 }),
    ...(lbfgs && { lbfgs }),
  };
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]!) as ChildRequest).then(
    (r) => {
      process.stdout.write('\n' + JSON.stringify({ result: r }) + '\n');
      process.exit(0);
    },
    (e) => {
      process.stdout.write('\n' + JSON.stringify({ error: (e as Error).stack ?? String(e) }) + '\n');
      process.exit(1);
    },
  );
}
