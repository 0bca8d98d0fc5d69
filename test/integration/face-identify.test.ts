import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../../src/node/backend';
import { readFaceModelFiles } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { readLabelledFolder } from '../../src/node/labelled-folder';
import type { FaceModels } from '../../src/core/face/face-models';
import { loadGraph } from '../../src/core/graph/load';
import { validateGraph } from '../../src/core/graph/validate';
import { compileEvaluation } from '../../src/core/compile/evaluation-plan';
import { evaluateOnce, type EvaluationEnvironment } from '../../src/core/run/evaluate-once';
import type { Graph } from '../../src/core/graph/types';
import { runCli, workspaceCopy } from '../helpers/cli';
import { tempFolder } from '../helpers/temp-folder';

const identifyGraph = (photo: string, folder = 'samples/faces'): Graph => {
  const graph = loadGraph(readFileSync('examples/identify.stylegraph.json', 'utf8'), { fileName: 'identify.stylegraph.json' }).graph!;
  const params: Record<string, Record<string, string>> = { photo: { path: photo }, known: { path: folder } };
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, params: { ...n.params, ...params[n.id] } })) };
};

let env: EvaluationEnvironment;
let faceModels: FaceModels;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  faceModels = await readFaceModelFiles();
  env = { faceModels, readImage: (path) => readImageFile(join('examples', path)), readFolder: (path) => readLabelledFolder(join('examples', path)) };
});

test('a labelled folder: its sub-folders name the people, sorted; one without images is an error naming it', async () => {
  const files = await readLabelledFolder('examples/samples/faces');
  assert.deepEqual(files.map((f) => [f.label, f.file, f.image.width]), [
    ['astronaut', 'astronaut/mirrored-crop.png', 210],
    ['cameraman', 'cameraman/rotated-crop.png', 200],
    ['hopper', 'hopper/mirrored-rotated-crop.png', 200],
  ]);
  const empty = tempFolder('faces-');
  writeFileSync(join(empty, 'notes.txt'), 'no images');
  await assert.rejects(readLabelledFolder(empty), { message: `${empty} holds no PNG or JPEG images (one sub-folder or file-name prefix per person)` });
});

test('face.identify: each sample person is found in the database; someone not in it is named as such', async () => {
  assert.deepEqual(validateGraph(identifyGraph('samples/astronaut.png')).problems, []);
  const astronaut = await evaluateOnce(compileEvaluation(identifyGraph('samples/astronaut.png')), env);
  assert.match(astronaut.results[0]!.text, /^astronaut \(distance 0\.[12]\d\d ≤ τ 0\.6\)$/);
  assert.equal((astronaut.results[0]!.value as { identity: string }).identity, 'astronaut');
  const cameraman = await evaluateOnce(compileEvaluation(identifyGraph('samples/camera.png')), env);
  assert.match(cameraman.results[0]!.text, /^cameraman \(distance 0\.\d+ ≤ τ 0\.6\)$/);
  const hopper = await evaluateOnce(compileEvaluation(identifyGraph('samples/grace_hopper.jpg')), env);
  assert.match(hopper.results[0]!.text, /^hopper \(distance 0\.\d+ ≤ τ 0\.6\)$/);
  console.log(`identified: ${[astronaut, cameraman, hopper].map((r) => r.results[0]!.text).join('; ')}`);
  const stranger = await evaluateOnce(compileEvaluation(identifyGraph('samples/camera.png', 'samples/faces/astronaut')), env);
  assert.match(stranger.results[0]!.text, /^not in the database \(nearest mirrored at 0\.\d+ > τ 0\.6\)$/);
  assert.equal((stranger.results[0]!.value as { identity: string | null }).identity, null);
  const notKnown = await evaluateOnce(compileEvaluation(identifyGraph('samples/grace_hopper.jpg', 'samples/faces/cameraman')), env);
  assert.match(notKnown.results[0]!.text, /^not in the database \(nearest rotated at 0\.\d+ > τ 0\.6\)$/);
});

test('face.database: an image without a face names the node and the file', async () => {
  const ws = tempFolder('faces-');
  mkdirSync(join(ws, 'people'));
  writeFileSync(join(ws, 'people', 'blank_1.png'), readFileSync('examples/samples/two-regions-mask.png'));
  const readFolder = (path: string) => readLabelledFolder(join(ws, path));
  await assert.rejects(evaluateOnce(compileEvaluation(identifyGraph('samples/astronaut.png', 'people')), { ...env, readFolder }), {
    message: 'node "known": no face found in people/blank_1.png with confidence ≥ 0.5',
  });
});

test('stylegraph run: identify prints who it is; a database path that is a file or missing is named before anything runs', async () => {
  const ws = workspaceCopy();
  const graph = join(ws, 'examples', 'identify.stylegraph.json');
  const ok = await runCli(['run', graph], { cwd: ws });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /^who: astronaut \(distance 0\.[12]\d\d ≤ τ 0\.6\)$/m);
  for (const [path, why] of [['samples/astronaut.png', 'is a file, not a folder'], ['samples/nobody', `is not there (${join(ws, 'examples', 'samples', 'nobody')})`]]) {
    const broken = join(ws, 'examples', 'broken.stylegraph.json');
    writeFileSync(broken, readFileSync(graph, 'utf8').replace('"path": "samples/faces"', `"path": "${path}"`));
    const r = await runCli(['run', broken], { cwd: ws });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`node "known" \\(face.database\\): path "${path}" ${why.replace(/[()/.]/g, '\\$&')}`));
  }
});
