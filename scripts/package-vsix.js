// Packages the extension (dist/ must be bundled: `npm run package` does both) into
// stylegraph-<version>.vsix, or the path given as the first argument, with @vscode/vsce. vsce refuses a package.json "files" list next to
// a .vscodeignore, and "files" serves the npm package (the CLI), so vsce runs on a staged copy:
// the manifest without "files", scripts and dependencies (everything is bundled), plus the files
// .vscodeignore lets through.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { stageFaceModels } = require('./face-model-files');

const root = path.join(__dirname, '..');
const stage = path.join(root, '.vsix-stage');
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

const full = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const dropped = new Set(['files', 'bin', 'scripts', 'dependencies', 'devDependencies', 'private']);
const manifest = Object.fromEntries(Object.entries(full).filter(([key]) => !dropped.has(key)));
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
const copy = (rel) => fs.existsSync(path.join(root, rel)) && fs.cpSync(path.join(root, rel), path.join(stage, rel), { recursive: true });
for (const rel of ['.vscodeignore', 'README.md', 'LICENSE', 'dist', 'media', 'schemas', 'syntaxes', 'examples', 'models']) copy(rel);
if (!fs.existsSync(path.join(stage, 'dist', 'extension.js')) || !fs.existsSync(path.join(stage, 'dist', 'webview.js'))) {
  throw new Error('dist/extension.js and dist/webview.js are missing: run `npm run bundle` first');
}
stageFaceModels(stage);
const readme = path.join(stage, 'README.md');
if (!fs.existsSync(readme)) fs.writeFileSync(readme, `# ${manifest.displayName}\n\n${manifest.description}\n`);
// vsce rewrites relative README links and images against the public repository, and refuses
// to package without one (there is none): the packaged README leaves out images with relative
// paths and keeps only the text of relative links (those files are not in the .vsix anyway).
const relative = '\\((?![a-z][a-z0-9+.-]*:|#)[^)]*\\)';
fs.writeFileSync(readme, fs.readFileSync(readme, 'utf8')
  .replace(new RegExp(`^!\\[[^\\]]*\\]${relative}[ \\t]*\\n(\\n)?`, 'gim'), '')
  .replace(new RegExp(`!?\\[([^\\]]*)\\]${relative}`, 'gi'), '$1'));

const out = path.resolve(process.argv[2] ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`));
const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: stage, stdio: 'inherit' });
fs.rmSync(stage, { recursive: true, force: true });
console.log(`wrote ${path.relative(root, out)}`);
