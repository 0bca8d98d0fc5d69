// The files of node_modules that the engine process (dist/engine.js) loads, which the .vsix ships
// beside it: the engine bundle leaves every npm package a require (tfjs's threaded wasm start and
// onnxruntime's native library need their own package folders, as in the CLI).
//
// - EnginePackagesPlugin (webpack.config.js) traces dist/engine.js after each build with
//   @vercel/nft (Vercel's node-file-trace: the requires, native libraries and wasm it reaches) and
//   writes dist/engine.files.json (those files) and dist/engine.packages.json (their packages, for
//   THIRD_PARTY_NOTICES.md, as the other bundles' lists).
// - filesForTarget keeps one platform's native libraries (onnxruntime-node's, Dawn's) for a
//   platform .vsix, none for the universal one (whose engine then runs on threaded wasm).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** Files the trace cannot see: tfjs's wasm binaries (their folder is computed), h5wasm (ESM, loaded by a real dynamic import for Keras files). */
const EXTRA = [
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
  'node_modules/h5wasm/package.json',
  'node_modules/h5wasm/dist/node/hdf5_hl.js',
];

/** The platforms onnxruntime-node ships a native library for (`vsce package --target` names). */
const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

/** Native folders per package: `<os>/<arch>` of onnxruntime-node's bin/napi-v6, `<os>-<arch>` of webgpu's dist (macOS: one universal build). */
const NATIVE = [
  { prefix: 'node_modules/onnxruntime-node/bin/', folder: (target) => `napi-v6/${target.replace('-', '/')}/` },
  { prefix: 'node_modules/webgpu/dist/', folder: (target) => `${target.startsWith('darwin') ? 'darwin-universal' : target}/` },
];

/** The engine's files for a platform .vsix (`target`), or for the universal one (undefined): other platforms' native libraries left out. */
function filesForTarget(files, target) {
  return files.filter((file) => {
    const native = NATIVE.find((n) => file.startsWith(n.prefix) && /\.(node|so(\.\d+)*|dylib|dll)$/.test(file));
    return !native || (target !== undefined && file.startsWith(native.prefix + native.folder(target)));
  });
}

async function traceEngine(dist) {
  const { nodeFileTrace } = require('@vercel/nft');
  const { fileList } = await nodeFileTrace([path.join(dist, 'engine.js')], { base: root });
  // The trace reads the native libraries' own dependencies on this platform only (libonnxruntime.so beside
  // the binding): every platform's folder is listed whole, and filesForTarget keeps one.
  const nativeFolder = 'node_modules/onnxruntime-node/bin';
  const natives = fs.readdirSync(path.join(root, nativeFolder), { recursive: true }).map((f) => `${nativeFolder}/${String(f).split(path.sep).join('/')}`).filter((f) => fs.statSync(path.join(root, f)).isFile());
  const files = [...new Set([...fileList, ...EXTRA, ...natives])].filter((f) => f.startsWith('node_modules/')).sort();
  const packages = new Map();
  for (const file of files) {
    const parts = file.split('/');
    const name = parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
    const dir = `node_modules/${name}`;
    if (packages.has(dir)) continue;
    const manifest = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    packages.set(dir, { name, version: manifest.version, license: manifest.license ?? null, dir });
  }
  const list = [...packages.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  fs.writeFileSync(path.join(dist, 'engine.files.json'), `${JSON.stringify(files, null, 2)}\n`);
  fs.writeFileSync(path.join(dist, 'engine.packages.json'), `${JSON.stringify(list, null, 2)}\n`);
}

/** Traces dist/engine.js once it is written. */
class EnginePackagesPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tapPromise('EnginePackagesPlugin', () => traceEngine(compiler.options.output.path));
  }
}

/** The traced list (dist/engine.files.json). */
function engineFiles(dist = path.join(root, 'dist')) {
  const file = path.join(dist, 'engine.files.json');
  if (!fs.existsSync(file)) throw new Error('dist/engine.files.json is missing: run `npm run bundle` first');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

module.exports = { EnginePackagesPlugin, engineFiles, filesForTarget, TARGETS };
