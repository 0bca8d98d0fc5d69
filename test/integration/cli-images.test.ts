import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy, type CliResult } from '../helpers/cli';
import { greyPng, pngBytes } from '../helpers/image-bytes';

// Every input image's header is checked against the pixel limit, and every input file for being
// there, inside the graph's folder, before the weights are looked for: a run that got as far as
// the weights would name `noWeights()` (a file that does not exist) or try to download.

let ws: string;
let weights: string;
const examples = () => join(ws, 'examples');
const small = ['--size', '24x32', '--iterations', '2', '--backend', 'cpu', '--no-history'];
const noWeights = () => join(ws, 'weights', 'never-read.h5');
/** No weights anywhere and no network: a run that reached the weights would say "download ... failed". */
const offline = { STYLEGRAPH_WEIGHTS_URL: 'http://127.0.0.1:9/vgg19.h5' };
const BOMB = 'declares 30000x30000 pixels (900 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)';

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
  writeFileSync(join(examples(), 'bomb.png'), pngBytes(30000, 30000));
});
after(() => rmSync(ws, { recursive: true, force: true }));

/** Writes a copy of example `from` as `name`, each [old, new] text replaced once; returns its path. */
function graphFrom(from: string, name: string, ...edits: [string, string][]): string {
  let text = readFileSync(join(examples(), from), 'utf8');
  for (const [old, replacement] of edits) {
    assert.ok(text.includes(old), old);
    text = text.replace(old, replacement);
  }
  const file = join(examples(), name);
  writeFileSync(file, text);
  return file;
}

const seedWith = (name: string, content: string) => graphFrom('seed.stylegraph.json', name, ['"path": "samples/chelsea.png"', `"path": ${JSON.stringify(content)}`]);

