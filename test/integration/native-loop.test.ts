import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useBackend } from '../../src/node/backend';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides } from '../../src/core/graph/overrides';
import type { Graph } from '../../src/core/graph/types';
import { runGraph, type RunResult, type RunStart } from '../../src/core/run/executor';
import type { VggNetwork } from '../../src/core/model/vgg-network';
import { KERAS_PREPROCESSING, MATCONVNET_PREPROCESSING, type VggWeightSet } from '../../src/core/model/weights';
import { OnnxVggModel } from '../../src/node/onnx/onnx-vgg-model';
import { VggModel } from '../../src/core/model/vgg-model';
import { readImageFile } from '../../src/node/image-file';
import { randomVggWeights } from '../helpers/weight-files';
import { EXAMPLES } from '../helpers/paths';
import { withParams } from '../helpers/seed-run';

// The native loop (J, its gradient and Adam's step in one onnxruntime graph, src/node/onnx/native-step.ts)
// against the tfjs loop on the same OnnxVggModel weights: every reported loss at every iteration,
// and the image after the run. Each graph below exercises different native ops and gradients.

before(() => useBackend('cpu'));

const LEARNING_RATE = 1000;

/**
 * An example at a test size. Adam's step is about learningRate * sign(gradient) where |gradient| >>
 * epsilon, which would hide a wrong gradient's size (half the style term's, say): epsilon 1 (above
 * these weights' per-pixel gradients) makes the step follow the gradient's size, so the losses do too.
 */
function example(name: string, iterations = 6, size: [number, number] = [24, 32]): Graph {
  const graph = applyOverrides(loadGraph(readFileSync(join(EXAMPLES, `${name}.stylegraph.json`), 'utf8')).graph!, { size, iterations });
  return allOfType(graph, 'optimizer', { epsilon: 1, learningRate: LEARNING_RATE });
}

/** Every node of a type gets these params. */
function allOfType(graph: Graph, type: string, params: Graph['nodes'][number]['params']): Graph {
  return graph.nodes.filter((n) => n.type === type).reduce((g, n) => withParams(g, n.id, params), graph);
}

interface Observed {
  readonly start: RunStart;
  /** Per iteration, every reported loss by node id. */
  readonly losses: Record<string, number>[];
  /** Per iteration, its scale's size "h x w". */
  readonly sizes: string[];
  /** Per iteration, tfjs's tensor count. */
  readonly tensors: number[];
  readonly result: RunResult;
}

async function observe(graph: Graph, model: VggNetwork): Promise<Observed> {
  let start: RunStart | undefined;
  const losses: Record<string, number>[] = [];
  const sizes: string[] = [];
  const tensors: number[] = [];
  const result = await runGraph(graph, { model, readImage: (path) => readImageFile(resolve(EXAMPLES, path)) }, {
    onStart: (e) => { start = e; },
    onProgress: (e) => {
      losses.push({ ...e.losses });
      sizes.push(e.size.join('x'));
      tensors.push(tf.memory().numTensors);
    },
  });
  assert.ok(start, 'onStart was called');
  return { start, losses, sizes, tensors, result };
}

/** Runs `graph` natively and on the tfjs loop (same weights); the start events and both runs. */
async function bothLoops(graph: Graph, weights: VggWeightSet): Promise<{ native: Observed; tfjs: Observed }> {
  const nativeModel = new OnnxVggModel(weights, 1);
  const tfjsModel = new OnnxVggModel(weights, 1, { nativeLoop: false });
  try {
    return { native: await observe(graph, nativeModel), tfjs: await observe(graph, tfjsModel) };
  } finally {
    nativeModel.dispose();
    tfjsModel.dispose();
  }
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-30);
}

