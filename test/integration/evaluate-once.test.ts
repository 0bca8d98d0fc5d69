import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../../src/node/backend';
import { readFaceModelFiles } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import type { FaceModels } from '../../src/core/face/face-models';
import { loadGraph } from '../../src/core/graph/load';
import { validateGraph } from '../../src/core/graph/validate';
import { compile } from '../../src/core/compile/plan';
import { compileEvaluation } from '../../src/core/compile/evaluation-plan';
import { evaluateOnce } from '../../src/core/run/evaluate-once';
import type { Graph } from '../../src/core/graph/types';
import type { RawImage } from '../../src/core/image/raw-image';

const verifyGraph = (): Graph => loadGraph(readFileSync('examples/verify.stylegraph.json', 'utf8'), { fileName: 'verify.stylegraph.json' }).graph!;
const withPhotoB = (path: string): Graph => {
  const graph = verifyGraph();
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === 'photo_b' ? { ...n, params: { ...n.params, path } } : n)) };
};
const readImage = (path: string): Promise<RawImage> => {
  if (path === 'noise.png') {
    let seed = 1;
    const data = Uint8Array.from({ length: 160 * 160 * 4 }, () => (seed = (seed * 48271) % 2147483647) % 256);
    return Promise.resolve({ width: 160, height: 160, data });
  }
  return readImageFile(join('examples', path));
};

let faceModels: FaceModels;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  faceModels = await readFaceModelFiles();
});

test('a graph of result nodes without an optimizer validates, plans its nodes once, and is refused by the optimising compiler', () => {
  const graph = verifyGraph();
  assert.deepEqual(validateGraph(graph).problems, []);
  const plan = compileEvaluation(graph, 'verify');
  assert.deepEqual(plan.results.map((p) => p.node.id), ['verdict']);
  assert.deepEqual(new Set(plan.nodes.map((p) => p.node.id)), new Set(['photo_a', 'photo_b', 'face_a', 'face_b', 'encode_a', 'encode_b', 'distance']));
  assert.throws(() => compile(graph, 'verify'), { message: 'verify has no optimizer: it is evaluated once (compileEvaluation), not optimised' });
});

test('without an optimizer or a result node the graph still needs an optimizer; with one, an image.generated is a problem', () => {
  const graph = verifyGraph();
  const noResult = { ...graph, nodes: graph.nodes.filter((n) => n.id !== 'verdict'), edges: graph.edges.filter((e) => !e.to.startsWith('verdict.')) };
  assert.deepEqual(validateGraph(noResult).problems.map((p) => p.message), ['the graph needs exactly one optimizer node, it has 0']);
  const generated = { ...graph, nodes: [...graph.nodes, { id: 'gen', type: 'image.generated', params: { init: 'noise', noiseRatio: 0.6, seed: 0, width: 32, height: 32 }, ui: { pos: [0, 0] as [number, number] } }] };
  assert.deepEqual(validateGraph(generated).problems.map((p) => p.message), ['node "gen" (image.generated): a graph without an optimizer is evaluated once and has no image to optimise']);
});

test('evaluating once: same person, different people, and no face naming its node', async () => {
  const same = await evaluateOnce(compileEvaluation(verifyGraph()), { readImage, faceModels });
  assert.equal(same.results.length, 1);
  assert.equal(same.results[0]!.nodeId, 'verdict');
  assert.match(same.results[0]!.text, /^same person \(distance 0\.[12]\d\d ≤ τ 0\.6\)$/);
  const different = await evaluateOnce(compileEvaluation(withPhotoB('samples/camera.png')), { readImage, faceModels });
  assert.match(different.results[0]!.text, /^different people \(distance 0\.\d+ > τ 0\.6\)$/);
  await assert.rejects(evaluateOnce(compileEvaluation(withPhotoB('noise.png')), { readImage, faceModels }), {
    message: 'node "face_b": no face found in the image with confidence ≥ 0.5 (lower minConfidence, or use a photo with a frontal face)',
  });
});
