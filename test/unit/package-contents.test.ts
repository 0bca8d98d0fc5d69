/**
 * What the extension (.vsix) and the npm package hold and declare: the licence and notices, the
 * icon, the README's pictures on the extension page, the Get Started walkthrough, the activation
 * events, Open VSX's rules, and the npm side (allowScripts, engines). The .vsix is packaged from
 * dist/ (`npm run bundle` first; `npm test` does) with scripts/package-vsix.js, as `npm run package`.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { REPO } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const scripts = createRequire(join(REPO, 'scripts', 'package-vsix.js'));
const { packagedReadme } = scripts('./package-vsix.js') as { packagedReadme(text: string, image: (rel: string) => Buffer | undefined): string };
const { notices, NOTICES } = scripts('./third-party.js') as { notices(): string; NOTICES: string };
const semver = scripts('semver') as { subset(sub: string, sup: string): boolean; satisfies(version: string, range: string): boolean };

/** The packaged .vsix's entries (name -> bytes). */
let vsix: Record<string, Uint8Array> = {};
const text = (name: string): string => {
  assert.ok(vsix[name], `${name} is in the .vsix`);
  return strFromU8(vsix[name]!);
};

/** Packages a .vsix for `target` (this machine's when undefined) into a temporary folder; returns its path. */
function packaged(target?: string): string {
  const out = join(tempFolder('vsix-'), 'stylegraph.vsix');
  execFileSync(process.execPath, [join(REPO, 'scripts', 'package-vsix.js'), out, ...(target ? ['--target', target] : [])], { cwd: REPO, stdio: 'pipe' });
  return out;
}

before(() => {
  vsix = unzipSync(new Uint8Array(readFileSync(packaged())));
});

test('the .vsix holds LICENSE (MIT, the stylegraph authors), declared as its licence, and THIRD_PARTY_NOTICES.md', () => {
  assert.equal(manifest.license, 'MIT');
  const licence = text('extension/LICENSE.txt');
  assert.match(licence, /^MIT License\n\nCopyright \(c\) \d{4} the stylegraph authors\n/);
  assert.equal(licence, readFileSync(join(REPO, 'LICENSE'), 'utf8'));
  assert.match(text('extension.vsixmanifest'), /<Asset Type="Microsoft\.VisualStudio\.Services\.Content\.License" Path="extension\/LICENSE\.txt"/);
  assert.equal(text('extension/THIRD_PARTY_NOTICES.md'), readFileSync(NOTICES, 'utf8'));
});

test('THIRD_PARTY_NOTICES.md lists every package the bundles hold, with its licence text, and the VGG-19 weights\' CC BY 4.0 terms (regenerate: node scripts/third-party.js)', () => {
  const committed = readFileSync(NOTICES, 'utf8');
  assert.equal(committed, notices(), 'out of date with dist/*.packages.json: run `node scripts/third-party.js`');
  for (const bundle of ['extension', 'engine', 'webview']) {
    const packages = JSON.parse(readFileSync(join(REPO, 'dist', `${bundle}.packages.json`), 'utf8')) as { name: string; version: string }[];
    assert.ok(packages.length > 5, `${bundle}: ${packages.length} packages`);
    for (const p of packages) assert.ok(committed.includes(`### ${p.name} ${p.version}\n`), `${p.name} ${p.version} (${bundle}) has its section`);
  }
  for (const must of ['@comfyorg/litegraph', 'chart.js', '@tensorflow/tfjs-core', 'h5wasm', 'pngjs', 'jpeg-js', 'fflate', 'onnxruntime-node', 'webgpu']) assert.match(committed, new RegExp(`^\\| ${must.replace(/[./]/g, '\\$&')} \\|`, 'm'), must);
  assert.match(committed, /VGG-19 weights[\s\S]*Simonyan[\s\S]*CC BY 4\.0/);
  assert.match(committed, /Face models[\s\S]*Copyright \(c\) Vladimir Mandic/);
});

