import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFrameFolder, folderFrames, listFrameFiles } from '../../src/node/frame-files';
import { greyPng, pngBytes } from '../helpers/image-bytes';
import { tempFolder } from '../helpers/temp-folder';

test('frame folders list PNG and JPEG files in natural order, nothing else', async () => {
  const dir = tempFolder('stylegraph-frames-');
  for (const name of ['frame10.png', 'frame2.png', 'frame1.JPG', 'notes.txt', 'Frame3.jpeg']) writeFileSync(join(dir, name), '');
  mkdirSync(join(dir, 'frame0.png'));
  assert.deepEqual(await listFrameFiles(dir), ['frame1.JPG', 'frame2.png', 'Frame3.jpeg', 'frame10.png']);
});

test('a frame folder of one size: its frames in order, no problem; each decoded as read', async () => {
  const dir = tempFolder('stylegraph-frames-');
  writeFileSync(join(dir, 'f2.png'), greyPng(3, 2, 200));
  writeFileSync(join(dir, 'f1.png'), greyPng(3, 2, 10));
  const checked = await checkFrameFolder(dir, 'clip', 100);
  assert.deepEqual(checked, { files: ['f1.png', 'f2.png'], problems: [] });
  const frames = folderFrames(dir, checked.files);
  assert.equal(frames.count, 2);
  const second = await frames.read(1);
  assert.deepEqual([second.width, second.height], [3, 2]);
  assert.deepEqual([...second.data.subarray(0, 4)], [200, 200, 200, 255]);
});

test('frame problems: an empty folder, a frame of another size, one over the pixel limit, one that is no image', async () => {
  const empty = tempFolder('stylegraph-frames-');
  writeFileSync(join(empty, 'notes.txt'), 'x');
  assert.deepEqual(await checkFrameFolder(empty, 'clip', 100), { files: [], problems: ['"clip" has no PNG or JPEG frames'] });
  const dir = tempFolder('stylegraph-frames-');
  writeFileSync(join(dir, 'f1.png'), greyPng(4, 4, 0));
  writeFileSync(join(dir, 'f2.png'), greyPng(4, 5, 0));
  writeFileSync(join(dir, 'f3.png'), pngBytes(30000, 30000));
  writeFileSync(join(dir, 'f4.png'), 'not a png');
  const { files, problems } = await checkFrameFolder(dir, 'clip', 1000);
  assert.deepEqual(files, ['f1.png', 'f2.png', 'f3.png', 'f4.png']);
  assert.equal(problems.length, 3);
  assert.equal(problems[0], '"clip": frame "f2.png" is 4x5 but frame "f1.png" is 4x4: every frame must be the same size');
  assert.match(problems[1]!, /^"clip": frame "f3\.png" .*30000x30000/);
  assert.match(problems[2]!, /^"clip": frame "f4\.png" /);
});

test('a folder that is not there is an error of the listing', async () => {
  const dir = tempFolder('stylegraph-frames-');
  await assert.rejects(listFrameFiles(join(dir, 'missing')), { code: 'ENOENT' });
});
