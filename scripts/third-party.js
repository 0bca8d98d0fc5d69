// What third-party code the .vsix ships, and THIRD_PARTY_NOTICES.md made from it.
//
// - BundledPackagesPlugin (webpack.config.js) writes dist/<bundle>.packages.json: every npm package
//   with at least one module in that bundle (name, version, licence), as webpack resolved them.
// - `node scripts/third-party.js` rewrites THIRD_PARTY_NOTICES.md from those lists, each package's
//   licence file in node_modules, and the hand-written parts below (files shipped beside the
//   bundles: tfjs's wasm binaries, face-api's weights, the sample images; the VGG-19 weights that
//   are downloaded, not shipped). `--check` exits 1 when the committed file differs (a test runs it).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const NOTICES = path.join(root, 'THIRD_PARTY_NOTICES.md');
const BUNDLES = ['extension', 'engine', 'webview'];

/** The package a module file belongs to ("@scope/name" or "name"), from its last node_modules/ segment; undefined for our own files. */
function packageOf(file) {
  const parts = file.split(path.sep);
  const i = parts.lastIndexOf('node_modules');
  if (i < 0 || i + 1 >= parts.length) return undefined;
  const name = parts[i + 1].startsWith('@') ? `${parts[i + 1]}/${parts[i + 2]}` : parts[i + 1];
  return { name, dir: parts.slice(0, i + 1).join(path.sep) + path.sep + name };
}

/** Emits `<config name>.packages.json`: the packages whose modules are in the bundle. */
class BundledPackagesPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('BundledPackagesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'BundledPackagesPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const found = new Map();
        for (const module of compilation.modules) {
          for (const file of [module.resource, ...(module.modules ?? []).map((m) => m.resource)]) {
            const pkg = file && packageOf(file);
            if (!pkg || found.has(pkg.dir)) continue;
            const manifest = JSON.parse(fs.readFileSync(path.join(pkg.dir, 'package.json'), 'utf8'));
            // From the project's node_modules on (node_modules may be a link elsewhere).
            const parts = pkg.dir.split(path.sep);
            const dir = parts.slice(parts.indexOf('node_modules')).join('/');
            found.set(pkg.dir, { name: pkg.name, version: manifest.version, license: manifest.license ?? null, dir });
          }
        }
        const list = [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
        compilation.emitAsset(`${compiler.options.name}.packages.json`, new sources.RawSource(`${JSON.stringify(list, null, 2)}\n`));
      });
    });
  }
}

/** The licence text a package ships (LICENSE, LICENCE, COPYING, with any extension), or undefined. */
function licenceText(pkg) {
  const dir = path.resolve(root, pkg.dir);
  const file = fs.readdirSync(dir).filter((f) => /^(licen[sc]e|copying)(\.|$)/i.test(f)).sort()[0];
  return file === undefined ? undefined : fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n').trim();
}

/** A package's author as its package.json names them. */
function author(pkg) {
  const a = JSON.parse(fs.readFileSync(path.resolve(root, pkg.dir, 'package.json'), 'utf8')).author;
  return typeof a === 'string' ? a : a?.name ?? 'not named';
}

/** The npm package's runtime dependencies as installed: name, version, licence. */
function dependencies() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return Object.keys(manifest.dependencies).sort().map((name) => {
    const p = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
    return { name, version: p.version, license: p.license ?? 'none declared' };
  });
}

