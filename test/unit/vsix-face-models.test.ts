import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETECTOR_MANIFEST, LANDMARKS_MANIFEST, RECOGNIZER_MANIFEST, readFaceModels } from '../../src/core/face/face-models';
import { useBackend } from '../../src/node/backend';
import { tempFolder } from '../helpers/temp-folder';

interface FaceModelFiles {
  readonly FACE_MODEL_DIR: string;
  readonly MANIFESTS: readonly string[];
  stageFaceModels(root: string): string[];
}
const scripts = createRequire(join(process.cwd(), 'scripts', 'package-vsix.js'));
const { FACE_MODEL_DIR, MANIFESTS, stageFaceModels } = scripts('./face-model-files.js') as FaceModelFiles;
const { shipsByVscodeignore } = scripts('./package-vsix.js') as { shipsByVscodeignore(ignoreText: string, rel: string): boolean };

/** Whether .vscodeignore lets `file` into the .vsix, as vsce reads it (with vsce's own minimatch). */
const shipped = (file: string): boolean => shipsByVscodeignore(readFileSync('.vscodeignore', 'utf8'), file);

test('the .vsix stages the manifests the face nodes read, their shards and the licence, and .vscodeignore lets them through', async () => {
  assert.deepEqual(MANIFESTS, [DETECTOR_MANIFEST, LANDMARKS_MANIFEST, RECOGNIZER_MANIFEST]);
  const stage = tempFolder('vsix-stage-');
  const files = stageFaceModels(stage);
  assert.deepEqual(files, [
    'dist/face-models/ssd_mobilenetv1_model-weights_manifest.json',
    'dist/face-models/ssd_mobilenetv1_model.bin',
    'dist/face-models/face_landmark_68_model-weights_manifest.json',
    'dist/face-models/face_landmark_68_model.bin',
    'dist/face-models/face_recognition_model-weights_manifest.json',
    'dist/face-models/face_recognition_model.bin',
    'dist/face-models/LICENSE',
  ]);
  for (const file of files) assert.ok(shipped(file), `${file} is left out by .vscodeignore`);
  assert.ok(!shipped('node_modules/@vladmandic/face-api/model/face_recognition_model.bin'));
  // The staged folder alone is enough to load the models.
  await useBackend('wasm', { threads: 1 });
  const folder = join(stage, FACE_MODEL_DIR);
  const models = await readFaceModels((path) => Promise.resolve(new Uint8Array(readFileSync(join(folder, path)))), folder);
  assert.ok(models.detector && models.recognizer);
});