/** Runs the CLI with a preload that writes the process's peak RSS (KiB) to a file; returns the result, the peak in MiB and the wall time. */
async function measuredRun(args: string[], env: Record<string, string> = {}): Promise<CliResult & { rssMiB: number; seconds: number }> {
  const preload = join(ws, 'peak-rss.js');
  const report = join(ws, `peak-rss-${Date.now()}.txt`);
  writeFileSync(preload, "process.on('exit', () => require('fs').writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
  const started = performance.now();
  const r = await runCli(args, { cwd: ws, env: { ...env, NODE_OPTIONS: `--require ${preload}`, PEAK_RSS_FILE: report } });
  return { ...r, seconds: (performance.now() - started) / 1000, rssMiB: Number(readFileSync(report, 'utf8')) / 1024 };
}

test('a PNG declaring 30000x30000 in image.load: one line naming node, file and size, before the weights, in little memory and time', async () => {
  const graph = seedWith('bomb-load.stylegraph.json', 'bomb.png');
  const r = await measuredRun(['run', graph, '--weights', noWeights(), ...small, '--json']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, `stylegraph: node "content" (image.load): path "bomb.png" ${BOMB}\n`);
  assert.equal((JSON.parse(r.stdout) as { nodeId: string }).nodeId, 'content');
  console.log(`bomb in image.load: exit 1 after ${r.seconds.toFixed(2)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  assert.ok(r.rssMiB < 200, `peak RSS ${r.rssMiB} MiB`);
  assert.ok(r.seconds < 10, `${r.seconds} s`);
  assert.equal(existsSync(join(ws, '.cache')), false, 'the weights were not looked for');
});

test('the same PNG as an image.mask, and in a face.database folder (validate and run)', async () => {
  const mask = graphFrom('two-regions.stylegraph.json', 'bomb-mask.stylegraph.json', ['"path": "samples/two-regions-mask.png"', '"path": "bomb.png"']);
  const m = await runCli(['run', mask, '--weights', noWeights(), ...small], { cwd: ws });
  assert.equal(m.code, 1, m.stderr);
  assert.equal(m.stderr, `stylegraph: node "mask_a" (image.mask): path "bomb.png" ${BOMB}\n`);

  mkdirSync(join(examples(), 'people', 'alice'), { recursive: true });
  writeFileSync(join(examples(), 'people', 'alice', '1.png'), greyPng(20, 20, 128));
  writeFileSync(join(examples(), 'people', 'bob_1.png'), pngBytes(30000, 30000));
  const faces = graphFrom('identify.stylegraph.json', 'bomb-faces.stylegraph.json', ['"path": "samples/faces"', '"path": "people"']);
  const v = await runCli(['validate', faces], { cwd: ws });
  assert.equal(v.code, 1);
  assert.equal(v.stdout, `${faces}: 1 problem\n  - node "known" (face.database): path "people": image "bob_1.png" ${BOMB}\n`);
  // run decodes nothing of it either; a 3000x3000 one under a 1 MP limit keeps this test harmless on code that would decode it.
  writeFileSync(join(examples(), 'people', 'bob_1.png'), pngBytes(3000, 3000));
  const r = await runCli(['run', faces], { cwd: ws, env: { STYLEGRAPH_MAX_PIXELS: '1000000' } });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, 'stylegraph: node "known" (face.database): path "people": image "bob_1.png" declares 3000x3000 pixels (9 MP), over the 1 MP limit (STYLEGRAPH_MAX_PIXELS)\n');
});

test('STYLEGRAPH_MAX_PIXELS raises and lowers the limit; a value that is not a number of pixels is refused', async () => {
  const graph = seedWith('bomb-raised.stylegraph.json', 'bomb.png');
  const raised = await runCli(['run', graph, '--weights', noWeights(), ...small], { cwd: ws, env: { STYLEGRAPH_MAX_PIXELS: '1000000000' } });
  assert.equal(raised.code, 1);
  assert.match(raised.stderr, /never-read.h5: no such file/, 'past the image check, on to the weights');
  const lowered = await runCli(['validate', join(examples(), 'seed.stylegraph.json')], { cwd: ws, env: { STYLEGRAPH_MAX_PIXELS: '200000' } });
  assert.equal(lowered.code, 1);
  assert.match(lowered.stdout, /^ {2}- node "style" \(image.load\): path "samples\/hubble_deep_field.jpg" declares 1000x872 pixels, over the limit of 200000 pixels \(STYLEGRAPH_MAX_PIXELS\)$/m);
  assert.doesNotMatch(lowered.stdout, /chelsea/, '451x300 is within 200000');
  const bad = await runCli(['run', graph, '--weights', noWeights(), ...small], { cwd: ws, env: { STYLEGRAPH_MAX_PIXELS: '64MP' } });
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, 'stylegraph: STYLEGRAPH_MAX_PIXELS must be a whole number of pixels (e.g. 100000000 for 100 MP), not "64MP"\n');
});

test('a missing image, a folder, a cut-short header: named before the weights (offline: not a download error; --weights: not the weights file)', async () => {
  const whole = greyPng(40, 30, 9);
  writeFileSync(join(examples(), 'cut.png'), whole.subarray(0, 25));
  mkdirSync(join(examples(), 'folder.png'));
  const cases: [string, string][] = [
    ['samples/missing.png', `path "samples/missing.png" is not there (${join(examples(), 'samples', 'missing.png')})`],
    ['folder.png', 'path "folder.png" is a folder, not an image file'],
    ['cut.png', 'path "cut.png" is not a valid PNG: the file ends inside its header (IHDR)'],
    ['seed.stylegraph.json', 'path "seed.stylegraph.json" is neither a PNG nor a JPEG file'],
  ];
  for (const [path, why] of cases) {
    const graph = seedWith('input.stylegraph.json', path);
    const off = await runCli(['run', graph, ...small], { cwd: ws, env: offline });
    assert.equal(off.code, 1, path);
    assert.equal(off.stderr, `stylegraph: node "content" (image.load): ${why}\n`, path);
    const local = await runCli(['run', graph, '--weights', noWeights(), ...small], { cwd: ws });
    assert.equal(local.stderr, `stylegraph: node "content" (image.load): ${why}\n`, path);
  }
});

test('validate checks input files as run does: a missing image and a symbolic link out of the folder', async () => {
  const outside = join(ws, 'elsewhere');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.png'), greyPng(4, 4, 1));
  symlinkSync(outside, join(examples(), 'link-away'));
  const graph = graphFrom('seed.stylegraph.json', 'two-bad-inputs.stylegraph.json', ['"path": "samples/chelsea.png"', '"path": "samples/missing.png"'], ['"path": "samples/hubble_deep_field.jpg"', '"path": "link-away/secret.png"']);
  const v = await runCli(['validate', graph], { cwd: ws });
  assert.equal(v.code, 1);
  assert.equal(v.stdout, [
    `${graph}: 2 problems`,
    `  - node "content" (image.load): path "samples/missing.png" is not there (${join(examples(), 'samples', 'missing.png')})`,
    `  - node "style" (image.load): path "link-away/secret.png" leads outside the graph file's folder (${examples()}) through a symbolic link`,
    '',
  ].join('\n'));
  // run lists both too, before the weights
  const r = await runCli(['run', graph, '--weights', noWeights(), ...small, '--json'], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /two-bad-inputs.stylegraph.json: 2 problems:\n {2}- node "content" \(image.load\): path "samples\/missing.png" is not there .*\n {2}- node "style" \(image.load\): path "link-away\/secret.png" leads outside/);
  assert.equal((JSON.parse(r.stdout) as { nodeId: string }).nodeId, 'content');
});

