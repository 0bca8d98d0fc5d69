import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import { DETECTOR_MANIFEST, LANDMARKS_MANIFEST, RECOGNIZER_MANIFEST } from '../../src/core/face/face-models';
import { FaceDetector } from '../../src/core/face/face-detector';
import { RecognitionNet } from '../../src/core/face/recognition-net';
import { useBackend } from '../../src/node/backend';
import { faceModelFolder, faceModelsFor, readFaceModelFiles } from '../../src/node/face-files';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

before(() => useBackend('cpu'));

const graphOf = (path: string) => loadGraph(readFileSync(path, 'utf8')).graph!;

test('the face models come from face-api\'s installed package: its model folder holds the three manifests', () => {
  const folder = faceModelFolder();
  assert.ok(folder.endsWith(join('node_modules', '@vladmandic', 'face-api', 'model')), folder);
  for (const manifest of [DETECTOR_MANIFEST, LANDMARKS_MANIFEST, RECOGNIZER_MANIFEST]) assert.ok(existsSync(join(folder, manifest)), manifest);
});

test('a graph with face nodes gets the detector and the recognizer; a graph without gets none', async () => {
  assert.equal(await faceModelsFor(graphOf(SEED_GRAPH)), undefined);
  const models = await faceModelsFor(graphOf(join(EXAMPLES, 'verify.stylegraph.json')));
  assert.ok(models?.detector instanceof FaceDetector);
  assert.ok(models.recognizer instanceof RecognitionNet);
});

test('a folder without the models: the error names the file it looked for', async () => {
  const folder = tempFolder('stylegraph-no-faces-');
  await assert.rejects(readFaceModelFiles(folder), (e: NodeJS.ErrnoException) => e.code === 'ENOENT' && e.message.includes(join(folder, DETECTOR_MANIFEST)));
});
