import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkModelFiles, LINKS_DIR } from '../../src/extension/model-links';
import { readTfjsFiles } from '../../src/node/tfjs-files';
import { assertSameWeights, randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = tempFolder('stylegraph-model-links-');
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isDirectory(): boolean }[])
    .filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

test('linkModelFiles: the cache gets the model.json and its shards only, with the same weights; nothing else of their folder', withDir(async (dir) => {
  const home = join(dir, 'home');
  const set = randomVggWeights(3);
  const modelJson = await writeTfjsFiles(set, home, 10_000);
  writeFileSync(join(home, 'private.txt'), 'not for the webview');
  const shards = readdirSync(home).filter((n) => n.endsWith('.bin')).sort();
  assert.ok(shards.length > 1);
  const cache = join(dir, 'cache');
  const linked = await linkModelFiles(modelJson, cache);
  assert.ok(linked.startsWith(join(cache, LINKS_DIR)));
  assert.deepEqual(files(join(linked, '..')), ['model.json', ...shards].sort());
  assert.equal(readFileSync(linked, 'utf8'), readFileSync(modelJson, 'utf8'));
  assertSameWeights(await readTfjsFiles(linked), set);
}));

test('linkModelFiles: run again after the manifest changed, the old shards are gone and the new ones are there', withDir(async (dir) => {
  const home = join(dir, 'home');
  const modelJson = await writeTfjsFiles(randomVggWeights(3), home, 10_000);
  const cache = join(dir, 'cache');
  const linked = await linkModelFiles(modelJson, cache);
  const before = files(join(linked, '..'));
  rmSync(home, { recursive: true });
  const set = randomVggWeights(4);
  await writeTfjsFiles(set, join(home, 'v2'));
  const text = readFileSync(join(home, 'v2', 'model.json'), 'utf8').replace(/"paths":\s*\[\s*"/g, '$&v2/');
  writeFileSync(modelJson, text);
  assert.equal(await linkModelFiles(modelJson, cache), linked);
  const after = files(join(linked, '..'));
  assert.ok(after.every((f) => f === 'model.json' || f.startsWith(join('v2', ''))), after.join(', '));
  assert.ok(before.some((f) => !after.includes(f)));
  assertSameWeights(await readTfjsFiles(linked), set);
}));

test('linkModelFiles: shard paths that leave the folder are refused with the path named; nothing is linked', withDir(async (dir) => {
  const home = join(dir, 'home');
  const modelJson = await writeTfjsFiles(randomVggWeights(3), home);
  const original = readFileSync(modelJson, 'utf8');
  mkdirSync(join(dir, 'cache'));
  for (const bad of ['../secret.bin', '/etc/passwd', 'sub/../../secret.bin', 'https://example.com/a.bin', 'model.json']) {
    writeFileSync(modelJson, original.replace(/"paths":\s*\[\s*"[^"]+"/, `"paths": [${JSON.stringify(bad)}`));
    await assert.rejects(linkModelFiles(modelJson, join(dir, 'cache')), (e: Error) => e.message.includes(`"${bad}"`) && e.message.includes(modelJson), bad);
    assert.deepEqual(readdirSync(join(dir, 'cache')), [], bad);
  }
}));
