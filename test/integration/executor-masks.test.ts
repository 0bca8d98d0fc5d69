import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { runGraph } from '../../src/core/run/executor';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides } from '../../src/core/graph/overrides';
import { randomVggWeights } from '../helpers/weight-files';
import { seedEnvironment } from '../helpers/seed-run';
import { EXAMPLES } from '../helpers/paths';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(1));
});
after(() => model.dispose());

test('two-regions: masked style terms run with a flat tensor count, each region\'s loss finite and falling overall', async () => {
  const graph = applyOverrides(loadGraph(readFileSync(join(EXAMPLES, 'two-regions.stylegraph.json'), 'utf8')).graph!, { size: [24, 32], iterations: 4 });
  const baseline = tf.memory().numTensors;
  const counts: number[] = [];
  const losses: Record<string, number>[] = [];
  const result = await runGraph(graph, seedEnvironment(model), {
    onProgress: (e) => {
      counts.push(tf.memory().numTensors);
      losses.push(e.losses);
    },
  });
  assert.equal(result.status, 'done');
  assert.equal(new Set(counts).size, 1, `tensor counts ${counts.join(' ')}`);
  assert.equal(tf.memory().numTensors, baseline);
  for (const id of ['j_style_a_conv1_1', 'j_style_b_conv1_1', 'j_style_a_conv3_1', 'j_style_b_conv3_1']) {
    assert.ok(losses.every((l) => Number.isFinite(l[id]) && l[id]! > 0), `${id}: ${losses.map((l) => l[id]).join(' ')}`);
  }
  assert.ok(losses[3]!.j_total! < losses[0]!.j_total!, 'the total falls');
});
