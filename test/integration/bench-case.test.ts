import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { runGraph } from '../../src/core/run/executor';
import { readImageFile } from '../../src/node/image-file';
import { readTfjsFiles } from '../../src/node/tfjs-files';
import { caseJsonOf, writeCaseDirectory } from '../../bench/case-dir';
import { PYTHON, torchMissing } from '../../bench/common';
import { randomVggWeights, assertSameWeights } from '../helpers/weight-files';
import { seedEnvironment, seedGraph } from '../helpers/seed-run';
import { EXAMPLES, REPO } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

before(() => useBackend('cpu'));

test('case.json carries the seed graph\'s numbers', () => {
  const c = caseJsonOf(seedGraph({ size: [16, 20], iterations: 3 }), randomVggWeights(1));
  assert.deepEqual([c.height, c.width, c.iterations, c.pooling, c.alpha, c.beta, c.content.layer], [16, 20, 3, 'avg', 10, 40, 'conv4_2']);
  assert.deepEqual(c.style, ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'].map((layer) => ({ layer, weight: 0.2 })));
  assert.deepEqual(c.adam, { lr: 2, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  assert.deepEqual(c.preprocessing, { channelOrder: 'BGR', mean: [103.939, 116.779, 123.68] });
});

test('the case directory is what bench/pytorch/style_transfer.py reads; PyTorch agrees on the first losses', { timeout: 120_000 }, async (t) => {
  const dir = tempFolder('stylegraph-case-');
  try {
    const weights = randomVggWeights(2, 'narrow');
    const graph = seedGraph({ size: [16, 16], iterations: 3 });
    await writeCaseDirectory(dir, graph, weights, (p) => readImageFile(resolve(EXAMPLES, p)));
    for (const f of ['content.f32', 'style.f32', 'init.f32']) assert.equal(statSync(join(dir, f)).size, 16 * 16 * 3 * 4, f);
    assertSameWeights(await readTfjsFiles(join(dir, 'model.json')), weights);
    const ours: number[] = [];
    const model = new VggModel(weights);
    try {
      await runGraph(graph, seedEnvironment(model), { onProgress: (e) => ours.push(e.loss) });
    } finally {
      model.dispose();
    }
    // init.f32 is the executor's own starting image: its loss is the first loss reported.
    const missing = torchMissing();
    if (missing) {
      t.skip(`PyTorch comparison skipped: ${missing}`);
      return;
    }
    const out = execFileSync(PYTHON, [join(REPO, 'bench', 'pytorch', 'style_transfer.py'), dir, '--threads', '1'], { encoding: 'utf8' });
    const torch = out.split('\n').filter((l) => l.includes('"iteration"')).map((l) => (JSON.parse(l) as { loss: number }).loss);
    assert.equal(torch.length, 3);
    torch.forEach((l, i) => assert.ok(Math.abs(l - ours[i]!) <= 1e-4 * Math.abs(l), `iteration ${i + 1}: PyTorch ${l}, tfjs ${ours[i]}`));
    const caseJson = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { weights: string };
    assert.equal(caseJson.weights, 'model.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
