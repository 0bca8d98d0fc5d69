import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { findFfmpeg } from '../../src/node/ffmpeg-find';
import { runFfmpeg, startFfmpeg } from '../../src/node/ffmpeg-process';

// The functions take any program: Node itself stands in for ffmpeg where its output is what matters.
const found = findFfmpeg();
const ffmpeg = 'path' in found ? found.path : undefined;

test('runFfmpeg: the exit code, stdout and stderr of the program', { skip: !ffmpeg && 'no ffmpeg' }, async () => {
  const version = await runFfmpeg(ffmpeg!, ['-hide_banner', '-version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^ffmpeg version /);
  const bad = await runFfmpeg(ffmpeg!, ['-hide_banner', '-nostdin', '-i', 'file:/no/such/video.mp4']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /No such file or directory/);
});

test('only the last 64 KiB of stderr is kept, and arguments reach the program as they are (no shell)', async () => {
  const script = 'process.stderr.write("x".repeat(100000) + process.argv[1])';
  const run = await runFfmpeg(process.execPath, ['-e', script, '$(echo no); END']);
  assert.equal(run.code, 0);
  assert.equal(run.stderr.length, 64 * 1024);
  assert.ok(run.stderr.endsWith('x$(echo no); END'));
});

test('a program that cannot start: code null and why, without throwing', async () => {
  const run = await runFfmpeg('/no/such/ffmpeg', ['-version']);
  assert.equal(run.code, null);
  assert.match(run.stderr, /^cannot start \/no\/such\/ffmpeg: spawn \/no\/such\/ffmpeg ENOENT/);
});

test('the signal kills the program at once; an aborted signal starts nothing', async () => {
  const controller = new AbortController();
  const started = startFfmpeg(process.execPath, ['-e', 'process.stdin.resume()'], { signal: controller.signal, stdin: true });
  await once(started.child, 'spawn');
  controller.abort();
  const { code } = await started.done;
  assert.equal(code, null);
  assert.equal(started.child.signalCode, 'SIGKILL');
  await assert.rejects(runFfmpeg(process.execPath, ['-e', ''], controller.signal), { name: 'AbortError' });
});

test('runFfmpeg throws when the signal aborts during the run', async () => {
  const controller = new AbortController();
  const running = runFfmpeg(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], controller.signal);
  controller.abort();
  await assert.rejects(running, { name: 'AbortError' });
});