/** The bundles' packages, merged: name -> { version, license, bundles }. */
function bundledPackages(dist = path.join(root, 'dist')) {
  const all = new Map();
  for (const bundle of BUNDLES) {
    const file = path.join(dist, `${bundle}.packages.json`);
    if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run bundle\` first`);
    for (const p of JSON.parse(fs.readFileSync(file, 'utf8'))) {
      const key = `${p.name}@${p.version}`;
      const entry = all.get(key) ?? { ...p, bundles: [] };
      entry.bundles.push(`dist/${bundle}.js`);
      all.set(key, entry);
    }
  }
  return [...all.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

const APACHE = 'Apache-2.0';
const MIT_TEXT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;
/** Terms of packages that ship no licence file and declare more than plain Apache-2.0 (read from their sources). */
const TERMS_WITHOUT_FILE = {
  '@tensorflow/tfjs-layers': `Apache-2.0 AND MIT: Apache-2.0 (see "Apache License 2.0" below), except the files its sources mark
"Copyright 2018 Google LLC. Use of this source code is governed by an MIT-style license" (the
parts derived from Keras), which are under the MIT licence:

Copyright 2018 Google LLC

${MIT_TEXT}`,
};

/** THIRD_PARTY_NOTICES.md's text for these packages. */
function notices(packages = bundledPackages()) {
  const faceApi = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '@vladmandic', 'face-api', 'package.json'), 'utf8'));
  const wasm = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'package.json'), 'utf8'));
  const out = [];
  out.push(`# Third-party notices

stylegraph itself is MIT-licensed (see [LICENSE](LICENSE)). The Style Graph extension (.vsix) and
the stylegraph npm package ship, or download on first use, the third-party parts below. This file
is generated by \`node scripts/third-party.js\` from what webpack put into the bundles
(\`dist/extension.packages.json\`, \`dist/webview.packages.json\`); a test fails when it is out of date.

## VGG-19 weights (downloaded on first use, not shipped)

The extension and the CLI download \`vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5\` (Keras
Applications' VGG-19 without its classifier, 80 MB; the address and MD5 are in
\`models/vgg19.json\`) into their cache, unless you point them at a file of your own.

- Model: Karen Simonyan and Andrew Zisserman, Visual Geometry Group, University of Oxford,
  "Very Deep Convolutional Networks for Large-Scale Image Recognition", arXiv:1409.1556 (2014).
  Please cite the paper if you use these weights in your work.
- Licence: the VGG team released the trained VGG-16 and VGG-19 models under the
  Creative Commons Attribution 4.0 International licence (CC BY 4.0,
  https://creativecommons.org/licenses/by/4.0/); the Keras weights are a port of those models
  ("The VGG16 and VGG19 weights are ported from the ones released by VGG at Oxford under the
  Creative Commons Attribution License", Keras's deep-learning-models README, where these
  weights were first published). The Keras code that defines the model is MIT-licensed; stylegraph
  uses none of it.
- MatConvNet's \`imagenet-vgg-verydeep-19.mat\`, which stylegraph also reads, is a conversion of the
  same VGG-19 model (same licence).

## Face models (\`dist/face-models/\` in the .vsix)

The weights of the SSD MobileNetV1 face detector, the 68-point face landmark net and the ResNet
face recognition net, copied unchanged from \`@vladmandic/face-api\` ${faceApi.version} (MIT; its
licence ships beside them as \`dist/face-models/LICENSE\`). face-api is a fork of Vincent Mühler's
face-api.js (MIT), whose models it ships (face-api.js-models); the recognition net is a port of
Davis King's dlib ResNet face recognition model.

\`\`\`text
${licenceText({ dir: 'node_modules/@vladmandic/face-api' })}
\`\`\`

## TensorFlow.js wasm binaries (\`dist/*.wasm\` in the .vsix)

\`tfjs-backend-wasm.wasm\`, \`tfjs-backend-wasm-simd.wasm\` and \`tfjs-backend-wasm-threaded-simd.wasm\`,
copied unchanged from \`@tensorflow/tfjs-backend-wasm\` ${wasm.version} (Apache-2.0, Copyright Google LLC;
the licence text is below). They are compiled from TensorFlow.js's wasm backend with Google's
XNNPACK (BSD-3-Clause, Copyright Facebook, Inc. and Google LLC).

## Sample images (\`examples/samples/\`)

The seed graph's sample images (Chelsea the cat: CC0; NASA's Hubble eXtreme Deep Field: public
domain) and the other samples in the npm package are listed with their sources and licences in
[examples/samples/LICENCES.md](examples/samples/LICENCES.md), which ships beside them.

## The npm package's dependencies

Installing the npm package installs the CLI's dependencies from the npm registry, each with its
own licence; the npm package's tarball itself holds only stylegraph's code, its examples, schemas
and media. The native parts come that way: onnxruntime-node's onnxruntime library (Microsoft) and
webgpu's Dawn binary (Google).

| dependency | version | licence |
|---|---|---|
${dependencies().map((d) => `| ${d.name} | ${d.version} | ${d.license} |`).join('\n')}

## Packages in the extension's bundles

webpack bundles these packages into \`dist/extension.js\` (the extension host) and
\`dist/webview.js\` (the graph editor); the bundles' \`*.LICENSE.txt\` files keep their licence
comments too.

| package | version | licence | bundle |
|---|---|---|---|`);
  for (const p of packages) out.push(`| ${p.name} | ${p.version} | ${p.license ?? 'none declared'} | ${p.bundles.join(', ')} |`);
  const apache = [...new Set(packages.filter((p) => p.license.includes(APACHE) && licenceText(p) === undefined).map((p) => p.name))];
  for (const p of packages) {
    const text = licenceText(p);
    out.push('', `### ${p.name} ${p.version}`, '');
    if (text !== undefined) out.push('```text', text, '```');
    else if (TERMS_WITHOUT_FILE[p.name] !== undefined) out.push('```text', TERMS_WITHOUT_FILE[p.name], '```');
    else if (p.license === 'MIT') out.push('```text', `MIT (the package ships no licence file; its author, from its package.json: ${author(p)})`, '', MIT_TEXT, '```');
    else if (p.license === APACHE) out.push(`${APACHE}; the package ships no licence file: see "Apache License 2.0" below.`);
    else throw new Error(`${p.name} ships no licence file and is not ${APACHE}: add its terms to scripts/third-party.js`);
  }
  // The wasm binaries are Apache-2.0 whatever the bundles hold, so the text is always there
  // (TypeScript's LICENSE.txt is the licence's unmodified text).
  const apacheText = fs.readFileSync(path.join(root, 'node_modules', 'typescript', 'LICENSE.txt'), 'utf8').replace(/\r\n/g, '\n').trim();
  out.push('', '## Apache License 2.0', '', `The terms under which ${[...apache, 'the tfjs wasm binaries'].join(', ')} are distributed:`, '', '```text', apacheText, '```');
  return `${out.join('\n')}\n`;
}

module.exports = { BundledPackagesPlugin, bundledPackages, notices, packageOf, NOTICES };

if (require.main === module) {
  const text = notices();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(NOTICES) ? fs.readFileSync(NOTICES, 'utf8') : '';
    if (current !== text) {
      console.error('THIRD_PARTY_NOTICES.md is out of date: run `npm run bundle && node scripts/third-party.js`');
      process.exit(1);
    }
  } else {
    fs.writeFileSync(NOTICES, text);
    console.log(`wrote ${path.relative(root, NOTICES)}`);
  }
}
