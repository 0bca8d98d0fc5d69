import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderBytes } from '../../src/node/folder-size';
import { tempFolder } from '../helpers/temp-folder';

test('the bytes of a folder\'s files and its subfolders\', links not followed', async () => {
  const dir = tempFolder('stylegraph-size-');
  writeFileSync(join(dir, 'a'), Buffer.alloc(1000));
  mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'sub', 'b'), Buffer.alloc(234));
  writeFileSync(join(dir, 'sub', 'deeper', 'c'), Buffer.alloc(5));
  const outside = tempFolder('stylegraph-size-');
  writeFileSync(join(outside, 'big'), Buffer.alloc(100_000));
  const link = join(dir, 'link');
  symlinkSync(outside, link);
  const linkSize = lstatSync(link).size;
  assert.equal(await folderBytes(dir), 1000 + 234 + 5 + linkSize);
  assert.equal(await folderBytes(join(dir, 'sub')), 239);
});

test('a file is its own size; what is not there is 0', async () => {
  const dir = tempFolder('stylegraph-size-');
  writeFileSync(join(dir, 'a'), 'hello');
  assert.equal(await folderBytes(join(dir, 'a')), 5);
  assert.equal(await folderBytes(join(dir, 'missing')), 0);
});
