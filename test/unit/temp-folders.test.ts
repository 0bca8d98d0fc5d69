import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { createTempFolder, removeOrphanedTempFolders } from '../../src/node/temp-folders';
import { REPO } from '../helpers/paths';

const DAY = 24 * 3600_000;

/** A process (another node) that makes a wasm temporary folder in `dir` the way the CLI does, and then waits. */
async function otherOwner(dir: string): Promise<{ readonly folder: string; kill(): Promise<void> }> {
  const script = `const { createTempFolder } = require(${JSON.stringify(join(REPO, 'out', 'src', 'node', 'temp-folders.js'))}); console.log(createTempFolder('wasm').path); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, TMPDIR: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    folder: basename(line.toString().trim()),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

/** Makes a folder named `name` in `dir` with a file of `bytes`, last changed `ageMs` ago. */
function folder(dir: string, name: string, bytes = 10, ageMs = 0): void {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'weights.bin'), Buffer.alloc(bytes));
  const when = new Date(Date.now() - ageMs);
  utimesSync(join(dir, name, 'weights.bin'), when, when);
  utimesSync(join(dir, name), when, when);
}

test('a temporary folder is removed once its owner is gone, however new, and never while it runs', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stylegraph-owners-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  let own: ReturnType<typeof createTempFolder>;
  try {
    own = createTempFolder('onnx');
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  assert.match(basename(own.path), new RegExp(`^stylegraph-onnx-${process.pid}-\\d+-[A-Za-z0-9]{6}$`));
  const [, startTime] = /^stylegraph-onnx-\d+-(\d+)-/.exec(basename(own.path))!;

  const other = await otherOwner(dir);
  t.after(() => other.kill());
  // This PID with another start time: an earlier process that had it, now gone.
  folder(dir, `stylegraph-onnx-${process.pid}-${Number(startTime) - 1}-aB3dE9`, 1000);
  // Names from before owners were written into them: by age.
  folder(dir, 'stylegraph-onnx-Xy12Zw', 300, 2 * DAY);
  folder(dir, 'stylegraph-wasm-Qr34St', 300, 3600_000);
  // The user's and the tests' own folders, with names close to ours.
  for (const name of ['stylegraph-cli-AbC123', 'stylegraph-onnx-notes', 'stylegraph-onnx-1-2', 'stylegraph-onnx-1-2-abc']) folder(dir, name, 1, 2 * DAY);

  const first = await removeOrphanedTempFolders(dir);
  assert.deepEqual([...first.paths].sort(), [`stylegraph-onnx-${process.pid}-${Number(startTime) - 1}-aB3dE9`, 'stylegraph-onnx-Xy12Zw'].map((n) => join(dir, n)).sort());
  assert.equal(first.bytes, 1300);
  const kept = readdirSync(dir);
  assert.ok(kept.includes(basename(own.path)), 'this process\'s own folder stays');
  assert.ok(kept.includes(other.folder), 'another running process\'s folder stays');
  assert.ok(kept.includes('stylegraph-wasm-Qr34St'), 'an unowned folder changed within the day stays');

  await other.kill();
  assert.deepEqual((await removeOrphanedTempFolders(dir)).paths, [join(dir, other.folder)], 'its owner killed, it goes');
  own.remove();
  assert.deepEqual(readdirSync(dir).sort(), ['stylegraph-cli-AbC123', 'stylegraph-onnx-1-2', 'stylegraph-onnx-1-2-abc', 'stylegraph-onnx-notes', 'stylegraph-wasm-Qr34St']);
  assert.deepEqual(await removeOrphanedTempFolders(join(dir, 'missing')), { paths: [], bytes: 0 });
});
