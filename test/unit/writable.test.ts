import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertWritable } from '../../src/node/writable';
import { tempFolder } from '../helpers/temp-folder';

const isRoot = process.getuid?.() === 0;

test('a file in a writable folder, or in folders still to be made: fine, and no probe is left', async () => {
  const dir = tempFolder('stylegraph-writable-');
  writeFileSync(join(dir, 'old.png'), 'x');
  await assertWritable(join(dir, 'old.png'));
  await assertWritable(join(dir, 'new', 'deeper', 'out.png'));
  assert.deepEqual(readdirSync(dir), ['old.png']);
});

test('a folder as the target, or a file where a folder should be: refused, naming the path', async () => {
  const dir = tempFolder('stylegraph-writable-');
  mkdirSync(join(dir, 'out.png'));
  writeFileSync(join(dir, 'file'), 'x');
  await assert.rejects(assertWritable(join(dir, 'out.png')), { message: `cannot write ${join(dir, 'out.png')}: it is a folder` });
  await assert.rejects(assertWritable(join(dir, 'file', 'out.png')), { message: `cannot write ${join(dir, 'file', 'out.png')}: ${join(dir, 'file')} is not a folder` });
});

test('a folder that cannot be written: refused with the error code', { skip: process.platform !== 'linux' && 'uses /sys or chmod' }, async () => {
  // Root writes in any folder chmod locks: it gets a folder of /sys, which no one may create files in.
  const dir = tempFolder('stylegraph-writable-');
  const locked = isRoot ? '/sys' : join(dir, 'locked');
  if (!isRoot) {
    mkdirSync(locked);
    chmodSync(locked, 0o555);
  }
  const path = join(locked, 'stylegraph-missing', 'out.png');
  try {
    await assert.rejects(assertWritable(path), { message: `cannot write ${path}: ${locked} is not writable (EACCES)` });
  } finally {
    if (!isRoot) chmodSync(locked, 0o755);
  }
});
