// The face models the extension ships: face-api's SSD MobileNetV1 detector, 68-point landmark net
// and ResNet recognition net (src/core/face/face-models.ts reads these three manifests), each
// manifest with the shards it lists, copied from @vladmandic/face-api's package into the .vsix's
// dist/face-models/.
const fs = require('node:fs');
const path = require('node:path');

const FACE_MODEL_DIR = 'dist/face-models';
const MANIFESTS = ['ssd_mobilenetv1_model-weights_manifest.json', 'face_landmark_68_model-weights_manifest.json', 'face_recognition_model-weights_manifest.json'];

function packageModelFolder() {
  return path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

/** The files to ship, relative to face-api's model folder: each manifest and its shards. */
function faceModelFiles(folder = packageModelFolder()) {
  return MANIFESTS.flatMap((manifest) => {
    const groups = JSON.parse(fs.readFileSync(path.join(folder, manifest), 'utf8'));
    return [manifest, ...groups.flatMap((group) => group.paths)];
  });
}

/** Copies the face model files and face-api's licence (MIT) into `root`/dist/face-models/; returns their paths relative to `root`. */
function stageFaceModels(root, folder = packageModelFolder()) {
  const target = path.join(root, FACE_MODEL_DIR);
  fs.mkdirSync(target, { recursive: true });
  const files = faceModelFiles(folder).map((file) => [path.join(folder, file), file]);
  return [...files, [path.join(folder, '..', 'LICENSE'), 'LICENSE']].map(([from, file]) => {
    fs.copyFileSync(from, path.join(target, file));
    return `${FACE_MODEL_DIR}/${file}`;
  });
}

module.exports = { FACE_MODEL_DIR, MANIFESTS, faceModelFiles, stageFaceModels };
