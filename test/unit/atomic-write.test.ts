import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/node/atomic-write';
import { tempFolder } from '../helpers/temp-folder';

test('replaces the file\'s content and leaves no temporary beside it', async () => {
  const dir = tempFolder('stylegraph-atomic-');
  const path = join(dir, 'sweep.json');
  writeFileSync(path, 'old');
  await writeFileAtomic(path, 'new');
  assert.equal(readFileSync(path, 'utf8'), 'new');
  await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
  assert.deepEqual(readdirSync(dir), ['sweep.json']);
});

test('a failed rename leaves the target as it was and removes the temporary', async () => {
  const dir = tempFolder('stylegraph-atomic-');
  const target = join(dir, 'index.html');
  mkdirSync(target);
  writeFileSync(join(target, 'inside'), 'kept');
  await assert.rejects(writeFileAtomic(target, 'x'), { code: 'EISDIR' });
  assert.deepEqual(readdirSync(dir), ['index.html']);
  assert.equal(readFileSync(join(target, 'inside'), 'utf8'), 'kept');
});

test('a folder that is not there is an error, and nothing is made', async () => {
  const dir = tempFolder('stylegraph-atomic-');
  await assert.rejects(writeFileAtomic(join(dir, 'missing', 'a.json'), '{}'), { code: 'ENOENT' });
  assert.deepEqual(readdirSync(dir), []);
});
