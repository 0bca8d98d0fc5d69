import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findFfmpeg, noFfmpegProblem } from '../../src/node/ffmpeg-find';
import { tempFolder } from '../helpers/temp-folder';

test('the ffmpeg lookup: STYLEGRAPH_FFMPEG alone when set, else the first executable ffmpeg on PATH (absolute folders only)', () => {
  const dir = tempFolder('stylegraph-ffmpeg-find-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  mkdirSync(join(dir, 'other'));
  writeFileSync(join(bin, 'ffmpeg'), '#!/bin/sh\n');
  chmodSync(join(bin, 'ffmpeg'), 0o755);
  writeFileSync(join(dir, 'other', 'ffmpeg'), 'not executable');
  chmodSync(join(dir, 'other', 'ffmpeg'), 0o644);
  const PATH = [join(dir, 'other'), relative(process.cwd(), bin), bin].join(':');
  assert.deepEqual(findFfmpeg({ PATH }, 'linux'), { path: join(bin, 'ffmpeg') });
  assert.deepEqual(findFfmpeg({ PATH, STYLEGRAPH_FFMPEG: '' }, 'linux'), { path: join(bin, 'ffmpeg') }, 'empty: unset');
  assert.deepEqual(findFfmpeg({ PATH, STYLEGRAPH_FFMPEG: join(dir, 'missing') }, 'linux'), { missing: `STYLEGRAPH_FFMPEG is ${join(dir, 'missing')}, which is not an executable file` });
  assert.deepEqual(findFfmpeg({ PATH, STYLEGRAPH_FFMPEG: 'ffmpeg' }, 'linux'), { missing: 'STYLEGRAPH_FFMPEG is "ffmpeg", which is not an absolute path' });
  assert.deepEqual(findFfmpeg({ PATH: join(dir, 'other') }, 'linux'), { missing: 'no ffmpeg on PATH and STYLEGRAPH_FFMPEG is not set' });
  assert.deepEqual(findFfmpeg({ PATH: relative(process.cwd(), bin) }, 'linux'), { missing: 'no ffmpeg on PATH and STYLEGRAPH_FFMPEG is not set' }, 'a relative PATH entry is not searched');
  assert.equal(noFfmpegProblem('reading a video file', 'no ffmpeg on PATH and STYLEGRAPH_FFMPEG is not set'), 'reading a video file needs ffmpeg, and none was found (no ffmpeg on PATH and STYLEGRAPH_FFMPEG is not set): install ffmpeg (Debian and Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set STYLEGRAPH_FFMPEG to its path');
});

test('on Windows the program is ffmpeg.exe, and a folder named ffmpeg is no program', () => {
  const dir = tempFolder('stylegraph-ffmpeg-find-');
  mkdirSync(join(dir, 'a', 'ffmpeg'), { recursive: true });
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'b', 'ffmpeg.exe'), '#!/bin/sh\n');
  chmodSync(join(dir, 'b', 'ffmpeg.exe'), 0o755);
  const PATH = [join(dir, 'a'), join(dir, 'b')].join(':');
  assert.deepEqual(findFfmpeg({ PATH }, 'win32'), { path: join(dir, 'b', 'ffmpeg.exe') });
  assert.deepEqual(findFfmpeg({ PATH }, 'linux'), { missing: 'no ffmpeg on PATH and STYLEGRAPH_FFMPEG is not set' });
  assert.deepEqual(findFfmpeg({ PATH, STYLEGRAPH_FFMPEG: join(dir, 'a', 'ffmpeg') }, 'linux'), { missing: `STYLEGRAPH_FFMPEG is ${join(dir, 'a', 'ffmpeg')}, which is not an executable file` });
});
