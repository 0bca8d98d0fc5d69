import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFfmpeg } from '../../src/node/ffmpeg-find';
import { encodeVideo, videoEncoder } from '../../src/node/video-encode';
import { greyPng } from '../helpers/image-bytes';
import { tempFolder } from '../helpers/temp-folder';

const found = findFfmpeg();
const ffmpeg = 'path' in found ? found.path : undefined;
const skip = !ffmpeg && `no ffmpeg (${'missing' in found ? found.missing : ''})`;

/** A stand-in ffmpeg that prints `listing` for -encoders. */
function fakeFfmpeg(listing: string): string {
  const path = join(tempFolder('stylegraph-fake-ffmpeg-'), 'ffmpeg');
  writeFileSync(path, `#!/bin/sh\ncat <<'LIST'\n${listing}\nLIST\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Frames of 6x4 grey PNGs, `levels` of grey. */
function frames(dir: string, levels: readonly number[]): string[] {
  return levels.map((level, i) => {
    const path = join(dir, `frame${i + 1}.png`);
    writeFileSync(path, greyPng(6, 4, level));
    return path;
  });
}

test('the encoder: the first of the container\'s list that ffmpeg lists as a video encoder', async () => {
  const listing = ' V....D libvpx               libvpx VP8\n A....D libx264              (an audio line)\n V....D libvpx-vp9           libvpx VP9';
  assert.equal(await videoEncoder(fakeFfmpeg(listing), 'webm'), 'libvpx-vp9');
  assert.equal(await videoEncoder(fakeFfmpeg(listing), 'mp4'), undefined, 'an audio encoder of the name is not one');
  assert.equal(await videoEncoder(fakeFfmpeg(' V....D libvpx  VP8'), 'webm'), 'libvpx');
});

test('encodes the frames in order into the target, with no temporary left', { skip }, async () => {
  const dir = tempFolder('stylegraph-encode-');
  const encoder = await videoEncoder(ffmpeg!, 'mp4');
  assert.equal(encoder, 'libx264');
  const target = join(dir, 'out.mp4');
  await encodeVideo(ffmpeg!, frames(dir, [0, 128, 255]), target, { container: 'mp4', encoder: encoder!, fps: 6 });
  const probe = execFileSync(ffmpeg!.replace(/ffmpeg$/, 'ffprobe'), ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,width,height,r_frame_rate', '-of', 'csv=p=0', target], { encoding: 'utf8' });
  assert.equal(probe.trim(), '6,4,6/1,3');
  assert.deepEqual(readdirSync(dir).sort(), ['frame1.png', 'frame2.png', 'frame3.png', 'out.mp4']);
});

test('ffmpeg failing: its reason in one line; the file there before is untouched, no temporary left', { skip }, async () => {
  const dir = tempFolder('stylegraph-encode-');
  const target = join(dir, 'out.mp4');
  writeFileSync(target, 'an earlier video');
  await assert.rejects(encodeVideo(ffmpeg!, frames(dir, [0, 255]), target, { container: 'mp4', encoder: 'no-such-encoder', fps: 6 }), (error: Error) => {
    assert.match(error.message, /^ffmpeg could not encode it \(.*no-such-encoder.*\)$/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  assert.equal(readFileSync(target, 'utf8'), 'an earlier video');
  assert.deepEqual(readdirSync(dir).sort(), ['frame1.png', 'frame2.png', 'out.mp4']);
});

test('a frame that is not there, or an aborted signal: nothing written', { skip }, async () => {
  const dir = tempFolder('stylegraph-encode-');
  const target = join(dir, 'out.webm');
  const paths = frames(dir, [10]);
  await assert.rejects(encodeVideo(ffmpeg!, [...paths, join(dir, 'missing.png')], target, { container: 'webm', encoder: 'libvpx-vp9', fps: 24 }), { code: 'ENOENT' });
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(encodeVideo(ffmpeg!, paths, target, { container: 'webm', encoder: 'libvpx-vp9', fps: 24, signal: controller.signal }), { name: 'AbortError' });
  assert.deepEqual(readdirSync(dir), ['frame1.png']);
});
