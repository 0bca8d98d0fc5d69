import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../../src/node/backend';
import { videoFrames } from '../../src/core/nodes/video-frames';
import { framesSourceOf } from '../../src/core/nodes/frame-usage';
import { loadGraph } from '../../src/core/graph/load';
import { validateGraph } from '../../src/core/graph/validate';
import type { Graph } from '../../src/core/graph/types';
import type { Params } from '../../src/core/nodes/types';
import { evaluateIn, plannedNodeOf, rawImage, scopeOf } from '../helpers/node-scope';
import { withParams } from '../helpers/seed-run';
import { EXAMPLES } from '../helpers/paths';

before(async () => {
  await useBackend('cpu');
});

const video = (): Graph => loadGraph(readFileSync(join(EXAMPLES, 'video.stylegraph.json'), 'utf8')).graph!;
/** The current frame's file, 4 wide and 2 high: red 10 x. */
const frameFile = rawImage(4, 2, (x) => [10 * x, 0, 0]);
const frameOf = (params: Params) => evaluateIn(plannedNodeOf(videoFrames, 'frames', { path: 'clip.mp4', ...params }), {}, scopeOf({ images: new Map([['frames', frameFile]]) }));

test('video.frames: gives the current frame resized as image.load does', () => {
  const whole = frameOf({ width: 0, height: 0 });
  assert.equal(whole.type, 'image');
  assert.deepEqual(whole.tensor.shape, [1, 2, 4, 3]);
  // Cover to 2x2 keeps the middle columns (red 10, 20); stretch averages pairs (5, 25).
  assert.deepEqual(Array.from(frameOf({ width: 2, height: 2, fit: 'cover' }).tensor.dataSync()).filter((_, i) => i % 3 === 0), [10, 20, 10, 20]);
  assert.deepEqual(Array.from(frameOf({ width: 2, height: 2, fit: 'stretch' }).tensor.dataSync()).filter((_, i) => i % 3 === 0), [5, 25, 5, 25]);
});

test('video.frames: its shape is width x height, or the frame\'s own size', () => {
  const problem = () => assert.fail('no problem expected');
  assert.deepEqual(videoFrames.inferShape!({}, { width: 160, height: 120 }, { problem }), { type: 'image', height: 120, width: 160 });
  assert.deepEqual(videoFrames.inferShape!({}, { width: 0, height: 0 }, { problem, fileSize: { height: 48, width: 64 } }), { type: 'image', height: 48, width: 64 });
});

test('video.frames: it makes its graph a frame run', () => {
  assert.equal(framesSourceOf(video())?.id, 'frames');
});

test('video.frames: start, count, step and iterationsPerFrame are whole numbers in range', () => {
  assert.deepEqual(validateGraph(video()).problems, []);
  const problems = (params: Params) => validateGraph(withParams(video(), 'frames', params)).problems.map((p) => p.message);
  assert.deepEqual(problems({ step: 0 }), ['node "frames" (video.frames): param step: 0 is outside 1..1000']);
  assert.deepEqual(problems({ start: 1.5 }), ['node "frames" (video.frames): param start: 1.5 must be a whole number']);
  assert.deepEqual(problems({ count: -1 }), ['node "frames" (video.frames): param count: -1 is outside 0..1000000']);
  assert.deepEqual(problems({ fit: 'crop' }), ['node "frames" (video.frames): param fit: "crop" is not one of cover, stretch']);
});
