import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { putEntry } from '../../src/node/weights-store';
import { readTfjsFiles } from '../../src/node/tfjs-files';
import { isTemporaryName } from '../../src/node/temp-names';
import { assertSameWeights, randomVggWeights, writeKerasH5, writeTfjsFiles } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';
import { REPO } from '../helpers/paths';

const root = tempFolder('stylegraph-shared-cache-');

/**
 * A worker of a sweep: waits for `go`, then loads the Keras file through the cache (converting it)
 * and prints whether it came from the cache and a checksum of the weights.
 */
const WORKER = `
const { existsSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { loadWeightsFile } = require(${JSON.stringify(join(REPO, 'out', 'src', 'node', 'weights-store.js'))});
const [path, cacheDir, go] = process.argv.slice(1);
process.stdout.write('ready\\n');
const wait = () => (existsSync(go) ? run() : setTimeout(wait, 2));
async function run() {
  const { weights, fromCache } = await loadWeightsFile(path, { cacheDir });
  const hash = createHash('sha256');
  for (const [name, w] of weights.layers) hash.update(name).update(Buffer.from(w.kernel.buffer, w.kernel.byteOffset, w.kernel.byteLength)).update(Buffer.from(w.bias.buffer, w.bias.byteOffset, w.bias.byteLength));
  process.stdout.write(JSON.stringify({ fromCache, sum: hash.digest('hex') }) + '\\n');
}
wait();
`;

/** Reads the entry's model.json over and over until `go` is removed; prints every failure after it first read whole. */
const READER = `
const { existsSync } = require('node:fs');
const { readTfjsFiles } = require(${JSON.stringify(join(REPO, 'out', 'src', 'node', 'tfjs-files.js'))});
const [modelJson, stop] = process.argv.slice(1);
let whole = 0, failures = [];
(async () => {
  while (!existsSync(stop)) {
    try { await readTfjsFiles(modelJson); whole++; } catch (e) { if (whole) failures.push(e.message); }
    await new Promise((r) => setTimeout(r, 1));
  }
  process.stdout.write(JSON.stringify({ whole, failures }) + '\\n');
})();
`;

function node(script: string, args: string[]): { lines: Promise<string[]>; ready: Promise<void> } {
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d;
    if (out.includes('ready\n')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d));
  const lines = new Promise<string[]>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`exit ${code}: ${err}`)))),
  );
  return { lines, ready: script === READER ? Promise.resolve() : ready };
}

test('two processes converting one Keras file into a shared cache at once leave one whole entry (no temporaries), and a reader never sees it torn', async () => {
  for (let round = 0; round < 1; round++) {
    const dir = join(root, `round-${round}`);
    const cacheDir = join(dir, 'cache');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'vgg.h5');
    const set = randomVggWeights(40 + round, 'full');
    await writeKerasH5(set, path, 'legacy');
    const key = createHash('sha256').update(readFileSync(path)).digest('hex');
    const go = join(dir, 'go');
    const stop = join(dir, 'stop');
    const workers = [node(WORKER, [path, cacheDir, go]), node(WORKER, [path, cacheDir, go])];
    await Promise.all(workers.map((w) => w.ready));
    const reader = node(READER, [join(cacheDir, key, 'model.json'), stop]);
    writeFileSync(go, '');
    const results = (await Promise.all(workers.map((w) => w.lines))).map((lines) => JSON.parse(lines.at(-1)!) as { fromCache: boolean; sum: string });
    writeFileSync(stop, '');
    const seen = JSON.parse((await reader.lines).at(-1)!) as { whole: number; failures: string[] };

    assert.equal(results[0]!.sum, results[1]!.sum, 'both workers got the same weights');
    assert.deepEqual(readdirSync(cacheDir), [key], `round ${round}: one entry, no temporary left: ${readdirSync(cacheDir).join(', ')}`);
    assertSameWeights(await readTfjsFiles(join(cacheDir, key, 'model.json')), set);
    assert.deepEqual(seen.failures, [], `round ${round}: once whole, the entry always read whole (${seen.whole} reads)`);
  }
});

test('putEntry: a whole entry another process put in place is kept; a damaged one is replaced; neither leaves a temporary', async () => {
  const dir = join(root, 'put');
  mkdirSync(dir);
  const entry = join(dir, 'a'.repeat(64));
  const theirs = randomVggWeights(50);
  await writeTfjsFiles(theirs, entry);
  const inode = statSync(join(entry, 'model.json')).ino;
  const ours = join(dir, `${'a'.repeat(64)}.tmp-000000000001`);
  await writeTfjsFiles(randomVggWeights(50), ours);
  await putEntry(ours, entry);
  assert.equal(statSync(join(entry, 'model.json')).ino, inode, 'the whole entry is not replaced (a reader of it is not cut off)');
  assertSameWeights(await readTfjsFiles(join(entry, 'model.json')), theirs);

  const shard = readdirSync(entry).find((n) => n.endsWith('.bin'))!;
  truncateSync(join(entry, shard), 10);
  const repaired = randomVggWeights(51);
  const next = join(dir, `${'a'.repeat(64)}.tmp-000000000002`);
  await writeTfjsFiles(repaired, next);
  await putEntry(next, entry);
  assertSameWeights(await readTfjsFiles(join(entry, 'model.json')), repaired);
  assert.ok(!existsSync(next), 'ours was renamed into place');
  assert.deepEqual(readdirSync(dir).filter((n) => isTemporaryName(n)), [ours.slice(dir.length + 1)], 'the damaged entry moved aside was removed (only the kept-out temporary of the first case, the caller\'s to remove, is left)');
});
