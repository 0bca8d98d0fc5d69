import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeVideo } from '../../src/cli/frame-video';
import type { RunArgs } from '../../src/cli/args';
import type { CliOutput } from '../../src/cli/cli-output';
import { NodeRunError } from '../../src/core/nodes/types';
import { findFfmpeg } from '../../src/node/ffmpeg-find';
import { greyPng } from '../helpers/image-bytes';
import { tempFolder } from '../helpers/temp-folder';

const found = findFfmpeg();
const ffmpeg = 'path' in found ? found.path : undefined;
const skip = !ffmpeg && 'no ffmpeg';

function output(): CliOutput & { lines: string[]; logs: string[] } {
  const lines: string[] = [];
  const logs: string[] = [];
  return { lines, logs, line: (l) => void lines.push(l), log: (l) => void logs.push(l), stderr: process.stderr };
}

/** A folder with result frames 1..`count` at f0001.png... (except `missing`); the target pattern. */
function frames(count: number, missing: readonly number[] = []): { dir: string; target: string } {
  const dir = tempFolder('stylegraph-frame-video-');
  for (let k = 1; k <= count; k++) if (!missing.includes(k)) writeFileSync(join(dir, `f${String(k).padStart(4, '0')}.png`), greyPng(8, 6, 20 * k));
  return { dir, target: join(dir, 'f%04d.png') };
}

test('every frame there: the video of them all, and a video event with --json', { skip }, async () => {
  const { dir, target } = frames(4);
  const path = join(dir, 'clip.mp4');
  const out = output();
  await writeVideo({ nodeId: 'video', ffmpeg: ffmpeg!, container: 'mp4', encoder: 'libx264', fps: 8, path }, target, 4, { json: true } as RunArgs, out, new AbortController().signal);
  const counted = execFileSync(ffmpeg!.replace(/ffmpeg$/, 'ffprobe'), ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  assert.equal(counted.trim(), '4');
  assert.equal(out.lines.length, 1);
  const event = JSON.parse(out.lines[0]!) as Record<string, unknown>;
  assert.deepEqual({ ...event, seconds: 0 }, { event: 'video', node: 'video', path, frames: 4, fps: 8, seconds: 0 });
  assert.equal(typeof event.seconds, 'number');
});

test('a frame missing (a range run alone): a note naming the first and how many more, the range to run, and no video', async () => {
  const { dir, target } = frames(6, [2, 3, 5]);
  const path = join(dir, 'clip.mp4');
  const out = output();
  await writeVideo({ nodeId: 'video', ffmpeg: '/no/such/ffmpeg', container: 'mp4', encoder: 'libx264', fps: 8, path }, target, 6, { json: true } as RunArgs, out, new AbortController().signal);
  assert.deepEqual(out.lines, []);
  assert.deepEqual(out.logs, [`note: node "video": ${path} not written: frame 2 of 6 is not at ${join(dir, 'f0002.png')} (nor 2 more); run every frame (--frames 2..5)`]);
  assert.ok(!readdirSync(dir).includes('clip.mp4'));
});

test('ffmpeg failing: the node\'s error naming the video\'s path', async () => {
  const { dir, target } = frames(2);
  const path = join(dir, 'clip.mp4');
  await assert.rejects(writeVideo({ nodeId: 'video', ffmpeg: '/no/such/ffmpeg', container: 'mp4', encoder: 'libx264', fps: 8, path }, target, 2, { json: false } as RunArgs, output(), new AbortController().signal), (error: Error) => {
    assert.ok(error instanceof NodeRunError);
    assert.match(error.message, new RegExp(`^node "video": path: cannot write ${path.replace(/[.]/g, '\\.')}: ffmpeg could not encode it \\(`));
    return true;
  });
  assert.deepEqual(readdirSync(dir).sort(), ['f0001.png', 'f0002.png']);
});
