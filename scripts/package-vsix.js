// Packages the extension (dist/ must be bundled: `npm run package` does both) into
// stylegraph-<version>.vsix, or the path given as the first argument, with @vscode/vsce. vsce refuses a package.json "files" list next to
// a .vscodeignore, and "files" serves the npm package (the CLI), so vsce runs on a staged copy:
// the manifest without "files", scripts and dependencies (everything is bundled), plus the files
// .vscodeignore lets through.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { stageFaceModels } = require('./face-model-files');

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

function main() {
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
  const readme = path.join(stage, 'README.md');
  if (!fs.existsSync(readme)) fs.writeFileSync(readme, `# ${manifest.displayName}\n\n${manifest.description}\n`);
  const ignore = fs.readFileSync(path.join(stage, '.vscodeignore'), 'utf8');
  const shipped = (rel) => (fs.existsSync(path.join(stage, rel)) && shipsByVscodeignore(ignore, rel) ? fs.readFileSync(path.join(stage, rel)) : undefined);
  fs.writeFileSync(readme, packagedReadme(fs.readFileSync(readme, 'utf8'), shipped));

  const out = path.resolve(process.argv[2] ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`));
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  // --no-rewrite-relative-links: without a public repository there is nothing to rewrite links
  // against (the README's images are data: URIs by now, see packagedReadme).
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], { cwd: stage, stdio: 'inherit' });
  fs.rmSync(stage, { recursive: true, force: true });
  console.log(`wrote ${path.relative(root, out)}`);
}

module.exports = { packagedReadme, shipsByVscodeignore };
if (require.main === module) main();
