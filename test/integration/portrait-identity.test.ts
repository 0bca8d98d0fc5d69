import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { faceModelsFor, readFaceModelFiles } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import type { FaceModels } from '../../src/core/face/face-models';
import { loadGraph } from '../../src/core/graph/load';
import { validateGraph } from '../../src/core/graph/validate';
import { applyOverrides } from '../../src/core/graph/overrides';
import { runGraph } from '../../src/core/run/executor';
import { VggModel } from '../../src/core/model/vgg-model';
import { rawToTensor } from '../../src/core/image/raw-image';
import { faceDetect } from '../../src/core/nodes/face-detect';
import { faceEncode } from '../../src/core/nodes/face-encode';
import { encodingDistance } from '../../src/core/nodes/face-distance';
import type { EvalContext, NodeDef, Params, Value } from '../../src/core/nodes/types';
import type { Graph } from '../../src/core/graph/types';
import { randomVggWeights } from '../helpers/weight-files';

/** The smallest square the detector still finds her face in (64x64 finds none). */
const CI_SIZE = 96;
const portrait = (): Graph => loadGraph(readFileSync('examples/portrait-identity.stylegraph.json', 'utf8'), { fileName: 'portrait-identity.stylegraph.json' }).graph!;

let faceModels: FaceModels;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  faceModels = await readFaceModelFiles();
});

test('the identity term: its gradient with respect to the generated image is non-zero inside the content face crop only', async () => {
  const ctx = { nodeId: 'n', faceModels } as EvalContext;
  const run = (def: NodeDef, inputs: Record<string, Value[]>, params: Params = {}) => def.evaluate!(inputs, params, ctx);
  const content = tf.image.resizeBilinear(rawToTensor(await readImageFile('examples/samples/astronaut.png')), [CI_SIZE, CI_SIZE]);
  const detect = { minConfidence: 0.5, face: 1 };
  const target = run(faceEncode, { image: [run(faceDetect, { image: [{ type: 'image', tensor: content }] }, detect)] });
  const identity = (x: tf.Tensor) => {
    const face = run(faceDetect, { image: [{ type: 'image', tensor: x as tf.Tensor4D }], at: [{ type: 'image', tensor: content }] }, detect);
    return run(encodingDistance, { a: [run(faceEncode, { image: [face] })], b: [target] }).tensor;
  };
  const generated = tf.add(content, tf.randomUniform(content.shape, -40, 40, 'float32', 3));
  const grad = tf.grad(identity)(generated);
  const g = await grad.abs().sum([0, 3]).array() as number[][];
  // Her face's square at 96x96: about rows 14-35, columns 30-52.
  assert.ok(g[20]![42]! > 0, `gradient inside the crop ${g[20]![42]}`);
  assert.equal(g[80]![10], 0);
  assert.equal(g[5]![80], 0);
  assert.ok(identity(generated).dataSync()[0]! > identity(content).dataSync()[0]!);
});

test('examples/portrait-identity validates, loads the face models, and its identity term shrinks as it runs', async () => {
  const graph = applyOverrides(portrait(), { size: [CI_SIZE, CI_SIZE], iterations: 6 });
  assert.deepEqual(validateGraph(graph).problems, []);
  const models = await faceModelsFor(graph);
  assert.ok(models, 'a graph with face nodes gets the face models');
  const identity: number[] = [];
  const model = new VggModel(randomVggWeights(1));
  try {
    const result = await runGraph(graph, { model, faceModels: models, readImage: (path) => readImageFile(join('examples', path)) }, { onProgress: (e) => identity.push(e.losses.identity!) });
    assert.equal(result.status, 'done');
    assert.deepEqual([result.image.width, result.image.height], [CI_SIZE, CI_SIZE]);
  } finally {
    model.dispose();
  }
  assert.equal(identity.length, 6);
  assert.ok(identity[5]! < identity[0]!, `identity distance by iteration: ${identity.map((d) => d.toFixed(3)).join(', ')}`);
});

test('a graph without face nodes does not read the face models', async () => {
  const graph = portrait();
  const styleOnly = { ...graph, nodes: graph.nodes.filter((n) => !/face|encod|identity/.test(n.id)) };
  assert.equal(await faceModelsFor(styleOnly), undefined);
});
