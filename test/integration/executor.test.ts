import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { runGraph, type ProgressEvent } from '../../src/core/run/executor';
import { TargetCache } from '../../src/core/run/target-cache';
import { NodeRunError } from '../../src/core/nodes/types';
import { GraphError } from '../../src/core/graph/problems';
import { randomVggWeights } from '../helpers/weight-files';
import { seedEnvironment, seedGraph, withParams } from '../helpers/seed-run';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(1));
});
after(() => model.dispose());

test('the seed graph runs: loss falls, targets computed once, one forward per image, flat tensor count', async () => {
  const baseline = tf.memory().numTensors;
  const events: ProgressEvent[] = [];
  const counts: number[] = [];
  const result = await runGraph(seedGraph({ iterations: 8 }), seedEnvironment(model), {
    onProgress: (e) => {
      events.push(e);
      counts.push(tf.memory().numTensors);
    },
  });
  assert.equal(result.status, 'done');
  assert.deepEqual(events.map((e) => e.iteration), [1, 2, 3, 4, 5, 6, 7, 8]);
  const losses = events.map((e) => e.loss);
  assert.ok(losses.every((l, i) => i === 0 || l < losses[i - 1]!), `loss falls at every step: ${losses.join(' ')}`);
  // The 13 constant nodes: two image loads, content conv4_2, five style layers and their five Grams.
  assert.equal(result.stats.constantEvaluations, 13);
  assert.deepEqual(result.stats.forwardPasses, { 'content.image|avg': 1, 'style.image|avg': 1, 'generated.image|avg': 8 });
  assert.equal(new Set(counts).size, 1, `tensor counts ${counts.join(' ')}`);
  assert.equal(tf.memory().numTensors, baseline);
  // Every scalar node is reported, and the total is alpha Jc + beta Js.
  const e = events[0]!;
  assert.equal(Object.keys(e.losses).length, 15);
  assert.ok(Math.abs(e.loss - (10 * e.losses.j_content! + 40 * e.losses.j_style!)) <= 1e-4 * e.loss);
  assert.ok(Math.abs(e.losses.j_style! - 0.2 * ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'].reduce((s, l) => s + e.losses[`j_style_${l}`]!, 0)) <= 1e-4 * e.losses.j_style!);
  assert.deepEqual([result.image.width, result.image.height], [32, 24]);
  assert.deepEqual(result.outputs.map((o) => [o.nodeId, o.path, o.image.width]), [['result', 'seed-result.png', 32]]);
});

test('deterministic for a seed on the cpu backend; another seed differs', async () => {
  const losses = async (seed: number) => {
    const seen: number[] = [];
    const r = await runGraph(seedGraph({ seed }), seedEnvironment(model), { onProgress: (e) => seen.push(e.loss) });
    return { seen, pixels: Buffer.from(r.image.data).toString('base64') };
  };
  const a = await losses(7);
  const b = await losses(7);
  const c = await losses(8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.seen, c.seen);
});

test('cancellation stops within one iteration and frees every tensor', async () => {
  const baseline = tf.memory().numTensors;
  const controller = new AbortController();
  const seen: number[] = [];
  const result = await runGraph(seedGraph({ iterations: 50 }), seedEnvironment(model), {
    signal: controller.signal,
    onProgress: (e) => {
      seen.push(e.iteration);
      if (e.iteration === 3) controller.abort();
    },
  });
  assert.equal(result.status, 'cancelled');
  assert.equal(result.iterations, 3);
  assert.deepEqual(seen, [1, 2, 3]);
  assert.deepEqual(result.outputs, []);
  assert.equal(tf.memory().numTensors, baseline);
});

test('previews the starting image, then early iterations, then every previewEvery', async () => {
  const previews: number[] = [];
  await runGraph(withParams(seedGraph({ iterations: 23 }), 'adam', { previewEvery: 10 }), seedEnvironment(model), {
    onPreview: (e) => {
      previews.push(e.iteration);
      assert.equal(e.image.data.length, 32 * 24 * 4);
    },
  });
  // 0: the starting image as the loop starts; 1, 2, 4, 8: early feedback; 10, 20: every previewEvery (23 is the result).
  assert.deepEqual(previews, [0, 1, 2, 4, 8, 10, 20]);
});

test('changing only a weight or an optimizer param reuses the cached targets', async () => {
  const cache = new TargetCache();
  const first = await runGraph(seedGraph(), seedEnvironment(model, cache));
  assert.equal(first.stats.constantEvaluations, 13);
  const tensorsWithCache = tf.memory().numTensors;

  const reweighted = withParams(withParams(seedGraph(), 'beta', { w: 80 }), 'adam', { learningRate: 1 });
  const second = await runGraph(reweighted, seedEnvironment(model, cache));
  assert.equal(second.stats.constantEvaluations, 0);
  assert.equal(second.stats.cachedConstants, 13);
  assert.deepEqual(second.stats.forwardPasses, { 'generated.image|avg': 4 });
  assert.equal(tf.memory().numTensors, tensorsWithCache);

  // Another style layer: only that layer's vgg node and Gram are new; the style image itself is reused.
  const otherLayer = withParams(seedGraph(), 'style_conv5_1', { layer: 'conv5_2' });
  const third = await runGraph(withParams(otherLayer, 'generated_conv5_1', { layer: 'conv5_2' }), seedEnvironment(model, cache));
  assert.equal(third.stats.constantEvaluations, 2);

  // Other weights: nothing cached applies.
  const otherModel = new VggModel(randomVggWeights(2));
  const fourth = await runGraph(seedGraph(), seedEnvironment(otherModel, cache));
  assert.equal(fourth.stats.constantEvaluations, 13);
  cache.clear();
  otherModel.dispose();
});

test('a missing image names the node and the path', async () => {
  const graph = withParams(seedGraph(), 'style', { path: 'no/such.png' });
  await assert.rejects(runGraph(graph, seedEnvironment(model)), (e: Error) => {
    assert.ok(e instanceof NodeRunError);
    assert.equal(e.nodeId, 'style');
    assert.match(e.message, /^node "style": cannot read image "no\/such.png": .*ENOENT/);
    return true;
  });
});

test('an invalid graph throws every problem before any work', async () => {
  const graph = withParams(withParams(seedGraph(), 'alpha', { w: -1 }), 'content_conv4_2', { layer: 'conv6_1' });
  await assert.rejects(runGraph(graph, seedEnvironment(model)), (e: Error) => {
    assert.ok(e instanceof GraphError);
    assert.deepEqual(e.problems.map((p) => p.nodeId), ['alpha', 'content_conv4_2']);
    return true;
  });
});

test('layers of different shapes are a graph problem naming the loss node, before any work', async () => {
  const graph = withParams(seedGraph(), 'generated_conv4_2', { layer: 'conv3_1' });
  await assert.rejects(runGraph(graph, seedEnvironment(model)), (e: Error) => {
    assert.ok(e instanceof GraphError);
    assert.deepEqual(e.problems.map((p) => [p.code, p.nodeId]), [['shape-mismatch', 'j_content']]);
    assert.match(e.message, /node "j_content" \(loss.content\): the content features are 3x4x512 but the generated features are 6x8x256/);
    return true;
  });
});

test('an image that keeps its file\'s size is checked once the file is read: too small for conv5_1', async () => {
  const graph = withParams(withParams(seedGraph(), 'style', { width: 0, height: 0 }), 'content', { width: 0, height: 0 });
  const tiny = { width: 8, height: 12, data: new Uint8Array(8 * 12 * 4).fill(128) };
  await assert.rejects(runGraph(graph, { model, readImage: async () => tiny }), (e: Error) => {
    assert.ok(e instanceof GraphError);
    // 12x8 is enough for conv4_2 (8 px), not for conv5_1 (16 px).
    assert.deepEqual(e.problems.map((p) => [p.code, p.nodeId]).sort(), [['image-too-small', 'generated_conv5_1'], ['image-too-small', 'style_conv5_1']]);
    assert.match(e.problems[0]!.message, /layer conv5_1 needs an image of at least 16x16 pixels; its image is 12x8/);
    return true;
  });
});

test('a loss that stops being finite ends the run with an error naming the node', async () => {
  // Four weights of 1e9 in a row overflow float32 (about 3.4e38).
  let graph = seedGraph();
  const chain = ['w_a', 'w_b', 'w_c', 'w_d'];
  graph = {
    ...graph,
    nodes: [...graph.nodes, ...chain.map((id) => ({ id, type: 'weight', params: { w: 1e9 }, ui: { pos: [0, 0] as [number, number] } }))],
    edges: [
      ...graph.edges.filter((e) => e.to !== 'adam.loss'),
      { from: 'j_total.value', to: 'w_a.value' },
      { from: 'w_a.value', to: 'w_b.value' },
      { from: 'w_b.value', to: 'w_c.value' },
      { from: 'w_c.value', to: 'w_d.value' },
      { from: 'w_d.value', to: 'adam.loss' },
    ],
  };
  const baseline = tf.memory().numTensors;
  await assert.rejects(runGraph(graph, seedEnvironment(model)), (e: Error) => {
    assert.ok(e instanceof NodeRunError, String(e));
    assert.equal(e.nodeId, 'w_d');
    assert.match(e.message, /^node "w_d": the loss became Infinity at iteration 1/);
    return true;
  });
  assert.equal(tf.memory().numTensors, baseline);
});

test('L-BFGS on the style graph: lower loss than Adam in the same iterations, flat tensors, lossEvery batches read-back', async () => {
  const final = async (method: string) => {
    const losses: number[] = [];
    const counts: number[] = [];
    const result = await runGraph(withParams(seedGraph({ iterations: 6 }), 'adam', { method, historySize: 2 }), seedEnvironment(model), {
      lossEvery: 3,
      onProgress: (e) => {
        losses.push(e.loss);
        counts.push(tf.memory().numTensors);
      },
    });
    return { losses, counts, result };
  };
  const adam = await final('adam');
  const lbfgs = await final('lbfgs');
  assert.deepEqual(lbfgs.result.status, 'done');
  assert.equal(lbfgs.losses.length, 6);
  assert.equal(lbfgs.losses[0], adam.losses[0]);
  assert.ok(lbfgs.losses[5]! < adam.losses[5]!, `lbfgs ${lbfgs.losses[5]} vs adam ${adam.losses[5]}`);
  assert.ok(lbfgs.result.stats.evaluations >= 6);
  assert.equal(adam.result.stats.evaluations, 6);
  // Read back in two bursts of three: the counts within a burst are equal.
  assert.equal(new Set(adam.counts).size, 1);
  assert.equal(new Set(lbfgs.counts.slice(3)).size, 1);
});