/** Same reported losses at every iteration within `tolerance` relative; images within 0.5 of 255 on average. */
function assertSameRun(native: Observed, tfjs: Observed, tolerance: number): void {
  assert.equal(native.start.nativeLoop, true, 'the native run ran natively');
  assert.equal(tfjs.start.nativeLoop, false, 'the tfjs run did not');
  assert.equal(native.result.stats.nativeLoop, true);
  assert.equal(native.losses.length, tfjs.losses.length);
  native.losses.forEach((losses, i) => {
    assert.deepEqual(Object.keys(losses), Object.keys(tfjs.losses[i]!), `iteration ${i + 1}: the same reported nodes`);
    for (const [id, value] of Object.entries(tfjs.losses[i]!)) {
      const err = relative(losses[id]!, value);
      assert.ok(err <= tolerance, `iteration ${i + 1}, ${id}: native ${losses[id]} vs tfjs ${value} (relative ${err.toExponential(2)})`);
    }
  });
  const a = native.result.image;
  const b = tfjs.result.image;
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  const mean = sum / a.data.length;
  assert.ok(mean < 0.5, `mean pixel difference ${mean}`);
}

const KERAS = { ...randomVggWeights(5), preprocessing: KERAS_PREPROCESSING };
const MATCONVNET = { ...randomVggWeights(5), preprocessing: MATCONVNET_PREPROCESSING };

test('native loop = tfjs loop: the seed graph (content, five style Grams, weights, sums; avg pooling, BGR preprocessing)', async () => {
  const { native, tfjs } = await bothLoops(example('seed'), KERAS);
  assert.deepEqual(native.start, { nativeLoop: true, tfjsNodes: [] });
  assertSameRun(native, tfjs, 1e-4);
  assert.equal(new Set(native.tensors).size, 1, `the same tfjs tensors at every iteration: ${native.tensors.join(' ')}`);
});

test('native loop = tfjs loop: tv with p = 2 and p = 1 (an image\'s total variation), max pooling, RGB preprocessing', async () => {
  const maxPooled = allOfType(example('tv'), 'vgg19.layer', { pooling: 'max' });
  for (const power of [2, 1]) {
    const graph = allOfType(maxPooled, 'loss.tv', { power });
    const { native, tfjs } = await bothLoops(graph, MATCONVNET);
    assertSameRun(native, tfjs, 1e-4);
    assert.ok(native.losses[0]!.j_tv! > 0, `p = ${power}: J_tv reported`);
  }
});

test('native loop = tfjs loop: a multi-scale run (minSize), the moments resized between scales', async () => {
  const graph = allOfType(example('multiscale', 9, [48, 64]), 'optimizer', { minSize: 24, ema: 0 });
  const { native, tfjs } = await bothLoops(graph, KERAS);
  assert.ok(new Set(native.sizes).size > 1, `more than one scale: ${native.sizes.join(' ')}`);
  assert.deepEqual(native.sizes, tfjs.sizes);
  assert.deepEqual([native.result.image.width, native.result.image.height], [64, 48]);
  assertSameRun(native, tfjs, 1e-4);
});

test('the tfjs loop where a loop node has no native form (loss.sliced), with L-BFGS, or on the tfjs VggModel: onStart says so', async () => {
  const nativeModel = new OnnxVggModel(KERAS, 1);
  const tfjsModel = new VggModel(KERAS);
  try {
    const sliced = example('sliced', 2);
    const slicedIds = sliced.nodes.filter((n) => n.type === 'loss.sliced').map((n) => n.id);
    assert.ok(slicedIds.length > 0);
    const a = await observe(sliced, nativeModel);
    assert.deepEqual(a.start, { nativeLoop: false, tfjsNodes: slicedIds });
    assert.equal(a.result.stats.nativeLoop, false);

    const lbfgs = allOfType(example('seed', 2), 'optimizer', { method: 'lbfgs' });
    assert.deepEqual((await observe(lbfgs, nativeModel)).start, { nativeLoop: false, tfjsNodes: [] });
    assert.deepEqual((await observe(example('seed', 2), tfjsModel)).start, { nativeLoop: false, tfjsNodes: [] });
  } finally {
    nativeModel.dispose();
    tfjsModel.dispose();
  }
});
