import { test } from 'node:test';
import assert from 'node:assert/strict';
import { framePath, hasFramePattern } from '../../src/core/paths/frame-pattern';
import { parseFrameRange, UsageError } from '../../src/cli/args';
import { selectedFrames } from '../../src/core/run/frame-loop';
import type { PlannedNode } from '../../src/core/compile/plan';

test('framePath: %04d, %d and {frame} take the frame number; a path without one gets -0001 before its extension', () => {
  assert.equal(framePath('out/frame%04d.png', 7), 'out/frame0007.png');
  assert.equal(framePath('out/f%d.png', 12), 'out/f12.png');
  assert.equal(framePath('out/{frame}-styled.png', 3), 'out/0003-styled.png');
  assert.equal(framePath('out/result.png', 3), 'out/result-0003.png');
  assert.equal(framePath('out.d/result', 3), 'out.d/result-0003');
  assert.ok(hasFramePattern('a%04d.png') && hasFramePattern('{frame}.png') && !hasFramePattern('a.png'));
});

test('--frames: A..B, A.. and A; anything else is a usage error', () => {
  assert.deepEqual(parseFrameRange('3..8'), { from: 3, to: 8 });
  assert.deepEqual(parseFrameRange('4'), { from: 4, to: 4 });
  assert.deepEqual(parseFrameRange('7..'), { from: 7, to: Number.MAX_SAFE_INTEGER });
  for (const bad of ['0..3', '5..2', 'a..b', '..4', '-1']) assert.throws(() => parseFrameRange(bad), UsageError, bad);
});

test('video.frames start, count and step pick the frames', () => {
  const node = (start: number, count: number, step: number) => ({ node: { params: { start, count, step } } }) as unknown as PlannedNode;
  assert.deepEqual(selectedFrames(node(0, 0, 1), 4), [0, 1, 2, 3]);
  assert.deepEqual(selectedFrames(node(1, 2, 1), 10), [1, 2]);
  assert.deepEqual(selectedFrames(node(2, 0, 3), 10), [2, 5, 8]);
  assert.deepEqual(selectedFrames(node(12, 0, 1), 10), []);
});
