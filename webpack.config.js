// Bundles the extension host (dist/extension.js, Node, `vscode` external; dist/image-decode-worker.js, its image decoder thread) and the editor webview
// (dist/webview.js, browser, from webview/main.ts), copies tfjs's wasm binaries into dist/ for the
// webview's wasm backend and face-api's weights into dist/face-models/ (as the .vsix ships them), and
// lists each bundle's npm packages in dist/<bundle>.packages.json (THIRD_PARTY_NOTICES.md is made from them).
// `npm run bundle` (production); `webpack --mode development` for readable output.
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');
const { stageFaceModels } = require('./scripts/face-model-files');
const { BundledPackagesPlugin } = require('./scripts/third-party');
const { EnginePackagesPlugin } = require('./scripts/engine-files');

const WASM_DIR = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** Emits the wasm binaries next to the webview bundle (no plugin dependency for three files). */
class CopyWasmPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyWasmPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyWasmPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const name of WASM_FILES) {
          const file = path.join(WASM_DIR, 'dist', name);
          compilation.fileDependencies.add(file);
          compilation.emitAsset(name, new webpack.sources.RawSource(fs.readFileSync(file)));
        }
      });
    });
  }
}

/** Stages the face models into dist/face-models/ after each build, so development runs (F5, the E2E harness) read the files the .vsix ships. */
class StageFaceModelsPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('StageFaceModelsPlugin', () => {
      stageFaceModels(__dirname);
    });
  }
}

/** @param {string} configFile @returns {import('webpack').RuleSetRule} */
const typescript = (configFile, compilerOptions) => ({
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { configFile, compilerOptions, onlyCompileBundledFiles: true } }],
});

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  const common = {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    resolve: { extensions: ['.ts', '.js'] },
    performance: { hints: false },
    output: { path: path.join(__dirname, 'dist') },
  };
  /** @type {import('webpack').Configuration} */
  const host = {
    ...common,
    name: 'extension',
    target: 'node20',
    // image-decode-worker: the worker thread image-file.ts decodes images in (found beside the bundle).
    entry: { extension: './src/extension/extension.ts', 'image-decode-worker': './src/node/image-decode-worker.ts' },
    output: { ...common.output, filename: '[name].js', chunkFilename: 'extension-[name].js', libraryTarget: 'commonjs2', clean: { keep: /^(webview|engine|tfjs-|face-models\/)/ } },
    externals: { vscode: 'commonjs vscode' },
    // h5wasm (Keras weights) is ESM with its wasm inside; it stays a lazily loaded chunk.
    module: { rules: [typescript(path.join(__dirname, 'tsconfig.json'), { sourceMap: !production })] },
    node: { __dirname: false, __filename: false },
    plugins: [new BundledPackagesPlugin()],
  };
  /**
   * The editor's engine process (dist/engine.js, forked by the extension host): our code only; every
   * npm package stays a require of node_modules (tfjs's threaded wasm start and onnxruntime's native
   * library load from their own package folders, as in the CLI). The .vsix ships those packages.
   */
  /** @type {import('webpack').Configuration} */
  const engine = {
    ...common,
    name: 'engine',
    target: 'node20',
    entry: { engine: './src/node/engine/engine-main.ts' },
    output: { ...common.output, filename: '[name].js', libraryTarget: 'commonjs2' },
    externals: [({ request }, callback) => (/^(?![./])(?!node:)[^:]+$/.test(request ?? '') ? callback(undefined, `commonjs ${request}`) : callback())],
    externalsPresets: { node: true },
    module: { rules: [typescript(path.join(__dirname, 'tsconfig.json'), { sourceMap: !production })] },
    node: { __dirname: false, __filename: false },
    plugins: [new EnginePackagesPlugin()],
  };
  const configs = [host, engine];
  const webviewEntry = path.join(__dirname, 'webview', 'main.ts');
  if (fs.existsSync(webviewEntry)) {
    configs.push({
      ...common,
      name: 'webview',
      target: 'web',
      entry: { webview: webviewEntry },
      output: { ...common.output, filename: '[name].js' },
      module: { rules: [typescript(path.join(__dirname, 'webview', 'tsconfig.json'), { noEmit: false, sourceMap: !production })] },
      // One script: the page's CSP allows only the nonce'd <script>, so no lazy chunks.
      plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }), new CopyWasmPlugin(), new StageFaceModelsPlugin(), new BundledPackagesPlugin()],
      resolve: { ...common.resolve, fallback: { fs: false, path: false, os: false, crypto: false, worker_threads: false, perf_hooks: false } },
    });
  } else {
    console.warn('webpack: webview/main.ts does not exist yet; building the extension host only');
  }
  return configs;
};
