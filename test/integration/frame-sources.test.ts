import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { frameEnvironment, frameResult } from '../../src/node/frame-sources';
import { findFfmpeg } from '../../src/node/ffmpeg-find';
import { compile } from '../../src/core/compile/plan';
import { loadGraph } from '../../src/core/graph/load';
import { NodeRunError } from '../../src/core/nodes/types';
import type { RunEnvironment } from '../../src/core/run/executor';
import type { FrameEvent } from '../../src/core/run/frame-loop';
import { EXAMPLES } from '../helpers/paths';
import { greyPng } from '../helpers/image-bytes';
import { tempFolder } from '../helpers/temp-folder';

const plan = compile(loadGraph(readFileSync(join(EXAMPLES, 'video.stylegraph.json'), 'utf8')).graph!);
// A stand-in for Farneback's flow, so none is loaded: frameEnvironment keeps the environment's own.
const env = { opticalFlow: () => Promise.reject(new Error('not used')) } as unknown as RunEnvironment;
const found = findFfmpeg();
const ffmpeg = 'path' in found ? found.path : undefined;
const saved = process.env.STYLEGRAPH_FFMPEG;
afterEach(() => {
  if (saved === undefined) delete process.env.STYLEGRAPH_FFMPEG;
  else process.env.STYLEGRAPH_FFMPEG = saved;
});

function frameFolder(sizes: readonly [number, number][]): string {
  const dir = join(tempFolder('stylegraph-frame-sources-'), 'pan');
  mkdirSync(dir);
  sizes.forEach(([w, h], i) => writeFileSync(join(dir, `frame${i + 1}.png`), greyPng(w, h, 40 * (i + 1))));
  return dir;
}

test('a folder source: its frames listed again at run time and decoded as read; the environment\'s flow kept', async () => {
  const dir = frameFolder([[4, 3], [4, 3], [4, 3]]);
  const sources = await frameEnvironment(plan, new Map([['samples/pan', dir]]), env, new AbortController().signal);
  assert.equal(sources.env.opticalFlow, env.opticalFlow);
  writeFileSync(join(dir, 'frame4.png'), greyPng(4, 3, 250));
  const frames = await sources.env.frames('samples/pan');
  assert.equal(frames.count, 4, 'the frames there now');
  const last = await frames.read(3);
  assert.deepEqual([last.width, last.height, ...last.data.subarray(0, 4)], [4, 3, 250, 250, 250, 255]);
  sources.close();
});

test('a folder whose frames changed since the check: the node\'s error', async () => {
  const dir = frameFolder([[4, 3], [5, 3]]);
  const sources = await frameEnvironment(plan, new Map([['samples/pan', dir]]), env, new AbortController().signal);
  await assert.rejects(sources.env.frames('samples/pan'), (error: Error) => {
    assert.ok(error instanceof NodeRunError);
    assert.equal(error.message, 'node "frames": path "samples/pan": frame "frame2.png" is 5x3 but frame "frame1.png" is 4x3: every frame must be the same size');
    return true;
  });
});

test('a video source without ffmpeg: the node\'s error saying how to get it', async () => {
  const clip = join(tempFolder('stylegraph-frame-sources-'), 'clip.mp4');
  writeFileSync(clip, 'not read');
  process.env.STYLEGRAPH_FFMPEG = '/no/such/ffmpeg';
  const sources = await frameEnvironment(plan, new Map([['samples/pan', clip]]), env, new AbortController().signal);
  await assert.rejects(sources.env.frames('samples/pan'), (error: Error) => {
    assert.ok(error instanceof NodeRunError);
    assert.match(error.message, /^node "frames": path "samples\/pan": reading a video file needs ffmpeg, and none was found \(STYLEGRAPH_FFMPEG is \/no\/such\/ffmpeg/);
    return true;
  });
});

test('a video source: its frames decoded by ffmpeg; close ends it', { skip: !ffmpeg && 'no ffmpeg' }, async () => {
  const dir = frameFolder([[8, 6], [8, 6], [8, 6]]);
  const clip = join(dir, '..', 'clip.mp4');
  execFileSync(ffmpeg!, ['-hide_banner', '-loglevel', 'error', '-framerate', '5', '-i', join(dir, 'frame%d.png'), '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', clip]);
  const sources = await frameEnvironment(plan, new Map([['samples/pan', clip]]), env, new AbortController().signal);
  const frames = await sources.env.frames('samples/pan');
  assert.equal(frames.count, 3);
  const first = await frames.read(0);
  assert.deepEqual([first.width, first.height], [8, 6]);
  assert.ok(Math.abs(first.data[0]! - 40) <= 2, `grey ${first.data[0]}`);
  sources.close();
});

test('frameResult: the engine\'s frame, the run\'s frame count, a temporal error only when there is one', () => {
  const image = { width: 1, height: 1, data: new Uint8Array(4) };
  const event: FrameEvent = { frame: 2, frames: 9, sourceIndex: 5, image, outputs: [], loss: 3, iterations: 10, seconds: 1.5 } as unknown as FrameEvent;
  assert.deepEqual(frameResult(event, 4), { frame: 2, frames: 4, sourceIndex: 5, image, loss: 3, iterations: 10, seconds: 1.5 });
  assert.deepEqual(frameResult({ ...event, temporalError: 0.25 }), { frame: 2, frames: 9, sourceIndex: 5, image, loss: 3, temporalError: 0.25, iterations: 10, seconds: 1.5 });
});