test('the .vsix of this platform ships the engine (dist/engine.js) and the npm files it loads under dist/node_modules/, with this platform\'s native libraries only; the universal one ships none', () => {
  const target = `${process.platform}-${process.arch}`;
  assert.ok(vsix['extension/dist/engine.js'], 'the engine bundle');
  assert.match(text('extension.vsixmanifest'), new RegExp(`TargetPlatform="${target}"`));
  const natives = Object.keys(vsix).filter((f) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(f));
  assert.ok(natives.some((f) => f.startsWith(`extension/dist/node_modules/onnxruntime-node/bin/napi-v6/${target.replace('-', '/')}/onnxruntime_binding.node`)), natives.join(', '));
  assert.ok(natives.some((f) => f === `extension/dist/node_modules/webgpu/dist/${target}/dawn.node`), natives.join(', '));
  assert.deepEqual(natives.filter((f) => !f.includes(target) && !f.includes(target.replace('-', '/'))), [], 'no other platform\'s library');
  assert.ok(vsix['extension/dist/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm'], 'the threaded wasm build');
  const universal = unzipSync(new Uint8Array(readFileSync(packaged('universal'))));
  assert.ok(universal['extension/dist/engine.js']);
  assert.deepEqual(Object.keys(universal).filter((f) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(f)), []);
  assert.doesNotMatch(strFromU8(universal['extension.vsixmanifest']!), /TargetPlatform=/);
});

test('the icon is a 128x128 PNG in the .vsix, named by the manifest', () => {
  assert.equal(manifest.icon, 'media/icon.png');
  const png = PNG.sync.read(Buffer.from(vsix['extension/media/icon.png']!));
  assert.deepEqual([png.width, png.height], [128, 128]);
  assert.match(text('extension.vsixmanifest'), /<Icon>extension\/media\/icon\.png<\/Icon>/);
});

