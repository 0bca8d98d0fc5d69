import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

let ws: string;
let weights: string;
const examples = () => join(ws, 'examples');
const seedText = () => readFileSync(join(examples(), 'seed.stylegraph.json'), 'utf8');
const small = ['--size', '24x32', '--iterations', '2', '--backend', 'cpu'];
/** A weights file that does not exist: a run that got as far as the weights would say so. */
const noWeights = () => join(ws, 'weights', 'never-read.h5');

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});
after(() => rmSync(ws, { recursive: true, force: true }));

/** Writes a copy of the seed graph beside it with the result's and/or the content's path changed. */
function graphWith(name: string, paths: { output?: string; content?: string }): string {
  let text = seedText();
  if (paths.output !== undefined) text = text.replace('"path": "seed-result.png"', `"path": ${JSON.stringify(paths.output)}`);
  if (paths.content !== undefined) text = text.replace('"path": "samples/chelsea.png"', `"path": ${JSON.stringify(paths.content)}`);
  const file = join(examples(), name);
  writeFileSync(file, text);
  return file;
}

test('validate reports a graph path outside its folder as a problem of the node', async () => {
  const escape = graphWith('escape.stylegraph.json', { output: '/tmp/stylegraph-overwrite.png' });
  const self = graphWith('self.stylegraph.json', { output: 'samples/chelsea.png' });
  const r = await runCli(['validate', escape, self], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /escape.stylegraph.json: 1 problem\n {2}- node "result": path "\/tmp\/stylegraph-overwrite.png" is absolute; paths are relative to the graph file's folder/);
  assert.match(r.stdout, /self.stylegraph.json: 1 problem\n {2}- node "result": path "samples\/chelsea.png" is the image that node "content" reads/);
});

test('run refuses a graph that writes outside its folder, before loading anything, and writes nothing', async () => {
  const graph = graphWith('outside.stylegraph.json', { output: '../escaped.png' });
  const r = await runCli(['run', graph, '--weights', noWeights(), ...small, '--json'], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /node "result": path "\.\.\/escaped.png" leads outside the graph file's folder/);
  assert.equal((JSON.parse(r.stdout.trim()) as { nodeId: string }).nodeId, 'result');
  assert.equal(existsSync(join(ws, 'escaped.png')), false);
  assert.equal(existsSync(join(ws, 'outside.png')), false);
  assert.equal(existsSync(join(ws, '.cache')), false, 'the weights were not looked for');
});

test('run refuses an output that overwrites an input, leaving the input as it was', async () => {
  const input = join(examples(), 'samples', 'chelsea.png');
  const bytes = readFileSync(input);
  const graph = graphWith('overwrite.stylegraph.json', { output: 'samples/../samples/chelsea.png' });
  const r = await runCli(['run', graph, '--weights', weights, ...small], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /node "result": path "samples\/..\/samples\/chelsea.png" is the image that node "content" reads/);
  assert.ok(readFileSync(input).equals(bytes));
});

test('symbolic links out of the graph\'s folder are refused for outputs and inputs (validate sees the inputs\', run all)', async () => {
  const outside = join(ws, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.png'), readFileSync(join(examples(), 'samples', 'brick.png')));
  symlinkSync(outside, join(examples(), 'link-out'));
  const out = graphWith('link-output.stylegraph.json', { output: 'link-out/x.png' });
  const r = await runCli(['run', out, '--weights', noWeights(), ...small], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /stylegraph: node "result": path "link-out\/x.png" leads outside the graph file's folder \(.*\) through a symbolic link/);
  assert.deepEqual(readdirSync(outside), ['secret.png']);
  const input = graphWith('link-input.stylegraph.json', { content: 'link-out/secret.png' });
  const i = await runCli(['run', input, '--weights', noWeights(), ...small, '--json'], { cwd: ws });
  assert.equal(i.code, 1);
  assert.match(i.stderr, /node "content" \(image.load\): path "link-out\/secret.png" leads outside the graph file's folder/);
  assert.equal((JSON.parse(i.stdout.trim()) as { nodeId: string }).nodeId, 'content');
  const v = await runCli(['validate', input], { cwd: ws });
  assert.equal(v.code, 1);
  assert.match(v.stdout, /link-input.stylegraph.json: 1 problem\n {2}- node "content" \(image.load\): path "link-out\/secret.png" leads outside the graph file's folder \(.*\) through a symbolic link\n/);
});

test('--out may go anywhere but not over the graph file or one of its inputs', async () => {
  const graph = join(examples(), 'seed.stylegraph.json');
  const before = seedText();
  const self = await runCli(['run', graph, '--weights', noWeights(), ...small, '--out', graph], { cwd: ws });
  assert.equal(self.code, 1);
  assert.equal(self.stderr.trim(), `stylegraph: --out ${graph}: ${graph} is the graph file; write the image elsewhere`);
  assert.equal(seedText(), before);
  const input = join(examples(), 'samples', 'hubble_deep_field.jpg');
  const bytes = readFileSync(input);
  const clash = await runCli(['run', 'seed.stylegraph.json', '--weights', noWeights(), ...small, '--out', 'samples/./hubble_deep_field.jpg'], { cwd: examples() });
  assert.equal(clash.code, 1);
  assert.equal(clash.stderr.trim(), `stylegraph: --out samples/./hubble_deep_field.jpg: ${input} is the image "samples/hubble_deep_field.jpg" that the graph reads; write the image elsewhere`);
  assert.ok(readFileSync(input).equals(bytes));
});

test('an output that cannot be written is refused before the weights are loaded', async () => {
  // A regular file where a folder should be (chmod 0555 would not stop root).
  writeFileSync(join(ws, 'not-a-folder'), 'user data');
  const r = await runCli(['run', join(examples(), 'seed.stylegraph.json'), '--weights', noWeights(), ...small, '--out', 'not-a-folder/final.png'], { cwd: ws });
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), `stylegraph: --out not-a-folder/final.png: cannot write ${join(ws, 'not-a-folder', 'final.png')}: ${join(ws, 'not-a-folder')} is not a folder`);
  assert.equal(readFileSync(join(ws, 'not-a-folder'), 'utf8'), 'user data');
  mkdirSync(join(ws, 'a-folder.png'));
  const folder = await runCli(['run', join(examples(), 'seed.stylegraph.json'), '--weights', noWeights(), ...small, '--out', 'a-folder.png'], { cwd: ws });
  assert.equal(folder.code, 1);
  assert.equal(folder.stderr.trim(), `stylegraph: --out a-folder.png: cannot write ${join(ws, 'a-folder.png')}: it is a folder`);
  writeFileSync(join(examples(), 'renders'), 'user data');
  const graph = graphWith('blocked.stylegraph.json', { output: 'renders/result.png' });
  const node = await runCli(['run', graph, '--weights', noWeights(), ...small, '--json'], { cwd: ws });
  assert.equal(node.code, 1);
  assert.match(node.stderr, /node "result": path: cannot write .*renders\/result.png: .*renders is not a folder/);
  assert.equal((JSON.parse(node.stdout.trim()) as { nodeId: string }).nodeId, 'result');
});

test('--weights naming a folder or a missing file: one line naming the path', async () => {
  const graph = join(examples(), 'seed.stylegraph.json');
  const folder = await runCli(['run', graph, '--weights', join(ws, 'weights'), ...small], { cwd: ws });
  assert.equal(folder.code, 1);
  assert.equal(folder.stderr.trim(), `stylegraph: ${join(ws, 'weights')} is a folder; expected a weights file (Keras .h5, MatConvNet .mat or TensorFlow.js model.json)`);
  const missing = await runCli(['run', graph, '--weights', noWeights(), ...small], { cwd: ws });
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim(), `stylegraph: ${noWeights()}: no such file; expected a weights file (Keras .h5, MatConvNet .mat or TensorFlow.js model.json)`);
});

test('--iterations, --seed and --size outside the catalogue\'s ranges are usage errors (exit 2) naming the flag and the range', async () => {
  const graph = join(examples(), 'seed.stylegraph.json');
  const cases: [string[], string][] = [
    [['--iterations', '1000000000'], '--iterations must be a whole number in 1..100000, not "1000000000"'],
    [['--seed', '99999999999'], '--seed must be a whole number in 0..2147483647, not "99999999999"'],
    [['--size', '5000x300'], '--size must be HxW with each side in 1..4096, e.g. 300x400, not "5000x300"'],
    [['--size', '0x300'], '--size must be HxW with each side in 1..4096, e.g. 300x400, not "0x300"'],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(['run', graph, '--weights', noWeights(), ...args], { cwd: ws });
    assert.equal(r.code, 2, args.join(' '));
    assert.ok(r.stderr.startsWith(`stylegraph: ${message}\n`), r.stderr);
  }
});

test('Ctrl-C during a stalled download exits 130 and leaves no partial file', async (t) => {
  const open = new Set<ServerResponse>();
  const server = createServer((_req, res) => {
    open.add(res);
    res.writeHead(200, { 'content-length': 80_000_000 });
    res.write(Buffer.alloc(1000)); // then stalls
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const cache = join(ws, 'download-cache');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vgg19.h5`;
  const r = await runCli(['run', join(examples(), 'seed.stylegraph.json'), ...small, '--json'], {
    cwd: ws,
    env: { STYLEGRAPH_WEIGHTS_URL: url, STYLEGRAPH_CACHE: cache },
    onStderrLine: (line) => (line.startsWith('downloading VGG-19 weights') ? 'interrupt' : undefined),
  });
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /cancelled before the run started; nothing written/);
  assert.deepEqual(JSON.parse(r.stdout.trim()), { event: 'cancelled', iteration: 0 });
  assert.deepEqual(readdirSync(cache), []);
});

test('a run removes stale temporaries of killed runs beside its outputs and in the cache, and nothing else', async () => {
  const cache = join(ws, 'stale-cache');
  mkdirSync(join(cache, 'abc.tmp-0123456789ab'), { recursive: true });
  const stale = [join(cache, 'abc.tmp-0123456789ab'), join(cache, 'vgg.h5.part-0123456789ab'), join(examples(), 'seed-result.png.tmp-0123456789ab'), join(ws, 'final.png.tmp-0123456789ab')];
  const fresh = [join(examples(), 'seed-result.png.tmp-fedcba987654'), join(cache, 'vgg.h5.part-fedcba987654')];
  const users = [join(examples(), 'other.png.tmp-0123456789ab'), join(ws, 'final.png.tmp-notours')];
  const old = new Date(Date.now() - 2 * 3600_000);
  for (const path of [...stale, ...fresh, ...users]) if (!existsSync(path)) writeFileSync(path, 'x');
  for (const path of [...stale, ...users]) utimesSync(path, old, old);
  const r = await runCli(['run', join(examples(), 'seed.stylegraph.json'), '--weights', weights, ...small, '--out', 'final.png'], { cwd: ws, env: { STYLEGRAPH_CACHE: cache } });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(ws, 'final.png')) && existsSync(join(examples(), 'seed-result.png')));
  for (const path of stale) assert.equal(existsSync(path), false, path);
  for (const path of [...fresh, ...users]) assert.equal(existsSync(path), true, path);
});

test('a run over the memory budget is refused before it starts, with the estimate', async () => {
  const out = join(ws, 'over-budget.png');
  const r = await runCli(['run', join(examples(), 'seed.stylegraph.json'), '--weights', weights, ...small, '--out', out, '--no-history'], { cwd: ws, env: { STYLEGRAPH_MEMORY_MB: '1' } });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /this run does not fit in memory: at 24x32 it needs about [\d.]+ [KMG]i?B of tensors, more than the memory budget \(\$STYLEGRAPH_MEMORY_MB\)/);
  assert.doesNotMatch(r.stderr, /iteration 1/);
  assert.equal(existsSync(out), false);
});
