// Packages the extension (dist/ must be bundled: `npm run package` does both) with @vscode/vsce:
// `node scripts/package-vsix.js [OUT] [--target T]` writes one .vsix (OUT, default
// stylegraph-<version>[-T].vsix) for platform T (a `vsce --target`: linux-x64, linux-arm64,
// darwin-arm64, win32-x64, win32-arm64; default this machine's) or `--target universal`; `--all`
// writes every platform's and the universal one into vsix/ and prints their sizes. A platform .vsix
// ships the engine's npm packages with only its own native libraries (onnxruntime, Dawn); the
// universal one ships none, so its engine runs on threaded wasm (see scripts/engine-files.js). vsce refuses a package.json "files" list next to
// a .vscodeignore, and "files" serves the npm package (the CLI), so vsce runs on a staged copy:
// the manifest without "files", scripts and dependencies (everything is bundled), plus the files
// .vscodeignore lets through.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { stageFaceModels } = require('./face-model-files');
const { engineFiles, filesForTarget, TARGETS } = require('./engine-files');

/**
 * The README as the .vsix ships it, for the extension's page in VS Code. That page shows the
 * README in a webview with no base address and a CSP of `img-src https: data:`, so a relative image
 * of an installed .vsix shows broken (measured in VS Code 1.100) and there is no public repository
 * for vsce to rewrite it against: each image that names a file the .vsix ships (`image(rel)`
 * returns its bytes) becomes a data: URI of that file's bytes; one that does not ship stops
 * packaging. Other relative links (to files that do not ship, such as bench/README.md) keep only
 * their text; absolute links and #anchors stay as they are.
 */
function packagedReadme(text, image) {
  const relative = /^(?![a-z][a-z0-9+.-]*:|#)/i;
  const types = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };
  const missing = [];
  const out = text.replace(/(!?)\[((?:[^\][]|!\[[^\]]*\]\([^)]*\))*)\]\(([^)\s]+)(\s+"[^"]*")?\)/g, (all, bang, label, link, title) => {
    if (!relative.test(link)) return all;
    if (!bang) return label;
    const rel = path.posix.normalize(link);
    const bytes = image(rel);
    const type = types[path.posix.extname(rel).toLowerCase()];
    if (!bytes || !type) {
      missing.push(link);
      return all;
    }
    return `![${label}](data:${type};base64,${bytes.toString('base64')}${title ?? ''})`;
  });
  if (missing.length > 0) throw new Error(`README images that the .vsix does not ship as PNG, JPEG, GIF or WebP (see .vscodeignore): ${missing.join(', ')}`);
  return out;
}

/** Whether .vscodeignore lets `rel` (a path in the staged folder) into the .vsix: as vsce reads it, the last matching pattern decides. */
function shipsByVscodeignore(ignoreText, rel) {
  // vsce's own glob matcher (its minimatch, whichever major version it brings).
  const loaded = require(require.resolve('minimatch', { paths: [path.dirname(require.resolve('@vscode/vsce/package.json'))] }));
  const minimatch = typeof loaded === 'function' ? loaded : loaded.minimatch;
  let ignored = false;
  for (const line of ignoreText.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    const negated = line.startsWith('!');
    if (minimatch(rel, negated ? line.slice(1) : line, { dot: true })) ignored = !negated;
  }
  return !ignored;
}

/** Packages the .vsix for `target` (a platform, or 'universal') into `out`. */
function packageVsix(target, out) {
  const root = path.join(__dirname, '..');
  const stage = path.join(root, '.vsix-stage');
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });

  const full = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const dropped = new Set(['files', 'bin', 'scripts', 'dependencies', 'devDependencies', 'private', 'allowScripts']);
  const manifest = Object.fromEntries(Object.entries(full).filter(([key]) => !dropped.has(key)));
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
  const copy = (rel) => fs.existsSync(path.join(root, rel)) && fs.cpSync(path.join(root, rel), path.join(stage, rel), { recursive: true });
  for (const rel of ['.vscodeignore', 'README.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'dist', 'media', 'schemas', 'syntaxes', 'examples', 'models']) copy(rel);
  for (const rel of ['LICENSE', 'THIRD_PARTY_NOTICES.md']) {
    if (!fs.existsSync(path.join(stage, rel))) throw new Error(`${rel} is missing: the .vsix ships it`);
  }
  if (!fs.existsSync(path.join(stage, 'dist', 'extension.js')) || !fs.existsSync(path.join(stage, 'dist', 'webview.js'))) {
    throw new Error('dist/extension.js and dist/webview.js are missing: run `npm run bundle` first');
  }
  stageFaceModels(stage);
  // Under dist/ (vsce leaves a top-level node_modules/ out): dist/engine.js finds them there first.
  for (const file of filesForTarget(engineFiles(path.join(root, 'dist')), target === 'universal' ? undefined : target)) {
    fs.mkdirSync(path.dirname(path.join(stage, 'dist', file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(stage, 'dist', file));
  }
  const readme = path.join(stage, 'README.md');
  if (!fs.existsSync(readme)) fs.writeFileSync(readme, `# ${manifest.displayName}\n\n${manifest.description}\n`);
  const ignore = fs.readFileSync(path.join(stage, '.vscodeignore'), 'utf8');
  const shipped = (rel) => (fs.existsSync(path.join(stage, rel)) && shipsByVscodeignore(ignore, rel) ? fs.readFileSync(path.join(stage, rel)) : undefined);
  fs.writeFileSync(readme, packagedReadme(fs.readFileSync(readme, 'utf8'), shipped));

  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const targetArgs = target === 'universal' ? [] : ['--target', target];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // --no-rewrite-relative-links: without a public repository there is nothing to rewrite links
  // against (the README's images are data: URIs by now, see packagedReadme).
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', ...targetArgs, '--out', out], { cwd: stage, stdio: 'inherit' });
  fs.rmSync(stage, { recursive: true, force: true });
  console.log(`wrote ${path.relative(root, out)} (${target}, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB)`);
}

/** This machine's platform as a vsce target, or universal where onnxruntime ships no library for it. */
function hostTarget() {
  const target = `${process.platform}-${process.arch}`;
  return TARGETS.includes(target) ? target : 'universal';
}

function main() {
  const root = path.join(__dirname, '..');
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const all = args.includes('--all');
  const target = flag('--target') ?? hostTarget();
  const name = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (all) {
    for (const t of [...TARGETS, 'universal']) packageVsix(t, path.join(root, 'vsix', `${name.name}-${name.version}-${t}.vsix`));
    return;
  }
  if (target !== 'universal' && !TARGETS.includes(target)) throw new Error(`--target ${target}: one of ${TARGETS.join(', ')}, universal`);
  const out = args.find((a) => a !== '--all');
  packageVsix(target, path.resolve(out ?? path.join(root, `${name.name}-${name.version}-${target}.vsix`)));
}

module.exports = { packagedReadme, shipsByVscodeignore };
if (require.main === module) main();