test('every picture of the packaged README is a file the .vsix ships, embedded (VS Code shows a relative image of an installed .vsix broken)', () => {
  const source = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1]!, rel: m[2]! }));
  assert.ok(source.length >= 3);
  const packaged = [...text('extension/readme.md').matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1]!, src: m[2]! }));
  assert.equal(packaged.length, source.length);
  for (const { alt, rel } of source) {
    const shown = packaged.find((p) => p.alt === alt);
    const data = /^data:image\/png;base64,(.+)$/.exec(shown?.src ?? '');
    assert.ok(data, `${rel} is a PNG data: URI in the packaged README: ${shown?.src.slice(0, 40)}`);
    const file = vsix[`extension/${rel}`];
    assert.ok(file, `${rel} ships in the .vsix`);
    assert.deepEqual(Buffer.from(data[1]!, 'base64'), Buffer.from(file), rel);
  }
  // Relative links to files that do not ship keep only their text; absolute links and anchors stay.
  assert.doesNotMatch(text('extension/readme.md'), /\]\((?![a-z][a-z0-9+.-]*:|#)[^)]*\)/i);
  assert.match(text('extension/readme.md'), /\[Run history\]\(#run-history\)/);
});

test('packaging stops on a README picture that would not ship', () => {
  const png = readFileSync(join(REPO, 'media', 'icon.png'));
  assert.match(packagedReadme('![a](media/icon.png)\n', () => png), /^!\[a\]\(data:image\/png;base64,/);
  assert.throws(() => packagedReadme('![a](media/icon.png) ![b](media/missing.png)\n', (rel) => (rel === 'media/icon.png' ? png : undefined)), /media\/missing\.png/);
  assert.equal(packagedReadme('[bench](bench/README.md) [up](#top) [npm](https://www.npmjs.com/)\n', () => undefined), 'bench [up](#top) [npm](https://www.npmjs.com/)\n');
});

/** The activation events VS Code 1.100 generates from a manifest's contributions (its activationEventsGenerator entries that apply here). */
function inferredActivationEvents(contributes: Record<string, unknown[]>): string[] {
  const items = (point: string) => (contributes[point] ?? []) as Record<string, unknown>[];
  return [
    ...items('commands').map((c) => `onCommand:${c.command}`),
    ...items('customEditors').map((c) => `onCustomEditor:${c.viewType}`),
    ...items('languages').filter((l) => l.configuration).map((l) => `onLanguage:${l.id}`),
    ...items('walkthroughs').map((w) => `onWalkthrough:${w.id}`),
    ...items('authentication').map((a) => `onAuthenticationRequest:${a.id}`),
    ...items('taskDefinitions').map((t) => `onTaskType:${t.type}`),
  ];
}

test('no activation event that VS Code infers from the contributions (commands, custom editors, languages, walkthroughs; engines.vscode >= 1.74)', () => {
  assert.ok(semver.subset(manifest.engines.vscode, '>=1.74.0'), manifest.engines.vscode);
  const inferred = new Set(inferredActivationEvents(manifest.contributes));
  assert.ok(inferred.has('onCommand:stylegraph.newGraph') && inferred.has('onCustomEditor:stylegraph.editor'));
  const redundant = ((manifest.activationEvents ?? []) as string[]).filter((e) => inferred.has(e));
  assert.deepEqual(redundant, []);
});

test('the Get Started walkthrough: six steps, each with a button whose command exists (contributed and registered), media that ships, and completion events on real commands', () => {
  const [walkthrough, ...others] = manifest.contributes.walkthroughs as { id: string; steps: { id: string; title: string; description: string; media: Record<string, string>; completionEvents?: string[] }[] }[];
  assert.equal(others.length, 0);
  const contributed = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
  const source = readFileSync(join(REPO, 'src', 'extension', 'extension.ts'), 'utf8');
  const registered = new Set([...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]!));
  for (const command of contributed) assert.ok(registered.has(command), `${command} is registered in src/extension/extension.ts`);
  const builtIn = new Set(['workbench.action.openSettings']);
  assert.deepEqual(walkthrough!.steps.map((s) => s.id), ['newGraph', 'weights', 'run', 'addLayer', 'sweep', 'compare']);
  for (const step of walkthrough!.steps) {
    const buttons = [...step.description.matchAll(/\[[^\]]+\]\(command:([\w.]+)/g)].map((m) => m[1]!);
    assert.equal(buttons.length, 1, `${step.id}: one button`);
    for (const command of buttons) assert.ok(contributed.has(command) || builtIn.has(command), `${step.id}: ${command} exists`);
    for (const event of step.completionEvents ?? []) {
      const command = /^onCommand:(.+)$/.exec(event)?.[1];
      if (command) assert.ok(contributed.has(command), `${step.id}: ${event}`);
    }
    const media = step.media.image ?? step.media.markdown;
    assert.ok(media && vsix[`extension/${media}`], `${step.id}: ${media} ships`);
    if (!['newGraph', 'weights'].includes(step.id)) assert.match(step.description, /[Nn]eeds an open graph/, `${step.id} says it needs an open graph`);
  }
});

test('Open VSX\'s checks: publisher and name, version, field sizes and characters, galleryBanner, a licence file and a PNG icon', () => {
  const packaged = JSON.parse(text('extension/package.json'));
  const name = /^[\w\-+$~]+$/;
  assert.match(packaged.publisher, name);
  assert.match(packaged.name, name);
  assert.match(packaged.name, /^[a-z0-9][a-z0-9-]*$/, 'the Marketplace wants lower case too');
  assert.match(packaged.version, /^[\p{L}\p{N}$+\-,.:;_]+$/u);
  assert.ok(!['latest', 'pre-release', 'reviews'].includes(packaged.version));
  const controls = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u;
  for (const [field, value, limit] of [['displayName', packaged.displayName, 255], ['description', packaged.description, 2048], ['license', packaged.license, 255]] as const) {
    assert.ok(typeof value === 'string' && value.length > 0 && value.length <= limit, `${field}: ${value}`);
    assert.doesNotMatch(value, controls, field);
  }
  for (const [field, values] of [['categories', packaged.categories], ['keywords', packaged.keywords]] as const) {
    assert.ok(Array.isArray(values) && values.length > 0, field);
    for (const v of values as string[]) assert.ok(v.length <= 255 && !controls.test(v), `${field}: ${v}`);
  }
  assert.ok(packaged.keywords.length <= 30, 'vsce allows 30 keywords');
  const categories = ['Azure', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization', 'AI', 'Chat', 'Other'];
  for (const c of packaged.categories as string[]) assert.ok(categories.includes(c), `category ${c}`);
  assert.match(packaged.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(packaged.galleryBanner.color.length <= 16);
  assert.ok(['dark', 'light'].includes(packaged.galleryBanner.theme));
  assert.ok(vsix['extension/LICENSE.txt'] && vsix[`extension/${packaged.icon}`]);
  assert.match(packaged.icon, /\.png$/, 'no SVG icon');
  assert.equal(packaged.allowScripts, undefined, 'npm-only fields stay out of the .vsix manifest');
});

test('the npm package (npm pack --dry-run) holds LICENSE, THIRD_PARTY_NOTICES.md and README.md beside the CLI', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { files: { path: string }[] }[];
  const files = new Set(packed!.files.map((f) => f.path));
  for (const must of ['LICENSE', 'THIRD_PARTY_NOTICES.md', 'README.md', 'package.json', 'bin/stylegraph.js', 'examples/samples/LICENCES.md', 'models/vgg19.json']) assert.ok(files.has(must), must);
  assert.ok([...files].some((f) => f.startsWith('out/src/cli/')), 'the built CLI');
  assert.ok(![...files].some((f) => f.startsWith('test/') || f.startsWith('out/test/') || f.startsWith('node_modules/')), 'no tests or dependencies');
});

test('npm: allowScripts decides every install script in the lockfile (none runs: none is needed), and engines.node admits no Node a dependency refuses', () => {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; hasInstallScript?: boolean; optional?: boolean; engines?: { node?: string } }> };
  const withScripts = Object.entries(lock.packages).filter(([key, p]) => key !== '' && p.hasInstallScript).map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
  assert.ok(withScripts.includes('onnxruntime-node'));
  assert.deepEqual(withScripts.filter((name) => !(name in manifest.allowScripts)), [], 'each package with an install script has an allowScripts entry');
  assert.deepEqual(Object.entries(manifest.allowScripts).filter(([, allowed]) => allowed !== false), [], 'none runs');
  // npm 10 does not read allowScripts: .npmrc keeps it from running them (and holds only keys npm knows).
  const npmrc = readFileSync(join(REPO, '.npmrc'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(npmrc, ['ignore-scripts=true']);
  // onnxruntime-node's native CPU library ships in its package: its install script only fetches the CUDA providers.
  assert.ok(lock.packages['node_modules/onnxruntime-node'] && readFileSync(join(REPO, 'node_modules', 'onnxruntime-node', 'script', 'install-metadata.js'), 'utf8').includes("'linux/x64': ['cuda12']"));
  const ours = manifest.engines.node as string;
  for (const major of ['20', '22']) assert.ok(semver.satisfies(`${major}.99.0`, ours), `Node ${major} is supported: ${ours}`);
  const refused = Object.entries(lock.packages)
    .filter(([key, p]) => key !== '' && !p.optional && p.engines?.node && !semver.subset(ours, p.engines.node))
    .map(([key, p]) => `${key} ${p.version} wants ${p.engines!.node}`);
  assert.deepEqual(refused, []);
  assert.equal(lock.packages['']!.engines!.node, ours, 'package-lock.json is in step with package.json');
});