test('image data damaged past a good header: our words, not pngjs\'s or jpeg-js\'s', async () => {
  const whole = greyPng(40, 30, 9);
  writeFileSync(join(examples(), 'cut-data.png'), whole.subarray(0, whole.length - 30));
  const jpeg = readFileSync(join(examples(), 'samples', 'hubble_deep_field.jpg'));
  writeFileSync(join(examples(), 'cut-data.jpg'), jpeg.subarray(0, jpeg.length / 2));
  const png = await runCli(['run', seedWith('cut-data.stylegraph.json', 'cut-data.png'), '--weights', weights, ...small], { cwd: ws });
  assert.equal(png.code, 1);
  assert.equal(png.stderr.trim().split('\n').at(-1), `stylegraph: node "content": cannot read image "cut-data.png": ${join(examples(), 'cut-data.png')} is not a valid PNG: the file ends before its image data does`);
  const jpg = await runCli(['run', seedWith('cut-data-jpeg.stylegraph.json', 'cut-data.jpg'), '--weights', weights, ...small], { cwd: ws });
  assert.equal(jpg.code, 1);
  assert.equal(jpg.stderr.trim().split('\n').at(-1), `stylegraph: node "content": cannot read image "cut-data.jpg": ${join(examples(), 'cut-data.jpg')} is not a valid JPEG: the file ends before its image data does`);
  for (const r of [png, jpg]) assert.doesNotMatch(r.stderr, /waitng|finished stream|marker was not found|out of range/);
});

test('a symbolic link in a face.database folder is skipped with a note naming it (validate and run)', async () => {
  const faces = join(examples(), 'samples', 'faces');
  symlinkSync(join(faces, 'astronaut', 'mirrored-crop.png'), join(faces, 'astronaut', 'again.png'));
  symlinkSync(join(faces, 'hopper'), join(faces, 'grace'));
  const graph = join(examples(), 'identify.stylegraph.json');
  const notes = [
    'node "known" (face.database): path "samples/faces": skipped "astronaut/again.png": it is a symbolic link; only files and folders inside the folder are read',
    'node "known" (face.database): path "samples/faces": skipped "grace": it is a symbolic link; only files and folders inside the folder are read',
  ];
  const v = await runCli(['validate', graph], { cwd: ws });
  assert.equal(v.code, 0, v.stdout);
  assert.equal(v.stdout, [`${graph}: ok`, ...notes.map((n) => `  note: ${n}`), ''].join('\n'));
  const r = await runCli(['run', graph], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  for (const note of notes) assert.ok(r.stderr.includes(`${note}\n`), r.stderr);
  assert.match(r.stderr, /^who: astronaut/m);
});
