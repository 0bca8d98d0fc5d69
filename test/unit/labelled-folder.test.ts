import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLabelledFolder, readLabelledFolder } from '../../src/node/labelled-folder';
import { greyPng, pngBytes } from '../helpers/image-bytes';

test('a labelled folder: symbolic links (to files or folders) are skipped with a note each, other files silently', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'labelled-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const folder = join(dir, 'people');
  mkdirSync(join(folder, 'bob'), { recursive: true });
  writeFileSync(join(folder, 'alice_1.png'), greyPng(2, 2, 10));
  writeFileSync(join(folder, 'bob', '1.png'), greyPng(3, 3, 20));
  writeFileSync(join(folder, 'README.md'), 'who is who');
  writeFileSync(join(dir, 'outside.png'), greyPng(4, 4, 30));
  symlinkSync(join(dir, 'outside.png'), join(folder, 'carol_1.png'));
  symlinkSync(join(folder, 'alice_1.png'), join(folder, 'bob', '2.png'));
  symlinkSync(dir, join(folder, 'dave'));
  const skipped = [
    'skipped "bob/2.png": it is a symbolic link; only files and folders inside the folder are read',
    'skipped "carol_1.png": it is a symbolic link; only files and folders inside the folder are read',
    'skipped "dave": it is a symbolic link; only files and folders inside the folder are read',
  ];
  assert.deepEqual(await listLabelledFolder(folder), { files: ['alice_1.png', 'bob/1.png'], skipped });
  const notes: string[] = [];
  const files = await readLabelledFolder(folder, { note: (line) => notes.push(line) });
  assert.deepEqual(files.map((f) => [f.label, f.file, f.image.width]), [['alice', 'alice_1.png', 2], ['bob', 'bob/1.png', 3]]);
  assert.deepEqual(notes, skipped);
});

test('a labelled folder\'s images go through the same header check: a bomb among them is refused, not decoded', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'labelled-bomb-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  writeFileSync(join(folder, 'alice_1.png'), greyPng(2, 2, 10));
  writeFileSync(join(folder, 'bob_1.png'), pngBytes(9000, 9000)); // harmless if decoded: 81 MP
  await assert.rejects(readLabelledFolder(folder), { message: `${join(folder, 'bob_1.png')} declares 9000x9000 pixels (81 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)` });
  await assert.rejects(readLabelledFolder(folder, { maxPixels: 3 }), { message: `${join(folder, 'alice_1.png')} declares 2x2 pixels, over the limit of 3 pixels (STYLEGRAPH_MAX_PIXELS)` });
});
