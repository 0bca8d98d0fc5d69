import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { readFaceModelFiles } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import type { FaceModels } from '../../src/core/face/face-models';
import { loadGraph } from '../../src/core/graph/load';
import { compileEvaluation } from '../../src/core/compile/evaluation-plan';
import { evaluateOnce } from '../../src/core/run/evaluate-once';
import type { Graph } from '../../src/core/graph/types';

const verifyGraph = (): Graph => loadGraph(readFileSync('examples/verify.stylegraph.json', 'utf8'), { fileName: 'verify.stylegraph.json' }).graph!;
const readImage = (path: string) => readImageFile(join('examples', path));
/** What the editor keeps to show on the nodes: face crops and scalars. */
const keep = ({ node }: { node: { type: string } }) => node.type === 'face.detect' || node.type === 'encoding.distance';

let faceModels: FaceModels;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  faceModels = await readFaceModelFiles();
});

test('evaluateOnce hands back the values keep asks for (face crops, the distance) and nothing else outlives it', async () => {
  const before = tf.memory().numTensors;
  const { results, kept } = await evaluateOnce(compileEvaluation(verifyGraph()), { readImage, faceModels, keep });
  assert.deepEqual([...kept.keys()].sort(), ['distance', 'face_a', 'face_b']);
  assert.deepEqual(kept.get('face_a')!.tensor.shape, [1, 150, 150, 3]);
  const distance = kept.get('distance')!.tensor.dataSync()[0]!;
  assert.equal(distance, (results[0]!.value as { distance: number }).distance, 'the kept distance is the one the verdict reports');
  assert.equal(tf.memory().numTensors, before + 3, 'only the three kept tensors remain');
  for (const value of kept.values()) value.tensor.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('without keep nothing is handed back; a failing evaluation keeps nothing', async () => {
  const before = tf.memory().numTensors;
  const plain = await evaluateOnce(compileEvaluation(verifyGraph()), { readImage, faceModels });
  assert.equal(plain.kept.size, 0);
  assert.equal(tf.memory().numTensors, before);
  const noFace = (path: string) => (path.includes('mirrored') ? Promise.resolve({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 4) }) : readImage(path));
  await assert.rejects(evaluateOnce(compileEvaluation(verifyGraph()), { readImage: noFace, faceModels, keep }), /node "face_b": no face found/);
  assert.equal(tf.memory().numTensors, before);
});
