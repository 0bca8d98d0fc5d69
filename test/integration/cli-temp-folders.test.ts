import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy, type CliResult } from '../helpers/cli';
import { mountTmpfs } from '../helpers/tmpfs';
import { defaultWasmThreads } from '../../src/node/backend';

// The onnx backend's folder (its weights file) and the threaded wasm build's (its scripts) in the
// system's temporary folder, after runs that end in a kill or a hang-up.

let ws: string;
let weights: string;
const seed = () => join(ws, 'examples', 'seed.stylegraph.json');
const onnxRun = (iterations: number, out: string) => ['run', seed(), '--weights', weights, '--size', '24x32', '--iterations', String(iterations), '--seed', '5', '--backend', 'onnx', '--json', '--no-history', '--out', join(ws, out)];
const isProgress = (line: string) => line.startsWith('{"event":"progress"');

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});
after(() => rmSync(ws, { recursive: true, force: true }));

function freshTemp(): string {
  return mkdtempSync(join(ws, 'tmp-'));
}

test('what a SIGKILLed onnx run leaves in TMPDIR is removed by the next run, which leaves nothing itself', async () => {
  const temp = freshTemp();
  const killed = await runCli(onnxRun(1000, 'killed.png'), { cwd: ws, env: { TMPDIR: temp }, onStdoutLine: (line) => (isProgress(line) ? 'SIGKILL' : undefined) });
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);
  const left = readdirSync(temp);
  const onnx = left.find((name) => name.startsWith(`stylegraph-onnx-${killed.pid}-`));
  assert.ok(onnx, `the killed run's onnx folder is there: ${left.join(', ')}`);
  assert.ok(existsSync(join(temp, onnx, 'weights.bin')));
  assert.ok(left.every((name) => name.startsWith('stylegraph-') && name.includes(`-${killed.pid}-`)), left.join(', '));

  let during: string[] = [];
  const next = await runCli(onnxRun(3, 'next.png'), {
    cwd: ws,
    env: { TMPDIR: temp },
    onStdoutLine: (line) => {
      if (isProgress(line) && !during.length) during = readdirSync(temp);
      return undefined;
    },
  });
  assert.equal(next.code, 0, next.stderr);
  assert.ok(during.length > 0, 'the next run had its own folders while it ran');
  assert.deepEqual(during.filter((name) => !name.includes(`-${next.pid}-`)), [], 'nothing of the killed run is left while the next one runs');
  assert.deepEqual(readdirSync(temp), [], 'and nothing at all once it has ended');
});

test('SIGHUP (the terminal closed) stops an onnx run like Ctrl-C: exit 130, nothing written, its temporary folders removed', async () => {
  const temp = freshTemp();
  let seen: string[] = [];
  const r = await runCli(onnxRun(1000, 'hangup.png'), {
    cwd: ws,
    env: { TMPDIR: temp },
    onStdoutLine: (line) => {
      if (!isProgress(line) || seen.length) return undefined;
      seen = readdirSync(temp);
      return 'SIGHUP';
    },
  });
  assert.equal(r.code, 130, `${r.signal ?? ''} ${r.stderr}`);
  assert.ok(seen.some((name) => name.startsWith(`stylegraph-onnx-${r.pid}-`)), `the run had its folder: ${seen.join(', ')}`);
  const events = r.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event);
  assert.equal(events.at(-1), 'cancelled');
  assert.match(r.stderr, /cancelled after \d+ iterations; nothing written/);
  assert.equal(existsSync(join(ws, 'hangup.png')), false);
  assert.deepEqual(readdirSync(temp), []);
});

test('a run leaves the temporary folders of a run still going in the same TMPDIR alone', async () => {
  const temp = freshTemp();
  let second: Promise<CliResult> | undefined;
  let firstFolders: string[] = [];
  let keptDuringSecond = false;
  let stop = false;
  let interrupted = false;
  const first = await runCli(onnxRun(5000, 'long.png'), {
    cwd: ws,
    env: { TMPDIR: temp },
    onStdoutLine: (line) => {
      if (!isProgress(line)) return undefined;
      if (!second) {
        firstFolders = readdirSync(temp);
        second = runCli(onnxRun(2, 'short.png'), { cwd: ws, env: { TMPDIR: temp } }).then((r) => {
          keptDuringSecond = firstFolders.every((name) => existsSync(join(temp, name)));
          stop = true;
          return r;
        });
      }
      if (!stop || interrupted) return undefined;
      interrupted = true;
      return 'interrupt';
    },
  });
  const short = await second!;
  assert.equal(short.code, 0, short.stderr);
  assert.equal(first.code, 130, `the long run was still going when the short one ended: ${first.stderr}`);
  assert.ok(firstFolders.some((name) => name.startsWith(`stylegraph-onnx-${first.pid}-`)), firstFolders.join(', '));
  assert.ok(keptDuringSecond, 'the short run removed none of the long run\'s folders');
  assert.deepEqual(readdirSync(temp), []);
});

test('a full temporary folder (a 1 MB tmpfs as TMPDIR): the onnx run stops before the loop, saying how much it needs there and what to do; nothing left', async (t) => {
  const tmpfs = mountTmpfs('1m');
  if (!tmpfs) return t.skip('needs root to mount a tmpfs');
  t.after(() => tmpfs.unmount());
  // 64 channels a layer: a weights file of 4.4 MB.
  const wide = await writeTfjsFiles(randomVggWeights(6, Array<number>(16).fill(64)), join(ws, 'wide'));
  const r = await runCli(['run', seed(), '--weights', wide, '--size', '24x32', '--iterations', '2', '--backend', 'onnx', '--no-history', '--out', join(ws, 'full.png')], { cwd: ws, env: { TMPDIR: tmpfs.path } });
  assert.equal(r.code, 1, r.stderr);
  const free = '(0\\.\\d|1\\.0) MB free';
  assert.match(r.stderr, new RegExp(`^stylegraph: the onnx backend needs up to 8\\.9 MB in the system's temporary folder, ${tmpfs.path} \\(4\\.4 MB for its copy of the VGG-19 weights, .*\\), and it has ${free}: set TMPDIR to a folder with more space, or use --backend wasm$`, 'm'));
  assert.equal(existsSync(join(ws, 'full.png')), false);
  assert.deepEqual(readdirSync(tmpfs.path), []);
});

test('a temporary folder too full for the threaded wasm build\'s scripts: the error says so and how to do without them', async (t) => {
  if (defaultWasmThreads() < 2) return t.skip('one CPU: the one-thread build writes no scripts');
  const tmpfs = mountTmpfs('64k');
  if (!tmpfs) return t.skip('needs root to mount a tmpfs');
  t.after(() => tmpfs.unmount());
  const r = await runCli(['run', seed(), '--weights', weights, '--size', '24x32', '--iterations', '2', '--backend', 'wasm', '--no-history', '--out', join(ws, 'full.png')], { cwd: ws, env: { TMPDIR: tmpfs.path } });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^stylegraph: the threaded wasm backend needs up to [\\d.]+ MB in the system's temporary folder, ${tmpfs.path} \\(its worker scripts\\), and it has [\\d.]+ MB free: set TMPDIR to a folder with more space, or set STYLEGRAPH_WASM_THREADS=1 \\(one thread, nothing written there\\) \\(ENOSPC: no space left on device, write\\)$`, 'm'));
  assert.deepEqual(readdirSync(tmpfs.path), []);
});
